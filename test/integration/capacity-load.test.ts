// Load against capacity on a real database: demand from confirmed orders routed to production lines,
// the heatmap and its drill-down, open capacity, routing with compare-and-set, the over-capacity check
// when a partner answers an order (refused unless confirmed, then flagged to the buyer), and isolation.
import { and, eq, sql } from "drizzle-orm";
import { loadCells, placementCandidates, sumDecimals } from "../../app/domain/capacity";
import { isoWeekOf, weekEnd, weekRange, weeksBetween, weekStart } from "../../app/domain/iso-week";
import type { TenantContext } from "../../app/server/auth.server";
import {
  demandLines,
  facilityLoad,
  findOpenCapacity,
  itemRouting,
  loadHeatmap,
  loadWindow,
  RoutingError,
  setItemRoute,
  setLineRoute,
} from "../../app/server/capacity-load.server";
import type { Database } from "../../app/server/db.server";
import { acceptProposedChanges, createPurchaseOrder, getPurchaseOrder, respondToPurchaseOrder } from "../../app/server/purchase-orders.server";
import { facilities, itemResources, items, partners, poLines, purchaseOrders } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, capacityDemandDrift, contextFor, poInput, readMailDir, rowsOf, useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let planner: TenantContext;
let metro: TenantContext;
let delta: TenantContext;
let server: TestServer;
let mailDir: string;
const ids = { lyon: "", rotterdam: "", antwerp: "", metro: "", delta: "", bar: "", granola: "", oj: "" };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const today = () => inDays(0);

