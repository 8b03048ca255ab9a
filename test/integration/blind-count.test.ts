// The blind count is blind (issue 13): while CNT-5003 (the demo's cycle count of the A items at
// Rotterdam) was open, the filler read the facility's book at /<company>/inventory?facility=… and the
// movements ledger. While a count is open, the filler reads no book quantity and no movement of any
// item × lot in it, on any page, export or data request: the book (quantity, the last 28 days'
// consumption, days of cover, the risk list), the ledger, the count itself and the counts export.
// Replayed over HTTP, as the page and as its data request.
import { and, eq } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { getCount, postMovements, saveCountDraft, scheduleCount, submitCount } from "../../app/server/inventory.server";
import { facilities, inventoryBalances, inventoryMovements, items, stockCountLines, stockCounts, tenants } from "../../drizzle/schema";
import { parseCsv } from "../../app/domain/csv";
import { setupTestDatabase } from "../helpers/db";
import { contextFor, useTempMailDir } from "../helpers/factories";
import { dataPages, startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
let planner: TenantContext;
let tenantId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);
const BOOK_DATA = "_data=routes%2F%24tenant.inventory._index";
const MOVEMENTS_DATA = "_data=routes%2F%24tenant.inventory.movements";
const COUNT_DATA = "_data=routes%2F%24tenant.counts.%24countId";

type BookRow = { itemId: string; code: string; lot: string; abcClass: string; quantity: string | null; consumed28: string | null; daysOfCover: number | null };
type Movement = { id: number; itemCode: string; lot: string; facilityName: string; quantity: string | null };

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ planner: "planner@northwind.test", delta: "filler@delta.test", metro: "ops@metro3pd.test" })) cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  const site = async (name: string) => (await database.db.select().from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.name, name))))[0].id;
  ids.rotterdam = await site("Delta Co-Packers — Rotterdam");
  ids.lyon = await site("Metro Production — Lyon");
  const [open] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, tenantId), eq(stockCounts.number, "CNT-5003")));
  expect(open).toMatchObject({ status: "scheduled", scope: "cycle", abcClass: "A", facilityId: ids.rotterdam });
  ids.cnt5003 = open.id;
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const key = (x: { itemId?: string; code?: string; lot: string }) => `${x.itemId ?? x.code}|${x.lot}`;

async function countLines(countId: string) {
  return database.db
    .select({ itemId: stockCountLines.itemId, lot: stockCountLines.lot, status: stockCountLines.status, code: items.code })
    .from(stockCountLines)
    .innerJoin(items, and(eq(items.tenantId, stockCountLines.tenantId), eq(items.id, stockCountLines.itemId)))
    .where(eq(stockCountLines.countId, countId));
}

/** The whole book of a facility, page by page, from the data request. */
async function book(who: string, facilityId: string): Promise<{ rows: BookRow[]; risks: { itemId: string; code: string; lot: string }[] }> {
  type Page = { rows: BookRow[]; risks: { itemId: string; code: string; lot: string }[]; nextCursor: string | null };
  const pages = await dataPages<Page>(server, `/northwind/inventory?facility=${facilityId}&${BOOK_DATA}`, cookies[who], 100);
  return { rows: pages.flatMap((p) => p.rows), risks: pages[pages.length - 1].risks };
}

/** The whole ledger the member can page through (optionally one facility's), from the data request. */
async function ledger(who: string, facilityId?: string): Promise<Movement[]> {
  const pages = await dataPages<{ items: Movement[]; nextCursor: string | null }>(server, `/northwind/inventory/movements?${facilityId ? `facility=${facilityId}&` : ""}${MOVEMENTS_DATA}`, cookies[who]);
  return pages.flatMap((p) => p.items);
}

/** Every movement of the given item × lot keys (by item code) at a facility, from the owner's view. */
async function movementsOf(facilityId: string, keys: Set<string>) {
  const rows = await database.db
    .select({ id: inventoryMovements.id, code: items.code, lot: inventoryMovements.lot })
    .from(inventoryMovements)
    .innerJoin(items, and(eq(items.tenantId, inventoryMovements.tenantId), eq(items.id, inventoryMovements.itemId)))
    .where(and(eq(inventoryMovements.tenantId, tenantId), eq(inventoryMovements.facilityId, facilityId)));
  return rows.filter((r) => keys.has(`${r.code}|${r.lot}`));
}

function expectHidden(rows: BookRow[], hidden: Set<string>, by: "itemId" | "code" = "code") {
  const onCount = rows.filter((r) => hidden.has(by === "code" ? `${r.code}|${r.lot}` : `${r.itemId}|${r.lot}`));
  expect(onCount.length).toBe(hidden.size);
  for (const r of onCount) expect({ key: `${r.code}|${r.lot}`, quantity: r.quantity, consumed28: r.consumed28, daysOfCover: r.daysOfCover }).toEqual({ key: `${r.code}|${r.lot}`, quantity: null, consumed28: null, daysOfCover: null });
}

