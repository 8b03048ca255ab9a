// A 3PD's user updates three weeks of capacity in the grid from the keyboard; the change history
// shows who changed what from which value.
import { expect, test } from "@playwright/test";
import { isoWeekOf } from "../../app/domain/iso-week";
import { gotoReady, signIn } from "../helpers/e2e-login";

test("a 3PD user updates three weeks in the capacity grid, and the history shows the changes", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "ops@metro3pd.test");
  await gotoReady(page, "/northwind/capacity");
  const grid = page.getByRole("table", { name: "Capacity by week" });
  const first = grid.locator('input[data-r="0"][data-c="0"]');
  const label = (await first.getAttribute("aria-label"))!;
  const resource = label.replace(/ \d{4}-W\d{2}$/, "");
  const weeks = await Promise.all([0, 1, 2].map(async (c) => (await grid.locator(`input[data-r="0"][data-c="${c}"]`).getAttribute("aria-label"))!.slice(resource.length + 1)));
  // type a value, then move right with the arrow key, like a spreadsheet
  await first.click();
  await first.fill("15000");
  await page.keyboard.press("ArrowRight");
  await expect(grid.locator('input[data-r="0"][data-c="1"]')).toBeFocused();
  await page.keyboard.type("16000");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("17000");
  await page.getByRole("button", { name: "Save and confirm" }).click();
  await expect(page.getByRole("status")).toContainText("3 week(s) changed");
  await expect(first).toHaveValue("15000");
  await expect(grid.locator('input[data-r="0"][data-c="2"]')).toHaveValue("17000");

  await page.getByRole("link", { name: "Change history" }).click();
  const rows = page.getByRole("table", { name: "Capacity changes" }).getByRole("row");
  for (const [i, week] of weeks.entries()) {
    const row = rows.filter({ hasText: week }).filter({ hasText: resource }).first();
    await expect(row).toContainText(`${15000 + i * 1000}.000`);
    await expect(row).toContainText("Mo Metro");
  }
});

const isoWeek = (offsetDays: number) => isoWeekOf(new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10));

test("the planner sees the heatmap change when the 3PD declares capacity, and drills into an over-committed week", async ({ browser }) => {
  test.setTimeout(90_000);
  // two weeks out, the demo has Metro's bar line loaded with 90,000 bars of confirmed orders
  const week = isoWeek(14);
  const partnerCtx = await browser.newContext();
  const metro = await partnerCtx.newPage();
  await signIn(metro, "ops@metro3pd.test");
  const declare = async (units: string) => {
    await gotoReady(metro, "/northwind/capacity");
    const cell = metro.getByRole("table", { name: "Capacity by week" }).getByLabel(`Bar line ${week}`);
    await cell.fill(units);
    await metro.getByRole("button", { name: "Save and confirm" }).click();
    await expect(metro.getByRole("status")).toContainText("week(s) changed");
  };

  const plannerCtx = await browser.newContext();
  const planner = await plannerCtx.newPage();
  await signIn(planner, "planner@northwind.test");
  const heatCell = async () => {
    await gotoReady(planner, `/northwind/capacity/load?group=resource&from=${week}&weeks=4`);
    const row = planner.getByRole("table", { name: "Utilisation by week" }).getByRole("row").filter({ hasText: "Metro Production — Lyon · Bar line" });
    return row.locator(`td[data-week="${week}"]`);
  };

  // Metro has room: 90,000 of 120,000 is 75%
  await declare("120000");
  let cell = await heatCell();
  await expect(cell).toHaveAttribute("data-band", "70_90");
  await expect(cell).toHaveText("75%");

  // Metro cuts the week to 60,000: the planner sees it over capacity
  await declare("60000");
  cell = await heatCell();
  await expect(cell).toHaveAttribute("data-band", "over_100");
  await expect(cell).toHaveText("150%");

  // the cell drills down to the order lines behind it; the order Metro accepted beyond capacity is flagged
  await cell.getByRole("link").click();
  await expect(planner.getByRole("heading", { level: 1 })).toContainText("Demand in W");
  const lines = planner.getByRole("table", { name: "Demand lines" });
  await expect(lines.getByRole("row")).toHaveCount(3);
  await expect(lines).toContainText("FG-COCOA-BAR");
  const flagged = lines.getByRole("row").filter({ hasText: "Over capacity" });
  await expect(flagged).toHaveCount(1);
  await flagged.getByRole("link").first().click();
  await expect(planner.getByTestId("po-over-capacity")).toContainText("Over capacity");
  await expect(planner.getByTestId("po-over-capacity-weeks")).toContainText(`Bar line, week ${week}`);
  await partnerCtx.close();
  await plannerCtx.close();
});

test("the 3PD is warned before sending an answer that goes over its declared capacity, and the buyer sees the flag", async ({ browser }) => {
  test.setTimeout(90_000);
  const partnerCtx = await browser.newContext();
  const metro = await partnerCtx.newPage();
  await signIn(metro, "ops@metro3pd.test");
  await gotoReady(metro, "/northwind/orders?status=issued");
  await metro.getByRole("table").getByRole("row").filter({ hasText: "Awaiting your answer" }).first().getByRole("link").first().click();
  await expect(metro.getByTestId("po-status")).toHaveText("Issued");
  await expect(metro.getByRole("table", { name: "Lines" })).toContainText("Metro Production — Lyon · Bar line");
  // accepting as ordered fits: no warning
  await expect(metro.getByTestId("over-capacity-warning")).toHaveCount(0);
  // proposing a much bigger quantity: the warning appears as it is typed, before anything is sent
  await metro.getByLabel("Answer for line 1").selectOption("change");
  await metro.getByLabel("Line 1 quantity").fill("400000");
  await metro.getByLabel("Line 1 reason").fill("We can run the whole season at once");
  await expect(metro.getByTestId("over-capacity-warning")).toContainText("Bar line");
  // sent without confirming: refused, and the answer is still on the page to confirm
  await metro.getByRole("button", { name: "Send line answers" }).click();
  await expect(metro.getByRole("alert").filter({ hasText: "Tick the box" })).toBeVisible();
  await expect(metro.getByTestId("po-status")).toHaveText("Issued");
  await metro.getByLabel("Answer for line 1").selectOption("change");
  await metro.getByLabel("Line 1 quantity").fill("400000");
  await metro.getByLabel("Line 1 reason").fill("We can run the whole season at once");
  await metro.getByLabel(/Send anyway/).check();
  await metro.getByRole("button", { name: "Send line answers" }).click();
  await expect(metro.getByRole("status")).toContainText("flagged as over your declared capacity");
  const url = metro.url();

  const plannerCtx = await browser.newContext();
  const planner = await plannerCtx.newPage();
  await signIn(planner, "planner@northwind.test");
  await gotoReady(planner, new URL(url).pathname);
  await expect(planner.getByTestId("po-over-capacity")).toBeVisible();
  await expect(planner.getByTestId("projected-over-capacity")).toContainText("Bar line");
  await partnerCtx.close();
  await plannerCtx.close();
});
