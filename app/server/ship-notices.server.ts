// Ship notices (ASNs): a partner announces goods ready for pickup, drawn from its confirmed PO
// lines; the assigned carrier sees it and is emailed; shipped quantities move the POs on.
import { readCursor } from "./http-errors.server";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { facilities, items, memberships, partners, poLines, purchaseOrders, shipNoticeLines, shipNotices, tenantSettings, users } from "../../drizzle/schema";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { isUuid } from "../domain/ids";
import { BUSINESS_DATE_RANGE_MESSAGE, businessDateProblem, hasControlCharacters, isBusinessDate, pickupWindowProblem, singleLineMessage } from "../domain/limits";
import { addDecimals, assertTransition, compareDecimal, fulfilmentStatus, type PoStatus } from "../domain/po";
import { shipNoticeEmail } from "../../emails/ship-notice";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { PoError } from "./purchase-orders.server";
import { withTenant } from "./tenant.server";
import { lockPartnerDemand } from "./capacity-demand.server";
import { nextDocumentNumber } from "./numbers.server";

const SHIPPABLE: PoStatus[] = ["confirmed", "acknowledged", "partially_shipped", "partially_received"];

/** Confirmed PO lines of the partner with quantity left to ship. */
export async function shippableLines(ctx: TenantContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({
        lineId: poLines.id,
        poId: purchaseOrders.id,
        poNumber: purchaseOrders.number,
        lineNo: poLines.lineNo,
        itemCode: items.code,
        itemDescription: items.description,
        uom: poLines.uom,
        remaining: sql<string>`(${poLines.quantity} - ${poLines.quantityShipped})::text`,
        committedDate: poLines.committedDate,
        shipToFacilityId: purchaseOrders.shipToFacilityId,
        shipToName: facilities.name,
      })
      .from(poLines)
      .innerJoin(purchaseOrders, and(eq(purchaseOrders.tenantId, poLines.tenantId), eq(purchaseOrders.id, poLines.poId)))
      .innerJoin(items, and(eq(items.tenantId, poLines.tenantId), eq(items.id, poLines.itemId)))
      .leftJoin(facilities, and(eq(facilities.tenantId, purchaseOrders.tenantId), eq(facilities.id, purchaseOrders.shipToFacilityId)))
      .where(
        and(
          eq(poLines.tenantId, ctx.tenantId),
          eq(poLines.partnerId, ctx.partnerId!),
          eq(poLines.cancelled, false),
          inArray(purchaseOrders.status, SHIPPABLE),
          sql`${poLines.quantity} > ${poLines.quantityShipped}`,
        ),
      )
      .orderBy(asc(poLines.committedDate), asc(purchaseOrders.number), asc(poLines.lineNo))
      .limit(1000),
  );
}

/**
 * The tenant's active carriers (id and name only). RLS hides other partners' rows from a partner
 * user, so this one directory lookup runs tenant-wide; nothing else of the carriers is read.
 */
export async function carrierOptions(ctx: TenantContext) {
  return withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, (tx) =>
    tx
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.kind, "carrier"), eq(partners.active, true)))
      .orderBy(asc(partners.name)),
  );
}

export interface NewShipNotice {
  carrierPartnerId: string;
  trackingNumber: string;
  readyDate: string;
  pickupWindow: string;
  packages: number;
  grossWeightKg: string;
  lines: { lineId: string; quantity: string }[];
}

/**
 * The values of a notice, whoever calls: one entry per order line (two entries for one line would
 * each pass the left-to-ship check), line ids that can name a line, and dates, window and tracking
 * number inside their domain (limits.ts; migration 0027 holds the table to the same).
 */
function checkShipNotice(input: NewShipNotice) {
  const seen = new Set<string>();
  for (const l of input.lines) {
    if (!isUuid(l.lineId)) throw new PoError("A line is not one of your confirmed order lines.", "lines");
    const id = l.lineId.toLowerCase();
    if (seen.has(id)) throw new PoError("Each order line can appear once on a ship notice.", `qty.${id}`);
    seen.add(id);
  }
  if (!isBusinessDate(input.readyDate)) throw new PoError(businessDateProblem(input.readyDate) ?? BUSINESS_DATE_RANGE_MESSAGE, "readyDate");
  const window = pickupWindowProblem(input.pickupWindow);
  if (window) throw new PoError(window, "windowTo");
  if (hasControlCharacters(input.trackingNumber)) throw new PoError(singleLineMessage("The tracking number"), "trackingNumber");
}

