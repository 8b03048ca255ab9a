// Chart pages render the same markup on the server and in the browser: a mismatch makes React throw
// the server-rendered page away (minified errors #418/#425 in the console) and redraw it.
import { expect, test } from "@playwright/test";
import { gotoReady, signIn } from "../helpers/e2e-login";

test("pages with charts hydrate without a server/browser mismatch", async ({ page }) => {
  let errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /React error|hydrat/i.test(m.text())) errors.push(m.text().slice(0, 120));
  });
  page.on("pageerror", (e) => errors.push(String(e).slice(0, 120)));
  await signIn(page, "planner@northwind.test");
  await gotoReady(page, "/northwind/capacity/load");
  const facility = await page.getByRole("table", { name: "Utilisation by week" }).getByRole("rowheader").getByRole("link").first().getAttribute("href");
  for (const url of ["/northwind/inspections/measures", "/northwind/counts/accuracy", facility!]) {
    errors = [];
    await gotoReady(page, url);
    await expect(page.locator("figure.chart svg").first()).toBeVisible();
    // hydration errors are reported as the page becomes interactive
    await page.waitForTimeout(300);
    expect(errors, url).toEqual([]);
  }
});
