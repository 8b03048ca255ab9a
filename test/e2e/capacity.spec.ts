// A 3PD's user updates three weeks of capacity in the grid from the keyboard; the change history
// shows who changed what from which value.
import { expect, test } from "@playwright/test";
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