export async function createShipNotice(ctx: TenantContext, given: NewShipNotice) {
  if (!ctx.partnerId) throw new PoError("Only a partner's users create ship notices.");
  checkShipNotice(given);
  const input = { ...given, lines: given.lines.map((l) => ({ ...l, lineId: l.lineId.toLowerCase() })) };
  // looked up before the transaction: one connection (PGlite) can't hold two transactions at once
  const carrier = (await carrierOptions(ctx)).find((c) => c.id === input.carrierPartnerId);
  if (!carrier) throw new PoError("Choose a carrier.", "carrierPartnerId");
  return withTenant(ctx, async (tx) => {
    // the partner's demand lock before the lines' row locks (capacity-demand.server.ts)
    await lockPartnerDemand(tx, ctx.tenantId, ctx.partnerId!);
    const ids = input.lines.map((l) => l.lineId);
    const rows = await tx
      .select({ line: poLines, po: purchaseOrders, itemCode: items.code, itemDescription: items.description })
      .from(poLines)
      .innerJoin(purchaseOrders, and(eq(purchaseOrders.tenantId, poLines.tenantId), eq(purchaseOrders.id, poLines.poId)))
      .innerJoin(items, and(eq(items.tenantId, poLines.tenantId), eq(items.id, poLines.itemId)))
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.partnerId, ctx.partnerId!), inArray(poLines.id, ids)))
      // lock only the lines: locking the joined items would need the (internal-only) right to update them
      .for("update", { of: poLines });
    if (rows.length !== new Set(ids).size) throw new PoError("A line is not one of your confirmed order lines.", "lines");
    const shipTo = new Set(rows.map((r) => r.po.shipToFacilityId));
    if (shipTo.size !== 1) throw new PoError("Lines on one ship notice must go to the same ship-to facility.", "lines");
    const byId = new Map(rows.map((r) => [r.line.id, r]));
    for (const l of input.lines) {
      const r = byId.get(l.lineId)!;
      if (r.line.cancelled || !SHIPPABLE.includes(r.po.status as PoStatus))
        throw new PoError(`${r.po.number} line ${r.line.lineNo} is not confirmed for shipping.`, "lines");
      const remaining = addDecimals(r.line.quantity, "-" + r.line.quantityShipped).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
      if (compareDecimal(l.quantity, remaining) > 0)
        throw new PoError(`${r.po.number} line ${r.line.lineNo}: at most ${remaining} left to ship.`, `qty.${l.lineId}`);
    }
    const number = await nextDocumentNumber(tx, "ship_notice");
    const { lines, ...header } = input;
    const [notice] = await tx
      .insert(shipNotices)
      .values({
        tenantId: ctx.tenantId,
        number,
        partnerId: ctx.partnerId!,
        partnerName: ctx.partnerName ?? "",
        carrierName: carrier.name,
        shipToFacilityId: [...shipTo][0],
        createdBy: ctx.userId,
        ...header,
      })
      .returning();
    await tx.insert(shipNoticeLines).values(
      lines.map((l) => ({
        tenantId: ctx.tenantId,
        shipNoticeId: notice.id,
        partnerId: ctx.partnerId!,
        carrierPartnerId: carrier.id,
        poId: byId.get(l.lineId)!.po.id,
        poLineId: l.lineId,
        quantity: l.quantity,
        poNumber: byId.get(l.lineId)!.po.number,
        lineNo: byId.get(l.lineId)!.line.lineNo,
        itemCode: byId.get(l.lineId)!.itemCode,
        itemDescription: byId.get(l.lineId)!.itemDescription,
        uom: byId.get(l.lineId)!.line.uom,
      })),
    );
    // move every PO touched on: shipped quantities, then its status from all its lines
    const [settings] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, ctx.tenantId));
    const tolerance = Number(settings?.receiptTolerancePct ?? 5);
    for (const l of lines) {
      const r = byId.get(l.lineId)!;
      await tx
        .update(poLines)
        .set({ quantityShipped: addDecimals(r.line.quantityShipped, l.quantity), shippedDate: input.readyDate })
        .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, l.lineId)));
    }
    for (const poId of new Set(rows.map((r) => r.po.id))) {
      const po = rows.find((r) => r.po.id === poId)!.po;
      assertTransition(po.status as PoStatus, "ship");
      const all = await tx.select().from(poLines).where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, poId)));
      const status = fulfilmentStatus(
        all.map((x) => ({ ordered: x.quantity, shipped: x.quantityShipped, received: x.quantityReceived, cancelled: x.cancelled })),
        tolerance,
      );
      await tx
        .update(purchaseOrders)
        .set({ status, version: sql`${purchaseOrders.version} + 1`, updatedAt: new Date() })
        .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, poId)));
      await recordAudit(tx, actorOf(ctx), { action: "po.shipped", entityType: "purchase_order", entityId: poId, partnerId: po.partnerId, before: { status: po.status }, after: { status, shipNotice: number } });
    }
    await recordAudit(tx, actorOf(ctx), { action: "ship_notice.created", entityType: "ship_notice", entityId: notice.id, partnerId: ctx.partnerId, after: { ...notice, lines } });
    return notice;
  }).then(async (notice) => {
    await notifyCarrier(ctx, notice);
    return notice;
  });
}