describe("while CNT-5003 is open at Rotterdam", () => {
  it("the book page and its data show nothing of the counted stock: no quantity, consumption or cover", async () => {
    const lines = await countLines(ids.cnt5003);
    expect(lines.length).toBeGreaterThan(3);
    const hidden = new Set(lines.map((l) => `${l.code}|${l.lot}`));
    const { rows, risks } = await book("delta", ids.rotterdam);
    expect(rows.length).toBe(24);
    expectHidden(rows, hidden);
    for (const r of risks) expect(hidden.has(`${r.code}|${r.lot}`), r.code).toBe(false);
    // stock not in the count stays readable: the B and C items
    const others = rows.filter((r) => !hidden.has(`${r.code}|${r.lot}`));
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) expect(r.quantity, r.code).not.toBeNull();
    // the planner reads it all
    const staff = await book("planner", ids.rotterdam);
    for (const r of staff.rows) expect(r.quantity, r.code).not.toBeNull();

    // the page as HTML: each counted row says so, and carries none of its numbers
    const html = await (await server.get(`/northwind/inventory?facility=${ids.rotterdam}`, cookies.delta)).text();
    for (const l of lines) {
      const row = html.match(new RegExp(`<tr[^>]*data-testid="book-${l.code}-${l.lot}">([^]*?)</tr>`))?.[1] ?? "";
      expect(row, l.code).toContain("being counted");
      const mine = staff.rows.find((r) => r.code === l.code && r.lot === l.lot)!;
      expect(row, l.code).not.toContain(`>${mine.quantity}`);
      expect(row, l.code).not.toContain(`<td>${mine.consumed28}</td>`);
    }
  });

  it("hides A stock that reached the book after the count was scheduled: the count covers its class", async () => {
    const [aItem] = await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.abcClass, "A"), eq(items.code, "RM-OJC")));
    await postMovements(planner, [{ facilityId: ids.rotterdam, itemId: aItem.id, lot: "LATE-1", kind: "receipt", quantity: "777", movedOn: today, reference: "after scheduling" }]);
    const { rows } = await book("delta", ids.rotterdam);
    expect(rows.find((r) => r.code === "RM-OJC" && r.lot === "LATE-1")).toMatchObject({ quantity: null, consumed28: null, daysOfCover: null });
    const moves = await ledger("delta", ids.rotterdam);
    expect(moves.filter((m) => m.itemCode === "RM-OJC")).toEqual([]);
  });

  it("the ledger, page and data, with or without the facility filter, lists no movement of the counted stock", async () => {
    const lines = await countLines(ids.cnt5003);
    const hidden = new Set(lines.map((l) => `${l.code}|${l.lot}`));
    const behind = await movementsOf(ids.rotterdam, hidden);
    expect(behind.length).toBeGreaterThan(10);
    for (const facility of [ids.rotterdam, undefined]) {
      const moves = await ledger("delta", facility);
      expect(moves.length).toBeGreaterThan(0);
      const leaked = moves.filter((m) => m.facilityName.endsWith("Rotterdam") && hidden.has(`${m.itemCode}|${m.lot}`));
      expect(leaked).toEqual([]);
    }
    // the planner's ledger still has them all
    const staff = await ledger("planner", ids.rotterdam);
    expect(staff.filter((m) => hidden.has(`${m.itemCode}|${m.lot}`)).length).toBe(behind.length);
    // the first page as HTML names none of the counted lots at Rotterdam
    const html = await (await server.get(`/northwind/inventory/movements?facility=${ids.rotterdam}`, cookies.delta)).text();
    for (const l of lines) expect(html, l.code).not.toMatch(new RegExp(`<td>${l.code}</td>\\s*<td>${l.lot}</td>`));
  });

  it("the count itself shows the filler no book, and the counts export leaves it out", async () => {
    const data = await (await server.get(`/northwind/counts/${ids.cnt5003}?${COUNT_DATA}`, cookies.delta)).json();
    for (const l of data.lines) {
      for (const f of ["bookSnapshot", "bookSnapshotMovementId", "recountBookSnapshot", "varianceUnits", "variancePct", "varianceValue", "withinTolerance"]) expect(l[f] ?? null, f).toBeNull();
    }
    const parsed = parseCsv(await (await server.get("/northwind/counts/export.csv", cookies.delta)).text());
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows.filter((r) => r.values.count === "CNT-5003")).toEqual([]);
  });

  it("hides the whole item's days of cover when the counter adds one of its lots to the count", async () => {
    // a B item with a second lot on the book at Rotterdam, which the counter finds and adds to CNT-5003
    const [bItem] = await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, "RM-HONEY")));
    await postMovements(planner, [{ facilityId: ids.rotterdam, itemId: bItem.id, lot: "FOUND-1", kind: "opening_balance", quantity: "250", movedOn: today, reference: "second lot" }]);
    let { rows } = await book("delta", ids.rotterdam);
    expect(rows.find((r) => r.code === "RM-HONEY" && r.lot === "FOUND-1")?.quantity).toBe("250.000");
    const delta = await contextFor(database, "filler@delta.test", "northwind");
    const c = (await getCount(delta, ids.cnt5003))!;
    await saveCountDraft(delta, ids.cnt5003, c.count.version, [{ itemId: bItem.id, lot: "FOUND-1", counted: "240" }]);
    ({ rows } = await book("delta", ids.rotterdam));
    expect(rows.find((r) => r.code === "RM-HONEY" && r.lot === "FOUND-1")).toMatchObject({ quantity: null, consumed28: null, daysOfCover: null });
    // the other lot's own quantity is not being counted, but its item's cover adds up both lots
    const other = rows.find((r) => r.code === "RM-HONEY" && r.lot !== "FOUND-1")!;
    expect(other.quantity).not.toBeNull();
    expect(other.daysOfCover).toBeNull();
    expect((await ledger("delta", ids.rotterdam)).filter((m) => m.itemCode === "RM-HONEY" && m.lot === "FOUND-1")).toEqual([]);
  });
});

