// Inviting a partner user: the admin fills the form, the invitee gets a real email and joins.
import { expect, test } from "@playwright/test";
import { linkTo, waitForEmail } from "../helpers/e2e-mail";
import { gotoReady, signIn } from "../helpers/e2e-login";

test("an admin invites a supplier's colleague, who accepts from the emailed link and lands in Northwind", async ({ page, browser }) => {
  const invitee = `new.colleague.${Date.now().toString(36)}@sunrise.test`;
  const password = "sunrise-colleague-pass-2026";
  const sent = new Date();

  await signIn(page, "admin@northwind.test");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/northwind\/users/);

  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Partner user" });
  await page.getByRole("combobox", { name: /^Partner/ }).selectOption({ label: "Sunrise Packaging" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${invitee}`);
  // the pending invitation is listed on the page
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText(invitee);

  const message = await waitForEmail(invitee, { subject: "You're invited to Northwind Foods", after: sent });
  expect(message.text).toContain("Partner user for Sunrise Packaging");
  const link = linkTo(message, "/invite/");
  expect(link).toMatch(/^http:\/\/localhost:\d+\/invite\/[a-z2-7]{32}$/);

  // the admin finds the same message in the company's Outbox, delivered over SMTP
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Outbox" }).click();
  const sentRow = page.getByRole("row").filter({ hasText: invitee });
  await expect(sentRow).toContainText(message.subject);
  await expect(sentRow).toContainText("SMTP");

  // the invitee opens the link in their own browser
  const theirs = await browser.newContext();
  const invitePage = await theirs.newPage();
  await gotoReady(invitePage, link);
  await expect(invitePage.getByRole("heading", { name: "Join Northwind Foods" })).toBeVisible();
  await expect(invitePage.getByRole("main")).toContainText(invitee);
  await invitePage.getByLabel("Your name").fill("Nora Colleague");
  await invitePage.getByLabel("Choose a password").fill(password);
  await invitePage.getByLabel("Password again").fill(password);
  await invitePage.getByRole("button", { name: "Accept the invitation" }).click();

  await expect(invitePage).toHaveURL(/\/northwind$/);
  await expect(invitePage.getByRole("banner")).toContainText("Nora Colleague");
  await expect(invitePage.getByRole("banner")).toContainText("Sunrise Packaging, Partner user");

  // the link is spent
  await invitePage.goto(link);
  await expect(invitePage.getByRole("heading", { name: "This invitation can't be used" })).toBeVisible();
  await theirs.close();

  // and the new member can sign in with the password they chose
  const fresh = await browser.newContext();
  const signInPage = await fresh.newPage();
  await signIn(signInPage, invitee, password);
  await expect(signInPage).toHaveURL(/\/northwind$/);
  await fresh.close();
});
