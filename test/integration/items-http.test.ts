// Items over HTTP, as partners and staff read them (issue 13, "Partners don't see internal costs"):
// every partner, carriers included, got standard_cost in the items CSV export and the items page's
// data. Partners now get items without costs wherever items are served to them (the list, its data
// request, the export, a count's lines and the counts export, whose variance values are units × cost);
// internal roles still see them.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { items, stockCounts, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { useTempMailDir } from "../helpers/factories";
import { dataPages, startTestServer, type TestServer } from "../helpers/http";
import { parseCsv } from "../../app/domain/csv";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};
let tenantId: string;
let costs: { id: string; code: string; standardCost: string }[];
const ITEMS_DATA = "_data=routes%2F%24tenant.items._index";
const COUNT_DATA = "_data=routes%2F%24tenant.counts.%24countId";
const PARTNERS = { sunrise: "supplier@sunrise.test", delta: "filler@delta.test", metro: "ops@metro3pd.test", carrier: "dispatch@fastfreight.test" };
const STAFF = { planner: "planner@northwind.test", admin: "admin@northwind.test", director: "director@northwind.test", quality: "quality@northwind.test" };

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ ...PARTNERS, ...STAFF })) cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  costs = (await database.db
    .select({ id: items.id, code: items.code, standardCost: items.standardCost })
    .from(items)
    .where(and(eq(items.tenantId, tenantId), isNotNull(items.standardCost)))) as typeof costs;
  expect(costs.length).toBeGreaterThan(5);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** Every item of the list's data request, page by page. */
async function listed(who: string): Promise<Record<string, unknown>[]> {
  const pages = await dataPages<{ items: Record<string, unknown>[]; nextCursor: string | null }>(server, `/northwind/items?${ITEMS_DATA}`, cookies[who], 50);
  return pages.flatMap((p) => p.items);
}

/** A CSV download, parsed (a different number of cells on any row fails the parse). */
async function csv(who: string, path: string) {
  const res = await server.get(path, cookies[who]);
  expect(res.status).toBe(200);
  const text = await res.text();
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message} (line ${parsed.line})`);
  return { header: parsed.header, rows: parsed.rows.map((r) => r.values), text };
}

describe("the items list, its data and its export", () => {
  it.each(Object.keys(PARTNERS))("leaves standard costs out for %s", async (who) => {
    const rows = await listed(who);
    expect(rows.length).toBeGreaterThan(costs.length - 1);
    for (const r of rows) expect(r).not.toHaveProperty("standardCost");
    const html = await (await server.get("/northwind/items", cookies[who])).text();
    expect(html).not.toContain("Standard cost");
    expect(html).not.toContain(`"standardCost"`);

    const { header, rows: lines } = await csv(who, "/northwind/items/export.csv");
    expect(header).toEqual(["code", "description", "uom", "abc_class", "lead_time_days", "active"]);
    expect(lines.length).toBe(rows.length);
    for (const c of costs) expect(Object.values(lines.find((l) => l.code === c.code)!)).not.toContain(c.standardCost);
  });

  it.each(Object.keys(STAFF))("shows %s the standard costs", async (who) => {
    const rows = await listed(who);
    for (const c of costs) expect(rows.find((r) => r.code === c.code)).toMatchObject({ standardCost: c.standardCost });
    const { header, rows: lines } = await csv(who, "/northwind/items/export.csv");
    expect(header).toContain("standard_cost");
    for (const c of costs) expect(lines.find((l) => l.code === c.code)!.standard_cost).toBe(c.standardCost);
  });

  it("keeps the item page (its edit form) to staff who manage items", async () => {
    expect((await server.get(`/northwind/items/${costs[0].id}`, cookies.sunrise)).status).toBe(404);
    expect((await server.get(`/northwind/items/${costs[0].id}`, cookies.carrier)).status).toBe(404);
    const res = await server.get(`/northwind/items/${costs[0].id}?_data=routes%2F%24tenant.items.%24itemId`, cookies.planner);
    expect((await res.json()).item.standardCost).toBe(costs[0].standardCost);
  });
});

describe("stock counts, whose variance value is units × standard cost", () => {
  it("serve the filler a count's lines without costs or values, and staff with them", async () => {
    // CNT-5001: completed, with an approved adjustment valued at cost
    const [done] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, tenantId), eq(stockCounts.status, "completed")));
    const staff = await (await server.get(`/northwind/counts/${done.id}?${COUNT_DATA}`, cookies.planner)).json();
    expect(staff.lines.some((l: { varianceValue: string | null }) => l.varianceValue !== null && Number(l.varianceValue) !== 0)).toBe(true);
    expect(staff.lines.every((l: { standardCost?: string }) => "standardCost" in l)).toBe(true);

    const filler = await (await server.get(`/northwind/counts/${done.id}?${COUNT_DATA}`, cookies.delta)).json();
    expect(filler.lines.length).toBe(staff.lines.length);
    for (const l of filler.lines) {
      expect(l).not.toHaveProperty("standardCost");
      expect(l.varianceValue ?? null).toBeNull();
    }
    // the units are the filler's own business
    expect(filler.lines.some((l: { varianceUnits: string | null }) => l.varianceUnits !== null)).toBe(true);
    const html = await (await server.get(`/northwind/counts/${done.id}`, cookies.delta)).text();
    for (const l of staff.lines.filter((x: { varianceValue: string | null }) => x.varianceValue !== null && Number(x.varianceValue) !== 0))
      expect(html).not.toContain(l.varianceValue.replace(/^-/, ""));
  });

  it("export the counts to the filler without value columns, and to staff with them", async () => {
    const staff = await csv("planner", "/northwind/counts/export.csv");
    expect(staff.header).toEqual(expect.arrayContaining(["over_value", "short_value"]));
    const values = staff.rows.flatMap((r) => [r.over_value, r.short_value]).filter((v) => v && Number(v) !== 0);
    expect(values.length).toBeGreaterThan(0);
    const filler = await csv("delta", "/northwind/counts/export.csv");
    expect(filler.header).not.toContain("over_value");
    expect(filler.header).not.toContain("short_value");
    expect(filler.rows.length).toBeGreaterThan(0);
    for (const r of filler.rows) for (const v of values) expect(Object.values(r)).not.toContain(v);
  });
});
