// Demo capacity: Metro Production Services and Delta Co-Packers declare their lines' weekly units
// over the rolling horizon, through the same function the grid uses (so the history is real);
// Metro's is three weeks old, so the demo shows stale capacity.
import { horizon } from "../app/domain/capacity";
import type { Db } from "../app/server/db.server";
import { and, eq, sql } from "drizzle-orm";
import { capacityFacilities, saveCapacity, sendStaleCapacityReminders } from "../app/server/capacity.server";
import { withTenant } from "../app/server/tenant.server";
import { capacityDeclarations, facilities, items, partners } from "./schema";
import { createPurchaseOrder, getPurchaseOrder, respondToPurchaseOrder } from "../app/server/purchase-orders.server";
import type { LineAnswer } from "../app/domain/po";
import { withoutMail } from "../app/server/mail.server";
import { memberContext } from "./seed";

/** Units per week each demo production line can make, before the dips. */
const BASE_UNITS: Record<string, number> = {
  "Bar line": 80000,
  "Granola oven": 30000,
  "Filling line A": 60000,
  "Filling line B": 50000,
  "Filling line C": 40000,
};

export async function seedCapacity(db: Db) {
  await withoutMail(async () => {
    const weeks = horizon(new Date().toISOString().slice(0, 10));
    for (const email of ["ops@metro3pd.test", "filler@delta.test"]) {
      const ctx = await memberContext(db, email, "northwind");
      for (const site of await capacityFacilities(ctx)) {
        const cells = site.resources.flatMap((resource) =>
          weeks.map((week, w) => ({
            resource,
            week,
            // a steady base per line, a maintenance dip every quarter and some week-to-week wobble
            capacity: String((BASE_UNITS[resource] ?? 20000) - (w % 13 === 6 ? 10000 : 0) + (w % 4) * 500),
            version: 0,
          })),
        );
        if (cells.length) await saveCapacity(ctx, site.id, cells);
      }
    }
    // Metro last confirmed three weeks ago: stale in the demo, and reminded (the mail itself is off)
    const metro = await memberContext(db, "ops@metro3pd.test", "northwind");
    await withTenant({ tenantId: metro.tenantId, partnerId: null, userId: null }, (tx) =>
      tx
        .update(capacityDeclarations)
        .set({ confirmedAt: sql`now() - interval '21 days'` })
        .where(and(eq(capacityDeclarations.tenantId, metro.tenantId), eq(capacityDeclarations.partnerId, metro.partnerId!))),
    );
    await sendStaleCapacityReminders();
  });
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo load once items are routed: Metro fills its bar line two weeks out and then accepts one more
 * order beyond its declared capacity (flagged to the buyer), and proposes a change that would put the
 * granola oven over (awaiting the buyer); Delta confirms a run on filling line A.
 */
export async function seedCapacityLoad(db: Db) {
  await withoutMail(async () => {
    const planner = await memberContext(db, "planner@northwind.test", "northwind");
    const metro = await memberContext(db, "ops@metro3pd.test", "northwind");
    const delta = await memberContext(db, "filler@delta.test", "northwind");
    const ids = await withTenant({ tenantId: planner.tenantId, partnerId: null, userId: null }, async (tx) => ({
      partners: new Map((await tx.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.tenantId, planner.tenantId))).map((p) => [p.name, p.id])),
      facilities: new Map((await tx.select({ id: facilities.id, name: facilities.name }).from(facilities).where(eq(facilities.tenantId, planner.tenantId))).map((f) => [f.name, f.id])),
      items: new Map((await tx.select({ id: items.id, code: items.code }).from(items).where(eq(items.tenantId, planner.tenantId))).map((i) => [i.code, i.id])),
    }));
    const order = (partner: string, lines: [string, string, string, number][]) =>
      createPurchaseOrder(
        planner,
        {
          partnerId: ids.partners.get(partner)!,
          shipToFacilityId: ids.facilities.get("Delta Co-Packers — Antwerp")!,
          currency: "EUR",
          incoterms: "DAP",
          paymentTerms: "30 days net",
          orderType: "standard",
          priority: 3,
          notes: "",
          lines: lines.map(([code, quantity, unitPrice, days]) => ({ itemId: ids.items.get(code)!, quantity, unitPrice, requestedDate: inDays(days) })),
        },
        { issue: true },
      );
    const answer = async (who: typeof metro, poId: string, kind: (lineId: string) => LineAnswer, confirmOverCapacity = false) => {
      const found = await getPurchaseOrder(who, poId);
      const answers = Object.fromEntries(found!.lines.map((l) => [l.line.id, kind(l.line.id)]));
      const result = await respondToPurchaseOrder(who, poId, found!.po.version, answers, inDays(0), { confirmOverCapacity });
      if (!result?.po) throw new Error(`The demo answer to ${found!.po.number} was refused: ${JSON.stringify(result)}`);
    };
    const accept = () => ({ kind: "accept" }) as LineAnswer;
    // two weeks out: 70,000 bars fit the bar line; 20,000 more go over, and Metro accepts them anyway
    const fits = await order("Metro Production Services", [["FG-COCOA-BAR", "70000", "0.3100", 14]]);
    await answer(metro, fits.id, accept);
    const over = await order("Metro Production Services", [["FG-COCOA-BAR", "20000", "0.3150", 14]]);
    await answer(metro, over.id, accept, true);
    // Metro proposes a bigger granola run; accepting it would put the oven over (the buyer decides)
    const granola = await order("Metro Production Services", [["FG-GRANOLA", "20000", "1.4500", 21]]);
    await answer(metro, granola.id, () => ({ kind: "change", quantity: "34000", reason: "We can bake the autumn volume in one run" }), true);
    // Delta: a confirmed run on Rotterdam's filling line A three weeks out
    const run = await order("Delta Co-Packers", [["FG-OJ-1L", "45000", "0.3600", 21]]);
    await answer(delta, run.id, accept);
  });
}
