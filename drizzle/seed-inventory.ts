// Demo stock at Delta Co-Packers: three months of movements for a few dozen items (written in bulk,
// then the balances derived from them, as posting would have left them), the root-cause list, and
// counts in three states made through the same server functions fillers and planners use.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../app/server/db.server";
import {
  addCountReason,
  decideAdjustment,
  enterRootCause,
  getCount,
  scheduleCount,
  submitCount,
  submitRecount,
} from "../app/server/inventory.server";
import { signedMovementQuantity } from "../app/domain/inventory";
import { withoutMail } from "../app/server/mail.server";
import { withTenant } from "../app/server/tenant.server";
import { facilities, inventoryBalances, inventoryMovements, items, partners, stockCounts } from "./schema";
import { memberContext } from "./seed";

const REASONS: [string, string][] = [
  ["UNREC-CONS", "Unrecorded consumption"],
  ["RECV-ERR", "Receiving error"],
  ["DAMAGE", "Damaged or scrapped"],
  ["MISLABEL", "Mislabelled lot"],
  ["TRANSFER", "Unrecorded transfer"],
];

const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

export async function seedInventory(db: Db) {
  await withoutMail(async () => {
    const planner = await memberContext(db, "planner@northwind.test", "northwind");
    const delta = await memberContext(db, "filler@delta.test", "northwind");
    const coAdmin = await memberContext(db, "admin@contoso.test", "contoso");
    for (const [code, name] of REASONS) await addCountReason(planner, { code, name });
    for (const [code, name] of REASONS.slice(0, 3)) await addCountReason(coAdmin, { code, name });

    const tenantId = planner.tenantId;
    await withTenant({ tenantId, partnerId: null, userId: planner.userId }, async (tx) => {
      const sites = await tx
        .select({ id: facilities.id, name: facilities.name, partnerId: facilities.partnerId })
        .from(facilities)
        .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
        .where(and(eq(facilities.tenantId, tenantId), eq(partners.name, "Delta Co-Packers")));
      const rotterdam = sites.find((s) => s.name.endsWith("Rotterdam"))!;
      const antwerp = sites.find((s) => s.name.endsWith("Antwerp"))!;
      const all = await tx.select().from(items).where(eq(items.tenantId, tenantId)).orderBy(items.code);
      const stocked = all.filter((i) => /^(RM|PKG|FG)-/.test(i.code));
      const rows: (typeof inventoryMovements.$inferInsert)[] = [];
      const add = (site: typeof rotterdam, itemId: string, lot: string, kind: (typeof inventoryMovements.$inferInsert)["kind"], quantity: number, daysAgo: number, reference: string) =>
        rows.push({ tenantId, partnerId: site.partnerId, facilityId: site.id, itemId, lot, kind, quantity: signedMovementQuantity(kind, quantity.toFixed(3)), movedOn: iso(daysAgo), reference, createdBy: planner.userId });
      stocked.forEach((item, n) => {
        const site = n % 4 === 3 ? antwerp : rotterdam;
        const lot = `L${(2600 + n).toString()}`;
        const weekly = 200 + ((n * 137) % 900);
        add(site, item.id, lot, "opening_balance", weekly * 4, 90, "Opening balance at go-live");
        for (let w = 12; w >= 1; w--) {
          const day = w * 7;
          if (item.code.startsWith("FG-")) {
            add(site, item.id, lot, "production_output", weekly, day + 1, `Run W-${w}`);
            add(site, item.id, lot, "transfer_out", Math.round(weekly * 0.95), day, `Shipment W-${w}`);
          } else {
            if (w % 2 === 0) add(site, item.id, lot, "receipt", weekly * 2, day + 2, `Delivery W-${w}`);
            // a few items run down faster than they are replenished: out-of-stock risk in the demo
            add(site, item.id, lot, "consumption", Math.round(weekly * (n % 7 === 0 ? 1.25 : 0.98)), day, `Production W-${w}`);
          }
        }
      });
      await tx.insert(inventoryMovements).values(rows);
      // the balances posting would have left: the sum of each stock's movements, up to its last one
      await tx.execute(sql`
        insert into inventory_balances (tenant_id, facility_id, item_id, lot, partner_id, quantity, last_movement_id)
        select tenant_id, facility_id, item_id, lot, partner_id, sum(quantity), max(id)
        from inventory_movements where tenant_id = ${tenantId}
        group by tenant_id, facility_id, item_id, lot, partner_id`);
    });

    const sites = await withTenant({ tenantId, partnerId: null, userId: null }, (tx) =>
      tx.select({ id: facilities.id, name: facilities.name }).from(facilities).where(eq(facilities.tenantId, tenantId)),
    );
    const rotterdam = sites.find((s) => s.name === "Delta Co-Packers — Rotterdam")!.id;
    const antwerp = sites.find((s) => s.name === "Delta Co-Packers — Antwerp")!.id;

    // 1. completed a month ago: one line short after its recount, explained, approved and adjusted
    const done = await scheduleCount(planner, { facilityId: rotterdam, scope: "cycle", abcClass: "B", dueOn: iso(30), notes: "Quarterly B count" });
    await countWithVariance(delta, done.id, 0.9);
    let c = (await getCount(delta, done.id))!;
    const recount1 = c.lines.filter((l) => l.status === "recount_requested").map((l) => ({ lineId: l.id, recounted: l.counted! }));
    await submitRecount(delta, done.id, c.count.version, recount1);
    c = (await getCount(delta, done.id))!;
    const reasons = c.reasons;
    for (const l of c.lines.filter((x) => x.status === "needs_root_cause")) {
      c = (await getCount(delta, done.id))!;
      await enterRootCause(delta, done.id, c.count.version, { lineId: l.id, reasonId: reasons.find((r) => r.code === "UNREC-CONS")!.id, comment: "Trial run on line B was not booked as consumption." });
    }
    for (const l of (await getCount(planner, done.id))!.lines.filter((x) => x.status === "awaiting_approval")) {
      const now = (await getCount(planner, done.id))!;
      await decideAdjustment(planner, done.id, now.count.version, { lineId: l.id, approve: true, comment: "Agreed: trial run consumption." });
    }
    await backdateCount(tenantId, done.id, 30);

    // 2. submitted last week: one line still off after the recount, waiting for Delta's root cause
    const waiting = await scheduleCount(planner, { facilityId: antwerp, scope: "cycle", abcClass: "A", dueOn: iso(7), notes: "A items before the audit" });
    await countWithVariance(delta, waiting.id, 1.12);
    c = (await getCount(delta, waiting.id))!;
    await submitRecount(delta, waiting.id, c.count.version, c.lines.filter((l) => l.status === "recount_requested").map((l) => ({ lineId: l.id, recounted: l.counted! })));
    await backdateCount(tenantId, waiting.id, 7);

    // 3. due in five days: the A items at Rotterdam, not started
    await scheduleCount(planner, { facilityId: rotterdam, scope: "cycle", abcClass: "A", dueOn: iso(-5), notes: "Monthly A count" });
  });
}

