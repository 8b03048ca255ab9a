// Quality books an AQL inspection of a production lot, sees the ISO 2859-1 plan, adds a photo,
// records major defects over the acceptance number, sees the verdict "rejected", signs off and
// downloads the report.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { makePng } from "../../drizzle/demo-photo";
import { waitForEmail } from "../helpers/e2e-mail";
import { gotoReady, signIn } from "../helpers/e2e-login";
import { embeddedImages } from "../helpers/pdf-images";

test("quality inspects a lot, rejects it on major defects and downloads the report", async ({ page }) => {
  test.setTimeout(90_000);
  const sent = new Date();
  await signIn(page, "quality@northwind.test");
  await gotoReady(page, "/northwind/inspections");
  await page.getByRole("link", { name: "Book an inspection" }).click();
  await expect(page).toHaveURL(/\/northwind\/inspections\/new$/);
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));

  // 1. book a production lot of 5,000 cartons from Sunrise
  await page.getByLabel("A production lot").check();
  await page.getByLabel("Partner").selectOption({ label: "Sunrise Packaging" });
  const carton = await page.getByLabel("Item").locator("option", { hasText: "PKG-CTN-12" }).getAttribute("value");
  await page.getByLabel("Item").selectOption(carton!);
  await page.getByLabel("Lot size (units)").fill("abc");
  await page.getByRole("button", { name: "Book inspection" }).click();
  await expect(page.locator("#lotSize-error")).toContainText("Enter the lot size");
  await page.getByLabel("Lot size (units)").fill("5000");
  // the plan is previewed before anything is saved
  await expect(page.getByTestId("preview-major")).toContainText("200");
  await page.getByLabel("Lot number").fill("E2E-CTN-0001");
  await page.getByRole("button", { name: "Book inspection" }).click();
  await expect(page).toHaveURL(/\/northwind\/inspections\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("inspection-status")).toHaveText("Booked");

  // 2. the plan: code letter L, 200 units, major AQL 2.5 accepts 10 and rejects 11
  const major = page.getByTestId("plan-major");
  await expect(major.locator("td").nth(1)).toHaveText("2.5");
  await expect(major.locator("td").nth(2)).toHaveText("L");
  await expect(major.locator("td").nth(3)).toHaveText("200");
  await expect(major.locator("td").nth(4)).toHaveText("10");
  await expect(major.locator("td").nth(5)).toHaveText("11");

  // a photo: the page shows its small thumbnail (made at upload), linking to the original
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await page.getByLabel(/^Photo \(JPEG or PNG/).setInputFiles({ name: "neck.png", mimeType: "image/png", buffer: makePng(1600, 1200) });
  await page.getByLabel("Caption").fill("Neck finish, carton 3");
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByText("Photo added.")).toBeVisible();
  const photo = page.getByRole("img", { name: "Neck finish, carton 3" });
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBe(320);

  // 3. record 12 major defects (over Ac 10) and a minor one, then complete
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await page.getByLabel("MA-LEAK Leaks under pressure test").fill("8");
  await page.getByLabel("MA-DIM Neck finish out of tolerance").fill("4");
  await page.getByLabel("MI-SCUFF Scuffs or scratches").fill("1");
  await page.getByLabel("Measurement 1 characteristic").fill("Carton burst strength");
  await page.getByLabel("Measurement 1 unit").fill("kPa");
  await page.getByLabel("Measurement 1 min").fill("1200");
  await page.getByLabel("Measurement 1 value").fill("1185");
  await page.getByRole("button", { name: "Complete inspection" }).click();

  // 4. the verdict is rejected, per class
  await expect(page.getByTestId("verdict")).toHaveText("rejected");
  await expect(page.getByTestId("inspection-status")).toHaveText("Awaiting sign-off");
  await expect(major.locator("td").nth(6)).toHaveText("12");
  await expect(major).toContainText("reject");
  await expect(page.getByRole("table", { name: "Measurements" })).toContainText("out of spec");
  await page.getByRole("button", { name: "Sign off with this verdict" }).click();
  await expect(page.getByTestId("inspection-status")).toHaveText("Signed off");
  await expect(page.getByText("marked for escalation")).toBeVisible();

  // the partner is told
  const mail = await waitForEmail("supplier@sunrise.test", { subject: "E2E-CTN-0001", after: sent });
  expect(mail.subject).toContain("REJECTED");

  // 5. the report downloads as a PDF
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download report (PDF)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^INS-\d+-report\.pdf$/);
  const file = await download.path();
  const pdf = fs.readFileSync(file!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  // the photo's report thumbnail, not the 1600 × 1200 original
  expect(embeddedImages(pdf)).toEqual([[1024, 768]]);
});
