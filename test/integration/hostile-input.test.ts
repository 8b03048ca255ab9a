// The adversarial probe's requests, replayed against the real portal over HTTP (issue 13): one
// small request must not take the server down, every bad request is a 4xx, and a failed
// submission never echoes unbounded input back.
import http from "node:http";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { encodeCursor } from "../../app/domain/keyset";
import { partners } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { findVictims, inTenantRoutes, isHolderRoute, routeUrl, type Scope } from "../helpers/isolation-sweep";
import { DEMO_PASSWORD, formBody, startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
let planner: string;
let supplier: string;
let filler: string;
let ids: { northwind: string; sunrise: string; delta: string };

beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  server = await startTestServer();
  [planner, supplier, filler] = await Promise.all([
    server.login("planner@northwind.test"),
    server.login("supplier@sunrise.test"),
    server.login("filler@delta.test"),
  ]);
  const northwind = setup.demo!.northwind.id;
  const partnerId = async (name: string) =>
    (await database.db.select({ id: partners.id }).from(partners).where(and(eq(partners.tenantId, northwind), eq(partners.name, name))))[0].id;
  ids = { northwind, sunrise: await partnerId("Sunrise Packaging"), delta: await partnerId("Delta Co-Packers") };
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** POST a raw body (already encoded) with the portal's Origin. */
function postRaw(path: string, body: BodyInit, contentType: string | null, cookie?: string) {
  const headers: Record<string, string> = { Origin: server.baseUrl };
  if (contentType) headers["Content-Type"] = contentType;
  if (cookie) headers.Cookie = cookie;
  return fetch(server.baseUrl + path, { method: "POST", headers, body, redirect: "manual" });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; rssGrowth: number }> {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started, rssGrowth: process.memoryUsage().rss - rss };
}

const PROBE = "email=a%40b.test&password=x&redirectTo=&x[150000000]=1";

