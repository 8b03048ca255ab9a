// Sign-in as a person does it: through the /login form.
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "portal-demo-2026";

/**
 * Open a page and wait until React has hydrated it. Before that, a click submits the form natively
 * and a select's onChange does nothing, which makes tests race the scripts. Remix hydrates the
 * whole document, and React marks a DOM node once it has hydrated it; <html> completes last.
 */
export async function gotoReady(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForFunction(() => Object.keys(document.documentElement).some((k) => k.startsWith("__reactProps")));
  return response;
}

export async function fillLogin(page: Page, email: string, password: string) {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Sign in and wait until the portal has left the login page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await fillLogin(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** The session cookie the browser holds for the portal. */
export async function sessionCookieOf(page: Page) {
  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name === "portal_session");
  if (!cookie) throw new Error(`no portal_session cookie; cookies: ${cookies.map((c) => c.name).join(", ") || "none"}`);
  return cookie;
}
