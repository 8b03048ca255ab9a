// Stock counts over HTTP: blind counting, messages beside the field, the root cause from the form,
// and the CSV export's formula escaping.
import { and, eq } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { countReasons, inventoryBalances, stockCountLines, stockCounts, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};
let tenantId: string;

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ planner: "planner@northwind.test", delta: "filler@delta.test", sunrise: "supplier@sunrise.test" })) cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function countWith(notes: string) {
  const [c] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, tenantId), eq(stockCounts.notes, notes)));
  return c;
}

describe("a count over HTTP", () => {
  it("hides the book from the filler until submission", async () => {
    const count = await countWith("Monthly A count");
    const lines = await database.db.select().from(stockCountLines).where(eq(stockCountLines.countId, count.id));
    expect(lines.length).toBeGreaterThan(0);
    const books = await database.db.select().from(inventoryBalances).where(and(eq(inventoryBalances.tenantId, tenantId), eq(inventoryBalances.facilityId, count.facilityId)));
    const res = await server.get(`/northwind/counts/${count.id}?_data=routes%2F%24tenant.counts.%24countId`, cookies.delta);
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.lines.every((l: { bookSnapshot: unknown }) => l.bookSnapshot === null)).toBe(true);
    const text = JSON.stringify(data);
    for (const l of lines) {
      const b = books.find((x) => x.itemId === l.itemId && x.lot === l.lot)!;
      expect(text).not.toContain(`"${b.quantity}"`);
    }
    expect((await server.get(`/northwind/counts/${count.id}`, cookies.sunrise)).status).toBe(404);
  });

  it("answers a bad quantity with a 400 and the message beside that line", async () => {
    const count = await countWith("Monthly A count");
    const [line] = await database.db.select().from(stockCountLines).where(eq(stockCountLines.countId, count.id)).limit(1);
    const res = await server.post(`/northwind/counts/${count.id}`, cookies.delta, { intent: "save", version: count.version, [`qty.${line.id}`]: "12,5" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(new RegExp(`id="qty\\.${line.id}-error"[^>]*>Enter the quantity counted`));
    // nothing saved
    const [after] = await database.db.select().from(stockCountLines).where(eq(stockCountLines.id, line.id));
    expect(after.counted).toBeNull();
  });

  it("takes a root cause from the form and exports it with formula cells escaped", async () => {
    const count = await countWith("A items before the audit");
    expect(count.status).toBe("awaiting_root_cause");
    const [line] = await database.db.select().from(stockCountLines).where(and(eq(stockCountLines.countId, count.id), eq(stockCountLines.status, "needs_root_cause")));
    const [reason] = await database.db.select().from(countReasons).where(and(eq(countReasons.tenantId, tenantId), eq(countReasons.code, "RECV-ERR")));
    const short = await server.post(`/northwind/counts/${count.id}`, cookies.delta, { intent: "root_cause", version: count.version, lineId: line.id, reasonId: reason.id, comment: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(new RegExp(`id="comment\\.${line.id}-error"[^>]*>Explain the root cause`));
    const evil = "=HYPERLINK(\"http://evil.test\",\"click\") received twice";
    const ok = await server.post(`/northwind/counts/${count.id}`, cookies.delta, { intent: "root_cause", version: count.version, lineId: line.id, reasonId: reason.id, comment: evil });
    expect(ok.status).toBe(200);
    expect((await countWith("A items before the audit")).status).toBe("awaiting_approval");
    const csv = await server.get("/northwind/counts/export.csv", cookies.planner);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const body = await csv.text();
    expect(body).toContain(`"'=HYPERLINK(""http://evil.test"",""click"") received twice"`);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
    // variances come as over and short columns: no signed (netted) number, nothing that starts with "-"
    expect(body).not.toMatch(/(^|,)-\d/m);
    const header = body.split("\r\n")[0];
    expect(header).toContain("over_units,short_units");
    // Sunrise, a supplier, has no counts to export
    expect((await server.get("/northwind/counts/export.csv", cookies.sunrise)).status).toBe(404);
  });
});
