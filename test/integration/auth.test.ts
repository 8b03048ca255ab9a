// Sign-in, throttling, sessions and "who is this request", against a real database.
import { eq, sql } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { requestWithSession, rowsOf } from "../helpers/factories";
import { checkThrottle, getCurrentUser, listMemberships, login, LOGIN_FAILED_MESSAGE, requireTenantMember, requireUser } from "../../app/server/auth.server";
import { createSession, invalidateSession, invalidateUserSessions, validateSessionToken } from "../../app/server/session.server";
import { getEnv } from "../../app/server/env.server";
import { hashToken } from "../../app/domain/session-token";
import type { Database } from "../../app/server/db.server";
import { hashPassword } from "../../app/server/password.server";
import { withTenant } from "../../app/server/tenant.server";
import { loginAttempts, memberships, partners, sessions, users } from "../../drizzle/schema";
import { DEMO_PASSWORD } from "../../drizzle/seed";

const DAY = 86_400_000;
let database: Database;
let demo: NonNullable<Awaited<ReturnType<typeof setupTestDatabase>>["demo"]>;
let ipCounter = 0;
/** a fresh client address per test, so address throttling of one test never leaks into another */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function userId(email: string) {
  const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}

beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  demo = setup.demo!;
});

afterAll(async () => {
  await database?.close();
});

describe("login", () => {
  it("signs in with the right password and records a successful attempt", async () => {
    const ip = freshIp();
    const result = await login("director@northwind.test", DEMO_PASSWORD, ip);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.userId).toBe(await userId("director@northwind.test"));
    expect(result.token).toMatch(/^[a-z2-7]{32}$/);
    expect(result.expiresAt.getTime()).toBeGreaterThan(Date.now() + (getEnv().SESSION_DAYS - 1) * DAY);
    const attempts = await database.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(attempts.map((a) => [a.email, a.success])).toEqual([["director@northwind.test", true]]);
    expect(await validateSessionToken(result.token)).not.toBeNull();
  });

  it("ignores case and surrounding spaces in the email", async () => {
    const result = await login("  Director@NorthWind.TEST ", DEMO_PASSWORD, freshIp());
    expect(result.ok).toBe(true);
  });

  it("gives the same 401 message for a wrong password and for an unknown email, and records both", async () => {
    const ip = freshIp();
    const wrong = await login("director@northwind.test", "not-the-password", ip);
    const unknown = await login("nobody@northwind.test", DEMO_PASSWORD, ip);
    expect(wrong).toEqual({ ok: false, status: 401, message: LOGIN_FAILED_MESSAGE });
    expect(unknown).toEqual(wrong);
    const attempts = await database.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(attempts.map((a) => [a.email, a.success]).sort()).toEqual([
      ["director@northwind.test", false],
      ["nobody@northwind.test", false],
    ]);
  });

  it("refuses a disabled account with the same message, even with the right password", async () => {
    await database.db.insert(users).values({ email: "gone@northwind.test", name: "Gone", passwordHash: await hashPassword(DEMO_PASSWORD), disabled: true });
    expect(await login("gone@northwind.test", DEMO_PASSWORD, freshIp())).toEqual({ ok: false, status: 401, message: LOGIN_FAILED_MESSAGE });
  });

  it("stores passwords as argon2id with 19 MiB memory, 2 passes and 1 lane", async () => {
    const [u] = await database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, "admin@northwind.test"));
    expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(u.passwordHash).not.toContain(DEMO_PASSWORD);
  });
});

