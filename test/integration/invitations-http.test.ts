// Invitations and the Outbox over real HTTP, replaying the probe's takeover: an admin of one company
// invited another company's director, read the link on the Outbox and guessed the director's
// password through POST /invite/:token, which checked it with no throttle.
import fs from "node:fs/promises";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { resetEnvCache } from "../../app/server/env.server";
import { auditLog, invitations, memberships, users } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { readMailDir, useTempMailDir } from "../helpers/factories";
import { DEMO_PASSWORD, sessionCookieFrom, startTestServer, type TestServer } from "../helpers/http";

const APP_URL = "http://portal.test:8080";
const saved = { APP_URL: process.env.APP_URL, MAIL_DIR: process.env.MAIL_DIR, SMTP_URL: process.env.SMTP_URL };
const TOKEN = /[a-z2-7]{32}/g;

let database: Database;
let server: TestServer;
let mailDir: string;
let contosoId: string;
let contosoAdmin: string;

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  mailDir = await useTempMailDir();
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  contosoId = setup.demo!.contoso.id;
  server = await startTestServer();
  contosoAdmin = await server.login("admin@contoso.test");
});

afterAll(async () => {
  await server?.close();
  await database?.close();
  await fs.rm(mailDir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});

/** HTML as the browser shows it: entities decoded enough to search for a message. */
function text(html: string) {
  return html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/** The page's words without its markup. */
function visible(html: string) {
  return text(html.replace(/<[^>]+>/g, ""));
}

/** Contoso's admin invites someone through the Users page; returns the token from the mail actually sent. */
async function invite(email: string, role = "viewer"): Promise<string> {
  const before = (await readMailDir(mailDir)).length;
  const res = await server.post("/contoso/users", contosoAdmin, { email, role });
  expect(res.status, await res.text()).toBe(200);
  const mail = (await readMailDir(mailDir)).slice(before).find((m) => m.to.includes(email));
  expect(mail, `no invitation mailed to ${email}`).toBeDefined();
  const token = new RegExp(`/invite/([a-z2-7]{32})\\b`).exec(mail!.body)?.[1];
  expect(token, mail!.body).toBeDefined();
  return token!;
}

async function userRow(email: string) {
  const [u] = await database.db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return u;
}

async function contosoRoleOf(email: string) {
  const rows = await database.db
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, contosoId), eq(users.email, email)));
  return rows.map((r) => r.role);
}

async function invitationState(token: string) {
  const { hashToken } = await import("../../app/domain/session-token");
  const [inv] = await database.db.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token)));
  return inv;
}

describe("the Outbox and other admin pages never show a live invitation link", () => {
  test("HTML and data requests hold no token that works; the mail actually sent does", async () => {
    const token = await invite("director@northwind.test");

    const list = await server.get("/contoso/outbox?_data=routes%2F%24tenant.outbox._index", contosoAdmin);
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { id: string; to: string; subject: string }[] };
    const row = items.find((m) => m.to === "director@northwind.test");
    expect(row?.subject).toBe("You're invited to Contoso Beverages on the Supplier Portal");
    const [inv] = await database.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, "director@northwind.test"));

    const pages = [
      "/contoso/outbox",
      "/contoso/outbox?_data=routes%2F%24tenant.outbox._index",
      `/contoso/outbox/${row!.id}`,
      `/contoso/outbox/${row!.id}?_data=routes%2F%24tenant.outbox.%24emailId`,
      "/contoso/users",
      "/contoso/users?_data=routes%2F%24tenant.users._index",
      `/contoso/invitations/${inv.id}`,
      `/contoso/invitations/${inv.id}?_data=routes%2F%24tenant.invitations.%24invitationId`,
      "/contoso/audit",
      "/contoso/audit?_data=routes%2F%24tenant.audit",
    ];
    for (const path of pages) {
      const res = await server.get(path, contosoAdmin);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).not.toContain(token);
      expect(body, path).not.toMatch(/\/invite\/[a-z2-7]{32}/);
    }
    // the single-email page still shows the message, with its link masked
    const page = text(await (await server.get(`/contoso/outbox/${row!.id}`, contosoAdmin)).text());
    expect(page).toContain("Carla Contoso invited you to work with Contoso Beverages as Viewer.");
    expect(page).toContain("/invite/••••••");
    // nothing on the page is a token of any live invitation
    for (const candidate of page.match(TOKEN) ?? []) {
      const res = await server.get(`/invite/${candidate}`);
      expect(text(await res.text()), candidate).toContain("This invitation can't be used");
    }

    // the mail the director actually received still carries the working link
    const res = await server.get(`/invite/${token}`);
    expect(res.status).toBe(200);
    expect(visible(await res.text())).toContain("Join Contoso Beverages");
  });
});

