// A planner drafts a four-week forecast for Metro from the keyboard and publishes it; Metro's user
// opens the emailed link, commits the forecast except one week its bar line can't make, and both see
// forecast, commitment and capacity side by side.
import { expect, test } from "@playwright/test";
import { linkTo, waitForEmail } from "../helpers/e2e-mail";
import { gotoReady, signIn } from "../helpers/e2e-login";

test("a planner publishes a forecast to Metro, and Metro commits to it", async ({ browser }) => {
  test.setTimeout(120_000);
  const sent = new Date();

  // 1. the planner starts a forecast for Metro: the grid comes with Metro's items
  const plannerCtx = await browser.newContext();
  const planner = await plannerCtx.newPage();
  await signIn(planner, "planner@northwind.test");
  await gotoReady(planner, "/northwind/forecasts");
  const newForm = planner.getByRole("form", { name: "New forecast" });
  await newForm.getByLabel("Partner", { exact: true }).selectOption({ label: "Metro Production Services" });
  await newForm.getByLabel("Title").fill("E2E autumn plan");
  await newForm.getByLabel("Weeks").fill("4");
  await newForm.getByLabel("Note for the partner").fill("Back-to-school promotion in week 3");
  await newForm.getByRole("button", { name: "Create draft" }).click();
  await expect(planner).toHaveURL(/\/northwind\/forecasts\/[0-9a-f-]{36}$/);
  await planner.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await expect(planner.getByTestId("forecast-status")).toHaveText("Draft");
  const number = (await planner.getByRole("heading", { level: 1 }).textContent())!.match(/FC-\d+/)![0];
  const url = planner.url();

  // 2. quantities typed like a spreadsheet: arrow keys move between the cells
  const grid = planner.getByRole("table", { name: "Forecast by week" });
  const cell = (r: number, c: number) => grid.locator(`input[data-r="${r}"][data-c="${c}"]`);
  const weeks = await Promise.all([0, 1, 2, 3].map(async (c) => (await cell(0, c).getAttribute("aria-label"))!.replace(/^\S+ /, "")));
  expect(await cell(0, 0).getAttribute("aria-label")).toBe(`FG-COCOA-BAR ${weeks[0]}`);
  await cell(0, 0).click();
  await cell(0, 0).fill("60000");
  for (const v of ["62000", "64000", "66000"]) {
    await planner.keyboard.press("ArrowRight");
    await planner.keyboard.type(v);
  }
  await planner.keyboard.press("ArrowDown");
  await expect(cell(1, 3)).toBeFocused();
  await planner.keyboard.type("15000");
  for (const v of ["14000", "13000", "12000"]) {
    await planner.keyboard.press("ArrowLeft");
    await planner.keyboard.type(v);
  }
  await planner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(planner.getByRole("status")).toHaveText("Saved.");
  await expect(cell(0, 2)).toHaveValue("64000");
  await expect(cell(1, 0)).toHaveValue("12000");
  // a bad value is refused beside its cell, and what was typed stays
  await cell(1, 1).fill("14,5");
  await planner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(grid.getByRole("alert")).toContainText("thousands separators");
  await expect(cell(1, 1)).toHaveValue("14,5");
  await cell(1, 1).fill("14000");
  await planner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(planner.getByRole("status")).toHaveText("Saved.");
  // the side-by-side shows the bar line's capacity before publishing
  await expect(planner.getByTestId("side-FG-COCOA-BAR")).toContainText("Bar line");

  await planner.getByRole("button", { name: "Publish to Metro Production Services" }).click();
  await expect(planner.getByRole("status")).toContainText("Published. 1 user(s) of the partner emailed.");
  await expect(planner.getByTestId("forecast-status")).toHaveText("Awaiting commitment");

  // 3. Metro opens the emailed link and commits: everything but week 3's bars, which it caps
  const mail = await waitForEmail("ops@metro3pd.test", { subject: number, after: sent });
  expect(mail.subject).toBe(`Northwind Foods forecast ${number}: please commit your quantities`);
  const metroCtx = await browser.newContext();
  const metro = await metroCtx.newPage();
  await signIn(metro, "ops@metro3pd.test");
  await gotoReady(metro, linkTo(mail, "/northwind/forecasts/"));
  await expect(metro.getByTestId("forecast-status")).toHaveText("Awaiting your commitment");
  await expect(metro.getByTestId("forecast-note")).toHaveText("Back-to-school promotion in week 3");
  await metro.getByRole("button", { name: "Fill empty cells with the forecast" }).click();
  await expect(metro.getByLabel(`Committed FG-GRANOLA ${weeks[0]}`)).toHaveValue("12000");
  await metro.getByLabel(`Committed FG-COCOA-BAR ${weeks[2]}`).fill("50000");
  await metro.getByLabel(`Comment FG-COCOA-BAR ${weeks[2]}`).fill("Bar line maintenance");
  await metro.getByLabel("Note for the planner").fill("Week 3 capped at 50000 bars.");
  await metro.getByRole("button", { name: "Submit commitment" }).click();
  await expect(metro.getByRole("status")).toContainText("Your commitment is sent");
  await expect(metro.getByTestId("forecast-status")).toHaveText("Committed");
  const committed = metro.getByTestId("committed-FG-COCOA-BAR");
  await expect(committed).toContainText("50000");
  await expect(committed.locator("td.bad")).toHaveCount(1);
  await expect(metro.getByTestId("side-summary")).toContainText("below the forecast in 1 item-week(s)");
  await expect(metro.locator('figure[aria-label^="Forecast, commitment and declared capacity"] svg').first()).toBeVisible();

  // 4. the planner is told, and sees the same side by side
  const answer = await waitForEmail("planner@northwind.test", { subject: `committed to forecast ${number}`, after: sent });
  expect(answer.subject).toBe(`Metro Production Services committed to forecast ${number}`);
  await gotoReady(planner, url);
  await expect(planner.getByTestId("forecast-status")).toHaveText("Committed");
  await expect(planner.getByTestId("response-note")).toHaveText("Week 3 capped at 50000 bars.");
  await expect(planner.getByTestId("side-FG-COCOA-BAR")).toContainText("-14000");
  await expect(planner.getByTestId("line-comments")).toContainText(`FG-COCOA-BAR, ${weeks[2]}: Bar line maintenance`);
  await gotoReady(planner, "/northwind/forecasts");
  await expect(planner.getByTestId(`status-${number}`)).toHaveText("Committed");

  await plannerCtx.close();
  await metroCtx.close();
});

