// Purchase orders: issue, answer, negotiate, revise, cancel. Rules live in app/domain/po.ts;
// this module loads, checks the version (optimistic lock), applies, audits and mails.
import { readCursor } from "./http-errors.server";
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import {
  facilities,
  items,
  partners,
  poLines,
  poRevisions,
  purchaseOrders,
  receipts,
  tenantSettings,
} from "../../drizzle/schema";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import {
  addDecimals,
  assertTransition,
  codeForAnswer,
  compareDecimal,
  fulfilmentStatus,
  nextCommitment,
  proposalOf,
  receiptVariance,
  statusAfterResponse,
  validateAnswers,
  type AnswerProblem,
  type LineAnswer,
  type PoSnapshot,
  type PoStatus,
} from "../domain/po";
import { poEmail, type PoEmailData } from "../../emails/purchase-order";
import { overCommitmentsForAnswer } from "./capacity-load.server";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./db.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { escapeLike } from "./partners.server";
import { StaleRecordError } from "./records.server";
import { partnerRecipients, roleRecipients } from "./recipients.server";
import { withTenant } from "./tenant.server";
import { lockPartnerDemand } from "./capacity-demand.server";

export class PoError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

export interface NewLineInput {
  itemId: string;
  quantity: string;
  unitPrice: string;
  requestedDate: string;
}

export interface NewPoInput {
  number?: string | null;
  partnerId: string;
  shipToFacilityId: string;
  currency: string;
  incoterms: string;
  paymentTerms: string;
  orderType: "standard" | "seasonal" | "hot";
  priority: number;
  notes: string;
  lines: NewLineInput[];
}

const ORDERING_KINDS = ["supplier", "3pd", "contract_filler"] as const;

export function poUrl(ctx: { tenantSlug: string }, id: string) {
  return `${getEnv().APP_URL}/${ctx.tenantSlug}/orders/${id}`;
}