describe("no password is checked through an invitation", () => {
  test("forty guesses and the right password through POST /invite/:token: none signs in, none is an oracle; /login reaches 429", async () => {
    const token = await invite("planner@northwind.test");
    const before = await userRow("planner@northwind.test");
    const replies: { status: number; body: string }[] = [];
    // today's form for an existing account sends `password` alone; the new-person form sends name and confirm too
    const shapes = (password: string) => [{ password }, { name: "Priya Planner", password, confirm: password }];
    for (let i = 1; i <= 20; i++) {
      for (const fields of shapes(`guess-number-${i}-xyz`)) {
        const res = await server.post(`/invite/${token}`, null, fields);
        expect(sessionCookieFrom(res), JSON.stringify(fields)).toBeNull();
        replies.push({ status: res.status, body: await res.text() });
      }
    }
    expect(replies).toHaveLength(40);
    for (const r of replies) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    // the right password gets exactly the answer a wrong one gets: it is never checked
    for (const [i, fields] of shapes(DEMO_PASSWORD).entries()) {
      const res = await server.post(`/invite/${token}`, null, fields);
      expect(sessionCookieFrom(res)).toBeNull();
      const wrong = replies[replies.length - 2 + i];
      expect(res.status).toBe(wrong.status);
      expect((await res.text()).replaceAll(DEMO_PASSWORD, "")).toBe(wrong.body.replaceAll(`guess-number-20-xyz`, ""));
    }
    // nothing changed: no membership, the same password, the invitation still open
    expect(await contosoRoleOf("planner@northwind.test")).toEqual([]);
    expect((await userRow("planner@northwind.test")).passwordHash).toBe(before.passwordHash);
    expect((await invitationState(token)).acceptedAt).toBeNull();

    // guessing where it belongs, at /login, is throttled after five failures
    for (let i = 1; i <= 5; i++) {
      const res = await server.post("/login", null, { email: "planner@northwind.test", password: `guess-at-login-${i}` });
      await res.body?.cancel();
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const sixth = await server.post("/login", null, { email: "planner@northwind.test", password: DEMO_PASSWORD });
    expect(sixth.status).toBe(429);
    expect(sessionCookieFrom(sixth)).toBeNull();
  });

  test("the invitation page looks the same whether or not the address has an account", async () => {
    const existing = await invite("quality@northwind.test");
    const fresh = await invite("brand.new.person@contoso.test");
    const normalise = (body: string, token: string, email: string) => body.replaceAll(token, "TOKEN").replaceAll(email, "EMAIL");
    for (const suffix of ["", "?_data=routes%2Finvite.%24token"]) {
      const a = await server.get(`/invite/${existing}${suffix}`);
      const b = await server.get(`/invite/${fresh}${suffix}`);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(normalise(await a.text(), existing, "quality@northwind.test")).toBe(normalise(await b.text(), fresh, "brand.new.person@contoso.test"));
    }
    // the page offers both ways in: signing in (throttled like any sign-in) and choosing a password
    const page = text(await (await server.get(`/invite/${existing}`)).text());
    expect(page).toContain(`href="/login?redirectTo=${encodeURIComponent(`/invite/${existing}`)}"`);
    expect(page).toContain('name="confirm"');
  });

  test("'create my login' for an address that has an account sets no password, makes no second account and accepts nothing", async () => {
    const token = await invite("filler@delta.test");
    const before = await userRow("filler@delta.test");
    const res = await server.post(`/invite/${token}`, null, {
      intent: "create",
      name: "Mallory",
      password: "attacker-chosen-password",
      confirm: "attacker-chosen-password",
    });
    expect(res.status).toBe(409);
    expect(sessionCookieFrom(res)).toBeNull();
    const body = visible(await res.text());
    expect(body).toContain("Sign in to accept: filler@delta.test already has a login on the Supplier Portal.");
    expect(body).not.toContain("attacker-chosen-password");
    const after = await userRow("filler@delta.test");
    expect(after).toEqual(before);
    expect(await database.db.select().from(users).where(sql`lower(${users.email}) = 'filler@delta.test'`)).toHaveLength(1);
    expect(await contosoRoleOf("filler@delta.test")).toEqual([]);
    expect((await invitationState(token)).acceptedAt).toBeNull();
    const login = await server.post("/login", null, { email: "filler@delta.test", password: "attacker-chosen-password" });
    expect(login.status).toBe(401);
  });
});

describe("an existing account accepts by signing in", () => {
  test("sign in from the invitation page, come back to it, accept: the membership is added and nothing else changes", async () => {
    const email = "dispatch@fastfreight.test";
    const token = await invite(email);
    const before = await userRow(email);

    const signIn = await server.post("/login", null, { email, password: DEMO_PASSWORD, redirectTo: `/invite/${token}` });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe(`/invite/${token}`);
    const cookie = sessionCookieFrom(signIn)!;

    const page = text(await (await server.get(`/invite/${token}`, cookie)).text());
    expect(visible(page)).toContain(`You're signed in as ${email}`);
    expect(page).toMatch(/<button[^>]*name="intent"[^>]*value="accept"/);
    expect(page).not.toContain('type="password"');

    const accept = await server.post(`/invite/${token}`, cookie, { intent: "accept" });
    expect(accept.status).toBe(302);
    expect(accept.headers.get("location")).toBe("/contoso");
    expect(await contosoRoleOf(email)).toEqual(["viewer"]);
    expect(await userRow(email)).toEqual(before);
    const [inv] = await database.db.select().from(invitations).where(eq(invitations.email, email));
    expect(inv.acceptedAt).not.toBeNull();
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, contosoId), eq(auditLog.action, "invitation.accepted"), eq(auditLog.actorUserId, before.id)));
    expect(audit).toHaveLength(1);
    // spent
    expect(text(await (await server.get(`/invite/${token}`, cookie)).text())).toContain("This invitation can't be used");
    const again = await server.post(`/invite/${token}`, cookie, { intent: "accept" });
    expect(again.status).toBe(410);
  });

  test("someone signed in with another address (the inviting admin, say) can't accept it", async () => {
    const email = "ops@metro3pd.test";
    const token = await invite(email);
    const page = text(await (await server.get(`/invite/${token}`, contosoAdmin)).text());
    expect(visible(page)).toContain("You're signed in as admin@contoso.test, but this invitation is for ops@metro3pd.test");
    expect(page).not.toMatch(/value="accept"/);
    for (const fields of [{ intent: "accept" }, { intent: "accept", password: DEMO_PASSWORD }, { password: DEMO_PASSWORD }]) {
      const res = await server.post(`/invite/${token}`, contosoAdmin, fields);
      expect(res.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(fields)).toBeLessThan(500);
      await res.body?.cancel();
    }
    expect(await contosoRoleOf(email)).toEqual([]);
    expect((await invitationState(token)).acceptedAt).toBeNull();

    // the page's Sign out comes back to the invitation; a foreign address is not followed
    const other = await server.login("admin@contoso.test");
    const out = await server.post("/logout", other, { redirectTo: `/invite/${token}` });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(`/invite/${token}`);
    expect((await server.get("/contoso", other)).status).toBe(302);
    const away = await server.post("/logout", await server.login("admin@contoso.test"), { redirectTo: "//evil.example/x" });
    expect(away.headers.get("location")).toBe("/login");
  });
});