test("a planner deletes a draft it no longer needs, after ticking the confirmation", async ({ page }) => {
  await signIn(page, "planner@northwind.test");
  await gotoReady(page, "/northwind/forecasts");
  const newForm = page.getByRole("form", { name: "New forecast" });
  await newForm.getByLabel("Partner", { exact: true }).selectOption({ label: "Delta Co-Packers" });
  await newForm.getByLabel("Title").fill("E2E throwaway");
  await newForm.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/northwind\/forecasts\/[0-9a-f-]{36}$/);
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/FC-\d+/)![0];
  const form = page.getByRole("form", { name: "Delete draft" });
  await form.getByRole("button", { name: "Delete draft" }).click();
  await expect(form.getByRole("alert")).toContainText("Tick the box to confirm");
  await expect(page.getByTestId("forecast-status")).toHaveText("Draft");
  await form.getByLabel(`Yes, delete ${number}`).check();
  await form.getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/northwind/forecasts\\?deleted=${number}$`));
  await expect(page.getByRole("status")).toHaveText(`Draft ${number} deleted.`);
  await expect(page.getByTestId(`status-${number}`)).toHaveCount(0);
});

test("a contract filler fills in the forecast's CSV in a spreadsheet and uploads it as its commitment", async ({ page }) => {
  await signIn(page, "filler@delta.test");
  await gotoReady(page, "/northwind/forecasts?status=published");
  await page.getByRole("link", { name: /^FC-\d+$/ }).first().click();
  await expect(page).toHaveURL(/\/northwind\/forecasts\/[0-9a-f-]{36}$/);
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await expect(page.getByTestId("forecast-status")).toHaveText("Awaiting your commitment");
  // the spreadsheet: the page's own download, committed_quantity filled with the forecast
  const exported = await (await page.request.get(`${page.url()}/export.csv`)).text();
  const [header, ...rows] = exported.trim().split("\r\n");
  const cols = header.split(",");
  expect(cols).toContain("committed_quantity");
  const csv = [
    "item_code,week,committed_quantity",
    ...rows.map((r) => {
      // item_code and week come before any quoted free text in the export, the forecast quantity too
      const cells = r.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
      return [cells[cols.indexOf("item_code")], cells[cols.indexOf("week")], cells[cols.indexOf("forecast_quantity")]].join(",");
    }),
  ].join("\n");
  const form = page.getByRole("form", { name: "Upload commitment" });
  await form.locator('input[type="file"]').setInputFiles({ name: "commitment.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await form.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`Your commitment is sent from the file (${rows.length} item-week(s))`);
  await expect(page.getByTestId("forecast-status")).toHaveText("Committed");
});

test("a planner records a commitment Sunrise gave by phone, on its behalf", async ({ page }) => {
  await signIn(page, "planner@northwind.test");
  await gotoReady(page, "/northwind/forecasts?status=published");
  await page.getByRole("row").filter({ hasText: "Sunrise Packaging" }).getByRole("link", { name: /^FC-\d+$/ }).first().click();
  await expect(page).toHaveURL(/\/northwind\/forecasts\/[0-9a-f-]{36}$/);
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  await expect(page.getByRole("heading", { name: "Record Sunrise Packaging's commitment" })).toBeVisible();
  await page.getByRole("button", { name: "Fill empty cells with the forecast" }).click();
  await page.getByLabel("Note (what Sunrise Packaging said)").fill("Confirmed by phone with Sam");
  await page.getByRole("button", { name: "Record the commitment" }).click();
  await expect(page.getByRole("status")).toHaveText("The commitment is recorded for the partner; its users have been emailed.");
  await expect(page.getByTestId("forecast-status")).toHaveText("Committed");
  await expect(page.getByTestId("responded")).toContainText("by Priya Planner for Sunrise Packaging");
});