beforeAll(async () => {
  mailDir = await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  metro = await contextFor(database, "ops@metro3pd.test", "northwind");
  delta = await contextFor(database, "filler@delta.test", "northwind");
  const t = planner.tenantId;
  const f = new Map((await database.db.select().from(facilities).where(eq(facilities.tenantId, t))).map((r) => [r.name, r.id]));
  const p = new Map((await database.db.select().from(partners).where(eq(partners.tenantId, t))).map((r) => [r.name, r.id]));
  const i = new Map((await database.db.select().from(items).where(eq(items.tenantId, t))).map((r) => [r.code, r.id]));
  Object.assign(ids, {
    lyon: f.get("Metro Production — Lyon")!,
    rotterdam: f.get("Delta Co-Packers — Rotterdam")!,
    antwerp: f.get("Delta Co-Packers — Antwerp")!,
    metro: p.get("Metro Production Services")!,
    delta: p.get("Delta Co-Packers")!,
    bar: i.get("FG-COCOA-BAR")!,
    granola: i.get("FG-GRANOLA")!,
    oj: i.get("FG-OJ-1L")!,
  });
  server = await startTestServer();
});
// every answer, shipment, cancellation and routing change below must leave the kept demand right
afterEach(async () => {
  expect(await capacityDemandDrift(database)).toEqual([]);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** The oracle: demand on a line in a week, straight from SQL (open qty of confirmed lines routed there). */
async function sqlDemand(facilityId: string, resource: string, week: string): Promise<number> {
  const [row] = await rowsOf<{ d: string | null }>(
    database.db,
    sql`select sum(l.quantity - l.quantity_shipped)::text as d
          from po_lines l join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
          left join item_resources r on r.tenant_id = l.tenant_id and r.partner_id = l.partner_id and r.item_id = l.item_id
         where l.tenant_id = ${planner.tenantId} and not l.cancelled
           and p.status in ('confirmed', 'acknowledged', 'partially_shipped', 'partially_received')
           and coalesce(l.capacity_facility_id, r.facility_id) = ${facilityId} and coalesce(l.capacity_resource, r.resource) = ${resource}
           and l.committed_date between ${weekStart(week)}::date and ${weekEnd(week)}::date`,
  );
  return Number(row?.d ?? 0);
}

async function sqlCapacity(facilityId: string, resource: string, week: string): Promise<number> {
  const [row] = await rowsOf<{ c: string }>(
    database.db,
    sql`select capacity::text as c from capacity_declarations where tenant_id = ${planner.tenantId} and facility_id = ${facilityId} and resource = ${resource} and week = ${week}`,
  );
  return Number(row.c);
}

function orderOf(itemId: string, quantity: string, days: number, unitPrice = "0.3100") {
  return createPurchaseOrder(
    planner,
    poInput({ partnerId: ids.metro, shipToFacilityId: ids.antwerp, lines: [{ itemId, quantity, unitPrice, requestedDate: inDays(days) }] }),
    { issue: true },
  );
}
const barOrder = (quantity: string, days: number) => orderOf(ids.bar, quantity, days);

async function acceptAll(who: TenantContext, poId: string, confirmOverCapacity = false) {
  const found = (await getPurchaseOrder(who, poId))!;
  return respondToPurchaseOrder(who, poId, found.po.version, Object.fromEntries(found.lines.map((l) => [l.line.id, { kind: "accept" as const }])), today(), { confirmOverCapacity });
}

describe("the demo's load", () => {
  const week = () => isoWeekOf(inDays(14));

  it("adds up each partner's weeks in the database exactly as loadCells adds up its lines from the order lines", async () => {
    const weeks = loadWindow(null, 13).weeks;
    const inWeeks = sql.join(weeks.map((w) => sql`${w}`), sql`, `);
    const capacity = await rowsOf<{ partner_id: string; part: string; week: string; capacity: string }>(
      database.db,
      sql`select partner_id, facility_id || '|' || resource as part, week, capacity::text from capacity_declarations where tenant_id = ${planner.tenantId} and week in (${inWeeks})`,
    );
    const demand = await rowsOf<{ partner_id: string; part: string; week: string; demand: string }>(
      database.db,
      sql`select l.partner_id, coalesce(coalesce(l.capacity_facility_id, r.facility_id) || '|' || coalesce(l.capacity_resource, r.resource), 'unrouted') as part,
                 to_char(l.committed_date, 'IYYY-"W"IW') as week, sum(l.quantity - l.quantity_shipped)::text as demand
            from po_lines l join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
            left join item_resources r on r.tenant_id = l.tenant_id and r.partner_id = l.partner_id and r.item_id = l.item_id
           where l.tenant_id = ${planner.tenantId} and not l.cancelled and l.quantity > l.quantity_shipped
             and p.status in ('confirmed', 'acknowledged', 'partially_shipped', 'partially_received')
             and to_char(l.committed_date, 'IYYY-"W"IW') in (${inWeeks})
           group by 1, 2, 3`,
    );
    const map = await loadHeatmap(planner, { group: "partner", weeks });
    expect(map.rows.length).toBeGreaterThanOrEqual(2);
    expect(map.rows.some((r) => r.cells.some((c) => c.overParts > 0))).toBe(true);
    for (const row of map.rows) {
      const parts = [
        ...capacity.filter((c) => c.partner_id === row.partnerId).map((c) => ({ part: c.part, week: c.week, capacity: c.capacity, demand: "0" })),
        ...demand.filter((d) => d.partner_id === row.partnerId).map((d) => ({ part: d.part, week: d.week, capacity: null, demand: d.demand })),
      ];
      expect({ partner: row.partnerName, cells: row.cells }).toEqual({ partner: row.partnerName, cells: loadCells(weeks, parts) });
    }
    const unrouted = weeks.map((w) => sumDecimals(demand.filter((d) => d.part === "unrouted" && d.week === w).map((d) => d.demand)));
    expect(map.unrouted.map((u) => u.demand)).toEqual(unrouted);
  });

  it("puts Metro's bar line over capacity two weeks out, matching demand and capacity computed in SQL", async () => {
    const map = await loadHeatmap(planner, { group: "resource", weeks: [week()] });
    const row = map.rows.find((r) => r.facilityId === ids.lyon && r.resource === "Bar line")!;
    const demand = await sqlDemand(ids.lyon, "Bar line", week());
    const capacity = await sqlCapacity(ids.lyon, "Bar line", week());
    expect(demand).toBeGreaterThan(capacity);
    expect(Number(row.cells[0].demand)).toBe(demand);
    expect(Number(row.cells[0].capacity)).toBe(capacity);
    expect(row.cells[0].band).toBe("over_100");
    expect(row.cells[0].utilisation).toBeCloseTo(demand / capacity, 10);
  });

  it("adds a facility's lines on its row, and flags a line over its own capacity inside the total", async () => {
    const map = await loadHeatmap(planner, { group: "facility", weeks: [week()] });
    const lyon = map.rows.find((r) => r.facilityId === ids.lyon)!;
    const bar = await sqlDemand(ids.lyon, "Bar line", week());
    const oven = await sqlDemand(ids.lyon, "Granola oven", week());
    expect(Number(lyon.cells[0].demand)).toBe(bar + oven);
    expect(Number(lyon.cells[0].capacity)).toBe((await sqlCapacity(ids.lyon, "Bar line", week())) + (await sqlCapacity(ids.lyon, "Granola oven", week())));
    expect(lyon.cells[0].overParts).toBe(1);
  });

  it("drills a cell down to the order lines behind it, and the flagged order says what it accepted", async () => {
    const page = await demandLines(planner, { week: week(), facilityId: ids.lyon, resource: "Bar line" }, null);
    expect(page.items.reduce((s, l) => s + Number(l.open), 0)).toBe(await sqlDemand(ids.lyon, "Bar line", week()));
    const flagged = page.items.filter((l) => l.overCommitted);
    expect(flagged).toHaveLength(1);
    const po = (await getPurchaseOrder(planner, flagged[0].poId))!.po;
    expect(po.overCommittedAt).not.toBeNull();
    expect(po.overCommitment).toEqual([expect.objectContaining({ week: week(), label: "Metro Production — Lyon · Bar line" })]);
  });

  it("shows the buyer, before accepting Metro's proposed granola run, that it would put the oven over; accepting flags the order", async () => {
    const [proposed] = await rowsOf<{ id: string }>(
      database.db,
      sql`select p.id from purchase_orders p join po_lines l on l.tenant_id = p.tenant_id and l.po_id = p.id
           where p.tenant_id = ${planner.tenantId} and p.status = 'changes_proposed' and l.item_id = ${ids.granola} and l.proposed_quantity = 34000`,
    );
    const found = (await getPurchaseOrder(planner, proposed.id))!;
    // Metro confirmed sending it over capacity, so it is already flagged for the buyer
    expect(found.po.overCommitted).toBe(true);
    await acceptProposedChanges(planner, proposed.id, found.po.version);
    const after = (await getPurchaseOrder(planner, proposed.id))!.po;
    expect(after.status).toBe("confirmed");
    expect(after.overCommitted).toBe(true);
    const w = isoWeekOf(found.lines[0].line.committedDate ?? found.lines[0].line.requestedDate);
    expect(await sqlDemand(ids.lyon, "Granola oven", w)).toBeGreaterThan(await sqlCapacity(ids.lyon, "Granola oven", w));
  });

  it("draws one facility's capacity and demand per week, each line and the total", async () => {
    const { weeks } = loadWindow(null, 8);
    const load = (await facilityLoad(planner, ids.rotterdam, weeks))!;
    expect(load.resources.map((r) => r.resource)).toEqual(["Filling line A", "Filling line B"]);
    for (const [i, w] of weeks.entries()) {
      const a = await sqlDemand(ids.rotterdam, "Filling line A", w);
      const b = await sqlDemand(ids.rotterdam, "Filling line B", w);
      expect(Number(load.total[i].demand)).toBe(a + b);
    }
    expect(await facilityLoad(metro, ids.rotterdam, weeks)).toBeNull();
  });
});

describe("demand", () => {
  it("counts confirmed open quantity only: not issued orders, not cancelled lines, less what has shipped", async () => {
    const days = 8 * 7;
    const w = isoWeekOf(inDays(days));
    const before = await loadHeatmap(planner, { group: "resource", weeks: [w], partnerId: ids.metro });
    const barBefore = Number(before.rows.find((r) => r.resource === "Bar line")!.cells[0].demand);
    const issued = await barOrder("1000", days);
    const mid = await loadHeatmap(planner, { group: "resource", weeks: [w], partnerId: ids.metro });
    expect(Number(mid.rows.find((r) => r.resource === "Bar line")!.cells[0].demand)).toBe(barBefore);
    await acceptAll(metro, issued.id);
    const after = await loadHeatmap(planner, { group: "resource", weeks: [w], partnerId: ids.metro });
    expect(Number(after.rows.find((r) => r.resource === "Bar line")!.cells[0].demand)).toBe(barBefore + 1000);
    // shipped quantity no longer loads the line
    await database.db.update(poLines).set({ quantityShipped: "400" }).where(and(eq(poLines.tenantId, planner.tenantId), eq(poLines.poId, issued.id)));
    const shipped = await loadHeatmap(planner, { group: "resource", weeks: [w], partnerId: ids.metro });
    expect(Number(shipped.rows.find((r) => r.resource === "Bar line")!.cells[0].demand)).toBe(barBefore + 600);
  });

  it("follows a planner's move of one line to another resource, and refuses a move made on a stale page", async () => {
    const days = 9 * 7;
    const w = isoWeekOf(inDays(days));
    const po = await barOrder("2500", days);
    await acceptAll(metro, po.id);
    const [line] = (await getPurchaseOrder(planner, po.id))!.lines;
    const ovenBefore = await sqlDemand(ids.lyon, "Granola oven", w);
    await setLineRoute(planner, line.line.id, { facilityId: ids.lyon, resource: "Granola oven" }, { facilityId: null, resource: null });
    const map = await loadHeatmap(planner, { group: "resource", weeks: [w], partnerId: ids.metro });
    expect(Number(map.rows.find((r) => r.resource === "Granola oven")!.cells[0].demand)).toBe(ovenBefore + 2500);
    // a second planner's form still shows the old (default) route
    await expect(setLineRoute(planner, line.line.id, null, { facilityId: null, resource: null })).rejects.toMatchObject({ status: 409 });
    // another partner's facility is not a route for Metro's line
    await expect(setLineRoute(planner, line.line.id, { facilityId: ids.rotterdam, resource: "Filling line A" }, { facilityId: ids.lyon, resource: "Granola oven" })).rejects.toBeInstanceOf(RoutingError);
    // partners never move lines
    await expect(setLineRoute(metro, line.line.id, null, { facilityId: ids.lyon, resource: "Granola oven" })).rejects.toBeInstanceOf(RoutingError);
    const drill = await demandLines(planner, { week: w, facilityId: ids.lyon, resource: "Granola oven" }, null);
    expect(drill.items.find((l) => l.id === line.line.id)).toMatchObject({ overridden: true, open: "2500.000" });
  });

  it("reports demand on items routed nowhere apart, on its partner's row", async () => {
    const days = 10 * 7;
    const w = isoWeekOf(inDays(days));
    const muesli = (await database.db.select().from(items).where(and(eq(items.tenantId, planner.tenantId), eq(items.code, "FG-SMOOTHIE"))))[0];
    const po = await orderOf(muesli.id, "777", days, "1");
    await acceptAll(metro, po.id);
    const map = await loadHeatmap(planner, { group: "partner", weeks: [w], partnerId: ids.metro });
    expect(Number(map.unrouted[0].demand)).toBe(777);
    expect(Number(map.rows[0].cells[0].undeclaredDemand)).toBe(777);
    const unrouted = await demandLines(planner, { week: w, partnerId: ids.metro, unrouted: true }, null);
    expect(unrouted.items.map((l) => l.poId)).toEqual([po.id]);
  });
});

describe("answering an order over capacity", () => {
  it("refuses an answer that puts a week over until the partner confirms it; nothing is saved meanwhile", async () => {
    const days = 11 * 7;
    const w = isoWeekOf(inDays(days));
    const capacity = await sqlCapacity(ids.lyon, "Bar line", w);
    const existing = await sqlDemand(ids.lyon, "Bar line", w);
    const po = await barOrder(String(capacity - existing + 1), days);
    const refused = (await acceptAll(metro, po.id))!;
    expect(refused.po).toBeUndefined();
    expect(refused.overCapacity).toEqual([expect.objectContaining({ week: w, over: "1.000", capacity: `${capacity}.000` })]);
    const still = (await getPurchaseOrder(planner, po.id))!.po;
    expect(still.status).toBe("issued");
    expect(still.overCommitted).toBe(false);

    const before = (await readMailDir(mailDir)).length;
    const sent = (await acceptAll(metro, po.id, true))!;
    expect(sent.po?.status).toBe("confirmed");
    const flagged = (await getPurchaseOrder(planner, po.id))!.po;
    expect(flagged.overCommitted).toBe(true);
    const mail = (await readMailDir(mailDir)).slice(before).find((m) => m.to.includes("planner@northwind.test"))!;
    expect(mail.body).toContain("Over declared capacity");
    expect(mail.body).toContain(`week ${w}`);
  });

  it("lets an answer that fits through unflagged, and weighs a proposed date in the week it moves to", async () => {
    const days = 12 * 7;
    const po = await barOrder("1000", days);
    const ok = (await acceptAll(metro, po.id))!;
    expect(ok.overCapacity).toEqual([]);
    expect((await getPurchaseOrder(planner, po.id))!.po.overCommitted).toBe(false);

    // proposing to move a big line into a full week is weighed in that week
    const target = 13 * 7;
    const tw = isoWeekOf(inDays(target));
    const room = (await sqlCapacity(ids.lyon, "Bar line", tw)) - (await sqlDemand(ids.lyon, "Bar line", tw));
    const big = await barOrder(String(room + 10), 20 * 7);
    const found = (await getPurchaseOrder(metro, big.id))!;
    const answer = { [found.lines[0].line.id]: { kind: "change" as const, committedDate: inDays(target), reason: "Earlier suits us" } };
    const refused = (await respondToPurchaseOrder(metro, big.id, found.po.version, answer, today()))!;
    expect(refused.overCapacity?.map((o) => o.week)).toEqual([tw]);
  });
});

describe("open capacity", () => {
  it("lists facilities with enough open units over the weeks, most open first, and leaves out the full ones", async () => {
    const from = isoWeekOf(inDays(14 * 7));
    const to = isoWeekOf(inDays(15 * 7));
    const found = await findOpenCapacity(planner, { quantity: "20000", from, to, per: "facility" });
    expect(found.items.length).toBeGreaterThan(0);
    for (const c of found.items) expect(Number(c.open)).toBeGreaterThanOrEqual(20000);
    const opens = found.items.map((c) => Number(c.open));
    expect([...opens].sort((a, b) => b - a)).toEqual(opens);
    // a quantity no facility has
    expect((await findOpenCapacity(planner, { quantity: "99999999", from, to, per: "facility" })).items).toEqual([]);
    // per production line: Lyon's granola oven alone can't take what the whole of Lyon can
    const perLine = await findOpenCapacity(planner, { quantity: "100000", from, to, per: "resource" });
    expect(perLine.items.every((c) => c.resources.length === 1)).toBe(true);
    // a partner sees only its own facilities
    const mine = await findOpenCapacity(delta, { quantity: "1", from, to, per: "facility" });
    expect(new Set(mine.items.map((c) => c.facilityId))).toEqual(new Set([ids.rotterdam, ids.antwerp]));
  });

  it("adds up each line's open weeks in the database exactly as placementCandidates does from the lines", async () => {
    const from = isoWeekOf(inDays(7));
    const to = isoWeekOf(inDays(6 * 7));
    const weeks = weekRange(from, weeksBetween(from, to) + 1);
    // capacity beside demand summed straight from the order lines, per line and week
    const rows = await rowsOf<{ facility_id: string; resource: string; week: string; capacity: string; demand: string }>(
      database.db,
      sql`select c.facility_id, c.resource, c.week, c.capacity::text, coalesce((
            select sum(l.quantity - l.quantity_shipped) from po_lines l join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
              left join item_resources r on r.tenant_id = l.tenant_id and r.partner_id = l.partner_id and r.item_id = l.item_id
             where l.tenant_id = c.tenant_id and not l.cancelled and l.quantity > l.quantity_shipped
               and p.status in ('confirmed', 'acknowledged', 'partially_shipped', 'partially_received')
               and coalesce(l.capacity_facility_id, r.facility_id) = c.facility_id and coalesce(l.capacity_resource, r.resource) = c.resource
               and to_char(l.committed_date, 'IYYY-"W"IW') = c.week), 0)::text as demand
          from capacity_declarations c join facilities f on f.tenant_id = c.tenant_id and f.id = c.facility_id and f.active
         where c.tenant_id = ${planner.tenantId} and c.week in (${sql.join(weeks.map((w) => sql`${w}`), sql`, `)})`,
    );
    const expected = placementCandidates(
      rows.map((r) => ({ key: `${r.facility_id}|${r.resource}`, week: r.week, capacity: r.capacity, demand: r.demand })),
      "0",
      from,
      to,
    );
    expect(expected.length).toBeGreaterThan(3);
    const found = await findOpenCapacity(planner, { quantity: "0", from, to, per: "resource", limit: 500 });
    expect(found.items.map((c) => ({ key: c.key, open: c.open, weeks: c.weeks }))).toEqual(expected);
    // and a facility is the sum of its lines
    const perFacility = await findOpenCapacity(planner, { quantity: "0", from, to, per: "facility", limit: 500 });
    for (const f of perFacility.items) {
      const mine = expected.filter((e) => e.key.startsWith(`${f.facilityId}|`));
      expect(Number(f.open)).toBeCloseTo(mine.reduce((sum, e) => sum + Number(e.open), 0), 3);
      expect(f.resources.sort()).toEqual(mine.map((e) => e.key.split("|")[1]).sort());
    }
  });

  it("pages by keyset without repeating or skipping", async () => {
    const from = isoWeekOf(inDays(14 * 7));
    const all = await findOpenCapacity(planner, { quantity: "1", from, to: from, per: "resource" });
    const first = await findOpenCapacity(planner, { quantity: "1", from, to: from, per: "resource", limit: 2 });
    const second = await findOpenCapacity(planner, { quantity: "1", from, to: from, per: "resource", limit: 2, after: first.nextCursor });
    expect([...first.items, ...second.items].map((c) => c.key)).toEqual(all.items.slice(0, 4).map((c) => c.key));
  });
});

describe("item routing", () => {
  it("lists a partner's items with their routes, sets and clears a route with compare-and-set", async () => {
    const page = await itemRouting(planner, ids.metro, null);
    const bar = page.items.find((r) => r.itemId === ids.bar)!;
    expect(bar).toMatchObject({ facilityId: ids.lyon, resource: "Bar line" });
    await setItemRoute(planner, ids.metro, { id: ids.bar }, { facilityId: ids.lyon, resource: "Granola oven" }, bar.version!);
    await expect(setItemRoute(metro, ids.metro, { id: ids.bar }, { facilityId: ids.lyon, resource: "Bar line" }, bar.version!)).rejects.toMatchObject({ status: 409 });
    const moved = (await itemRouting(metro, ids.metro, null)).items.find((r) => r.itemId === ids.bar)!;
    expect(moved.resource).toBe("Granola oven");
    await setItemRoute(metro, ids.metro, { code: "FG-COCOA-BAR" }, { facilityId: ids.lyon, resource: "Bar line" }, moved.version!);
    expect((await itemRouting(planner, ids.metro, null)).items.find((r) => r.itemId === ids.bar)!.resource).toBe("Bar line");
    // a resource the facility doesn't have, and another partner's facility
    await expect(setItemRoute(metro, ids.metro, { id: ids.bar }, { facilityId: ids.lyon, resource: "Nope" }, moved.version! + 1)).rejects.toBeInstanceOf(RoutingError);
    await expect(setItemRoute(metro, ids.metro, { id: ids.bar }, { facilityId: ids.rotterdam, resource: "Filling line A" }, moved.version! + 1)).rejects.toBeInstanceOf(RoutingError);
  });

  it("keeps a partner to its own routes, whatever partner it names (code) and by row-level security", async () => {
    // Delta naming Metro routes Delta's own item instead
    const deltaRows = await itemRouting(delta, ids.metro, null);
    expect(deltaRows.items.some((r) => r.facilityId === ids.lyon)).toBe(false);
    const seen = await asAppRole(database, { "app.tenant_id": delta.tenantId, "app.partner_id": delta.partnerId! }, (tx) => tx.select().from(itemResources));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.partnerId === ids.delta)).toBe(true);
    const contoso = await contextFor(database, "admin@contoso.test", "contoso");
    const other = await asAppRole(database, { "app.tenant_id": contoso.tenantId, "app.partner_id": "" }, (tx) => tx.select().from(itemResources));
    expect(other.every((r) => r.tenantId === contoso.tenantId)).toBe(true);
  });
});