describe("two acceptances of one invitation at once", () => {
  test("a new person's two simultaneous submissions: one account, one membership, the other a clear 4xx", async () => {
    const email = "double.click@contoso.test";
    const token = await invite(email);
    const fields = { intent: "create", name: "Dee Double", password: "double-click-pass-1", confirm: "double-click-pass-1" };
    const results = await Promise.all([0, 1, 2].map(() => server.post(`/invite/${token}`, null, fields)));
    const statuses = results.map((r) => r.status).sort();
    const bodies = await Promise.all(results.map((r) => r.text()));
    expect(statuses[0], bodies.join("\n---\n").slice(0, 2000)).toBe(302);
    // 409 when it lost the race while writing, 410 when it arrived after the winner had finished
    for (const s of statuses.slice(1)) expect([409, 410]).toContain(s);
    for (const [i, r] of results.entries()) if (r.status !== 302) expect(text(bodies[i])).toMatch(/This invitation (has expired, )?was already used/);
    expect(results.filter((r) => sessionCookieFrom(r))).toHaveLength(1);
    expect(await database.db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    expect(await contosoRoleOf(email)).toEqual(["viewer"]);
  });

  test("a signed-in invitee's two simultaneous acceptances: one membership, the other a clear 4xx", async () => {
    const invitee = "admin@northwind.test";
    const token = await invite(invitee);
    const cookie = await server.login(invitee);
    const results = await Promise.all([0, 1, 2].map(() => server.post(`/invite/${token}`, cookie, { intent: "accept" })));
    const statuses = results.map((r) => r.status).sort();
    await Promise.all(results.map((r) => r.body?.cancel()));
    expect(statuses[0]).toBe(302);
    for (const s of statuses.slice(1)) expect([409, 410]).toContain(s);
    expect(await contosoRoleOf(invitee)).toEqual(["viewer"]);
  });
});
