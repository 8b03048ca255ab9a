// A contract filler counts on a phone (blind, saved as it goes), gets a recount request, explains
// the line still short; the planner approves the adjustment and the book changes.
import { expect, test } from "@playwright/test";
import { gotoReady, signIn } from "../helpers/e2e-login";

test("a filler counts on a phone, recounts and explains; the planner approves and the book changes", async ({ browser }) => {
  test.setTimeout(120_000);
  // the planner schedules a cycle count of the B items at Antwerp
  const plannerCtx = await browser.newContext();
  const planner = await plannerCtx.newPage();
  await signIn(planner, "planner@northwind.test");
  await gotoReady(planner, "/northwind/counts");
  await planner.getByLabel("Facility").selectOption({ label: "Delta Co-Packers — Antwerp" });
  await planner.getByLabel("Scope").selectOption("cycle");
  await planner.getByLabel("ABC class").selectOption("B");
  await planner.getByRole("button", { name: "Schedule count" }).click();
  await expect(planner).toHaveURL(/\/northwind\/counts\/[0-9a-f-]{36}$/);
  const countPath = new URL(planner.url()).pathname;

  // the planner knows the book (the filler must not): the smoothies on it at Antwerp
  await gotoReady(planner, "/northwind/inventory");
  await planner.getByLabel("Facility").selectOption({ label: "Delta Co-Packers — Antwerp" });
  await planner.getByRole("button", { name: "Show" }).click();
  const smoothieRow = planner.getByRole("table", { name: "Book" }).getByRole("row").filter({ hasText: "FG-SMOOTHIE" });
  const smoothieBook = (await smoothieRow.locator("td").nth(3).textContent())!.trim().split(/\s+/)[0];
  expect(Number(smoothieBook)).toBeGreaterThan(0);

  // 1. the filler counts on a phone: no book in sight, each line saved as it goes
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const filler = await phone.newPage();
  await signIn(filler, "filler@delta.test");
  await gotoReady(filler, countPath);
  await expect(filler.getByTestId("count-status")).toHaveText("Scheduled");
  await expect(filler.getByRole("table", { name: "Count lines" })).toHaveCount(0);
  // the filler's own stock page hides what is being counted
  await gotoReady(filler, "/northwind/inventory?facility=" + (await planner.getByLabel("Facility").inputValue()));
  await expect(filler.getByRole("table", { name: "Book" }).getByRole("row").filter({ hasText: "FG-SMOOTHIE" })).toContainText("being counted");
  await gotoReady(filler, countPath);
  await filler.getByLabel(/FG-SMOOTHIE/).fill(smoothieBook);
  await filler.getByLabel(/RM-OATS/).click();
  await expect(filler.getByTestId("autosaved")).toBeVisible();
  await filler.getByLabel(/RM-OATS/).fill("0");
  await filler.getByRole("button", { name: "Submit count" }).click();

  // 2. the oats are far from the book: a recount is requested, still blind for that line
  await expect(filler.getByTestId("count-status")).toHaveText("Recount requested");
  // nothing spills sideways on the phone: wide tables scroll inside their box
  expect(await filler.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // the smoothies matched: accepted, their book shown; the oats' book is not shown before the recount
  await expect(filler.getByTestId("line-FG-SMOOTHIE").locator("td").nth(2)).toHaveText(Number(smoothieBook).toFixed(3));
  await expect(filler.getByTestId("line-RM-OATS").locator("td").nth(2)).toHaveText("");
  await filler.getByLabel(/RM-OATS/).fill("0");
  await filler.getByRole("button", { name: "Submit recount" }).click();

  // 3. oats are still short: the filler gives the root cause
  await expect(filler.getByTestId("count-status")).toHaveText("Awaiting root cause");
  await filler.getByLabel("Reason").selectOption({ label: "Damaged or scrapped" });
  await filler.getByLabel("What happened").fill("Oats bags soaked by a roof leak and scrapped.");
  await filler.getByRole("button", { name: "Save root cause" }).click();
  await expect(filler.getByTestId("count-status")).toHaveText("Awaiting approval");
  const oatsBook = (await filler.getByTestId("line-RM-OATS").locator("td").nth(2).textContent())!.trim();

  // 4. the planner approves the adjustment
  await gotoReady(planner, countPath);
  await expect(planner.getByRole("form", { name: "Adjustment for RM-OATS" })).toContainText("Oats bags soaked by a roof leak");
  await planner.getByRole("button", { name: "Approve adjustment" }).click();
  await expect(planner.getByTestId("count-status")).toHaveText("Completed");

  // 5. the book quantity changed: the oats at Antwerp are now what was counted
  await gotoReady(planner, "/northwind/inventory/movements");
  const adjustment = planner.getByRole("row").filter({ hasText: "RM-OATS" }).filter({ hasText: /adjustment/i }).first();
  await expect(adjustment).toContainText(`-${Number(oatsBook).toFixed(3)}`);
});