describe("isolation", () => {
  it("shows a partner only its own rows and lines, whatever it asks for", async () => {
    const weeks = loadWindow(null, 13).weeks;
    const mine = await loadHeatmap(delta, { group: "facility", weeks });
    expect(new Set(mine.rows.map((r) => r.partnerId))).toEqual(new Set([ids.delta]));
    const asked = await loadHeatmap(delta, { group: "partner", weeks, partnerId: ids.metro });
    expect(asked.rows).toEqual([]);
    const lines = await demandLines(delta, { week: isoWeekOf(inDays(14)), facilityId: ids.lyon }, null);
    expect(lines.items).toEqual([]);
    const contoso = await contextFor(database, "admin@contoso.test", "contoso");
    const theirs = await loadHeatmap(contoso, { group: "facility", weeks });
    expect(theirs.rows.some((r) => r.facilityId === ids.lyon)).toBe(false);
  });
});

describe("the pages", () => {
  it("render the heatmap, a drill-down, a facility chart, open capacity and routing; bad input gets a 400 with the reason", async () => {
    const cookie = await server.login("planner@northwind.test");
    const week = isoWeekOf(inDays(14));
    const heat = await server.get(`/northwind/capacity/load?group=resource&from=${week}&weeks=4`, cookie);
    expect(heat.status).toBe(200);
    const html = await heat.text();
    expect(html).toContain("Bar line");
    expect(html).toMatch(/data-band="over_100"/);
    const drill = await server.get(`/northwind/capacity/load/lines?week=${week}&facility=${ids.lyon}&resource=Bar%20line`, cookie);
    expect(drill.status).toBe(200);
    expect(await drill.text()).toContain("Over capacity");
    const chart = await server.get(`/northwind/capacity/load/${ids.lyon}`, cookie);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain("Capacity against demand");
    const open = await server.get(`/northwind/capacity/open?quantity=20000&from=${week}&to=${week}&per=facility`, cookie);
    expect(open.status).toBe(200);
    // the last week left blank searches the first week alone
    const oneWeek = await server.get(`/northwind/capacity/open?quantity=20000&from=${week}&to=&per=resource`, cookie);
    expect(oneWeek.status).toBe(200);
    expect(await oneWeek.text()).toContain(`units in ${week}–${week}`);
    expect((await server.get(`/northwind/capacity/routing?partner=${ids.metro}`, cookie)).status).toBe(200);

    const badWeek = await server.get(`/northwind/capacity/load/lines?week=2026-W99`, cookie);
    expect(badWeek.status).toBe(400);
    const badOpen = await server.get(`/northwind/capacity/open?quantity=lots&from=${week}&to=2020-W01`, cookie);
    expect(badOpen.status).toBe(400);
    const text = await badOpen.text();
    expect(text).toContain("Enter the units to place");
    expect(text).toContain("The last week can&#x27;t be before the first.");
    const badFrom = await server.get(`/northwind/capacity/load?from=nope`, cookie);
    expect(badFrom.status).toBe(400);
  });

  it("warns the partner on the order page, refuses the unconfirmed answer with a 400, and takes it once confirmed", async () => {
    const days = 16 * 7;
    const w = isoWeekOf(inDays(days));
    const capacity = await sqlCapacity(ids.lyon, "Bar line", w);
    const po = await barOrder(String(capacity + 5), days);
    const cookie = await server.login("ops@metro3pd.test");
    const page = await server.get(`/northwind/orders/${po.id}`, cookie);
    expect(await page.text()).toContain("Metro Production — Lyon · Bar line");
    const version = (await getPurchaseOrder(planner, po.id))!.po.version;
    const refused = await server.post(`/northwind/orders/${po.id}`, cookie, { intent: "accept-all", version });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`week ${w}`);
    const ok = await server.post(`/northwind/orders/${po.id}`, cookie, { intent: "accept-all", version, confirmOverCapacity: "on" });
    expect(ok.status).toBe(200);
    const buyer = await server.login("planner@northwind.test");
    const flagged = await (await server.get(`/northwind/orders/${po.id}`, buyer)).text();
    expect(flagged).toContain('data-testid="po-over-capacity"');
  });
});