async function nextNumber(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max((substring(${purchaseOrders.number} from '^PO-([0-9]+)$'))::int), 100000) + 1` })
    .from(purchaseOrders)
    .where(eq(purchaseOrders.tenantId, tenantId));
  return `PO-${row.n}`;
}

/** Check the header's references and the lines' items; returns item uoms by id. */
async function checkReferences(tx: Tx, tenantId: string, partnerId: string, facilityId: string, itemIds: string[]) {
  const [partner] = await tx
    .select({ kind: partners.kind, active: partners.active })
    .from(partners)
    .where(and(eq(partners.tenantId, tenantId), eq(partners.id, partnerId)));
  if (!partner || !partner.active) throw new PoError("Choose an active partner.", "partnerId");
  if (!(ORDERING_KINDS as readonly string[]).includes(partner.kind))
    throw new PoError("Purchase orders go to suppliers, 3PDs or contract fillers, not carriers.", "partnerId");
  const [facility] = await tx
    .select({ active: facilities.active })
    .from(facilities)
    .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, facilityId)));
  if (!facility || !facility.active) throw new PoError("Choose an active ship-to facility.", "shipToFacilityId");
  const found = itemIds.length
    ? await tx
        .select({ id: items.id, uom: items.uom, active: items.active })
        .from(items)
        .where(and(eq(items.tenantId, tenantId), inArray(items.id, [...new Set(itemIds)])))
    : [];
  const uoms = new Map(found.filter((i) => i.active).map((i) => [i.id, i.uom]));
  itemIds.forEach((id, i) => {
    if (!uoms.has(id)) throw new PoError("Choose an active item.", `lines[${i}].itemId`);
  });
  return uoms;
}

export async function createPurchaseOrder(ctx: TenantContext, input: NewPoInput, opts: { issue: boolean }) {
  const po = await withTenant(ctx, async (tx) => {
    const uoms = await checkReferences(tx, ctx.tenantId, input.partnerId, input.shipToFacilityId, input.lines.map((l) => l.itemId));
    const number = input.number?.trim() || (await nextNumber(tx, ctx.tenantId));
    const [dupe] = await tx
      .select({ id: purchaseOrders.id })
      .from(purchaseOrders)
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.number, number)));
    if (dupe) throw new PoError(`Purchase order ${number} already exists.`, "number");
    const { lines, number: _n, ...header } = input;
    const [created] = await tx
      .insert(purchaseOrders)
      .values({ tenantId: ctx.tenantId, ...header, number, createdBy: ctx.userId })
      .returning();
    await tx.insert(poLines).values(
      lines.map((l, i) => ({
        tenantId: ctx.tenantId,
        poId: created.id,
        partnerId: created.partnerId,
        lineNo: i + 1,
        itemId: l.itemId,
        quantity: l.quantity,
        uom: uoms.get(l.itemId)!,
        unitPrice: l.unitPrice,
        requestedDate: l.requestedDate,
      })),
    );
    await recordAudit(tx, actorOf(ctx), {
      action: "po.created",
      entityType: "purchase_order",
      entityId: created.id,
      partnerId: created.partnerId,
      after: { ...created, lines },
    });
    if (opts.issue) await issueInTx(tx, ctx, created.id, created.version);
    return created;
  });
  return po;
}

async function lockPo(tx: Tx, ctx: TenantContext, id: string, version: number) {
  // the partner's demand lock before the order's row lock (capacity-demand.server.ts)
  const [owner] = await tx
    .select({ partnerId: purchaseOrders.partnerId })
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)));
  if (!owner) return null;
  await lockPartnerDemand(tx, ctx.tenantId, owner.partnerId);
  const [po] = await tx
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
    .for("update");
  if (!po) return null;
  if (po.version !== version) throw new StaleRecordError("purchase order");
  return po;
}

async function snapshotOf(tx: Tx, tenantId: string, po: typeof purchaseOrders.$inferSelect): Promise<PoSnapshot> {
  const lines = await tx
    .select({
      lineNo: poLines.lineNo,
      itemCode: items.code,
      quantity: poLines.quantity,
      unitPrice: poLines.unitPrice,
      requestedDate: poLines.requestedDate,
      committedDate: poLines.committedDate,
      cancelled: poLines.cancelled,
    })
    .from(poLines)
    .innerJoin(items, and(eq(items.tenantId, poLines.tenantId), eq(items.id, poLines.itemId)))
    .where(and(eq(poLines.tenantId, tenantId), eq(poLines.poId, po.id)))
    .orderBy(asc(poLines.lineNo));
  return {
    header: {
      number: po.number,
      currency: po.currency,
      incoterms: po.incoterms,
      paymentTerms: po.paymentTerms,
      orderType: po.orderType,
      priority: po.priority,
      notes: po.notes,
      shipToFacilityId: po.shipToFacilityId,
    },
    lines: lines.map(({ cancelled, ...l }) => ({ ...l, status: cancelled ? "cancelled" : "open" })),
  };
}

async function bumpRevision(tx: Tx, ctx: TenantContext, po: typeof purchaseOrders.$inferSelect, reason: string) {
  const revision = po.revision + 1;
  await tx.insert(poRevisions).values({
    tenantId: ctx.tenantId,
    poId: po.id,
    partnerId: po.partnerId,
    revision,
    snapshot: await snapshotOf(tx, ctx.tenantId, po),
    reason,
    createdBy: ctx.userId,
  });
  return revision;
}

/** The buyer side: whoever created the PO, else the tenant's admins and planners. */
async function buyerRecipients(tx: Tx, tenantId: string, createdBy: string | null) {
  const rows = await roleRecipients(tx, tenantId, ["admin", "planner"]);
  const creator = rows.find((r) => r.userId === createdBy);
  return creator ? [creator.email] : rows.map((r) => r.email);
}

async function mailPo(
  tx: Tx,
  ctx: TenantContext,
  po: typeof purchaseOrders.$inferSelect,
  to: string[],
  kind: Parameters<typeof poEmail>[0]["kind"],
  detail = "",
  overCapacity: PoEmailData["overCapacity"] = [],
) {
  const partnerName = (await tx.select({ name: partners.name }).from(partners).where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, po.partnerId))))[0]?.name ?? "";
  for (const email of to) {
    await sendTenantEmail(
      tx,
      ctx.tenantId,
      email,
      poEmail({ kind, tenantName: ctx.tenantName, partnerName, number: po.number, revision: po.revision, url: poUrl(ctx, po.id), detail, overCapacity }),
    );
  }
}

async function issueInTx(tx: Tx, ctx: TenantContext, id: string, version: number) {
  const po = await lockPo(tx, ctx, id, version);
  if (!po) return null;
  assertTransition(po.status as PoStatus, "issue");
  const revision = await bumpRevision(tx, ctx, po, "Issued");
  const [after] = await tx
    .update(purchaseOrders)
    .set({ status: "issued", revision, issuedAt: new Date(), version: po.version + 1, updatedAt: new Date() })
    .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
    .returning();
  await recordAudit(tx, actorOf(ctx), { action: "po.issued", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: po, after });
  await mailPo(tx, ctx, after, await partnerRecipients(tx, ctx.tenantId, po.partnerId), "issued");
  return after;
}

export function issuePurchaseOrder(ctx: TenantContext, id: string, version: number) {
  return withTenant(ctx, (tx) => issueInTx(tx, ctx, id, version));
}

export type OverCapacity = Awaited<ReturnType<typeof overCommitmentsForAnswer>>;

/** What the order records when an answer it accepts goes over declared capacity (null: it doesn't). */
function overCommitmentFields(over: OverCapacity) {
  return over.length
    ? { overCommitted: true, overCommitment: over.map(({ route: _r, ...o }) => o), overCommittedAt: new Date() }
    : { overCommitted: false, overCommitment: null, overCommittedAt: null };
}

/**
 * The partner answers the order line by line. An answer that would put a week of a routed resource
 * over its declared capacity is refused with the weeks (nothing saved) unless `confirmOverCapacity`;
 * confirmed, the order is flagged over-committed for the buyer.
 */
export async function respondToPurchaseOrder(
  ctx: TenantContext,
  id: string,
  version: number,
  answers: Record<string, LineAnswer>,
  today: string,
  opts: { confirmOverCapacity?: boolean } = {},
): Promise<{ problems: AnswerProblem[]; overCapacity?: OverCapacity; po?: typeof purchaseOrders.$inferSelect } | null> {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "respond");
    const lines = await tx
      .select()
      .from(poLines)
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id), eq(poLines.cancelled, false)))
      .orderBy(asc(poLines.lineNo));
    const problems = validateAnswers(
      lines.map((l) => ({ id: l.id, quantity: l.quantity, unitPrice: l.unitPrice, requestedDate: l.requestedDate, committedDate: l.committedDate })),
      answers,
      today,
    );
    if (problems.length) return { problems };
    const overCapacity = await overCommitmentsForAnswer(tx, ctx.tenantId, id, lines, answers);
    if (overCapacity.length && !opts.confirmOverCapacity) return { problems: [], overCapacity };
    const ordered = lines.map((l) => answers[l.id]);
    const status = statusAfterResponse(ordered);
    for (const line of lines) {
      const answer = answers[line.id];
      const code = codeForAnswer(line, answer);
      const base = { responseCode: code, responseReason: answer.kind === "accept" ? null : answer.reason };
      if (answer.kind === "accept") {
        const date = line.committedDate ?? line.requestedDate;
        await tx
          .update(poLines)
          .set({ ...base, ...nextCommitment(line, date), proposedQuantity: null, proposedUnitPrice: null, proposedDate: null })
          .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
      } else if (answer.kind === "change") {
        await tx
          .update(poLines)
          .set({
            ...base,
            proposedQuantity: answer.quantity ?? null,
            proposedUnitPrice: answer.unitPrice ?? null,
            proposedDate: answer.committedDate ?? null,
          })
          .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
      } else {
        await tx
          .update(poLines)
          .set({ ...base, proposedQuantity: null, proposedUnitPrice: null, proposedDate: null })
          .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
      }
    }
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status, respondedAt: new Date(), version: po.version + 1, updatedAt: new Date(), ...overCommitmentFields(overCapacity) })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: `po.${status === "confirmed" ? "acknowledged" : status}`,
      entityType: "purchase_order",
      entityId: id,
      partnerId: po.partnerId,
      before: { status: po.status },
      after: { status, answers, ...(overCapacity.length ? { overCapacity } : {}) },
    });
    return { po: after, problems: [] as AnswerProblem[], overCapacity };
  }).then(async (result) => {
    // the buyer's users are hidden from a partner by RLS: mail them in a tenant-wide step after the commit
    if (result?.po) {
      const po = result.po;
      const kind = po.status === "confirmed" ? "confirmed" : po.status === "rejected" ? "rejected" : "changes_proposed";
      await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, async (tx) =>
        mailPo(tx, ctx, po, await buyerRecipients(tx, ctx.tenantId, po.createdBy), kind, "", result.overCapacity),
      );
    }
    return result;
  });
}

/** The buyer accepts the proposed changes: they become the order, at a new revision, confirmed. */
export async function acceptProposedChanges(ctx: TenantContext, id: string, version: number) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "accept_changes");
    const lines = await tx.select().from(poLines).where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id), eq(poLines.cancelled, false)));
    // the order as it will stand: the partner's proposals, weighed against capacity once more
    const overCapacity = await overCommitmentsForAnswer(tx, ctx.tenantId, id, lines, Object.fromEntries(lines.map((l) => [l.id, proposalOf(l)])));
    for (const line of lines) {
      const rejected = line.responseCode === "IR";
      const date = line.proposedDate ?? line.committedDate ?? line.requestedDate;
      await tx
        .update(poLines)
        .set(
          rejected
            ? { cancelled: true }
            : {
                quantity: line.proposedQuantity ?? line.quantity,
                unitPrice: line.proposedUnitPrice ?? line.unitPrice,
                ...nextCommitment(line, date),
                proposedQuantity: null,
                proposedUnitPrice: null,
                proposedDate: null,
              },
        )
        .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
    }
    const revision = await bumpRevision(tx, ctx, po, "Buyer accepted the partner's changes");
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status: "confirmed", revision, version: po.version + 1, updatedAt: new Date(), ...overCommitmentFields(overCapacity) })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "po.changes_accepted", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: po, after });
    await mailPo(tx, ctx, after, await partnerRecipients(tx, ctx.tenantId, po.partnerId), "changes_accepted");
    return after;
  });
}

export async function declineProposedChanges(ctx: TenantContext, id: string, version: number, comment: string) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "decline_changes");
    await tx
      .update(poLines)
      .set({ responseCode: null, responseReason: null, proposedQuantity: null, proposedUnitPrice: null, proposedDate: null })
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id)));
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status: "issued", version: po.version + 1, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "po.changes_declined", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: { status: po.status }, after: { status: "issued", comment } });
    await mailPo(tx, ctx, after, await partnerRecipients(tx, ctx.tenantId, po.partnerId), "changes_declined", comment);
    return after;
  });
}

export async function cancelPurchaseOrder(ctx: TenantContext, id: string, version: number, reason: string) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "cancel");
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status: "cancelled", cancelReason: reason, version: po.version + 1, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "po.cancelled", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: { status: po.status }, after: { status: "cancelled", reason } });
    if (po.status !== "draft") await mailPo(tx, ctx, after, await partnerRecipients(tx, ctx.tenantId, po.partnerId), "cancelled", reason);
    return after;
  });
}

/**
 * A partner sees an order once it was issued: never a draft, nor a draft cancelled before it was
 * issued (its lines, prices and notes were never the partner's). The audit log's policy agrees (0028).
 */
function partnerSeesOrder(ctx: TenantContext) {
  return ctx.isPartner ? sql`(${purchaseOrders.status} <> 'draft' and ${purchaseOrders.issuedAt} is not null)` : undefined;
}

export async function getPurchaseOrder(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ po: purchaseOrders, partnerName: partners.name, facilityName: facilities.name, facilityCity: facilities.city, facilityCountry: facilities.country, facilityAddress: facilities.address })
      .from(purchaseOrders)
      .innerJoin(partners, and(eq(partners.tenantId, purchaseOrders.tenantId), eq(partners.id, purchaseOrders.partnerId)))
      // a ship-to may be another partner's site, which a partner user's RLS hides: left join
      .leftJoin(facilities, and(eq(facilities.tenantId, purchaseOrders.tenantId), eq(facilities.id, purchaseOrders.shipToFacilityId)))
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id), ctx.isPartner ? eq(purchaseOrders.partnerId, ctx.partnerId!) : undefined, partnerSeesOrder(ctx)));
    if (!row) return null;
    const lines = await tx
      .select({ line: poLines, itemCode: items.code, itemDescription: items.description })
      .from(poLines)
      .innerJoin(items, and(eq(items.tenantId, poLines.tenantId), eq(items.id, poLines.itemId)))
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id)))
      .orderBy(asc(poLines.lineNo));
    const revisions = await tx
      .select()
      .from(poRevisions)
      .where(and(eq(poRevisions.tenantId, ctx.tenantId), eq(poRevisions.poId, id)))
      .orderBy(asc(poRevisions.revision));
    const [settings] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, ctx.tenantId));
    return { ...row, lines, revisions, settings: settings ?? null };
  });
}

// Inside a correlated subquery drizzle would print bare column names, which bind to the inner table.
const PO_TENANT = sql.raw(`"purchase_orders"."tenant_id"`);
const PO_ID = sql.raw(`"purchase_orders"."id"`);

export interface PoListFilter {
  status?: PoStatus;
  partnerId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/**
 * Internal list: newest first. Partner inbox: POs awaiting the partner's answer first, then the
 * rest, newest first. Keyset on (awaiting, created_at, id).
 */
export async function listPurchaseOrders(ctx: TenantContext, filter: PoListFilter, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["int", "timestamp", "uuid"]);
  const awaiting = ctx.isPartner ? sql<number>`(case when ${purchaseOrders.status} = 'issued' then 1 else 0 end)` : sql<number>`0::int`;
  const conditions: (SQL | undefined)[] = [
    eq(purchaseOrders.tenantId, ctx.tenantId),
    ctx.isPartner ? eq(purchaseOrders.partnerId, ctx.partnerId!) : undefined,
    // a partner never sees drafts
    partnerSeesOrder(ctx),
    filter.status ? eq(purchaseOrders.status, filter.status) : undefined,
    filter.partnerId ? eq(purchaseOrders.partnerId, filter.partnerId) : undefined,
    filter.from ? sql`${purchaseOrders.createdAt} >= ${filter.from}::date` : undefined,
    filter.to ? sql`${purchaseOrders.createdAt} < (${filter.to}::date + 1)` : undefined,
    // item search: find the matching items once, then their lines' orders (a hashed subplan), rather
    // than probing every order's lines
    filter.q
      ? or(
          ilike(purchaseOrders.number, `%${escapeLike(filter.q)}%`),
          sql`${purchaseOrders.id} in (select l.po_id from po_lines l where l.tenant_id = ${ctx.tenantId} and l.item_id in
                (select i.id from items i where i.tenant_id = ${ctx.tenantId} and i.code ilike ${`%${escapeLike(filter.q)}%`}))`,
        )
      : undefined,
    // the partner inbox's row comparison matches purchase_orders_tenant_partner_inbox_idx; the internal
    // list leaves the constant out so purchase_orders_tenant_created_idx can serve the cursor
    cursor
      ? ctx.isPartner
        ? sql`(${awaiting}, ${purchaseOrders.createdAt}, ${purchaseOrders.id}) < (${Number(cursor[0])}, ${String(cursor[1])}::timestamptz, ${String(cursor[2])}::uuid)`
        : sql`(${purchaseOrders.createdAt}, ${purchaseOrders.id}) < (${String(cursor[1])}::timestamptz, ${String(cursor[2])}::uuid)`
      : undefined,
  ];
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: purchaseOrders.id,
        number: purchaseOrders.number,
        status: purchaseOrders.status,
        revision: purchaseOrders.revision,
        orderType: purchaseOrders.orderType,
        overCommitted: purchaseOrders.overCommitted,
        partnerName: partners.name,
        issuedAt: purchaseOrders.issuedAt,
        createdAt: purchaseOrders.createdAt,
        awaiting,
        overdue: sql<boolean>`(${purchaseOrders.status} = 'issued' and ${purchaseOrders.issuedAt} + make_interval(hours => coalesce((select s.ack_due_hours from tenant_settings s where s.tenant_id = ${PO_TENANT}), 48)) < now())`,
        lineCount: sql<number>`(select count(*)::int from po_lines l where l.tenant_id = ${PO_TENANT} and l.po_id = ${PO_ID})`,
        total: sql<string>`(select coalesce(sum(l.quantity * l.unit_price), 0)::numeric(16,2)::text from po_lines l where l.tenant_id = ${PO_TENANT} and l.po_id = ${PO_ID} and not l.cancelled)`,
        currency: purchaseOrders.currency,
      })
      .from(purchaseOrders)
      .innerJoin(partners, and(eq(partners.tenantId, purchaseOrders.tenantId), eq(partners.id, purchaseOrders.partnerId)))
      .where(and(...conditions))
      // internal lists have no "awaiting" group; a constant in ORDER BY would read as a column position
      .orderBy(...(ctx.isPartner ? [desc(awaiting)] : []), desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [Number(r.awaiting), r.createdAt.toISOString(), r.id]);
  });
}


/** Choices for the new-PO form: ordering partners, active facilities and items. */
export async function poFormOptions(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const partnerRows = await tx
      .select({ id: partners.id, name: partners.name, kind: partners.kind })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.active, true), inArray(partners.kind, [...ORDERING_KINDS])))
      .orderBy(asc(partners.name));
    const facilityRows = await tx
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.active, true)))
      .orderBy(asc(facilities.name))
      .limit(2000);
    const itemRows = await tx
      .select({ id: items.id, code: items.code, description: items.description, uom: items.uom })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)))
      .orderBy(asc(items.code))
      .limit(5000);
    return { partners: partnerRows, facilities: facilityRows, items: itemRows };
  });
}

export interface ReceiptEntry {
  lineId: string;
  quantity: string;
  receivedOn: string;
}

/**
 * Internal staff record what arrived. Each line's cumulative receipt is compared with the
 * ordered quantity; beyond the tenant's tolerance the receipt is flagged over or under.
 */
export async function recordReceipts(ctx: TenantContext, id: string, version: number, entries: ReceiptEntry[]) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "receive");
    const [settings] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, ctx.tenantId));
    const tolerance = Number(settings?.receiptTolerancePct ?? 5);
    const lines = await tx.select().from(poLines).where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id)));
    const byId = new Map(lines.map((l) => [l.id, l]));
    const flags: { lineNo: number; flag: "over" | "under"; pct: number }[] = [];
    for (const entry of entries) {
      const line = byId.get(entry.lineId);
      if (!line || line.cancelled) throw new PoError("That line is not on this order.", "form");
      const total = addDecimals(line.quantityReceived, entry.quantity);
      const variance = receiptVariance(line.quantity, total, tolerance);
      const flag = variance.flag === "over" ? "over" : null;
      await tx.insert(receipts).values({
        tenantId: ctx.tenantId,
        poId: id,
        poLineId: line.id,
        partnerId: po.partnerId,
        quantity: entry.quantity,
        receivedOn: entry.receivedOn,
        flag,
        createdBy: ctx.userId,
      });
      await tx
        .update(poLines)
        .set({ quantityReceived: total, receivedDate: entry.receivedOn })
        .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
      byId.set(line.id, { ...line, quantityReceived: total });
      if (variance.flag) flags.push({ lineNo: line.lineNo, flag: variance.flag, pct: variance.pct });
    }
    const status = fulfilmentStatus(
      [...byId.values()].map((l) => ({ ordered: l.quantity, shipped: l.quantityShipped, received: l.quantityReceived, cancelled: l.cancelled })),
      tolerance,
    );
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status, version: po.version + 1, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: "po.received",
      entityType: "purchase_order",
      entityId: id,
      partnerId: po.partnerId,
      before: { status: po.status },
      after: { status, entries, flags },
    });
    return { po: after, flags };
  });
}

export async function closePurchaseOrder(ctx: TenantContext, id: string, version: number) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "close");
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status: "closed", version: po.version + 1, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "po.closed", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: { status: po.status }, after: { status: "closed" } });
    return after;
  });
}

export interface RevisionInput {
  reason: string;
  lines: { lineId: string; quantity: string; unitPrice: string; requestedDate: string; cancel: boolean }[];
  added: NewLineInput[];
}

/**
 * The buyer revises an issued or confirmed order: quantities, prices, dates, lines cancelled or
 * added. The result is a new revision that the partner must acknowledge again.
 */
export async function revisePurchaseOrder(ctx: TenantContext, id: string, version: number, input: RevisionInput) {
  return withTenant(ctx, async (tx) => {
    const po = await lockPo(tx, ctx, id, version);
    if (!po) return null;
    assertTransition(po.status as PoStatus, "revise");
    const lines = await tx.select().from(poLines).where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id)));
    const byId = new Map(lines.map((l) => [l.id, l]));
    for (const change of input.lines) {
      const line = byId.get(change.lineId);
      if (!line) throw new PoError("A line is not on this order.");
      if (line.cancelled) continue;
      if (change.cancel && compareDecimal(line.quantityShipped, "0") > 0) throw new PoError(`Line ${line.lineNo} has shipped goods and can't be cancelled.`);
      await tx
        .update(poLines)
        .set({
          cancelled: change.cancel,
          quantity: change.quantity,
          unitPrice: change.unitPrice,
          requestedDate: change.requestedDate,
          // a new revision needs a new answer
          responseCode: null,
          responseReason: null,
          proposedQuantity: null,
          proposedUnitPrice: null,
          proposedDate: null,
        })
        .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, line.id)));
    }
    if (input.added.length) {
      const uoms = await checkReferences(tx, ctx.tenantId, po.partnerId, po.shipToFacilityId, input.added.map((l) => l.itemId));
      const next = Math.max(0, ...lines.map((l) => l.lineNo)) + 1;
      await tx.insert(poLines).values(
        input.added.map((l, i) => ({
          tenantId: ctx.tenantId,
          poId: id,
          partnerId: po.partnerId,
          lineNo: next + i,
          itemId: l.itemId,
          quantity: l.quantity,
          uom: uoms.get(l.itemId)!,
          unitPrice: l.unitPrice,
          requestedDate: l.requestedDate,
        })),
      );
    }
    const openLeft = await tx
      .select({ id: poLines.id })
      .from(poLines)
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.poId, id), eq(poLines.cancelled, false)));
    if (!openLeft.length) throw new PoError("A revision must keep at least one line; cancel the order instead.");
    const revision = await bumpRevision(tx, ctx, po, input.reason);
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status: "issued", revision, issuedAt: new Date(), respondedAt: null, version: po.version + 1, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.tenantId, ctx.tenantId), eq(purchaseOrders.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "po.revised", entityType: "purchase_order", entityId: id, partnerId: po.partnerId, before: po, after: { ...after, change: input } });
    await mailPo(tx, ctx, after, await partnerRecipients(tx, ctx.tenantId, po.partnerId), "revised", input.reason);
    return after;
  });
}