describe("a line asked to be recounted", () => {
  it("stays blind on the book, the ledger, the count and the export until the recount is in", async () => {
    const metro = await contextFor(database, "ops@metro3pd.test", "northwind");
    const [salt] = await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, "RM-SALT")));
    const [sugar] = await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, "RM-CITRIC")));
    await postMovements(planner, [
      { facilityId: ids.lyon, itemId: salt.id, lot: "RC-1", kind: "opening_balance", quantity: "500", movedOn: today, reference: "" },
      { facilityId: ids.lyon, itemId: salt.id, lot: "RC-1", kind: "consumption", quantity: "20", movedOn: today, reference: "" },
      { facilityId: ids.lyon, itemId: sugar.id, lot: "RC-2", kind: "opening_balance", quantity: "300", movedOn: today, reference: "" },
    ]);
    const count = await scheduleCount(planner, { facilityId: ids.lyon, scope: "full", abcClass: null, dueOn: today, notes: "recount probe" });
    const c = (await getCount(metro, count.id))!;
    const book0 = await database.db.select().from(inventoryBalances).where(and(eq(inventoryBalances.tenantId, tenantId), eq(inventoryBalances.facilityId, ids.lyon)));
    const entries = c.lines.map((l) => ({
      itemId: l.itemId,
      lot: l.lot,
      counted: l.itemId === salt.id && l.lot === "RC-1" ? "100" : String(book0.find((b) => b.itemId === l.itemId && b.lot === l.lot)?.quantity ?? "0"),
    }));
    const submitted = await submitCount(metro, count.id, c.count.version, entries);
    expect(submitted.status).toBe("recount_requested");
    const [asked] = await database.db.select().from(stockCountLines).where(and(eq(stockCountLines.countId, count.id), eq(stockCountLines.status, "recount_requested")));
    expect(asked).toMatchObject({ itemId: salt.id, lot: "RC-1", bookSnapshot: "480.000" });

    // the export: the line is there (the filler counted it), its book and variance are not
    const parsed = parseCsv(await (await server.get("/northwind/counts/export.csv", cookies.metro)).text());
    if (!parsed.ok) throw new Error(parsed.message);
    const row = parsed.rows.map((r) => r.values).find((r) => r.count === submitted.number && r.item_code === "RM-SALT" && r.lot === "RC-1")!;
    expect(row).toBeDefined();
    expect({ book: row.book, recount_book: row.recount_book, over: row.over_units, short: row.short_units, pct: row.variance_pct_of_book }).toEqual({ book: "", recount_book: "", over: "", short: "", pct: "" });
    // the line judged at once is revealed as usual
    const judged = parsed.rows.map((r) => r.values).find((r) => r.count === submitted.number && r.item_code === "RM-CITRIC")!;
    expect(judged.book).toBe("300.000");
    // the planner's export has the book
    const staff = parseCsv(await (await server.get("/northwind/counts/export.csv", cookies.planner)).text());
    if (!staff.ok) throw new Error(staff.message);
    expect(staff.rows.map((r) => r.values).find((r) => r.count === submitted.number && r.item_code === "RM-SALT")!.book).toBe("480.000");

    // the book and the ledger
    const { rows } = await book("metro", ids.lyon);
    expect(rows.find((r) => r.code === "RM-SALT" && r.lot === "RC-1")).toMatchObject({ quantity: null, consumed28: null, daysOfCover: null });
    expect((await ledger("metro", ids.lyon)).filter((m) => m.itemCode === "RM-SALT" && m.lot === "RC-1")).toEqual([]);
    expect((await ledger("metro")).filter((m) => m.itemCode === "RM-SALT" && m.lot === "RC-1")).toEqual([]);
    // the count page
    const data = await (await server.get(`/northwind/counts/${count.id}?${COUNT_DATA}`, cookies.metro)).json();
    const line = data.lines.find((l: { id: string }) => l.id === asked.id);
    for (const f of ["bookSnapshot", "bookSnapshotMovementId", "varianceUnits", "variancePct", "withinTolerance"]) expect(line[f] ?? null, f).toBeNull();
  });
});
