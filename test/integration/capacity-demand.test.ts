// The kept weekly demand (capacity_demand, maintained by triggers in migration 0021) against an
// independent SQL oracle after every kind of change to order lines, order statuses and item routes,
// one row at a time and in bulk; row-level security on it; and two transactions refreshing one
// partner at once (PostgreSQL server only: PGlite has one connection).
import { and, eq, sql } from "drizzle-orm";
import { DEMAND_STATUSES } from "../../app/domain/capacity";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { cancelPurchaseOrder } from "../../app/server/purchase-orders.server";
import { capacityDemand, itemResources, items, partners, poLines, purchaseOrders } from "../../drizzle/schema";
import { serverUrl, setupTestDatabase } from "../helpers/db";
import { asAppRole, capacityDemandDrift, contextFor, pgFailure, rowsOf } from "../helpers/factories";

let database: Database;
let planner: TenantContext;
let contoso: TenantContext;
const ids = { metro: "", delta: "", bar: "", granola: "" };

beforeAll(async () => {
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
  const t = planner.tenantId;
  const p = new Map((await database.db.select().from(partners).where(eq(partners.tenantId, t))).map((r) => [r.name, r.id]));
  const i = new Map((await database.db.select().from(items).where(eq(items.tenantId, t))).map((r) => [r.code, r.id]));
  Object.assign(ids, { metro: p.get("Metro Production Services")!, delta: p.get("Delta Co-Packers")!, bar: i.get("FG-COCOA-BAR")!, granola: i.get("FG-GRANOLA")! });
});
afterAll(async () => {
  await database?.close();
});

const demandOf = async (partnerId: string) =>
  (await database.db.select().from(capacityDemand).where(and(eq(capacityDemand.tenantId, planner.tenantId), eq(capacityDemand.partnerId, partnerId)))).length;

/** A confirmed line of Metro's with open quantity, committed in some week. */
async function metroLine() {
  const [line] = await rowsOf<{ id: string; po_id: string; item_id: string; committed_date: string }>(
    database.db,
    sql`select l.id, l.po_id, l.item_id, l.committed_date::text from po_lines l join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
         where l.tenant_id = ${planner.tenantId} and l.partner_id = ${ids.metro} and p.status in ('confirmed', 'acknowledged', 'partially_received') and not l.cancelled and l.quantity > l.quantity_shipped
         order by l.committed_date, l.id limit 1`,
  );
  return line;
}