describe("one small request can't take the server down", () => {
  test.each(["/login", "/forgot-password", "/reset-password/0123456789abcdefghijklmnop", "/invite/0123456789abcdefghijklmnop"])(
    "the 54-byte x[150000000] probe to %s is a quick 400",
    async (path) => {
      expect(PROBE.length).toBe(54);
      const { value: res, ms, rssGrowth } = await timed(() => postRaw(path, PROBE, "application/x-www-form-urlencoded"));
      const body = await res.text();
      expect(res.status).toBe(400);
      expect(body).toContain("more than 500 rows");
      expect(body.length).toBeLessThan(2_000);
      expect(ms).toBeLessThan(2_000);
      expect(rssGrowth).toBeLessThan(100 * 1024 * 1024);
    },
  );

  test("x[5000000] doesn't stall the requests beside it", async () => {
    const [probe, page] = await Promise.all([
      postRaw("/login", "x[5000000]=1&email=a%40b.test&password=x", "application/x-www-form-urlencoded"),
      timed(() => server.get("/login")),
    ]);
    expect(probe.status).toBe(400);
    expect(page.value.status).toBe(200);
    expect(page.ms).toBeLessThan(1_000);
  });

  test("lines[9999] on the new-PO form is a quick 400, and the form still works", async () => {
    const { value: res, ms } = await timed(() =>
      postRaw("/northwind/orders/new", `partnerId=${ids.sunrise}&currency=EUR&lines[9999].itemId=x&lines[9999].quantity=1`, "application/x-www-form-urlencoded", planner),
    );
    expect(res.status).toBe(400);
    expect(ms).toBeLessThan(2_000);
    // an ordinary (invalid) submission is still answered by the form, beside its fields
    const ordinary = await server.post("/northwind/orders/new", planner, { partnerId: ids.sunrise, "lines[0].quantity": "-1" });
    expect(ordinary.status).toBe(400);
    expect(await ordinary.text()).toMatch(/<form/);
  });

  test("the most rows the guard lets through (500 lines, all wrong) are answered quickly", async () => {
    const body = new URLSearchParams({ partnerId: ids.sunrise, currency: "EUR" });
    for (let i = 0; i < 500; i++) {
      body.append(`lines[${i}].itemId`, "not-an-item");
      body.append(`lines[${i}].quantity`, "1");
    }
    const { value: res, ms } = await timed(() => postRaw("/northwind/orders/new", body.toString(), "application/x-www-form-urlencoded", planner));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose an item");
    // bounded (it was over five minutes for lines[9999]); most of it is rendering 500 rows of the form
    expect(ms).toBeLessThan(15_000);
  }, 60_000);

  test("a form body over 1 MB is refused before it is read, declared or streamed", async () => {
    const big = "email=" + "a".repeat(2 * 1024 * 1024);
    const { value: res, ms } = await timed(() => postRaw("/forgot-password", big, "application/x-www-form-urlencoded"));
    expect(res.status).toBe(413);
    expect(ms).toBeLessThan(2_000);

    // a declared 200 MB body: the answer comes before anything like it is sent
    const declared = await rawRequest("/forgot-password", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(200 * 1024 * 1024) }, "email=a");
    expect(declared.status).toBe(413);

    // a chunked body without a length, cut off as soon as it passes the limit
    const chunked = await rawRequest("/forgot-password", { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" }, "email=" + "b".repeat(3 * 1024 * 1024));
    expect(chunked.status).toBe(413);

    // and the server is still serving
    expect((await server.get("/login")).status).toBe(200);
  });

  test("an upload within its own limit still goes through the guard (multipart is not held to 1 MB)", async () => {
    const csv = "code,description,uom,abc_class,lead_time_days\n" + Array.from({ length: 30_000 }, (_, i) => `BULK-${i},Item number ${i} of the bulk upload,ea,C,5`).join("\n");
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await server.post("/northwind/items/import", planner, { intent: "preview" }, { multipart: true, files: { file: { name: "items.csv", type: "text/csv", content: csv } } });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });
});

/** A request through node:http, so the headers are exactly what we say (fetch sets its own length). */
function rawRequest(path: string, headers: Record<string, string>, body: string): Promise<{ status: number }> {
  const url = new URL(server.baseUrl + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { Origin: server.baseUrl, ...headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    // the server may close the connection before the whole body is written: that is the point
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    req.write(body);
    req.end();
  });
}

describe("every bad request is a 4xx", () => {
  test("malformed bodies on form routes", async () => {
    const json = await postRaw("/login", JSON.stringify({ email: "a@b.test", password: "x" }), "application/json");
    expect(json.status).toBe(415);
    const text = await postRaw("/forgot-password", "email=a@b.test", "text/plain");
    expect(text.status).toBe(415);
    const multipart = await postRaw("/login", "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.test", "multipart/form-data; boundary=xyz");
    expect(multipart.status).toBe(400);
    const noBoundary = await postRaw("/login", "email=a", "multipart/form-data");
    expect(noBoundary.status).toBe(400);
    // an empty POST with no type at all is an empty form, answered by the route
    const empty = await fetch(server.baseUrl + "/login", { method: "POST", headers: { Origin: server.baseUrl }, redirect: "manual" });
    expect(empty.status).toBe(400);
  });

  test("a NUL byte in a text field or a filter", async () => {
    const item = await server.post("/northwind/items/new", planner, { code: "NUL-1", description: "bad\u0000desc", uom: "ea", abcClass: "A", leadTimeDays: "3" });
    expect(item.status).toBe(400);
    expect(await item.text()).toContain("NUL");
    for (const path of ["/northwind/orders?q=a%00b", "/northwind/items?q=%00", "/northwind/audit?actor=%00", "/northwind/partners?q=x%00"]) {
      expect((await server.get(path, planner)).status, path).toBe(400);
    }
  });

  test("malformed __intent__ JSON on the new-PO form", async () => {
    const res = await postRaw("/northwind/orders/new", `partnerId=${ids.sunrise}&__intent__=%7Bnot-json`, "application/x-www-form-urlencoded", planner);
    expect(res.status).toBe(400);
  });

  test("a non-Latin-1 character in the sign-in redirectTo", async () => {
    const res = await server.post("/login", null, { email: "planner@northwind.test", password: DEMO_PASSWORD, redirectTo: "/northwind/orders?q=€ünï" });
    expect(res.status).toBeLessThan(500);
    if (res.status === 302) expect(res.headers.get("Location")).toBe("/northwind/orders?q=%E2%82%AC%C3%BCn%C3%AF");
  });

  test("impossible dates and prototype names in filters", async () => {
    for (const path of ["/northwind/orders?from=2026-02-30", "/northwind/orders?to=2026-13-45", "/northwind/audit?from=2026-13-45", "/northwind/inspections/measures?months=constructor", "/northwind/inspections/measures?months=__proto__"]) {
      const res = await server.get(path, planner);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });

  test("a tampered list cursor on every list is a 400", async () => {
    const id = "7d3c1f0e-0000-4000-8000-000000000001";
    const tampered = [
      "garbage%00",
      encodeCursor(["2026-02-30T10:00:00.000Z", id]),
      encodeCursor(["yesterday", id]),
      encodeCursor(["a\u0000b", id]),
      encodeCursor([1, "2026-02-30T10:00:00.000Z", id]),
      encodeCursor(["+275760-09-13T00:00:00.000Z"]),
    ];
    const lists = inTenantRoutes(server.build).filter((r) => r.hasLoader && r.params.length === 0 && !r.pattern.includes("["));
    let checked = 0;
    const failures: string[] = [];
    for (const route of lists) {
      for (const after of tampered) {
        const res = await server.get(`${routeUrl(route, "northwind", {})}?after=${after}`, planner);
        await res.body?.cancel();
        if (res.status >= 500) failures.push(`${res.status} ${route.pattern} after=${after}`);
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  }, 300_000);
});

describe("hostile query strings on every page, for staff and partners", () => {
  // four kinds of hostile value (a 400 on the first kind would hide the others in one query)
  const HOSTILE = [
    "from=2026-02-30&to=2026-13-45&week=2026-W99&weeks=-5",
    "months=constructor&status=constructor&kind=__proto__&verdict=toString&group=valueOf&sort=hasOwnProperty&per=__proto__",
    "facility=not-a-uuid&partner=not-a-uuid&item=%27%3B--&partnerId=x&facilityId=x&itemId=x&entityId=x",
    "quantity=1e309&limit=-1&from=0001-01-01&to=9999-12-31&after=eyJ4Ijp7fX0",
  ];

  const scopeFor = (partnerId: string): Scope => ({ tenantId: ids.northwind, partnerId });

  test.each([
    ["planner", () => planner, () => ids.sunrise],
    ["supplier", () => supplier, () => ids.sunrise],
    ["contract filler", () => filler, () => ids.delta],
  ])("as the %s, no page answers 5xx", async (_who, cookieOf, partnerOf) => {
    const routes = inTenantRoutes(server.build).filter((r) => r.hasLoader);
    let checked = 0;
    const failures: string[] = [];
    for (const route of routes) {
      const scope = scopeFor(isHolderRoute(route) ? ids.delta : partnerOf());
      const values = await findVictims(database.db, route, scope);
      if (!values) continue;
      for (const query of HOSTILE) {
        const url = `${routeUrl(route, "northwind", values)}?${query}`;
        const res = await server.get(url, cookieOf());
        await res.body?.cancel();
        if (res.status >= 500) failures.push(`${res.status} ${url}`);
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  }, 300_000);
});

describe("a failed submission never echoes unbounded input back", () => {
  test("the login form's reply is bounded by the request guard", async () => {
    const many = new URLSearchParams({ email: "not-an-email", password: "" });
    for (let i = 0; i < 500; i++) many.append(`junk[${i}]`, "y".repeat(200));
    const res = await postRaw("/login", many.toString(), "application/x-www-form-urlencoded");
    expect(res.status).toBe(400);
    // whatever comes back is no larger than what went in (about 110 KB), never a blown-up copy
    expect((await res.text()).length).toBeLessThan(many.toString().length * 3 + 50_000);
  });
});

test("the request guard's body is what the route reads (forms round-trip unchanged)", async () => {
  const res = await server.post("/login", null, { email: "planner@northwind.test", password: "wrong-password-ü€" });
  expect(res.status).toBe(401);
  const page = await res.text();
  expect(page).toContain("planner@northwind.test");
  expect(formBody({ a: "1" })).toBeInstanceOf(URLSearchParams);
});
