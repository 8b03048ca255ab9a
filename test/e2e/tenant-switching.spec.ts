// One login, two companies: Sunrise Packaging supplies both Northwind and Contoso.
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/e2e-login";

test("a supplier with two memberships picks a company after sign-in and switches from the header", async ({ page }) => {
  await signIn(page, "supplier@sunrise.test");

  await expect(page).toHaveURL(/\/tenants$/);
  await expect(page.getByRole("heading", { name: "Choose a company" })).toBeVisible();
  const companies = page.getByRole("main").getByRole("link");
  await expect(companies).toHaveText(["Contoso Beverages", "Northwind Foods"]);

  await page.getByRole("link", { name: "Northwind Foods" }).click();
  await expect(page).toHaveURL(/\/northwind$/);
  const switcher = page.getByLabel("Switch company");
  await expect(switcher).toHaveValue("northwind");
  await expect(page.getByRole("banner")).toContainText("Sunrise Packaging");

  await switcher.selectOption({ label: "Contoso Beverages" });
  await expect(page).toHaveURL(/\/contoso$/);
  await expect(page.getByLabel("Switch company")).toHaveValue("contoso");
  await expect(page).toHaveTitle(/Contoso Beverages/);

  // and back again
  await page.getByLabel("Switch company").selectOption({ label: "Northwind Foods" });
  await expect(page).toHaveURL(/\/northwind$/);
  await expect(page).toHaveTitle(/Northwind Foods/);
});

test("a company the user does not belong to is a 404, not a hint that it exists", async ({ page }) => {
  await signIn(page, "supplier@bluepeak.test");
  await expect(page).toHaveURL(/\/contoso$/);
  const res = await page.goto("/northwind");
  expect(res?.status()).toBe(404);
});