/** Delta counts every line at the book quantity, except the first, which is off by `factor`. */
async function countWithVariance(delta: Awaited<ReturnType<typeof memberContext>>, countId: string, factor: number) {
  const c = (await getCount(delta, countId))!;
  // the filler can't see the book before submitting: the demo reads it as the planner would
  const book = await withTenant({ tenantId: delta.tenantId, partnerId: null, userId: null }, (tx) =>
    tx.select().from(inventoryBalances).where(and(eq(inventoryBalances.tenantId, delta.tenantId), eq(inventoryBalances.facilityId, c.count.facilityId))),
  );
  const entries = c.lines.map((l, i) => {
    const b = Number(book.find((x) => x.itemId === l.itemId && x.lot === l.lot)?.quantity ?? 0);
    return { itemId: l.itemId, lot: l.lot, counted: Math.max(0, Math.round(i === 0 ? b * factor : b)).toFixed(3) };
  });
  await submitCount(delta, countId, c.count.version, entries);
}

async function backdateCount(tenantId: string, countId: string, daysAgo: number) {
  const at = sql`now() - make_interval(days => ${daysAgo})`;
  await withTenant({ tenantId, partnerId: null, userId: null }, (tx) =>
    tx
      .update(stockCounts)
      .set({ createdAt: at, submittedAt: at, completedAt: sql`case when completed_at is null then null else now() - make_interval(days => ${daysAgo}) end` })
      .where(and(eq(stockCounts.tenantId, tenantId), eq(stockCounts.id, countId))),
  );
}
