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
  // its copy there keeps the message but not the link: an admin can't accept in the invitee's place
  await sentRow.getByRole("link", { name: message.subject }).click();
  await expect(page.getByRole("main")).toContainText("Partner user for Sunrise Packaging");
  await expect(page.getByRole("main")).toContainText("/invite/••••••");
  expect(await page.content()).not.toContain(link.split("/invite/")[1]);

  // the invitee opens the link in their own browser
  const theirs = await browser.newContext();
  const invitePage = await theirs.newPage();
  await gotoReady(invitePage, link);
  await expect(invitePage.getByRole("heading", { name: "Join Northwind Foods" })).toBeVisible();
  await expect(invitePage.getByRole("main")).toContainText(invitee);
  await invitePage.getByLabel("Your name").fill("Nora Colleague");
  await invitePage.getByLabel("Choose a password").fill(password);
  await invitePage.getByLabel("Password again").fill(password);
  await invitePage.getByRole("button", { name: "Create my login and accept" }).click();

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

test("someone who already has a login accepts another company's invitation by signing in, never through the invitation form", async ({ page, browser }) => {
  const person = `two.companies.${Date.now().toString(36)}@sunrise.test`;
  const password = "two-companies-pass-2026";

  // Contoso invites them first; they create their login there
  await signIn(page, "admin@contoso.test");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Email").fill(person);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Viewer" });
  let sent = new Date();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${person}`);
  const first = linkTo(await waitForEmail(person, { subject: "You're invited to Contoso Beverages", after: sent }), "/invite/");
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await gotoReady(them, first);
  await them.getByLabel("Your name").fill("Tess Twocompanies");
  await them.getByLabel("Choose a password").fill(password);
  await them.getByLabel("Password again").fill(password);
  await them.getByRole("button", { name: "Create my login and accept" }).click();
  await expect(them).toHaveURL(/\/contoso$/);
  await theirs.close();

  // then Northwind invites the same address
  const northwind = await browser.newContext();
  const admin = await northwind.newPage();
  await signIn(admin, "admin@northwind.test");
  await gotoReady(admin, "/northwind/users");
  await admin.getByLabel("Email").fill(person);
  await admin.getByLabel("Role", { exact: true }).selectOption({ label: "Viewer" });
  sent = new Date();
  await admin.getByRole("button", { name: "Send invitation" }).click();
  await expect(admin.getByRole("status")).toContainText(`Invitation sent to ${person}`);
  await northwind.close();
  const second = linkTo(await waitForEmail(person, { subject: "You're invited to Northwind Foods", after: sent }), "/invite/");

  // whoever opens the link sees the page a new person sees; choosing a password does not touch the login
  const fresh = await browser.newContext();
  const invitePage = await fresh.newPage();
  await gotoReady(invitePage, second);
  await expect(invitePage.getByRole("heading", { name: "Join Northwind Foods" })).toBeVisible();
  await expect(invitePage.getByLabel("Choose a password")).toBeVisible();
  await invitePage.getByLabel("Your name").fill("Someone Else");
  await invitePage.getByLabel("Choose a password").fill("someone-elses-password-1");
  await invitePage.getByLabel("Password again").fill("someone-elses-password-1");
  await invitePage.getByRole("button", { name: "Create my login and accept" }).click();
  await expect(invitePage.getByRole("alert").filter({ hasText: `Sign in to accept: ${person} already has a login` })).toBeVisible();

  // they sign in, come back to the invitation and accept it
  await invitePage.getByRole("link", { name: "Sign in to accept" }).click();
  await expect(invitePage).toHaveURL(/\/login\?redirectTo=/);
  await invitePage.getByLabel("Email").fill(person);
  await invitePage.getByLabel("Password").fill(password);
  await invitePage.getByRole("button", { name: "Sign in" }).click();
  await expect(invitePage).toHaveURL(second);
  await expect(invitePage.getByRole("main")).toContainText(`You're signed in as ${person}`);
  await expect(invitePage.getByLabel("Choose a password")).toHaveCount(0);
  await invitePage.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(invitePage).toHaveURL(/\/northwind$/);
  await expect(invitePage.getByRole("banner")).toContainText("Tess Twocompanies");
  await fresh.close();
});
