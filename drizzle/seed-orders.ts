// Demo purchase orders in every state, made through the same server functions people use
// (so the history, audit log and revisions are real), with mail switched off.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../app/server/db.server";
import { withoutMail } from "../app/server/mail.server";
import {
  acceptProposedChanges,
  cancelPurchaseOrder,
  createPurchaseOrder,
  recordReceipts,
  respondToPurchaseOrder,
} from "../app/server/purchase-orders.server";
import { createShipNotice } from "../app/server/ship-notices.server";
import { withTenant } from "../app/server/tenant.server";
import { facilities, items, partners, poLines, purchaseOrders } from "./schema";
import { memberContext } from "./seed";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function lookups(tenantId: string) {
  return withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => ({
    partners: Object.fromEntries((await tx.select().from(partners).where(eq(partners.tenantId, tenantId))).map((p) => [p.name, p.id])),
    facilities: Object.fromEntries((await tx.select().from(facilities).where(eq(facilities.tenantId, tenantId))).map((f) => [f.name, f.id])),
    items: Object.fromEntries((await tx.select().from(items).where(eq(items.tenantId, tenantId))).map((i) => [i.code, i.id])),
  }));
}

async function linesOf(tenantId: string, poId: string) {
  return withTenant({ tenantId, partnerId: null, userId: null }, (tx) =>
    tx.select().from(poLines).where(and(eq(poLines.tenantId, tenantId), eq(poLines.poId, poId))).orderBy(poLines.lineNo),
  );
}

async function versionOf(tenantId: string, poId: string) {
  const [po] = await withTenant({ tenantId, partnerId: null, userId: null }, (tx) =>
    tx.select({ version: purchaseOrders.version }).from(purchaseOrders).where(and(eq(purchaseOrders.tenantId, tenantId), eq(purchaseOrders.id, poId))),
  );
  return po.version;
}