describe("login throttling", () => {
  it("allows the right password after 4 failures of an account", async () => {
    for (let i = 0; i < 4; i++) expect((await login("planner@northwind.test", "wrong-password", freshIp())).ok).toBe(false);
    const result = await login("planner@northwind.test", DEMO_PASSWORD, freshIp());
    expect(result.ok).toBe(true);
  });

  it("blocks an account after 5 failures, from any address and even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await login("quality@northwind.test", `wrong-${i}`, freshIp());
      expect(r).toMatchObject({ ok: false, status: 401 });
    }
    const blocked = await login("quality@northwind.test", DEMO_PASSWORD, freshIp());
    expect(blocked.ok).toBe(false);
    if (blocked.ok) return;
    expect(blocked.status).toBe(429);
    expect(blocked.message).toMatch(/Too many failed sign-in attempts\. Try again in 1[45] minutes/);
    // the email's case doesn't help
    expect(await login("QUALITY@northwind.test", DEMO_PASSWORD, freshIp())).toMatchObject({ ok: false, status: 429 });
    // other accounts are not affected
    expect((await login("director@northwind.test", DEMO_PASSWORD, freshIp())).ok).toBe(true);
    // and a blocked attempt does not even count as a try
    const [n] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from login_attempts where email = 'quality@northwind.test'`);
    expect(n.n).toBe(5);
  });

  it("forgets failures older than the window", async () => {
    const email = "filler@delta.test";
    const old = new Date(Date.now() - 16 * 60_000);
    await database.db.insert(loginAttempts).values(Array.from({ length: 6 }, () => ({ email, ip: "203.0.113.200", success: false, at: old })));
    expect((await checkThrottle(email, freshIp())).allowed).toBe(true);
    expect((await login(email, DEMO_PASSWORD, freshIp())).ok).toBe(true);
    // but not at the time they were made
    expect((await checkThrottle(email, freshIp(), new Date(old.getTime() + 60_000))).allowed).toBe(false);
  });

  it("blocks an address after 20 failures across different emails", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const r = await login(`spray-${i}@example.test`, "guess-guess-guess", ip);
      expect(r, `attempt ${i}`).toMatchObject({ ok: false, status: 401 });
    }
    const decision = await checkThrottle("admin@contoso.test", ip);
    expect(decision).toMatchObject({ allowed: false, reason: "address" });
    const blocked = await login("admin@contoso.test", DEMO_PASSWORD, ip);
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    // the same account from another address is fine
    expect((await login("admin@contoso.test", DEMO_PASSWORD, freshIp())).ok).toBe(true);
  });
});

describe("sessions", () => {
  it("stores only the SHA-256 of the token", async () => {
    const uid = await userId("admin@northwind.test");
    const { token } = await createSession(uid);
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, uid));
    expect(rows.map((r) => r.id)).toContain(hashToken(token));
    const [dump] = await rowsOf<{ t: string }>(database.db, sql`select coalesce(string_agg(s::text, ' '), '') as t from sessions s`);
    expect(dump.t).toContain(hashToken(token));
    expect(dump.t).not.toContain(token);
  });

  it("validates a fresh session without extending it", async () => {
    const uid = await userId("admin@northwind.test");
    const t0 = new Date();
    const { token, expiresAt } = await createSession(uid, t0);
    const result = await validateSessionToken(token, new Date(t0.getTime() + 10 * DAY));
    expect(result).toEqual({
      session: { id: hashToken(token), expiresAt, extended: false },
      user: { id: uid, email: "admin@northwind.test", name: "Nadia Admin" },
    });
  });

  it("extends a session used past half its life to a full term from now", async () => {
    const uid = await userId("admin@northwind.test");
    const days = getEnv().SESSION_DAYS;
    const t0 = new Date(Date.now() - DAY);
    const { token, expiresAt } = await createSession(uid, t0);
    expect(expiresAt.getTime()).toBe(t0.getTime() + days * DAY);
    const later = new Date(t0.getTime() + (days / 2) * DAY + 60_000);
    const result = await validateSessionToken(token, later);
    expect(result?.session.extended).toBe(true);
    expect(result?.session.expiresAt.getTime()).toBe(later.getTime() + days * DAY);
    const [row] = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashToken(token)));
    expect(row.expiresAt.getTime()).toBe(later.getTime() + days * DAY);
  });

  it("rejects and deletes an expired session", async () => {
    const uid = await userId("admin@northwind.test");
    const t0 = new Date();
    const { token, expiresAt } = await createSession(uid, t0);
    expect(await validateSessionToken(token, new Date(t0.getTime() + 1000))).not.toBeNull();
    expect(await validateSessionToken(token, expiresAt)).toBeNull();
    expect(
      await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, hashToken(token)))
    ).toEqual([]);
    // gone for good, even at a time it would have been valid
    expect(await validateSessionToken(token, t0)).toBeNull();
  });

  it("rejects malformed and unknown tokens", async () => {
    expect(await validateSessionToken("")).toBeNull();
    expect(await validateSessionToken("' or 1=1 --")).toBeNull();
    expect(await validateSessionToken("a".repeat(32))).toBeNull();
    const uid = await userId("admin@northwind.test");
    const { token } = await createSession(uid);
    // the stored hash is not a token
    expect(await validateSessionToken(hashToken(token))).toBeNull();
    expect(await validateSessionToken(token.toUpperCase())).toBeNull();
  });

  it("rejects the session of a disabled user", async () => {
    const uid = await userId("ops@metro3pd.test");
    const { token } = await createSession(uid);
    expect(await validateSessionToken(token)).not.toBeNull();
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, uid));
    try {
      expect(await validateSessionToken(token)).toBeNull();
    } finally {
      await database.db.update(users).set({ disabled: false }).where(eq(users.id, uid));
    }
    expect(await validateSessionToken(token)).toBeNull();
  });

  it("invalidateSession ends that session only", async () => {
    const uid = await userId("director@northwind.test");
    const a = await createSession(uid);
    const b = await createSession(uid);
    const va = await validateSessionToken(a.token);
    await invalidateSession(va!.session.id);
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(await validateSessionToken(b.token)).not.toBeNull();
  });

  it("invalidateUserSessions ends all of a user's sessions and no one else's", async () => {
    const uid = await userId("planner@northwind.test");
    const other = await createSession(await userId("director@northwind.test"));
    const tokens = [await createSession(uid), await createSession(uid)];
    await invalidateUserSessions(uid);
    for (const t of tokens) expect(await validateSessionToken(t.token)).toBeNull();
    expect(await validateSessionToken(other.token)).not.toBeNull();
  });
});

describe("the current user of a request", () => {
  it("reads the session from the portal_session cookie", async () => {
    const uid = await userId("admin@northwind.test");
    const { token } = await createSession(uid);
    const current = await getCurrentUser(requestWithSession(token));
    expect(current?.user).toEqual({ id: uid, email: "admin@northwind.test", name: "Nadia Admin" });
    expect(current?.refreshCookie).toBeNull();
    expect(await getCurrentUser(requestWithSession(null))).toBeNull();
    expect(await getCurrentUser(requestWithSession("b".repeat(32)))).toBeNull();
  });

  it("sends a refreshed cookie when the session was extended", async () => {
    const uid = await userId("admin@northwind.test");
    const { token } = await createSession(uid, new Date(Date.now() - 20 * DAY));
    const current = await getCurrentUser(requestWithSession(token));
    expect(current?.session.extended).toBe(true);
    expect(current?.refreshCookie).toContain(`portal_session=${token}`);
    expect(current?.refreshCookie).toMatch(/HttpOnly/);
    expect(current?.refreshCookie).toMatch(/SameSite=Lax/);
  });

  it("redirects an anonymous request to the login page, keeping where it was going", async () => {
    const thrown = await requireUser(requestWithSession(null, "http://localhost:3000/northwind/partners?q=sun")).then(
      () => null,
      (e: unknown) => e
    );
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=" + encodeURIComponent("/northwind/partners?q=sun"));
  });
});

describe("memberships", () => {
  it("lists both tenants for the Sunrise supplier, each with its own partner record", async () => {
    const uid = await userId("supplier@sunrise.test");
    const list = await listMemberships(uid);
    expect(list.map((m) => [m.tenantSlug, m.tenantName, m.role])).toEqual([
      ["contoso", "Contoso Beverages", "partner_admin"],
      ["northwind", "Northwind Foods", "partner_admin"],
    ]);
    for (const m of list) {
      const [p] = await withTenant({ tenantId: m.tenantId, partnerId: null, userId: null }, (tx) =>
        tx.select().from(partners).where(eq(partners.id, m.partnerId!))
      );
      expect(p.name).toBe("Sunrise Packaging");
    }
    expect(list[0].partnerId).not.toBe(list[1].partnerId);
  });

  it("lists one tenant for a single-tenant user, and leaves out inactive memberships", async () => {
    const uid = await userId("admin@contoso.test");
    expect((await listMemberships(uid)).map((m) => m.tenantSlug)).toEqual(["contoso"]);
    const nobody = await database.db.insert(users).values({ email: "no-tenant@x.test", name: "No Tenant" }).returning();
    expect(await listMemberships(nobody[0].id)).toEqual([]);
    const director = await userId("director@northwind.test");
    expect(await listMemberships(director)).toHaveLength(1);
    await database.db.update(memberships).set({ active: false }).where(eq(memberships.userId, director));
    try {
      expect(await listMemberships(director)).toEqual([]);
    } finally {
      await database.db.update(memberships).set({ active: true }).where(eq(memberships.userId, director));
    }
  });

  it("requireTenantMember gives the member's context, with the partner's name for partner users", async () => {
    const uid = await userId("supplier@sunrise.test");
    const { token } = await createSession(uid);
    const ctx = await requireTenantMember(requestWithSession(token), "northwind");
    expect(ctx).toMatchObject({
      tenantId: demo.northwind.id,
      tenantSlug: "northwind",
      role: "partner_admin",
      partnerName: "Sunrise Packaging",
      userId: uid,
      userEmail: "supplier@sunrise.test",
      isPartner: true,
    });
  });

  it("requireTenantMember answers 404 for a tenant the user is not in, and for one that doesn't exist", async () => {
    const { token } = await createSession(await userId("admin@northwind.test"));
    for (const slug of ["contoso", "no-such-tenant", undefined]) {
      const thrown = await requireTenantMember(requestWithSession(token), slug).then(
        () => null,
        (e: unknown) => e
      );
      expect(thrown, String(slug)).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });

  it("requireTenantMember shuts out the users of a deactivated partner", async () => {
    const uid = await userId("dispatch@fastfreight.test");
    const { token } = await createSession(uid);
    const ctx = await requireTenantMember(requestWithSession(token), "northwind");
    await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: null }, (tx) =>
      tx.update(partners).set({ active: false }).where(eq(partners.id, ctx.partnerId!))
    );
    const thrown = await requireTenantMember(requestWithSession(token), "northwind").then(
      () => null,
      (e: unknown) => e
    );
    expect((thrown as Response).status).toBe(404);
  });
});
