// The core loop as people click through it: a planner issues a PO, the supplier answers from the
// emailed link with a date change, the planner accepts, the supplier ships with FastFreight, the
// carrier sees the pickup, and the planner receives the goods.
import { expect, test, type Page } from "@playwright/test";
import { linkTo, waitForEmail } from "../helpers/e2e-mail";
import { DEMO_PASSWORD, gotoReady, signIn } from "../helpers/e2e-login";

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function status(page: Page) {
  return page.getByTestId("po-status");
}

test("a purchase order goes from issue to received across planner, supplier and carrier", async ({ browser }) => {
  test.setTimeout(120_000);
  const sent = new Date();

  // 1. the planner issues a PO with two lines
  const plannerCtx = await browser.newContext();
  const planner = await plannerCtx.newPage();
  await signIn(planner, "planner@northwind.test");
  await gotoReady(planner, "/northwind/orders/new");
  await planner.getByLabel("Partner", { exact: true }).selectOption({ label: "Sunrise Packaging" });
  await planner.getByLabel("Ship to").selectOption({ label: "Delta Co-Packers — Rotterdam" });
  await planner.getByLabel("Line 1 item").selectOption({ value: await optionValue(planner, "Line 1 item", "PKG-BTL-500") });
  await planner.getByLabel("Line 1 quantity").fill("5000");
  await planner.getByLabel("Line 1 unit price").fill("0.0900");
  await planner.getByLabel("Line 1 requested date").fill(day(14));
  await planner.getByRole("button", { name: "Add a line" }).click();
  await planner.getByLabel("Line 2 item").selectOption({ value: await optionValue(planner, "Line 2 item", "PKG-CAP-28") });
  await planner.getByLabel("Line 2 quantity").fill("5000");
  await planner.getByLabel("Line 2 unit price").fill("0.0120");
  await planner.getByLabel("Line 2 requested date").fill(day(14));
  await planner.getByRole("button", { name: "Issue to partner" }).first().click();
  await expect(planner).toHaveURL(/\/northwind\/orders\/[0-9a-f-]{36}$/);
  await expect(await status(planner)).toHaveText("Issued");
  const number = (await planner.getByRole("heading", { level: 1 }).textContent())!.match(/PO-\d+/)![0];
  const poUrl = planner.url();

  // 2. the supplier opens the email link, signs in and proposes a later date on line 1
  const mail = await waitForEmail("supplier@sunrise.test", { subject: number, after: sent });
  const link = linkTo(mail, "/northwind/orders/");
  const supplierCtx = await browser.newContext();
  const supplier = await supplierCtx.newPage();
  await gotoReady(supplier, link);
  await expect(supplier).toHaveURL(/\/login\?redirectTo=/);
  await supplier.getByLabel("Email").fill("supplier@sunrise.test");
  await supplier.getByLabel("Password").fill(DEMO_PASSWORD);
  await supplier.getByRole("button", { name: "Sign in" }).click();
  await expect(supplier).toHaveURL(new URL(link).pathname);
  await supplier.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await supplier.getByLabel("Answer for line 1").selectOption("change");
  await supplier.getByLabel("Line 1 committed date").fill(day(21));
  await supplier.getByLabel("Line 1 reason").fill("Mould change that week");
  await supplier.getByRole("button", { name: "Send line answers" }).click();
  await expect(supplier.getByRole("status")).toContainText("Your answer was sent");
  await expect(await status(supplier)).toHaveText("Changes proposed");

  // 3. the planner sees proposed against original and accepts
  await gotoReady(planner, poUrl);
  await expect(planner.getByRole("table", { name: "Lines" })).toContainText(`proposed ${day(21)}`);
  await planner.getByRole("button", { name: "Accept the changes" }).click();
  await expect(await status(planner)).toHaveText("Confirmed");
  await expect(planner.getByRole("heading", { level: 1 })).toContainText("revision 2");

  // 4. the supplier creates a ship notice with FastFreight for both lines
  await gotoReady(supplier, "/northwind/shipments/new");
  await supplier.getByLabel("Carrier").selectOption({ label: "FastFreight" });
  await supplier.getByLabel("Tracking number").fill("E2E-TRACK-42");
  await supplier.getByLabel("Packages").fill("8");
  await supplier.getByLabel("Gross weight (kg)").fill("310.5");
  await supplier.getByLabel(`${number} line 1 quantity shipping`).fill("5000");
  await supplier.getByLabel(`${number} line 2 quantity shipping`).fill("5000");
  await supplier.getByRole("button", { name: "Send ship notice" }).click();
  await expect(supplier.getByRole("heading", { level: 1 })).toContainText("Ship notice ASN-");
  const asn = (await supplier.getByRole("heading", { level: 1 }).textContent())!.match(/ASN-\d+/)![0];

  // 5. the carrier's user sees the pickup (and was emailed about it)
  await waitForEmail("dispatch@fastfreight.test", { subject: asn, after: sent });
  const carrierCtx = await browser.newContext();
  const carrier = await carrierCtx.newPage();
  await signIn(carrier, "dispatch@fastfreight.test");
  await gotoReady(carrier, "/northwind/shipments");
  await carrier.getByRole("link", { name: asn }).click();
  await expect(carrier.getByRole("table", { name: "Ship notice lines" })).toContainText("PKG-BTL-500");
  await expect(carrier.getByRole("main")).toContainText("E2E-TRACK-42");

  // 6. the planner receives the goods
  await gotoReady(planner, poUrl);
  await expect(await status(planner)).toHaveText("Shipped");
  await planner.getByLabel("Line 1 received quantity").fill("5000");
  await planner.getByLabel("Line 2 received quantity").fill("5000");
  await planner.getByRole("button", { name: "Record receipt" }).click();
  await expect(planner.getByRole("status")).toContainText("Receipt recorded");

  // 7. the PO is received
  await expect(await status(planner)).toHaveText("Received");
  await Promise.all([plannerCtx.close(), supplierCtx.close(), carrierCtx.close()]);
});

async function optionValue(page: Page, label: string, code: string) {
  return page
    .getByLabel(label)
    .locator("option", { hasText: code })
    .first()
    .getAttribute("value")
    .then((v) => v!);
}