export async function seedOrders(db: Db) {
  await withoutMail(async () => {
    const planner = await memberContext(db, "planner@northwind.test", "northwind");
    const sunrise = await memberContext(db, "supplier@sunrise.test", "northwind");
    const metro = await memberContext(db, "ops@metro3pd.test", "northwind");
    const delta = await memberContext(db, "filler@delta.test", "northwind");
    const nw = await lookups(planner.tenantId);
    const rotterdam = nw.facilities["Delta Co-Packers — Rotterdam"];
    const antwerp = nw.facilities["Delta Co-Packers — Antwerp"];
    const header = (partner: string, shipTo: string, extra: Partial<Parameters<typeof createPurchaseOrder>[1]> = {}) => ({
      partnerId: nw.partners[partner],
      shipToFacilityId: shipTo,
      currency: "EUR",
      incoterms: "DAP",
      paymentTerms: "30 days net",
      orderType: "standard" as const,
      priority: 3,
      notes: "",
      lines: [],
      ...extra,
    });
    const line = (code: string, quantity: string, unitPrice: string, inDays: number) => ({ itemId: nw.items[code], quantity, unitPrice, requestedDate: day(inDays) });
    const today = day(0);

    // Sunrise: three awaiting an answer (one overdue), one with a date change proposed
    const awaiting: { id: string }[] = [];
    for (const [i, lines] of [
      [line("PKG-BTL-500", "120000", "0.0850", 21), line("PKG-CAP-28", "120000", "0.0120", 21)],
      [line("PKG-BTL-1000", "60000", "0.1150", 28)],
      [line("PKG-LBL-OJ", "80000", "0.0210", 14), line("PKG-CTN-12", "6000", "0.4200", 14), line("PKG-SHRINK", "900", "2.1000", 14)],
    ].entries()) {
      awaiting.push(await createPurchaseOrder(planner, { ...header("Sunrise Packaging", rotterdam, { orderType: i === 2 ? "hot" : "standard", priority: i === 2 ? 1 : 3 }), lines }, { issue: true }));
    }
    // the oldest has waited four days: overdue in Sunrise's inbox
    await withTenant({ tenantId: planner.tenantId, partnerId: null, userId: null }, (tx) =>
      tx
        .update(purchaseOrders)
        .set({ issuedAt: sql`now() - interval '4 days'` })
        .where(and(eq(purchaseOrders.tenantId, planner.tenantId), eq(purchaseOrders.id, awaiting[0].id))),
    );

    const proposed = await createPurchaseOrder(planner, { ...header("Sunrise Packaging", rotterdam), lines: [line("PKG-GLASS-330", "40000", "0.2100", 10), line("PKG-CTN-24", "2000", "0.3900", 10)] }, { issue: true });
    {
      const [l1, l2] = await linesOf(planner.tenantId, proposed.id);
      await respondToPurchaseOrder(sunrise, proposed.id, await versionOf(planner.tenantId, proposed.id), {
        [l1.id]: { kind: "change", committedDate: day(17), reason: "Furnace maintenance in week of the requested date" },
        [l2.id]: { kind: "accept" },
      }, today);
    }

    // Sunrise: confirmed, shipped with FastFreight (one partially), one received
    const confirmed = [];
    for (const lines of [
      [line("PKG-TRAY-6", "10000", "0.1800", 6), line("PKG-STRAW", "200000", "0.0040", 6)],
      [line("PKG-PALLET", "400", "9.5000", 5)],
      [line("PKG-LBL-AJ", "50000", "0.0200", 3)],
    ]) {
      const po = await createPurchaseOrder(planner, { ...header("Sunrise Packaging", rotterdam), lines }, { issue: true });
      const ls = await linesOf(planner.tenantId, po.id);
      await respondToPurchaseOrder(sunrise, po.id, await versionOf(planner.tenantId, po.id), Object.fromEntries(ls.map((l) => [l.id, { kind: "accept" as const }])), today);
      confirmed.push({ po, lines: ls });
    }
    const fastFreight = nw.partners["FastFreight"];
    const [partial, full, received] = confirmed;
    await createShipNotice(sunrise, {
      carrierPartnerId: fastFreight,
      trackingNumber: "FF-1029384756",
      readyDate: day(2),
      pickupWindow: "08:00–12:00",
      packages: 12,
      grossWeightKg: "640.00",
      lines: [
        { lineId: partial.lines[0].id, quantity: "6000" },
        { lineId: full.lines[0].id, quantity: "400" },
      ],
    });
    await createShipNotice(sunrise, {
      carrierPartnerId: fastFreight,
      trackingNumber: "FF-5647382910",
      readyDate: day(1),
      pickupWindow: "13:00–17:00",
      packages: 5,
      grossWeightKg: "210.50",
      lines: [{ lineId: received.lines[0].id, quantity: "50000" }],
    });
    await recordReceipts(planner, received.po.id, await versionOf(planner.tenantId, received.po.id), [
      { lineId: received.lines[0].id, quantity: "50000", receivedOn: today },
    ]);

    // Metro (3PD): one confirmed after a negotiated price, one awaiting, one draft, one cancelled
    const metroPo = await createPurchaseOrder(planner, { ...header("Metro Production Services", antwerp, { orderType: "seasonal" }), lines: [line("FG-GRANOLA", "24000", "1.4500", 30), line("FG-COCOA-BAR", "90000", "0.3100", 30)] }, { issue: true });
    {
      const [l1, l2] = await linesOf(planner.tenantId, metroPo.id);
      await respondToPurchaseOrder(metro, metroPo.id, await versionOf(planner.tenantId, metroPo.id), {
        [l1.id]: { kind: "change", unitPrice: "1.5200", reason: "Oat price increase since the quote" },
        [l2.id]: { kind: "accept" },
      }, today);
      await acceptProposedChanges(planner, metroPo.id, await versionOf(planner.tenantId, metroPo.id));
    }
    await createPurchaseOrder(planner, { ...header("Metro Production Services", antwerp), lines: [line("FG-COCOA-BAR", "45000", "0.3100", 45)] }, { issue: true });
    await createPurchaseOrder(planner, { ...header("Metro Production Services", antwerp), lines: [line("FG-GRANOLA", "12000", "1.5200", 60)] }, { issue: false });
    const cancelled = await createPurchaseOrder(planner, { ...header("Metro Production Services", antwerp), lines: [line("FG-COCOA-BAR", "5000", "0.3100", 20)] }, { issue: true });
    await cancelPurchaseOrder(planner, cancelled.id, await versionOf(planner.tenantId, cancelled.id), "Promotion moved to next quarter");

    // Delta (contract filler): one rejected, one awaiting
    const rejected = await createPurchaseOrder(planner, { ...header("Delta Co-Packers", rotterdam), lines: [line("FG-SMOOTHIE", "30000", "0.4400", 4)] }, { issue: true });
    {
      const [l1] = await linesOf(planner.tenantId, rejected.id);
      await respondToPurchaseOrder(delta, rejected.id, await versionOf(planner.tenantId, rejected.id), { [l1.id]: { kind: "reject", reason: "Line B is down for a retrofit that week" } }, today);
    }
    await createPurchaseOrder(planner, { ...header("Delta Co-Packers", rotterdam), lines: [line("FG-OJ-1L", "80000", "0.3600", 12), line("FG-AJ-1L", "60000", "0.3400", 12)] }, { issue: true });
    // Delta confirmed a run of orange juice 500 ml and the first pallets are ready for FastFreight
    const deltaRun = await createPurchaseOrder(planner, { ...header("Delta Co-Packers", antwerp), lines: [line("FG-OJ-500", "48000", "0.2400", 7)] }, { issue: true });
    const [deltaLine] = await linesOf(planner.tenantId, deltaRun.id);
    await respondToPurchaseOrder(delta, deltaRun.id, await versionOf(planner.tenantId, deltaRun.id), { [deltaLine.id]: { kind: "accept" } }, today);
    await createShipNotice(delta, { carrierPartnerId: fastFreight, trackingNumber: "FF-7788990011", readyDate: day(3), pickupWindow: "06:00–10:00", packages: 20, grossWeightKg: "12400.00", lines: [{ lineId: deltaLine.id, quantity: "24000" }] });

    // Contoso: a few for Sunrise and BluePeak
    const coAdmin = await memberContext(db, "admin@contoso.test", "contoso");
    const bluepeak = await memberContext(db, "supplier@bluepeak.test", "contoso");
    const co = await lookups(coAdmin.tenantId);
    const coHeader = (partner: string, shipTo: string) => ({ ...header(partner, shipTo), partnerId: co.partners[partner] });
    const coLine = (code: string, quantity: string, unitPrice: string, inDays: number) => ({ itemId: co.items[code], quantity, unitPrice, requestedDate: day(inDays) });
    const porto = co.facilities["BluePeak Glass — Porto"];
    const leeds = co.facilities["Sunrise Packaging — Leeds plant"];
    const coSunriseUser = await memberContext(db, "supplier@sunrise.test", "contoso");
    await createPurchaseOrder(coAdmin, { ...coHeader("Sunrise Packaging", porto), lines: [coLine("PKG-LBL-OJ", "20000", "0.0230", 15)] }, { issue: true });
    const coShipped = await createPurchaseOrder(coAdmin, { ...coHeader("Sunrise Packaging", porto), lines: [coLine("PKG-CAP-28", "50000", "0.0130", 9)] }, { issue: true });
    const [coShippedLine] = await linesOf(coAdmin.tenantId, coShipped.id);
    await respondToPurchaseOrder(coSunriseUser, coShipped.id, await versionOf(coAdmin.tenantId, coShipped.id), { [coShippedLine.id]: { kind: "accept" } }, today);
    await createShipNotice(coSunriseUser, { carrierPartnerId: co.partners["FastFreight"], trackingNumber: "FF-3344556677", readyDate: day(4), pickupWindow: "09:00–15:00", packages: 4, grossWeightKg: "180.00", lines: [{ lineId: coShippedLine.id, quantity: "50000" }] });
    const bp = await createPurchaseOrder(coAdmin, { ...coHeader("BluePeak Glass", leeds), lines: [coLine("PKG-GLASS-330", "100000", "0.1900", 25)] }, { issue: true });
    const [bpLine] = await linesOf(coAdmin.tenantId, bp.id);
    await respondToPurchaseOrder(bluepeak, bp.id, await versionOf(coAdmin.tenantId, bp.id), { [bpLine.id]: { kind: "accept" } }, today);
  });
}