/**
 * After the notice is committed, email the carrier's users. Their memberships are hidden from the
 * shipper by RLS, so this system step reads them tenant-wide, and only to address the mail.
 */
async function notifyCarrier(ctx: TenantContext, notice: typeof shipNotices.$inferSelect) {
  await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, async (tx) => {
    const [site] = await tx.select().from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, notice.shipToFacilityId)));
    const recipients = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.partnerId, notice.carrierPartnerId), eq(memberships.active, true)));
    for (const r of recipients) {
      await sendTenantEmail(
        tx,
        ctx.tenantId,
        r.email,
        shipNoticeEmail({
          tenantName: ctx.tenantName,
          shipperName: ctx.partnerName ?? "",
          number: notice.number,
          readyDate: notice.readyDate,
          pickupWindow: notice.pickupWindow,
          address: site ? [site.name, site.address, site.city, site.country].filter(Boolean).join(", ") : "",
          packages: notice.packages,
          grossWeightKg: notice.grossWeightKg,
          url: `${getEnv().APP_URL}/${ctx.tenantSlug}/shipments/${notice.id}`,
        }),
      );
    }
  });
}


export async function listShipNotices(ctx: TenantContext, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["timestamp", "uuid"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: shipNotices.id,
        number: shipNotices.number,
        shipperName: shipNotices.partnerName,
        carrierName: shipNotices.carrierName,
        readyDate: shipNotices.readyDate,
        pickupWindow: shipNotices.pickupWindow,
        trackingNumber: shipNotices.trackingNumber,
        packages: shipNotices.packages,
        createdAt: shipNotices.createdAt,
      })
      .from(shipNotices)
      .where(
        and(
          eq(shipNotices.tenantId, ctx.tenantId),
          ctx.isPartner ? sql`(${shipNotices.partnerId} = ${ctx.partnerId} or ${shipNotices.carrierPartnerId} = ${ctx.partnerId})` : undefined,
          cursor ? sql`(${shipNotices.createdAt}, ${shipNotices.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(shipNotices.createdAt), desc(shipNotices.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  });
}

export async function getShipNotice(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [notice] = await tx
      .select()
      .from(shipNotices)
      .where(
        and(
          eq(shipNotices.tenantId, ctx.tenantId),
          eq(shipNotices.id, id),
          ctx.isPartner ? sql`(${shipNotices.partnerId} = ${ctx.partnerId} or ${shipNotices.carrierPartnerId} = ${ctx.partnerId})` : undefined,
        ),
      );
    if (!notice) return null;
    const [site] = await tx.select().from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, notice.shipToFacilityId)));
    const lines = await tx
      .select({
        id: shipNoticeLines.id,
        quantity: shipNoticeLines.quantity,
        poId: shipNoticeLines.poId,
        poNumber: shipNoticeLines.poNumber,
        lineNo: shipNoticeLines.lineNo,
        itemCode: shipNoticeLines.itemCode,
        itemDescription: shipNoticeLines.itemDescription,
        uom: shipNoticeLines.uom,
      })
      .from(shipNoticeLines)
      .where(and(eq(shipNoticeLines.tenantId, ctx.tenantId), eq(shipNoticeLines.shipNoticeId, id)))
      .orderBy(asc(shipNoticeLines.poNumber), asc(shipNoticeLines.lineNo));
    return {
      notice,
      shipperName: notice.partnerName,
      carrierName: notice.carrierName,
      shipTo: site ? [site.name, site.address, site.city, site.country].filter(Boolean).join(", ") : "—",
      lines,
    };
  });
}
