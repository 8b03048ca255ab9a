// Password reset and invitations: tokens, single use, mail, audit.
import fs from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { contextFor, readMailDir, requestWithSession, useTempMailDir } from "../helpers/factories";
import {
  acceptInvitationAsUser,
  createAccountFromInvitation,
  findPendingInvitation,
  INVITE_DAYS,
  InvitationError,
  inviteMember,
  isResetTokenUsable,
  requestPasswordReset,
  RESET_MINUTES,
  resetPassword,
} from "../../app/server/accounts.server";
import { listMemberships, login, requireTenantMember, type TenantContext } from "../../app/server/auth.server";
import { getEmail, listEmails } from "../../app/server/audit-log.server";
import { MASKED_TOKEN } from "../../app/domain/secret-links";
import { invitationEmail } from "../../emails/invitation";
import { createSession, validateSessionToken } from "../../app/server/session.server";
import { resetEnvCache } from "../../app/server/env.server";
import { hashToken } from "../../app/domain/session-token";
import type { Database } from "../../app/server/db.server";
import { auditLog, emails, invitations, memberships, partners, passwordResets, users } from "../../drizzle/schema";
import { DEMO_PASSWORD } from "../../drizzle/seed";

const APP_URL = "http://portal.test:8080";
let database: Database;
let demo: NonNullable<Awaited<ReturnType<typeof setupTestDatabase>>["demo"]>;
let mailDir: string;
let ipCounter = 0;
const freshIp = () => `192.0.2.${++ipCounter}`;
const saved = { APP_URL: process.env.APP_URL, MAIL_DIR: process.env.MAIL_DIR, SMTP_URL: process.env.SMTP_URL };

async function userByEmail(email: string) {
  const [u] = await database.db.select().from(users).where(eq(users.email, email));
  return u;
}

async function partnerId(tenantId: string, name: string) {
  const [p] = await database.db
    .select({ id: partners.id })
    .from(partners)
    .where(and(eq(partners.tenantId, tenantId), eq(partners.name, name)));
  return p.id;
}

async function mailsTo(to: string) {
  return (await readMailDir(mailDir)).filter((m) => m.to.includes(to));
}

const tokenIn = (body: string, path: string) => {
  const m = new RegExp(`${APP_URL.replace(/[.:/]/g, "\\$&")}/${path}/([a-z2-7]{32})\\b`).exec(body);
  return m?.[1] ?? null;
};

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  mailDir = await useTempMailDir();
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  demo = setup.demo!;
});

