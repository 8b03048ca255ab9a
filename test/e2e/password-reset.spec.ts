// Password reset through the email the portal actually sends (caught by the SMTP listener).
import { expect, test } from "@playwright/test";
import { linkTo, waitForEmail } from "../helpers/e2e-mail";
import { DEMO_PASSWORD, fillLogin, gotoReady, signIn } from "../helpers/e2e-login";

test("a director resets a forgotten password from the emailed link, which then works only once and ends the older link", async ({ page }) => {
  const email = "director@northwind.test"; // no other test signs in as the director
  const newPassword = "a-brand-new-passphrase-2026";
  const asked = new Date();

  await gotoReady(page, "/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address, we sent it a link");

  const message = await waitForEmail(email, { subject: "Reset your Supplier Portal password", after: asked });
  expect(message.text).toContain("works once and expires in 30 minutes");
  expect(message.html).toContain("<a href=");
  const older = linkTo(message, "/reset-password/");
  expect(older).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[a-z2-7]{32}$/);

  // asked again (the first mail seemed slow): a second link; either works until one is used
  const askedAgain = new Date();
  await gotoReady(page, "/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address, we sent it a link");
  const link = linkTo(await waitForEmail(email, { subject: "Reset your Supplier Portal password", after: askedAgain }), "/reset-password/");
  expect(link).not.toBe(older);

  await gotoReady(page, link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  // too short, and the two differ: messages beside the fields, nothing changes
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("New password again").fill("different");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);

  // the old password is gone, the new one opens the account
  await fillLogin(page, email, DEMO_PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "That email and password don't match an account." })).toBeVisible();
  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/northwind$/);
  await expect(page.getByTestId("tenant-name")).toHaveText("Northwind Foods");

  // the same link a second time can't be used, and neither can the older one
  for (const used of [link, older]) {
    await page.goto(used);
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);
  }
});

test("asking for a reset for an unknown address looks the same and sends nothing", async ({ page }) => {
  const email = "nobody-at-all@northwind.test";
  await gotoReady(page, "/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address, we sent it a link");
  await expect(waitForEmail(email, { timeoutMs: 2_000 })).rejects.toThrow(/No email to/);
});