describe("kept weekly demand", () => {
  it("holds the demo's demand after seeding, for every tenant", async () => {
    expect(await capacityDemandDrift(database)).toEqual([]);
    expect(await demandOf(ids.metro)).toBeGreaterThan(0);
  });

  it("follows each change to a line: shipped, moved a week, rerouted, resized, cancelled, deleted", async () => {
    const line = await metroLine();
    expect(line).toBeTruthy();
    const steps: [string, () => Promise<unknown>][] = [
      ["part shipped", () => database.db.update(poLines).set({ quantityShipped: sql`least(${poLines.quantity}, 1)` }).where(eq(poLines.id, line.id))],
      ["moved three weeks out", () => database.db.update(poLines).set({ committedDate: sql`${poLines.committedDate} + 21` }).where(eq(poLines.id, line.id))],
      ["moved into a new year", () => database.db.update(poLines).set({ committedDate: "2027-01-01" }).where(eq(poLines.id, line.id))],
      ["routed by hand", () => database.db.update(poLines).set({ capacityResource: "Hand line" }).where(eq(poLines.id, line.id))],
      ["resized", () => database.db.update(poLines).set({ quantity: sql`${poLines.quantity} + 500` }).where(eq(poLines.id, line.id))],
      ["a price change (no demand change)", () => database.db.update(poLines).set({ unitPrice: "9.9999" }).where(eq(poLines.id, line.id))],
      ["shipped in full", () => database.db.update(poLines).set({ quantityShipped: sql`${poLines.quantity}` }).where(eq(poLines.id, line.id))],
      ["reopened", () => database.db.update(poLines).set({ quantityShipped: "0" }).where(eq(poLines.id, line.id))],
      ["cancelled", () => database.db.update(poLines).set({ cancelled: true }).where(eq(poLines.id, line.id))],
      ["restored", () => database.db.update(poLines).set({ cancelled: false }).where(eq(poLines.id, line.id))],
    ];
    for (const [what, step] of steps) {
      const before = await rowsOf<{ s: string }>(database.db, sql`select coalesce(sum(demand), 0)::text as s from capacity_demand where tenant_id = ${planner.tenantId} and partner_id = ${ids.metro}`);
      await step();
      const drift = await capacityDemandDrift(database);
      expect({ what, drift }).toEqual({ what, drift: [] });
      const after = await rowsOf<{ s: string }>(database.db, sql`select coalesce(sum(demand), 0)::text as s from capacity_demand where tenant_id = ${planner.tenantId} and partner_id = ${ids.metro}`);
      if (what.startsWith("a price")) expect(after[0].s).toBe(before[0].s);
    }
    // the line was really counted: shipping it in full took its quantity off
    await database.db.delete(poLines).where(eq(poLines.id, line.id));
    expect(await capacityDemandDrift(database)).toEqual([]);
  });

  it("follows an order leaving and re-entering a demand status, and a new confirmed order", async () => {
    const line = await metroLine();
    const weekly = () => rowsOf<{ d: string }>(database.db, sql`select coalesce(sum(demand), 0)::text as d from capacity_demand where tenant_id = ${planner.tenantId} and partner_id = ${ids.metro}`);
    const start = Number((await weekly())[0].d);
    await database.db.update(purchaseOrders).set({ status: "cancelled" }).where(eq(purchaseOrders.id, line.po_id));
    expect(await capacityDemandDrift(database)).toEqual([]);
    expect(Number((await weekly())[0].d)).toBeLessThan(start);
    await database.db.update(purchaseOrders).set({ status: "acknowledged" }).where(eq(purchaseOrders.id, line.po_id));
    expect(await capacityDemandDrift(database)).toEqual([]);
    expect(Number((await weekly())[0].d)).toBe(start);
    // a whole order copied as a new confirmed order, lines inserted in one statement
    await database.db.execute(sql`
      with po as (
        insert into purchase_orders (tenant_id, number, partner_id, ship_to_facility_id, status, currency, incoterms)
        select tenant_id, number || '-COPY', partner_id, ship_to_facility_id, 'confirmed', currency, incoterms from purchase_orders where id = ${line.po_id}
        returning id)
      insert into po_lines (tenant_id, po_id, line_no, partner_id, item_id, quantity, uom, unit_price, requested_date, committed_date)
      select l.tenant_id, po.id, l.line_no, l.partner_id, l.item_id, l.quantity, l.uom, l.unit_price, l.requested_date, l.committed_date
        from po_lines l, po where l.po_id = ${line.po_id}`);
    expect(await capacityDemandDrift(database)).toEqual([]);
    expect(Number((await weekly())[0].d)).toBeGreaterThan(start);
  });

  it("follows item routes set, changed and removed, and bulk changes to every line of a tenant", async () => {
    const [route] = await database.db.select().from(itemResources).where(and(eq(itemResources.tenantId, planner.tenantId), eq(itemResources.partnerId, ids.metro)));
    expect(route).toBeTruthy();
    await database.db.update(itemResources).set({ resource: "Moved line" }).where(and(eq(itemResources.tenantId, route.tenantId), eq(itemResources.partnerId, route.partnerId), eq(itemResources.itemId, route.itemId)));
    expect(await capacityDemandDrift(database)).toEqual([]);
    await database.db.delete(itemResources).where(and(eq(itemResources.tenantId, route.tenantId), eq(itemResources.partnerId, route.partnerId), eq(itemResources.itemId, route.itemId)));
    expect(await capacityDemandDrift(database)).toEqual([]);
    await database.db.insert(itemResources).values(route);
    expect(await capacityDemandDrift(database)).toEqual([]);
    // one statement across partners and weeks
    await database.db.update(poLines).set({ committedDate: sql`${poLines.committedDate} + 10`, quantity: sql`${poLines.quantity} + 1` }).where(eq(poLines.tenantId, planner.tenantId));
    expect(await capacityDemandDrift(database)).toEqual([]);
    await database.db.update(purchaseOrders).set({ status: "partially_received" }).where(and(eq(purchaseOrders.tenantId, planner.tenantId), eq(purchaseOrders.status, "confirmed")));
    expect(await capacityDemandDrift(database)).toEqual([]);
  });

  it("shows a partner only its own demand and refuses a row written for another partner or tenant", async () => {
    const metroRows = await asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": ids.metro }, (tx) =>
      rowsOf<{ partner_id: string }>(tx, sql`select partner_id from capacity_demand`),
    );
    expect(metroRows.length).toBeGreaterThan(0);
    expect(new Set(metroRows.map((r) => r.partner_id))).toEqual(new Set([ids.metro]));
    const contosoRows = await asAppRole(database, { "app.tenant_id": contoso.tenantId }, (tx) =>
      rowsOf<{ tenant_id: string }>(tx, sql`select tenant_id from capacity_demand where tenant_id = ${planner.tenantId}`),
    );
    expect(contosoRows).toEqual([]);
    const forged = await pgFailure(
      asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": ids.metro }, (tx) =>
        tx.execute(sql`insert into capacity_demand (tenant_id, partner_id, week, demand, lines) values (${planner.tenantId}, ${ids.delta}, '2030-W01', 1, 1)`),
      ),
    );
    expect(forged.code).toBe("42501");
    // no update grant: a kept row cannot be edited, only recomputed
    const edited = await pgFailure(
      asAppRole(database, { "app.tenant_id": planner.tenantId }, (tx) => tx.execute(sql`update capacity_demand set demand = 0`)),
    );
    expect(edited.code).toBe("42501");
  });

  it("is refreshed by a partner's own change under row-level security", async () => {
    const line = await metroLine();
    await asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": ids.metro }, (tx) =>
      tx.execute(sql`update po_lines set committed_date = committed_date + 7 where id = ${line.id}`),
    );
    expect(await capacityDemandDrift(database)).toEqual([]);
  });

  it.runIf(!!serverUrl())("lets two transactions change one partner's lines in the same week at once", async () => {
    const lines = await rowsOf<{ id: string; committed_date: string }>(
      database.db,
      sql`select l.id, l.committed_date::text from po_lines l join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
           where l.tenant_id = ${planner.tenantId} and l.partner_id = ${ids.metro} and p.status in ('confirmed', 'acknowledged', 'partially_received') and not l.cancelled
           order by l.id limit 2`,
    );
    expect(lines).toHaveLength(2);
    await database.db.update(poLines).set({ committedDate: lines[0].committed_date }).where(eq(poLines.id, lines[1].id));
    const slow = database.db.transaction(async (tx) => {
      await tx.update(poLines).set({ quantity: sql`${poLines.quantity} + 3` }).where(eq(poLines.id, lines[0].id));
      await tx.execute(sql`select pg_sleep(0.4)`);
    });
    await new Promise((r) => setTimeout(r, 100));
    const fast = database.db.transaction(async (tx) => {
      await tx.update(poLines).set({ quantity: sql`${poLines.quantity} + 5` }).where(eq(poLines.id, lines[1].id));
    });
    await Promise.all([slow, fast]);
    expect(await capacityDemandDrift(database)).toEqual([]);
  });

  it("counts the order statuses of DEMAND_STATUSES, as the SQL refresh writes them out", async () => {
    const [fn] = await rowsOf<{ def: string }>(database.db, sql`select pg_get_functiondef('capacity_demand_refresh'::regproc) as def`);
    const lists = [...fn.def.matchAll(/o\.status IN \(([^)]*)\)/gi)].map((m) => m[1].split(",").map((x) => x.trim().replace(/^'|'$/g, "")));
    expect(lists).toHaveLength(2);
    for (const list of lists) expect([...list].sort()).toEqual([...DEMAND_STATUSES].sort());
  });

  it("rebuilds every company's demand company by company, also as a role bound by row-level security", async () => {
    await database.db.execute(sql`delete from capacity_demand`);
    expect((await capacityDemandDrift(database)).length).toBeGreaterThan(0);
    // as portal_app with no company set: a single statement would see no rows at all
    await asAppRole(database, {}, (tx) => tx.execute(sql`select capacity_demand_rebuild()`));
    expect(await capacityDemandDrift(database)).toEqual([]);
  });

  it.runIf(!!serverUrl())("takes the partner's demand lock before an order's row lock, the same lock the triggers take", async () => {
    // a fresh confirmed order of Metro's with one open line (the tests above moved the others on)
    const source = await metroLine();
    const [po] = await rowsOf<{ id: string; version: number }>(
      database.db,
      sql`insert into purchase_orders (tenant_id, number, partner_id, ship_to_facility_id, status, currency, incoterms)
          select tenant_id, number || '-LOCK', partner_id, ship_to_facility_id, 'confirmed', currency, incoterms from purchase_orders where id = ${source.po_id}
          returning id, version`,
    );
    const [line] = await rowsOf<{ id: string; po_id: string }>(
      database.db,
      sql`insert into po_lines (tenant_id, po_id, line_no, partner_id, item_id, quantity, uom, unit_price, requested_date, committed_date)
          select tenant_id, ${po.id}::uuid, 1, partner_id, item_id, 100, uom, unit_price, requested_date, committed_date from po_lines where id = ${source.id}
          returning id, po_id`,
    );
    // another transaction holds Metro's demand lock
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`select capacity_demand_lock(${planner.tenantId}::uuid, ${ids.metro}::uuid)`);
      holding();
      await released;
    });
    await held;
    let cancelling: Promise<unknown> | null = null;
    let done = false;
    try {
      // a trigger's refresh of Metro waits for it (same key): with a short lock_timeout it gives up
      const trigger = await pgFailure(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '200ms'`);
          await tx.execute(sql`update po_lines set committed_date = committed_date + 1 where id = ${line.id}`);
        }),
      );
      expect(trigger.code).toBe("55P03");
      // the buyer cancelling Metro's order waits for the lock without holding the order's row meanwhile
      cancelling = cancelPurchaseOrder(planner, line.po_id, po.version, "lock order test").then((r) => ((done = true), r));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      const rowFree = await database.db.transaction(async (tx) => rowsOf<{ id: string }>(tx, sql`select id from purchase_orders where id = ${line.po_id} for update nowait`));
      expect(rowFree).toHaveLength(1);
    } finally {
      release();
      await holder;
    }
    await cancelling;
    expect(done).toBe(true);
    expect(await capacityDemandDrift(database)).toEqual([]);
  });
});