afterAll(async () => {
  await database?.close();
  await fs.rm(mailDir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});

describe("password reset", () => {
  it("mails a single-use /reset-password/<token> link, stores only the token's hash, and signs the user out everywhere", async () => {
    const user = await userByEmail("planner@northwind.test");
    const s1 = await createSession(user.id);
    const s2 = await createSession(user.id);

    await requestPasswordReset("  Planner@Northwind.test ");
    const mails = await mailsTo("planner@northwind.test");
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Reset your Supplier Portal password");
    const token = tokenIn(mails[0].body, "reset-password");
    expect(token, mails[0].body).not.toBeNull();
    // the link is in both the text and the HTML part
    expect(mails[0].body.split(`/reset-password/${token}`).length - 1).toBeGreaterThanOrEqual(2);

    const rows = await database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(rows.map((r) => r.tokenHash)).toEqual([hashToken(token!)]);
    expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBeGreaterThan((RESET_MINUTES - 1) * 60_000);
    expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBeLessThan((RESET_MINUTES + 1) * 60_000);
    expect(await isResetTokenUsable(token!)).toBe(true);

    expect(await resetPassword(token!, "a brand new password")).toBe(user.id);
    // single use
    expect(await isResetTokenUsable(token!)).toBe(false);
    expect(await resetPassword(token!, "yet another password")).toBeNull();
    // the first new password stands; the old one and the refused one don't work
    expect((await login("planner@northwind.test", "a brand new password", freshIp())).ok).toBe(true);
    expect((await login("planner@northwind.test", DEMO_PASSWORD, freshIp())).ok).toBe(false);
    expect((await login("planner@northwind.test", "yet another password", freshIp())).ok).toBe(false);
    // every session that existed before the reset is gone
    expect(await validateSessionToken(s1.token)).toBeNull();
    expect(await validateSessionToken(s2.token)).toBeNull();
  });

  it("using one reset link ends the user's other outstanding links, older or newer", async () => {
    for (const [email, use] of [
      ["ops@metro3pd.test", "newer"],
      ["dispatch@fastfreight.test", "older"],
    ] as const) {
      const user = await userByEmail(email);
      const other = await userByEmail("supplier@bluepeak.test");
      await requestPasswordReset(other.email);
      await requestPasswordReset(email, new Date(Date.now() - 60_000));
      await requestPasswordReset(email);
      const tokens = (await mailsTo(email)).map((m) => tokenIn(m.body, "reset-password")!);
      expect(tokens).toHaveLength(2);
      const [older, newer] = tokens;
      const [used, left] = use === "newer" ? [newer, older] : [older, newer];
      expect(await isResetTokenUsable(left)).toBe(true);

      expect(await resetPassword(used, `the ${use} link's password`)).toBe(user.id);
      expect(await isResetTokenUsable(left), email).toBe(false);
      expect(await resetPassword(left, "a password from the other link")).toBeNull();
      expect((await login(email, `the ${use} link's password`, freshIp())).ok).toBe(true);
      expect((await login(email, "a password from the other link", freshIp())).ok).toBe(false);
      const rows = await database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
      expect(rows.map((r) => r.usedAt === null)).toEqual([false, false]);
      // another person's link is untouched
      const theirs = tokenIn((await mailsTo(other.email)).at(-1)!.body, "reset-password")!;
      expect(await isResetTokenUsable(theirs)).toBe(true);
    }
  });

  it("two of a user's links used at the same moment: one wins, the other is refused, neither fails", async () => {
    for (let round = 0; round < 20; round++) {
      const user = await userByEmail("supplier@sunrise.test");
      await database.db.delete(passwordResets).where(eq(passwordResets.userId, user.id));
      const before = (await mailsTo("supplier@sunrise.test")).length;
      await requestPasswordReset(user.email);
      await requestPasswordReset(user.email);
      const tokens = (await mailsTo("supplier@sunrise.test")).slice(before).map((m) => tokenIn(m.body, "reset-password")!);
      expect(tokens).toHaveLength(2);
      const results = await Promise.all(tokens.map((t, i) => resetPassword(t, `simultaneous-password-${round}-${i}`)));
      expect(results.filter((r) => r === user.id), JSON.stringify(results)).toHaveLength(1);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      const winner = results.indexOf(user.id);
      expect((await login(user.email, `simultaneous-password-${round}-${winner}`, freshIp())).ok).toBe(true);
    }
  });

  it("refuses an expired token and leaves the password and sessions alone", async () => {
    const user = await userByEmail("director@northwind.test");
    const session = await createSession(user.id);
    const requestedAt = new Date(Date.now() - (RESET_MINUTES + 1) * 60_000);
    await requestPasswordReset("director@northwind.test", requestedAt);
    const [mail] = await mailsTo("director@northwind.test");
    const token = tokenIn(mail.body, "reset-password")!;
    expect(token).not.toBeNull();
    expect(await isResetTokenUsable(token)).toBe(false);
    expect(await resetPassword(token, "a brand new password")).toBeNull();
    // it worked at a time before it expired
    expect(await isResetTokenUsable(token, new Date(requestedAt.getTime() + 60_000))).toBe(true);
    const after = await userByEmail("director@northwind.test");
    expect(after.passwordHash).toBe(user.passwordHash);
    expect(await validateSessionToken(session.token)).not.toBeNull();
  });

  it("refuses made-up and malformed tokens", async () => {
    expect(await resetPassword("a".repeat(32), "a brand new password")).toBeNull();
    expect(await resetPassword("../../etc/passwd", "a brand new password")).toBeNull();
    expect(await isResetTokenUsable("")).toBe(false);
  });

  it("sends nothing for an unknown email or a disabled account", async () => {
    await database.db.insert(users).values({ email: "disabled@northwind.test", name: "Dis Abled", disabled: true });
    const before = (await readMailDir(mailDir)).length;
    const resetsBefore = (await database.db.select().from(passwordResets)).length;
    await requestPasswordReset("nobody@northwind.test");
    await requestPasswordReset("disabled@northwind.test");
    expect((await readMailDir(mailDir)).length).toBe(before);
    expect((await database.db.select().from(passwordResets)).length).toBe(resetsBefore);
  });

  it("sends at most 3 reset mails per account in 15 minutes", async () => {
    const user = await userByEmail("quality@northwind.test");
    for (let i = 0; i < 5; i++) await requestPasswordReset("quality@northwind.test");
    expect(await database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id))).toHaveLength(3);
    // (the file transport names mail by millisecond, so two mails in the same one could share a file)
    const mails = await mailsTo("quality@northwind.test");
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.length).toBeLessThanOrEqual(3);
  });
});