describe("routing through the pages", () => {
  it("lets a planner route an item and move one order line, refusing a stale form with 409 and a partner with 404", async () => {
    const cookie = await server.login("planner@northwind.test");
    const row = (await itemRouting(metro, ids.metro, null)).items.find((r) => r.itemId === ids.granola)!;
    const saved = await server.post(`/northwind/capacity/routing?partner=${ids.metro}`, cookie, {
      intent: "route-item",
      itemId: ids.granola,
      route: `${ids.lyon}|Bar line`,
      version: row.version ?? 0,
    });
    expect(saved.status).toBe(200);
    expect((await itemRouting(metro, ids.metro, null)).items.find((r) => r.itemId === ids.granola)!.resource).toBe("Bar line");
    const stale = await server.post(`/northwind/capacity/routing?partner=${ids.metro}`, cookie, { intent: "route-item", itemId: ids.granola, route: "", version: row.version ?? 0 });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone else changed");
    const unknown = await server.post(`/northwind/capacity/routing?partner=${ids.metro}`, cookie, { intent: "route-item", itemCode: "NO-SUCH-ITEM", route: `${ids.lyon}|Bar line`, version: 0 });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("No item has this code.");
    // put it back as it was
    const back = (await itemRouting(metro, ids.metro, null)).items.find((r) => r.itemId === ids.granola)!;
    await setItemRoute(metro, ids.metro, { id: ids.granola }, { facilityId: ids.lyon, resource: "Granola oven" }, back.version!);

    const po = await barOrder("10", 17 * 7);
    const found = (await getPurchaseOrder(metro, po.id))!;
    const line = found.lines[0].line;
    const moved = await server.post(`/northwind/orders/${po.id}`, cookie, {
      intent: "route-line",
      version: found.po.version,
      lineId: line.id,
      route: `${ids.lyon}|Granola oven`,
      shownFacility: "",
      shownResource: "",
    });
    expect(moved.status).toBe(200);
    const again = await server.post(`/northwind/orders/${po.id}`, cookie, { intent: "route-line", version: found.po.version, lineId: line.id, route: "", shownFacility: "", shownResource: "" });
    expect(again.status).toBe(409);
    const partner = await server.login("ops@metro3pd.test");
    const refused = await server.post(`/northwind/orders/${po.id}`, partner, { intent: "route-line", version: found.po.version, lineId: line.id, route: "", shownFacility: ids.lyon, shownResource: "Granola oven" });
    expect(refused.status).toBe(404);
    const [after] = await database.db.select().from(poLines).where(and(eq(poLines.tenantId, planner.tenantId), eq(poLines.id, line.id)));
    expect(after).toMatchObject({ capacityFacilityId: ids.lyon, capacityResource: "Granola oven" });
  });
});

describe("reading rows as the application role", () => {
  it("leaves no purchase order flag for another tenant to see", async () => {
    const contoso = await contextFor(database, "admin@contoso.test", "contoso");
    const rows = await asAppRole(database, { "app.tenant_id": contoso.tenantId, "app.partner_id": "" }, (tx) =>
      tx.select({ id: purchaseOrders.id }).from(purchaseOrders).where(eq(purchaseOrders.overCommitted, true)),
    );
    expect(rows).toEqual([]);
  });
});
