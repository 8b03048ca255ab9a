// The portal over real HTTP: the Origin check, 404 and 500 pages, the session cookie, logout,
// server-side validation and login throttling.
import { and, count, eq } from "drizzle-orm";
import { LOGIN_FAILED_MESSAGE } from "../../app/server/auth.server";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { useDatabase, type Database } from "../../app/server/db.server";
import { sessionCookie, SESSION_COOKIE } from "../../app/server/session.server";
import { hashToken } from "../../app/domain/session-token";
import { partners, sessions } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { DEMO_PASSWORD, sessionCookieFrom, startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
let northwindId: string;
let adminCookie: string;

beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  northwindId = setup.demo!.northwind.id;
  server = await startTestServer();
  adminCookie = await server.login("admin@northwind.test");
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** HTML as the browser shows it: entities decoded enough to search for a message. */
function text(html: string) {
  return html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

describe("Origin check", () => {
  test("a POST without an Origin is refused with 403", async () => {
    const res = await server.post("/login", null, { email: "admin@northwind.test", password: DEMO_PASSWORD }, { origin: null });
    expect(res.status).toBe(403);
    expect(sessionCookieFrom(res)).toBeNull();
  });

  test("a POST from a foreign Origin is refused with 403", async () => {
    for (const origin of ["http://evil.example", "null", server.baseUrl.replace("127.0.0.1", "127.0.0.2")]) {
      const res = await server.post("/login", null, { email: "admin@northwind.test", password: DEMO_PASSWORD }, { origin });
      await res.body?.cancel();
      expect(res.status, origin).toBe(403);
      expect(sessionCookieFrom(res)).toBeNull();
    }
    const logout = await server.post("/logout", adminCookie, {}, { origin: "http://evil.example" });
    expect(logout.status).toBe(403);
  });

  test("a POST from the portal's own Origin goes through", async () => {
    const res = await server.post("/login", null, { email: "quality@northwind.test", password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
    expect(sessionCookieFrom(res)).not.toBeNull();
  });

  test("a GET needs no Origin", async () => {
    const res = await server.get("/login", null, { origin: null });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="email"');
  });
});

describe("404 pages", () => {
  test.each(["/no/such/page/at/all", "/northwind/nothing-here"])("unknown URL %s is a 404 page", async (path) => {
    for (const cookie of [null, adminCookie]) {
      const res = await server.get(path, cookie);
      expect(res.status, `${path} ${cookie ? "signed in" : "anonymous"}`).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("Page not found");
    }
  });

  test("a record id that is not a UUID is the same 404", async () => {
    for (const path of ["/northwind/partners/not-a-uuid", "/northwind/facilities/not-a-uuid", "/northwind/partners/00000000-0000-0000-0000-000000000000"]) {
      const res = await server.get(path, adminCookie);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Page not found");
    }
    const post = await server.post("/northwind/partners/not-a-uuid", adminCookie, { intent: "deactivate", version: 1 });
    expect(post.status).toBe(404);
  });

  test("a tenant the user does not belong to is the same 404 as one that does not exist", async () => {
    for (const path of ["/contoso", "/no-such-tenant", "/contoso/partners"]) {
      const res = await server.get(path, adminCookie);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Page not found");
    }
  });
});

describe("session cookie", () => {
  test("login sets an HttpOnly, SameSite=Lax cookie for the whole site, not Secure over http", async () => {
    const res = await server.post("/login", null, { email: "director@northwind.test", password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(header).toBeDefined();
    const attributes = header!.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).not.toContain("secure");
    expect(attributes.some((a) => a.startsWith("expires=") || a.startsWith("max-age="))).toBe(true);
    // the token itself is never stored, only its SHA-256
    const token = header!.split(";")[0].slice(SESSION_COOKIE.length + 1);
    expect(token.length).toBeGreaterThanOrEqual(22);
    const [stored] = await database.db.select({ n: count() }).from(sessions).where(eq(sessions.id, hashToken(token)));
    expect(stored.n).toBe(1);
    const [plain] = await database.db.select({ n: count() }).from(sessions).where(eq(sessions.id, token));
    expect(plain.n).toBe(0);
  });

  test("the cookie is Secure when the portal is served over https", () => {
    const cookie = sessionCookie(new Request("https://portal.example/login", { method: "POST" }), "t0ken", new Date(Date.now() + 86_400_000));
    const attributes = cookie.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("secure");
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
  });
});

describe("logout", () => {
  test("logout invalidates the session on the server, so the old cookie no longer works", async () => {
    const cookie = await server.login("admin@northwind.test");
    const before = await server.get("/northwind", cookie);
    await before.body?.cancel();
    expect(before.status).toBe(200);

    const res = await server.post("/logout", cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    const token = cookie.slice(SESSION_COOKIE.length + 1);
    const [row] = await database.db.select({ n: count() }).from(sessions).where(eq(sessions.id, hashToken(token)));
    expect(row.n).toBe(0);

    // a browser that kept the old cookie (or a thief who copied it) is sent to the login page
    const after = await server.get("/northwind", cookie);
    await after.body?.cancel();
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login(\?|$)/);

    // the other session of the same user is untouched
    const other = await server.get("/northwind", adminCookie);
    await other.body?.cancel();
    expect(other.status).toBe(200);
  });
});

describe("bad input", () => {
  test("an invalid form is a 400 with the message beside the field, and nothing is saved", async () => {
    const countPartners = async () =>
      (await database.db.select({ n: count() }).from(partners).where(eq(partners.tenantId, northwindId)))[0].n;
    const before = await countPartners();
    const res = await server.post("/northwind/partners/new", adminCookie, { name: "", kind: "supplier", contactEmail: "not-an-email" });
    expect(res.status).toBe(400);
    const html = text(await res.text());
    // conform renders each field's errors in the element its input points at with aria-describedby
    const nameInput = html.match(/<input[^>]*name="name"[^>]*>/)?.[0] ?? "";
    expect(nameInput).toContain('aria-invalid="true"');
    const errorId = nameInput.match(/aria-describedby="([^"]+)"/)?.[1];
    expect(errorId).toBeTruthy();
    const errorEl = html.match(new RegExp(`<[^>]*id="${errorId}"[^>]*>([^<]*)<`))?.[1] ?? "";
    expect(errorEl).toMatch(/Enter the partner's name/);
    expect(html).toContain("Enter a valid email address.");
    expect(await countPartners()).toBe(before);

    // the same page with a good form saves and redirects
    const ok = await server.post("/northwind/partners/new", adminCookie, { name: "Valid Partner BV", kind: "carrier" });
    expect(ok.status).toBe(302);
    expect(await countPartners()).toBe(before + 1);
    const [created] = await database.db
      .select({ id: partners.id })
      .from(partners)
      .where(and(eq(partners.tenantId, northwindId), eq(partners.name, "Valid Partner BV")));
    expect(ok.headers.get("location")).toBe(`/northwind/partners/${created.id}`);
  });
});

describe("login throttling", () => {
  test("the same message whether or not the account exists", async () => {
    const unknown = await server.post("/login", null, { email: "nobody@northwind.test", password: "wrong-password-1" });
    const wrong = await server.post("/login", null, { email: "ops@metro3pd.test", password: "wrong-password-1" });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(text(await unknown.text())).toContain(LOGIN_FAILED_MESSAGE);
    expect(text(await wrong.text())).toContain(LOGIN_FAILED_MESSAGE);
  });

  test("after 5 wrong passwords for one account, the 6th attempt is a 429 with a clear message", async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await server.post("/login", null, { email: "planner@northwind.test", password: `wrong-password-${i}` });
      await res.body?.cancel();
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    // even the right password is refused while the account is throttled
    const sixth = await server.post("/login", null, { email: "planner@northwind.test", password: DEMO_PASSWORD });
    expect(sixth.status).toBe(429);
    expect(sessionCookieFrom(sixth)).toBeNull();
    expect(text(await sixth.text())).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?/);
    // other accounts from the same address still sign in
    const other = await server.post("/login", null, { email: "quality@northwind.test", password: DEMO_PASSWORD });
    expect(other.status).toBe(302);
  });
});

describe("500 page", () => {
  test("an unexpected error is a 500 page without stack trace or internals, and the log holds no parameter values", async () => {
    // the database fails the way drizzle reports it: the failed query with its parameters in the message
    const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    const failing = new Proxy(database.db, {
      get() {
        throw new DrizzleQueryError('select "password_hash" from "users" where "email" = $1', ["planner@northwind.test", HASH], new Error("connection lost"));
      },
    });
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args));
    useDatabase({ ...database, db: failing });
    try {
      for (const path of ["/login", "/login?_data=routes%2Flogin"]) {
        const res = await fetch(server.baseUrl + path, {
          method: "POST",
          headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "planner@northwind.test", password: "secret-password-typed" }),
        });
        expect(res.status, path).toBe(500);
        const body = await res.text();
        if (!path.includes("_data")) expect(body).toContain("Something went wrong");
        for (const secret of ["Failed query", "password_hash", HASH, "connection lost", "DrizzleQueryError", "    at ", "node_modules", "build/index.js", ".ts:", "undici", "select ", "SQL"]) {
          expect(body, `${path} shows ${secret}`).not.toContain(secret);
        }
      }
      // the error was logged on the server instead (asynchronously, after the user lookup)
      await vi.waitFor(() => expect(JSON.stringify(errors)).toContain("password_hash"));
      expect(JSON.stringify(errors)).toContain("paramCount");
      const logged = JSON.stringify(errors);
      expect(logged).not.toContain(HASH);
      expect(logged).not.toContain("secret-password-typed");
      expect(logged).not.toContain("planner@northwind.test");
    } finally {
      useDatabase(database);
      spy.mockRestore();
    }
  });
});