describe("invitations", () => {
  let admin: TenantContext;
  let sunriseAdmin: TenantContext;
  let sunriseId: string;
  let deltaId: string;

  beforeAll(async () => {
    // the admin's context as a request with a session cookie produces it
    const adminUser = await userByEmail("admin@northwind.test");
    const { token } = await createSession(adminUser.id);
    admin = await requireTenantMember(requestWithSession(token), "northwind");
    sunriseAdmin = await contextFor(database, "supplier@sunrise.test", "northwind");
    sunriseId = await partnerId(demo.northwind.id, "Sunrise Packaging");
    deltaId = await partnerId(demo.northwind.id, "Delta Co-Packers");
  });

  it("builds the admin's context from the session cookie", () => {
    expect(admin).toMatchObject({ tenantSlug: "northwind", role: "admin", partnerId: null, isPartner: false, userEmail: "admin@northwind.test" });
    expect(sunriseAdmin).toMatchObject({ role: "partner_admin", partnerId: sunriseId, isPartner: true });
  });

  it("an admin's invitation stores the token's hash, mails the link, keeps a copy in the outbox and audits it", async () => {
    const { id, url } = await inviteMember(admin, { email: " New.Planner@Northwind.test ", role: "planner", partnerId: null });
    expect(url).toMatch(new RegExp(`^${APP_URL}/invite/[a-z2-7]{32}$`));
    const token = url.split("/").pop()!;

    const [inv] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(inv).toMatchObject({
      tenantId: demo.northwind.id,
      email: "new.planner@northwind.test",
      role: "planner",
      partnerId: null,
      tokenHash: hashToken(token),
      invitedBy: admin.userId,
      acceptedAt: null,
    });
    const days = (inv.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(INVITE_DAYS - 0.01);
    expect(days).toBeLessThan(INVITE_DAYS + 0.01);

    const outbox = await database.db.select().from(emails).where(eq(emails.to, "new.planner@northwind.test"));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ tenantId: demo.northwind.id, template: "invitation", transport: "file" });
    expect(outbox[0].subject).toBe("You're invited to Northwind Foods on the Supplier Portal");
    // the admins' copy keeps the message but not the link's token: only the invitee's mail carries it
    for (const part of [outbox[0].text, outbox[0].html, outbox[0].subject]) expect(part).not.toContain(token);
    expect(outbox[0].text).toContain(`${APP_URL}/invite/${MASKED_TOKEN}`);
    expect(outbox[0].html).toContain(`${APP_URL}/invite/${MASKED_TOKEN}`);
    expect(outbox[0].text).toContain("Nadia Admin invited you to work with Northwind Foods as Planner.");
    const [shown] = (await listEmails(admin, null)).items.filter((m) => m.to === "new.planner@northwind.test");
    expect(JSON.stringify(await getEmail(admin, shown.id))).not.toContain(token);

    const sent = await mailsTo("new.planner@northwind.test");
    expect(sent).toHaveLength(1);
    expect(tokenIn(sent[0].body, "invite")).toBe(token);

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "invitation"), eq(auditLog.entityId, id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      tenantId: demo.northwind.id,
      action: "invitation.created",
      actorUserId: admin.userId,
      actorEmail: "admin@northwind.test",
      partnerId: null,
      before: null,
      after: { email: "new.planner@northwind.test", role: "planner", partnerId: null },
    });
    // the token itself is stored nowhere
    expect(JSON.stringify(audit[0])).not.toContain(token);
  });

  it("a copy kept in the Outbox before links were masked is masked when an admin reads it", async () => {
    const { url } = await inviteMember(admin, { email: "older.copy@northwind.test", role: "viewer", partnerId: null });
    const token = url.split("/").pop()!;
    // as the Outbox kept it before: the whole message, link and all (inserted as the owner)
    const rendered = invitationEmail({ tenantName: "Northwind Foods", inviterName: "Nadia Admin", roleLabel: "Viewer", partnerName: null, url, expiresInDays: INVITE_DAYS });
    const [old] = await database.db
      .insert(emails)
      .values({ tenantId: demo.northwind.id, template: rendered.template, to: "older.copy@northwind.test", subject: rendered.subject, html: rendered.html, text: rendered.text, transport: "file" })
      .returning({ id: emails.id });
    const shown = await getEmail(admin, old.id);
    expect(shown?.text).toContain("Nadia Admin invited you to work with Northwind Foods as Viewer.");
    expect(JSON.stringify(shown)).not.toContain(token);
    expect(JSON.stringify(await listEmails(admin, null))).not.toContain(token);
    // and the link itself still works for the invitee
    expect(await findPendingInvitation(token)).not.toBeNull();
  });

  it("a new person accepts once: the user, the membership and an audit row are created", async () => {
    const { url } = await inviteMember(admin, { email: "newcomer@sunrise.test", role: "partner_user", partnerId: sunriseId });
    const token = url.split("/").pop()!;
    const pending = await findPendingInvitation(token);
    expect(pending).toMatchObject({
      email: "newcomer@sunrise.test",
      role: "partner_user",
      partnerId: sunriseId,
      tenantSlug: "northwind",
    });

    const result = await createAccountFromInvitation(token, { name: "Nico Newcomer", password: "newcomer-password-1" });
    expect(result).toMatchObject({ ok: true, tenantSlug: "northwind" });
    if (!result.ok) return;
    const user = await userByEmail("newcomer@sunrise.test");
    expect(user).toMatchObject({ id: result.userId, name: "Nico Newcomer" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const [m] = await database.db.select().from(memberships).where(eq(memberships.userId, user.id));
    expect(m).toMatchObject({ tenantId: demo.northwind.id, role: "partner_user", partnerId: sunriseId, active: true });
    const [inv] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)));
    expect(inv.acceptedAt).not.toBeNull();
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "invitation.accepted"), eq(auditLog.actorUserId, user.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "membership", entityId: m.id, partnerId: sunriseId });
    expect((await login("newcomer@sunrise.test", "newcomer-password-1", freshIp())).ok).toBe(true);

    // single use
    expect(await findPendingInvitation(token)).toBeNull();
    const again = await createAccountFromInvitation(token, { name: "Someone Else", password: "another-password-2" });
    expect(again).toMatchObject({ ok: false, reason: "gone" });
    expect(await acceptInvitationAsUser(token, { id: user.id, email: user.email })).toMatchObject({ ok: false, reason: "gone" });
    expect((await userByEmail("newcomer@sunrise.test")).name).toBe("Nico Newcomer");
    expect(await database.db.select().from(memberships).where(eq(memberships.userId, user.id))).toHaveLength(1);
  });

  it("an existing user accepts only signed in as themselves: no password is checked or set, then a second membership", async () => {
    const contosoAdmin = await userByEmail("admin@contoso.test");
    const { url } = await inviteMember(admin, { email: "admin@contoso.test", role: "viewer", partnerId: null });
    const token = url.split("/").pop()!;
    // the pending invitation says nothing about whether the address has a login
    const pending = await findPendingInvitation(token);
    expect(pending).toMatchObject({ email: "admin@contoso.test", role: "viewer" });
    expect(pending).not.toHaveProperty("accountExists");

    // "create my login" with the right password, a wrong one or a new one: refused alike, nothing checked or changed
    for (const password of [DEMO_PASSWORD, "not-my-password", "a-new-password-123"]) {
      const result = await createAccountFromInvitation(token, { name: "Mallory", password });
      expect(result).toMatchObject({ ok: false, reason: "sign-in", message: expect.stringMatching(/^Sign in to accept: admin@contoso\.test already has a login/) });
    }
    // nobody else's session accepts it: not the inviting admin, not another user
    expect(await acceptInvitationAsUser(token, { id: admin.userId, email: admin.userEmail })).toMatchObject({ ok: false, reason: "not-yours" });
    expect((await listMemberships(contosoAdmin.id)).map((m) => m.tenantSlug)).toEqual(["contoso"]);
    expect(await listMemberships(admin.userId)).toHaveLength(1);
    expect(await findPendingInvitation(token)).not.toBeNull();
    expect(await database.db.select().from(users).where(eq(users.email, "admin@contoso.test"))).toEqual([contosoAdmin]);

    // signed in as the invited address (any case), they accept
    const right = await acceptInvitationAsUser(token, { id: contosoAdmin.id, email: "Admin@Contoso.test" });
    expect(right).toEqual({ ok: true, userId: contosoAdmin.id, tenantSlug: "northwind" });
    const list = await listMemberships(contosoAdmin.id);
    expect(list.map((m) => [m.tenantSlug, m.role])).toEqual([
      ["contoso", "admin"],
      ["northwind", "viewer"],
    ]);
    expect(await userByEmail("admin@contoso.test")).toEqual(contosoAdmin);
    expect(await acceptInvitationAsUser(token, { id: contosoAdmin.id, email: "admin@contoso.test" })).toMatchObject({ ok: false, reason: "gone" });
  });

  it("a partner admin's invitation always goes to their own partner", async () => {
    const { id } = await inviteMember(sunriseAdmin, { email: "colleague@sunrise.test", role: "partner_user", partnerId: deltaId });
    const [inv] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(inv.partnerId).toBe(sunriseId);
    const [outbox] = await database.db.select().from(emails).where(eq(emails.to, "colleague@sunrise.test"));
    expect(outbox.text).toContain("as Partner user for Sunrise Packaging.");
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ action: "invitation.created", partnerId: sunriseId, actorEmail: "supplier@sunrise.test" });
    // even without a partner in the form
    const second = await inviteMember(sunriseAdmin, { email: "colleague2@sunrise.test", role: "partner_admin", partnerId: null });
    const [inv2] = await database.db.select().from(invitations).where(eq(invitations.id, second.id));
    expect(inv2.partnerId).toBe(sunriseId);
  });

  it("refuses roles the inviter may not hand out, and mismatched partners", async () => {
    const count = async () => (await database.db.select().from(invitations)).length;
    const before = await count();
    const mailsBefore = (await readMailDir(mailDir)).length;
    const cases: [TenantContext, { email: string; role: TenantContext["role"]; partnerId: string | null }, string][] = [
      [sunriseAdmin, { email: "boss@sunrise.test", role: "admin", partnerId: null }, "role"],
      [sunriseAdmin, { email: "boss@sunrise.test", role: "planner", partnerId: null }, "role"],
      [sunriseAdmin, { email: "boss@sunrise.test", role: "viewer", partnerId: sunriseId }, "role"],
      [await contextFor(database, "director@northwind.test", "northwind"), { email: "x@x.test", role: "viewer", partnerId: null }, "role"],
      [admin, { email: "x@x.test", role: "partner_user", partnerId: null }, "partnerId"],
      [admin, { email: "x@x.test", role: "planner", partnerId: sunriseId }, "partnerId"],
      [admin, { email: "x@x.test", role: "partner_user", partnerId: "00000000-0000-4000-8000-000000000000" }, "partnerId"],
      [admin, { email: "Quality@Northwind.test", role: "viewer", partnerId: null }, "email"],
    ];
    for (const [ctx, input, field] of cases) {
      const error = await inviteMember(ctx, input).then(
        () => null,
        (e: unknown) => e
      );
      expect(error, `${ctx.userEmail} -> ${JSON.stringify(input)}`).toBeInstanceOf(InvitationError);
      expect((error as InvitationError).field, JSON.stringify(input)).toBe(field);
    }
    expect(await count()).toBe(before);
    expect((await readMailDir(mailDir)).length).toBe(mailsBefore);
  });

  it("refuses an invitation to a partner of another tenant", async () => {
    const coSunrise = await partnerId(demo.contoso.id, "Sunrise Packaging");
    await expect(inviteMember(admin, { email: "cross@x.test", role: "partner_user", partnerId: coSunrise })).rejects.toBeInstanceOf(InvitationError);
  });

  it("refuses an expired invitation", async () => {
    const { url } = await inviteMember(
      admin,
      { email: "late@northwind.test", role: "viewer", partnerId: null },
      new Date(Date.now() - (INVITE_DAYS + 1) * 86_400_000)
    );
    const token = url.split("/").pop()!;
    expect(await findPendingInvitation(token)).toBeNull();
    expect(await createAccountFromInvitation(token, { name: "Late", password: "late-password-123" })).toMatchObject({ ok: false, reason: "gone" });
    expect(await userByEmail("late@northwind.test")).toBeUndefined();
  });

  // A partner admin can't see other partners' users, so the invitation itself is sent (refusing it
  // would tell them who works elsewhere); accepting it must fail and change nothing.
  it("an invitation of someone who is already a member can't be accepted, and changes nothing", async () => {
    const { id, url } = await inviteMember(sunriseAdmin, { email: "filler@delta.test", role: "partner_user", partnerId: null });
    const token = url.split("/").pop()!;
    const before = await database.db.select().from(memberships).where(eq(memberships.tenantId, demo.northwind.id));
    const filler = await userByEmail("filler@delta.test");
    const result = await acceptInvitationAsUser(token, { id: filler.id, email: filler.email });
    expect(result).toMatchObject({ ok: false, reason: "already-member", message: expect.stringMatching(/already have access to Northwind Foods/) });
    const after = await database.db.select().from(memberships).where(eq(memberships.tenantId, demo.northwind.id));
    expect(after).toEqual(before);
    const [inv] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(inv.acceptedAt).toBeNull();
    const accepted = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "invitation.accepted"), eq(auditLog.entityId, id)));
    expect(accepted).toEqual([]);
  });

  it("refuses a made-up invitation token", async () => {
    expect(await findPendingInvitation("c".repeat(32))).toBeNull();
    expect(await findPendingInvitation("not a token")).toBeNull();
    expect(await createAccountFromInvitation("c".repeat(32), { name: "X", password: "some-password-123" })).toMatchObject({ ok: false, reason: "gone" });
  });
});
