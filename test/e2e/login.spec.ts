// Signing in and out, wrong passwords, throttling and bad input, as a person meets them.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, fillLogin, gotoReady, sessionCookieOf, signIn } from "../helpers/e2e-login";

const GENERIC_FAILURE = "That email and password don't match an account.";

test("an admin signs in, lands in their company, signs out, and the old session is dead", async ({ page, browser, request }) => {
  await gotoReady(page, "/northwind");
  // not signed in: sent to the login page, which remembers where we were going
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fnorthwind/);

  await page.getByLabel("Email").fill("admin@northwind.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  // one membership: straight into Northwind
  await expect(page).toHaveURL(/\/northwind$/);
  await expect(page.getByTestId("tenant-name")).toHaveText("Northwind Foods");
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Partners" })).toBeVisible();

  const cookie = await sessionCookieOf(page);
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto("/northwind");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await expect(page.getByRole("heading", { name: "Sign in to the Supplier Portal" })).toBeVisible();

  // the cookie value from before the sign-out, replayed in a fresh browser, opens nothing
  const replay = await browser.newContext();
  await replay.addCookies([{ name: cookie.name, value: cookie.value, domain: cookie.domain, path: cookie.path }]);
  const replayPage = await replay.newPage();
  await replayPage.goto("/northwind");
  await expect(replayPage).toHaveURL(/\/login\?redirectTo=/);
  await replay.close();

  // and straight over HTTP, without following the redirect
  const res = await request.get("/northwind", { headers: { Cookie: `portal_session=${cookie.value}` }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  expect(res.headers()["location"]).toMatch(/^\/login/);
});

test("a wrong password and an unknown account get the same message", async ({ page }) => {
  await fillLogin(page, "planner@northwind.test", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: GENERIC_FAILURE })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  await fillLogin(page, "nobody-here@northwind.test", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: GENERIC_FAILURE })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("after five wrong passwords for one account the sixth try is refused with 429, even with the right password", async ({ page }) => {
  const email = "quality@northwind.test"; // no other test signs in as quality
  for (let i = 1; i <= 5; i++) {
    await fillLogin(page, email, `wrong-password-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: GENERIC_FAILURE })).toBeVisible();
  }
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await fillLogin(page, email, DEMO_PASSWORD);
  expect((await refused).status()).toBe(429);
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-in attempts" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("bad input in the login form shows a message beside the field", async ({ page }) => {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  const emailErrorId = (await email.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`[id="${emailErrorId}"]`)).toHaveText("Enter a valid email address.");
  const password = page.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  const passwordErrorId = (await password.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`[id="${passwordErrorId}"]`)).toHaveText("Enter your password.");
  await expect(page).toHaveURL(/\/login$/);
});

test("without JavaScript the server validates the login form and answers 400 with the messages", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("not-an-email");
  const answer = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await answer).status()).toBe(400);
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await context.close();
});

test("signed-in users are sent from /login to their company", async ({ page }) => {
  await signIn(page, "planner@northwind.test");
  await expect(page).toHaveURL(/\/northwind$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/northwind$/);
});
