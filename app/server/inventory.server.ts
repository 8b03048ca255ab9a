// Stock at contract fillers: the append-only movement ledger with its running balances, stock counts
// (blind counting, one automatic recount, root causes, approval posting adjustments), and the measures
// (record accuracy, days of cover). The rules are pure (app/domain/inventory.ts); this file does the I/O.
import { and, asc, desc, eq, gte, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  countReasons,
  facilities,
  inventoryBalances,
  inventoryMovements,
  items,
  partners,
  stockCountLines,
  stockCounts,
  tenantSettings,
} from "../../drizzle/schema";
import {
  ABC_CLASSES,
  addMonths,
  adjustmentFor,
  bookAfterMovement,
  assertCountAction,
  assertLineAction,
  countStatusFromLines,
  CountTransitionError,
  daysOfCover,
  judgeFirstCount,
  judgeRecount,
  lineVariance,
  nextCountDue,
  signedMovementQuantity,
  validateRejection,
  validateRootCause,
  type AbcClass,
  type CountLineStatus,
  type CountStatus,
  type MovementKind,
} from "../domain/inventory";
import { businessDateProblem, lotProblem, movementDateProblem } from "../domain/limits";
import { BLIND_COUNT_STATUSES, BLIND_LINE_STATUS, isBlindCount, shownBook } from "../domain/blind-count";
import { addDecimals, compareDecimal } from "../domain/po";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { requireTenantMember, type TenantContext } from "./auth.server";
import { notFound, readCursor } from "./http-errors.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./db.server";
import { nextDocumentNumber } from "./numbers.server";
import { facilityNames, itemNames } from "./names.server";
import { StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

export class InventoryError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

/** Partners that hold the tenant's stock. */
const HOLDING_KINDS = ["contract_filler", "3pd"] as const;

export interface CountSettings {
  tolerancePct: Record<AbcClass, string>;
  frequencyMonths: Record<AbcClass, number>;
  reminderDays: number;
  coverThresholdDays: number;
}

async function countSettings(tx: Tx, tenantId: string): Promise<CountSettings> {
  const [s] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  return {
    tolerancePct: { A: s?.countTolerancePctA ?? "1", B: s?.countTolerancePctB ?? "3", C: s?.countTolerancePctC ?? "5" },
    frequencyMonths: { A: s?.countFrequencyMonthsA ?? 1, B: s?.countFrequencyMonthsB ?? 3, C: s?.countFrequencyMonthsC ?? 12 },
    reminderDays: s?.countReminderDays ?? 3,
    coverThresholdDays: s?.coverThresholdDays ?? 10,
  };
}

export async function getCountSettings(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => ({
    settings: await countSettings(tx, ctx.tenantId),
    reasons: await tx.select().from(countReasons).where(eq(countReasons.tenantId, ctx.tenantId)).orderBy(asc(countReasons.code)),
  }));
}

/** Compare-and-set on the count settings, like the company settings. */
export async function updateCountSettings(ctx: TenantContext, shown: CountSettings, next: CountSettings) {
  return withTenant(ctx, async (tx) => {
    await tx.insert(tenantSettings).values({ tenantId: ctx.tenantId }).onConflictDoNothing();
    const current = await countSettings(tx, ctx.tenantId);
    const same =
      ABC_CLASSES.every((c) => compareDecimal(current.tolerancePct[c], shown.tolerancePct[c]) === 0 && current.frequencyMonths[c] === shown.frequencyMonths[c]) &&
      current.reminderDays === shown.reminderDays &&
      current.coverThresholdDays === shown.coverThresholdDays;
    if (!same) throw new StaleRecordError("count settings");
    await tx
      .update(tenantSettings)
      .set({
        countTolerancePctA: next.tolerancePct.A,
        countTolerancePctB: next.tolerancePct.B,
        countTolerancePctC: next.tolerancePct.C,
        countFrequencyMonthsA: next.frequencyMonths.A,
        countFrequencyMonthsB: next.frequencyMonths.B,
        countFrequencyMonthsC: next.frequencyMonths.C,
        countReminderDays: next.reminderDays,
        coverThresholdDays: next.coverThresholdDays,
      })
      .where(eq(tenantSettings.tenantId, ctx.tenantId));
    await recordAudit(tx, actorOf(ctx), { action: "counts.settings_updated", entityType: "tenant_settings", entityId: ctx.tenantId, before: shown, after: next });
  });
}

export async function addCountReason(ctx: TenantContext, input: { code: string; name: string }) {
  return withTenant(ctx, async (tx) => {
    const [dup] = await tx
      .select({ id: countReasons.id })
      .from(countReasons)
      .where(and(eq(countReasons.tenantId, ctx.tenantId), sql`lower(${countReasons.code}) = lower(${input.code})`));
    if (dup) throw new InventoryError(`A reason with code ${input.code} already exists.`, "code");
    const [row] = await tx.insert(countReasons).values({ tenantId: ctx.tenantId, ...input }).returning();
    await recordAudit(tx, actorOf(ctx), { action: "counts.reason_added", entityType: "count_reason", entityId: row.id, after: row });
    return row;
  });
}

// ---------- the ledger ----------

export interface MovementInput {
  facilityId: string;
  itemId: string;
  lot: string;
  kind: MovementKind;
  /** as entered: positive for every kind but an adjustment */
  quantity: string;
  movedOn: string;
  reference: string;
}

const stockKey = (m: { facilityId: string; itemId: string; lot: string }) => `${m.facilityId}|${m.itemId}|${m.lot}`;

/**
 * Post one movement: the balance row is locked first (its row lock serialises every poster and
 * every count snapshot of that facility × item × lot), the book checked under that lock (stock
 * taken out can't take it below zero: bookAfterMovement), then the movement is added and the
 * balance set, so movement ids grow in the order they reach the balance and a snapshot is exactly
 * the movements up to its id. `field` names the form field or CSV row a refusal belongs to.
 */
async function post(tx: Tx, ctx: TenantContext, partnerId: string, m: MovementInput & { signed: string; countId?: string | null; field?: string }) {
  const key = and(
    eq(inventoryBalances.tenantId, ctx.tenantId),
    eq(inventoryBalances.facilityId, m.facilityId),
    eq(inventoryBalances.itemId, m.itemId),
    eq(inventoryBalances.lot, m.lot),
  );
  // a first movement of this stock creates its balance at 0; a concurrent creator waits here, then finds it
  await tx
    .insert(inventoryBalances)
    .values({ tenantId: ctx.tenantId, facilityId: m.facilityId, itemId: m.itemId, lot: m.lot, partnerId, quantity: "0" })
    .onConflictDoNothing({ target: [inventoryBalances.tenantId, inventoryBalances.facilityId, inventoryBalances.itemId, inventoryBalances.lot] });
  const [locked] = await tx.select({ quantity: inventoryBalances.quantity }).from(inventoryBalances).where(key).for("update");
  // a filler's user may be counting this stock blind: the refusal must not tell it the book
  const after = bookAfterMovement(locked.quantity, { kind: m.kind, signed: m.signed }, { showBook: !ctx.isPartner });
  if ("problem" in after) throw new InventoryError(after.problem, m.field ?? "quantity");
  const [movement] = await tx
    .insert(inventoryMovements)
    .values({
      tenantId: ctx.tenantId,
      partnerId,
      facilityId: m.facilityId,
      itemId: m.itemId,
      lot: m.lot,
      kind: m.kind,
      quantity: m.signed,
      movedOn: m.movedOn,
      reference: m.reference,
      countId: m.countId ?? null,
      createdBy: ctx.userId,
    })
    .returning();
  const [balance] = await tx.update(inventoryBalances).set({ quantity: after.book, lastMovementId: movement.id, updatedAt: new Date() }).where(key).returning();
  return { movement, balance };
}

/** The filler facilities of the tenant (id → partner), for checking where stock may be posted. */
async function holdingFacilities(tx: Tx, tenantId: string) {
  const rows = await tx
    .select({ id: facilities.id, name: facilities.name, partnerId: facilities.partnerId, partnerName: partners.name })
    .from(facilities)
    .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
    .where(and(eq(facilities.tenantId, tenantId), inArray(partners.kind, [...HOLDING_KINDS]), eq(facilities.active, true)))
    .orderBy(asc(partners.name), asc(facilities.name));
  return rows;
}

export async function stockFacilities(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const rows = await holdingFacilities(tx, ctx.tenantId);
    return ctx.isPartner ? rows.filter((r) => r.partnerId === ctx.partnerId) : rows;
  });
}

/** Planners post movements (by form or CSV): all or nothing, each checked, each in the audit log. */
export async function postMovements(ctx: TenantContext, inputs: MovementInput[], now = new Date()) {
  if (ctx.isPartner) throw new InventoryError("Only planners post stock movements.", "form", 409);
  const today = now.toISOString().slice(0, 10);
  return withTenant(ctx, async (tx) => {
    const sites = new Map((await holdingFacilities(tx, ctx.tenantId)).map((f) => [f.id, f]));
    const itemIds = [...new Set(inputs.map((i) => i.itemId))];
    const known = new Set(
      itemIds.length ? (await tx.select({ id: items.id }).from(items).where(and(eq(items.tenantId, ctx.tenantId), inArray(items.id, itemIds)))).map((i) => i.id) : [],
    );
    const posted = [];
    // balances are locked in one order (facility, item, lot), so concurrent posters never deadlock
    const ordered = [...inputs.entries()].sort(([, a], [, b]) => stockKey(a).localeCompare(stockKey(b)));
    for (const [i, m] of ordered) {
      const site = sites.get(m.facilityId);
      if (!site) throw new InventoryError("Choose a contract filler's facility.", inputs.length > 1 ? `row.${i}` : "facilityId");
      if (!known.has(m.itemId)) throw new InventoryError("Choose an item.", inputs.length > 1 ? `row.${i}` : "itemId");
      if (m.kind === "approved_adjustment") throw new InventoryError("Adjustments come only from approved counts.", "kind");
      const lot = lotProblem(m.lot);
      if (lot) throw new InventoryError(lot, inputs.length > 1 ? `row.${i}` : "lot");
      const date = movementDateProblem(m.movedOn, today);
      if (date) throw new InventoryError(date, inputs.length > 1 ? `row.${i}` : "movedOn");
      let signed: string;
      try {
        signed = signedMovementQuantity(m.kind, m.quantity);
      } catch (e) {
        throw new InventoryError((e as Error).message, inputs.length > 1 ? `row.${i}` : "quantity");
      }
      const { movement } = await post(tx, ctx, site.partnerId, { ...m, signed, field: inputs.length > 1 ? `row.${i}` : "quantity" });
      posted.push(movement);
    }
    await recordAudit(tx, actorOf(ctx), {
      action: "inventory.movements_posted",
      entityType: "inventory_movement",
      entityId: String(posted[0]?.id ?? ""),
      partnerId: posted.length ? posted[0].partnerId : null,
      after: { count: posted.length, movements: posted.slice(0, 50).map((p) => ({ id: p.id, kind: p.kind, quantity: p.quantity, lot: p.lot })) },
    });
    return posted;
  });
}

/**
 * Whether a facility × item × lot is in a count still blind to the filler (app/domain/blind-count.ts):
 * an open count at the facility that covers it (a full count: all; a cycle count: its class, stock that
 * reached the book since included; any count: its lines, the counter's added ones too), or a line
 * asked to be recounted. The columns are the outer query's, written qualified (see PO_TENANT).
 */
function blindStock(row: { tenant: SQL; facility: SQL; item: SQL; lot: SQL }) {
  const blind = sql.join(BLIND_COUNT_STATUSES.map((st) => sql`${st}`), sql`, `);
  return sql`exists (select 1 from stock_counts c
    where c.tenant_id = ${row.tenant} and c.facility_id = ${row.facility}
      and (c.status in (${blind}) and (
            c.scope = 'full'
            or exists (select 1 from items i where i.tenant_id = c.tenant_id and i.id = ${row.item} and i.abc_class = c.abc_class)
            or exists (select 1 from stock_count_lines l where l.tenant_id = c.tenant_id and l.count_id = c.id and l.item_id = ${row.item} and l.lot = ${row.lot}))
        or c.status = 'recount_requested' and exists (select 1 from stock_count_lines l where l.tenant_id = c.tenant_id and l.count_id = c.id
            and l.item_id = ${row.item} and l.lot = ${row.lot} and l.status = ${BLIND_LINE_STATUS})))`;
}

const BALANCE_ROW = {
  tenant: sql.raw(`"inventory_balances"."tenant_id"`),
  facility: sql.raw(`"inventory_balances"."facility_id"`),
  item: sql.raw(`"inventory_balances"."item_id"`),
  lot: sql.raw(`"inventory_balances"."lot"`),
};
const MOVEMENT_ROW = {
  tenant: sql.raw(`"inventory_movements"."tenant_id"`),
  facility: sql.raw(`"inventory_movements"."facility_id"`),
  item: sql.raw(`"inventory_movements"."item_id"`),
  lot: sql.raw(`"inventory_movements"."lot"`),
};

/** A balance row's consumption since a date (a positive total), for days of cover. */
export function consumedSince(since: string) {
  return sql<string>`coalesce((select -sum(m.quantity) from inventory_movements m
    where m.tenant_id = "inventory_balances"."tenant_id" and m.facility_id = "inventory_balances"."facility_id"
      and m.item_id = "inventory_balances"."item_id" and m.lot = "inventory_balances"."lot"
      and m.kind = 'consumption' and m.moved_on >= ${since}::date and m.moved_on <= current_date), 0)::text`;
}

/** Days of cover per item (all its lots at the facility together), as the "per item at each filler". */
function itemCover<T extends { itemId: string; quantity: string; consumed28: string }>(rows: T[]) {
  const totals = new Map<string, { book: string; consumed: string }>();
  for (const r of rows) {
    const t = totals.get(r.itemId) ?? { book: "0", consumed: "0" };
    totals.set(r.itemId, { book: addDecimals(t.book, r.quantity), consumed: addDecimals(t.consumed, r.consumed28) });
  }
  return new Map([...totals].map(([id, t]) => [id, daysOfCover(t.book, t.consumed)]));
}

/** Internal members, and users of a partner that holds the tenant's stock; anyone else gets the 404. */
export async function requireStockMember(request: Request, slug: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (ctx.isPartner && !(HOLDING_KINDS as readonly string[]).includes(ctx.partnerKind ?? "")) notFound();
  return ctx;
}

/** Planners (and admins) post movements, schedule counts and decide adjustments. */
export function isStockPlanner(ctx: TenantContext): boolean {
  return !ctx.isPartner && (ctx.role === "admin" || ctx.role === "planner");
}

/** The book of a facility (the filler sees only its own), by item code. */
export async function facilityBook(ctx: TenantContext, facilityId: string, opts: { after?: string | null; limit?: number; now?: Date } = {}) {
  const limit = opts.limit ?? PAGE_SIZE;
  const cursor = readCursor(opts.after, ["string", "string"]);
  const now = opts.now ?? new Date();
  return withTenant(ctx, async (tx) => {
    const settings = await countSettings(tx, ctx.tenantId);
    const since = new Date(now.getTime() - 28 * 86_400_000).toISOString().slice(0, 10);
    // one read of the facility's book serves the page, the days of cover and the risk list
    const whole = await tx
      .select({
        itemId: inventoryBalances.itemId,
        lot: inventoryBalances.lot,
        quantity: inventoryBalances.quantity,
        code: items.code,
        description: items.description,
        uom: items.uom,
        abcClass: items.abcClass,
        consumed28: consumedSince(since),
        // counting is blind: stock in a count the filler is still counting shows nothing of its book
        blind: ctx.isPartner ? sql<boolean>`${blindStock(BALANCE_ROW)}` : sql<boolean>`false`,
      })
      .from(inventoryBalances)
      .innerJoin(items, and(eq(items.tenantId, inventoryBalances.tenantId), eq(items.id, inventoryBalances.itemId)))
      .where(
        and(
          eq(inventoryBalances.tenantId, ctx.tenantId),
          eq(inventoryBalances.facilityId, facilityId),
          ctx.isPartner ? eq(inventoryBalances.partnerId, ctx.partnerId!) : undefined,
        ),
      )
      .orderBy(asc(items.code), asc(inventoryBalances.lot))
      .limit(10_000);
    const shown = shownBook(whole, itemCover(whole));
    // the page starts after the cursor's row, in the database's order (a cursor naming no row starts over)
    const start = cursor ? shown.findIndex((r) => r.code === cursor[0] && r.lot === cursor[1]) + 1 : 0;
    const page = pageOf(shown.slice(start, start + limit + 1), limit, (r) => [r.code, r.lot]);
    // the risk list covers the whole facility, one entry per item, not just the page shown
    const seen = new Set<string>();
    const risks = shown
      .filter((r) => !r.onCount && r.daysOfCover !== null && r.daysOfCover < settings.coverThresholdDays && !seen.has(r.itemId) && seen.add(r.itemId))
      .sort((x, y) => x.daysOfCover! - y.daysOfCover!)
      .slice(0, 100);
    return { thresholdDays: settings.coverThresholdDays, rows: page.items, nextCursor: page.nextCursor, risks };
  });
}

/**
 * The ledger, newest first. A partner reads its own facilities', without the movements of stock in a
 * count it is still counting blind (they would add up to the book): left out in the query, so every
 * page is whole.
 */
export async function listMovements(ctx: TenantContext, filters: { facilityId?: string }, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["int"]);
  return withTenant(ctx, async (tx) => {
    const page = await tx
      .select()
      .from(inventoryMovements)
      .where(
        and(
          eq(inventoryMovements.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(inventoryMovements.partnerId, ctx.partnerId!) : undefined,
          ctx.isPartner ? sql`not ${blindStock(MOVEMENT_ROW)}` : undefined,
          filters.facilityId ? eq(inventoryMovements.facilityId, filters.facilityId) : undefined,
          cursor ? sql`${inventoryMovements.id} < ${Number(cursor[0])}` : undefined,
        ),
      )
      .orderBy(desc(inventoryMovements.id))
      .limit(limit + 1);
    const [item, site] = await Promise.all([itemNames(tx, ctx.tenantId, page.map((m) => m.itemId)), facilityNames(tx, ctx.tenantId, page.map((m) => m.facilityId))]);
    const rows = page.map((m) => ({
      ...m,
      itemCode: item.get(m.itemId)?.code ?? "",
      facilityName: site.get(m.facilityId) ?? "",
    }));
    return pageOf(rows, limit, (r) => [r.id]);
  });
}

// ---------- counts ----------

export interface ScheduleInput {
  facilityId: string;
  scope: "full" | "cycle";
  abcClass: AbcClass | null;
  dueOn: string;
  notes: string;
}

/** A planner schedules a count; its lines are the items (and lots) on the book there, without quantities. */
export async function scheduleCount(ctx: TenantContext, input: ScheduleInput) {
  if (ctx.isPartner) throw new InventoryError("Only planners schedule counts.", "form", 409);
  const due = businessDateProblem(input.dueOn);
  if (due) throw new InventoryError(due, "dueOn");
  return withTenant(ctx, async (tx) => {
    const site = (await holdingFacilities(tx, ctx.tenantId)).find((f) => f.id === input.facilityId);
    if (!site) throw new InventoryError("Choose a contract filler's facility.", "facilityId");
    if (input.scope === "cycle" && !input.abcClass) throw new InventoryError("Choose the ABC class to cycle-count.", "abcClass");
    // two open counts of the same stock would each adjust it: one at a time
    const [overlap] = await tx
      .select({ number: stockCounts.number })
      .from(stockCounts)
      .where(
        and(
          eq(stockCounts.tenantId, ctx.tenantId),
          eq(stockCounts.facilityId, input.facilityId),
          sql`${stockCounts.status} not in ('completed', 'cancelled')`,
          input.scope === "full" ? undefined : sql`(${stockCounts.scope} = 'full' or ${stockCounts.abcClass} = ${input.abcClass})`,
        ),
      )
      .limit(1);
    if (overlap) throw new InventoryError(`Count ${overlap.number} of the same stock is still open at this facility. Complete or cancel it first.`, "facilityId", 409);
    const onBook = await tx
      .select({ itemId: inventoryBalances.itemId, lot: inventoryBalances.lot, abcClass: items.abcClass })
      .from(inventoryBalances)
      .innerJoin(items, and(eq(items.tenantId, inventoryBalances.tenantId), eq(items.id, inventoryBalances.itemId)))
      .where(
        and(
          eq(inventoryBalances.tenantId, ctx.tenantId),
          eq(inventoryBalances.facilityId, input.facilityId),
          input.scope === "cycle" ? eq(items.abcClass, input.abcClass!) : undefined,
        ),
      )
      .orderBy(asc(items.code), asc(inventoryBalances.lot));
    const number = await nextDocumentNumber(tx, "stock_count");
    const [count] = await tx
      .insert(stockCounts)
      .values({
        tenantId: ctx.tenantId,
        number,
        partnerId: site.partnerId,
        facilityId: site.id,
        scope: input.scope,
        abcClass: input.scope === "cycle" ? input.abcClass : null,
        dueOn: input.dueOn,
        notes: input.notes,
        createdBy: ctx.userId,
      })
      .returning();
    if (onBook.length)
      await tx.insert(stockCountLines).values(
        onBook.map((b) => ({ tenantId: ctx.tenantId, countId: count.id, partnerId: site.partnerId, itemId: b.itemId, lot: b.lot, abcClass: b.abcClass })),
      );
    await recordAudit(tx, actorOf(ctx), { action: "count.scheduled", entityType: "stock_count", entityId: count.id, partnerId: site.partnerId, after: { ...count, lines: onBook.length } });
    return count;
  });
}

export async function listCounts(ctx: TenantContext, filters: { status?: CountStatus; open?: boolean }, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["date", "uuid"]);
  return withTenant(ctx, async (tx) => {
    const page = await tx
      .select()
      .from(stockCounts)
      .where(
        and(
          eq(stockCounts.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(stockCounts.partnerId, ctx.partnerId!) : undefined,
          filters.status ? eq(stockCounts.status, filters.status) : undefined,
          filters.open ? sql`${stockCounts.status} not in ('completed', 'cancelled')` : undefined,
          cursor ? sql`(${stockCounts.dueOn}, ${stockCounts.id}) > (${String(cursor[0])}::date, ${String(cursor[1])}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(stockCounts.dueOn), asc(stockCounts.id))
      .limit(limit + 1);
    const site = await facilityNames(tx, ctx.tenantId, page.map((c) => c.facilityId));
    return pageOf(
      page.map((c) => ({ ...c, facilityName: site.get(c.facilityId) ?? "" })),
      limit,
      (r) => [r.dueOn, r.id],
    );
  });
}

async function loadCount(tx: Tx, ctx: TenantContext, id: string, lock = false) {
  const q = tx
    .select()
    .from(stockCounts)
    .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.id, id), ctx.isPartner ? eq(stockCounts.partnerId, ctx.partnerId!) : undefined));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** Active items, for adding a line the counter found that was not on the list. */
export async function countableItems(ctx: TenantContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: items.id, code: items.code, description: items.description })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)))
      .orderBy(asc(items.code))
      .limit(2000),
  );
}

/** What of a line's book a counter must not see before its (re)count is in: the book, and everything derived from it. */
const BLIND_LINE = {
  bookSnapshot: null,
  bookSnapshotMovementId: null,
  recountBookSnapshot: null,
  recountSnapshotMovementId: null,
  varianceUnits: null,
  variancePct: null,
  varianceValue: null,
  withinTolerance: null,
  firstWithinTolerance: null,
} as const;

/**
 * A count with its lines. Before submission the book is never shown to the filler (blind counting).
 * Costs are internal: a partner gets no standard cost, nor the variance's value (units × cost).
 */
export async function getCount(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const count = await loadCount(tx, ctx, id);
    if (!count) return null;
    const lines = await tx
      .select({ line: stockCountLines, code: items.code, description: items.description, uom: items.uom, standardCost: items.standardCost })
      .from(stockCountLines)
      .innerJoin(items, and(eq(items.tenantId, stockCountLines.tenantId), eq(items.id, stockCountLines.itemId)))
      .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, id)))
      .orderBy(asc(items.code), asc(stockCountLines.lot));
    const [site] = await tx.select({ name: facilities.name }).from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, count.facilityId)));
    const reasons = await tx.select().from(countReasons).where(and(eq(countReasons.tenantId, ctx.tenantId), eq(countReasons.active, true))).orderBy(asc(countReasons.code));
    const blind = isBlindCount(count.status as CountStatus);
    return {
      count,
      facilityName: site?.name ?? "",
      reasons,
      lines: lines.map((l): typeof l.line & { code: string; description: string; uom: string; standardCost?: string | null } => ({
        ...l.line,
        code: l.code,
        description: l.description,
        uom: l.uom,
        ...(ctx.isPartner ? { varianceValue: null } : { standardCost: l.standardCost }),
        // blind: nothing of the book leaves the server before the count is submitted, nor, for a
        // line asked to be recounted, before the recount is in
        ...(blind || (ctx.isPartner && l.line.status === BLIND_LINE_STATUS) ? BLIND_LINE : {}),
      })),
    };
  });
}

export interface CountEntry {
  itemId: string;
  lot: string;
  counted: string | null;
}

/** The filler saves what it has counted so far (a draft): lines may be added for stock not on the list. */
export async function saveCountDraft(ctx: TenantContext, id: string, version: number, entries: CountEntry[], remove: string[] = []) {
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "save_draft"));
    const removed = await upsertEntries(tx, ctx, count, entries, remove);
    const [after] = await tx
      .update(stockCounts)
      .set({ status: "in_progress", version: count.version + 1, updatedAt: new Date() })
      .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: "count.draft_saved",
      entityType: "stock_count",
      entityId: id,
      partnerId: count.partnerId,
      after: { entries: entries.filter((e) => e.counted !== null).length, removed },
    });
    return after;
  });
}

async function lockedCount(tx: Tx, ctx: TenantContext, id: string, version: number) {
  const count = await loadCount(tx, ctx, id, true);
  if (!count) throw new InventoryError("This count does not exist.", "form", 409);
  if (count.version !== version) throw new StaleRecordError("count");
  return count;
}

/** Segregation of duties: whoever submitted a count does not approve its adjustments. */
function assertNotCounter(ctx: TenantContext, count: typeof stockCounts.$inferSelect) {
  if (count.submittedBy && count.submittedBy === ctx.userId) throw new InventoryError("You submitted this count: another planner approves its adjustments.", "form", 409);
}

function assertOr409(fn: () => void) {
  try {
    fn();
  } catch (e) {
    if (e instanceof CountTransitionError) throw new InventoryError(e.message, "form", 409);
    throw e;
  }
}

async function upsertEntries(tx: Tx, ctx: TenantContext, count: typeof stockCounts.$inferSelect, entries: CountEntry[], remove: string[]): Promise<number> {
  const itemIds = [...new Set(entries.map((e) => e.itemId))];
  const known = new Map(
    itemIds.length
      ? (await tx.select({ id: items.id, abcClass: items.abcClass }).from(items).where(and(eq(items.tenantId, ctx.tenantId), inArray(items.id, itemIds)))).map((i) => [
          i.id,
          i.abcClass,
        ])
      : [],
  );
  // only lines the counter added can go: a line on the book is counted, 0 if nothing is there
  const removed = remove.length
    ? (
        await tx
          .delete(stockCountLines)
          .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, count.id), inArray(stockCountLines.id, remove), eq(stockCountLines.addedByCounter, true)))
          .returning({ id: stockCountLines.id })
      ).length
    : 0;
  const existing = await tx
    .select({ itemId: stockCountLines.itemId, lot: stockCountLines.lot })
    .from(stockCountLines)
    .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, count.id)));
  for (const e of entries) {
    const abc = known.get(e.itemId);
    if (!abc) throw new InventoryError("An item is not in the company's item list.", "form");
    // a lot typed in another case is the lot on the list, not a new one
    const lot = existing.find((x) => x.itemId === e.itemId && x.lot.toLowerCase() === e.lot.toLowerCase())?.lot ?? e.lot;
    const added = !existing.some((x) => x.itemId === e.itemId && x.lot === lot);
    if (added) {
      const problem = lotProblem(lot);
      if (problem) throw new InventoryError(problem, "newLot");
      existing.push({ itemId: e.itemId, lot });
    }
    await tx
      .insert(stockCountLines)
      .values({ tenantId: ctx.tenantId, countId: count.id, partnerId: count.partnerId, itemId: e.itemId, lot, abcClass: abc, counted: e.counted, addedByCounter: added })
      .onConflictDoUpdate({
        target: [stockCountLines.tenantId, stockCountLines.countId, stockCountLines.itemId, stockCountLines.lot],
        set: { counted: e.counted },
      });
  }
  return removed;
}

/** Read the book of the count's lines at this moment: quantity and the last movement it includes. */
async function snapshotBook(tx: Tx, tenantId: string, facilityId: string, lines: { itemId: string; lot: string }[]) {
  const itemIds = [...new Set(lines.map((l) => l.itemId))];
  const rows = itemIds.length
    ? await tx
        .select()
        .from(inventoryBalances)
        .where(and(eq(inventoryBalances.tenantId, tenantId), eq(inventoryBalances.facilityId, facilityId), inArray(inventoryBalances.itemId, itemIds)))
    : [];
  const key = (itemId: string, lot: string) => `${itemId}|${lot}`;
  const book = new Map(rows.map((r) => [key(r.itemId, r.lot), r]));
  return (itemId: string, lot: string) => {
    const b = book.get(key(itemId, lot));
    return { quantity: b?.quantity ?? "0", movementId: b?.lastMovementId ?? null };
  };
}

function judged(statuses: CountLineStatus[], pendingAdjustments: boolean): CountStatus {
  const derived = countStatusFromLines(statuses);
  // a book change is always a planner's decision: accepted variances wait for one too
  return derived === "completed" && pendingAdjustments ? "awaiting_approval" : derived;
}

/**
 * Submission freezes the count and snapshots the book; each line's variance is judged against the
 * tolerance of its ABC class; lines outside get one automatic recount.
 */
export async function submitCount(ctx: TenantContext, id: string, version: number, entries: CountEntry[] = []) {
  const now = new Date();
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "submit"));
    if (entries.length) await upsertEntries(tx, ctx, count, entries, []);
    const settings = await countSettings(tx, ctx.tenantId);
    const lines = await linesWithCost(tx, ctx.tenantId, id);
    if (lines.length === 0) throw new InventoryError("Add at least one counted line before submitting.", "form");
    const missing = lines.filter((l) => l.line.counted === null);
    if (missing.length) throw new InventoryError(`Enter a counted quantity on every line (0 if nothing was found): ${missing.length} line(s) left.`, "form");
    const bookOf = await snapshotBook(tx, ctx.tenantId, count.facilityId, lines.map((l) => l.line));
    const statuses: CountLineStatus[] = [];
    let pending = false;
    for (const { line, standardCost } of lines) {
      const book = bookOf(line.itemId, line.lot);
      const tol = settings.tolerancePct[line.abcClass];
      const v = lineVariance({ book: book.quantity, counted: line.counted!, standardCost, tolerancePct: tol });
      const status = judgeFirstCount(v);
      statuses.push(status);
      if (status === "accepted" && adjustmentFor({ status, units: v.units })) pending = true;
      await tx
        .update(stockCountLines)
        .set({
          status,
          bookSnapshot: book.quantity,
          bookSnapshotMovementId: book.movementId,
          tolerancePct: tol,
          varianceUnits: v.units,
          variancePct: v.percent === null ? null : v.percent.toFixed(2),
          varianceValue: v.value,
          withinTolerance: v.withinTolerance,
          firstWithinTolerance: v.withinTolerance,
        })
        .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.id, line.id)));
    }
    const status = judged(statuses, pending);
    const [after] = await tx
      .update(stockCounts)
      .set({ status, submittedAt: now, submittedBy: ctx.userId, completedAt: status === "completed" ? now : null, version: count.version + 1, updatedAt: now })
      .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: "count.submitted",
      entityType: "stock_count",
      entityId: id,
      partnerId: count.partnerId,
      before: { status: count.status },
      after: { status, lines: lines.length, recounts: statuses.filter((s) => s === "recount_requested").length },
    });
    return after;
  });
}

async function linesWithCost(tx: Tx, tenantId: string, countId: string) {
  return tx
    .select({ line: stockCountLines, standardCost: items.standardCost })
    .from(stockCountLines)
    .innerJoin(items, and(eq(items.tenantId, stockCountLines.tenantId), eq(items.id, stockCountLines.itemId)))
    .where(and(eq(stockCountLines.tenantId, tenantId), eq(stockCountLines.countId, countId)))
    .for("update", { of: stockCountLines });
}

/** The one automatic recount: new quantities for the lines asked, judged against a fresh book snapshot. */
export async function submitRecount(ctx: TenantContext, id: string, version: number, recounts: { lineId: string; recounted: string }[]) {
  const now = new Date();
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "submit_recount"));
    const settings = await countSettings(tx, ctx.tenantId);
    const lines = await linesWithCost(tx, ctx.tenantId, id);
    const asked = lines.filter((l) => l.line.status === "recount_requested");
    const given = new Map(recounts.map((r) => [r.lineId, r.recounted]));
    const missing = asked.filter((l) => !given.has(l.line.id));
    if (missing.length) throw new InventoryError(`Enter the recounted quantity on every line asked for: ${missing.length} left.`, "form");
    for (const r of recounts) {
      const l = lines.find((x) => x.line.id === r.lineId);
      if (!l) throw new InventoryError("A line is not on this count. Reload the page.", "form", 409);
      assertOr409(() => assertLineAction(l.line.status, "submit_recount"));
    }
    const bookOf = await snapshotBook(tx, ctx.tenantId, count.facilityId, asked.map((l) => l.line));
    for (const { line, standardCost } of asked) {
      const book = bookOf(line.itemId, line.lot);
      const v = lineVariance({ book: book.quantity, counted: given.get(line.id)!, standardCost, tolerancePct: line.tolerancePct ?? settings.tolerancePct[line.abcClass] });
      const status = judgeRecount(v);
      await tx
        .update(stockCountLines)
        .set({
          status,
          recounted: given.get(line.id)!,
          recountBookSnapshot: book.quantity,
          recountSnapshotMovementId: book.movementId,
          varianceUnits: v.units,
          variancePct: v.percent === null ? null : v.percent.toFixed(2),
          varianceValue: v.value,
          withinTolerance: v.withinTolerance,
        })
        .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.id, line.id)));
    }
    return finishStep(tx, ctx, count, now, "count.recounted", { recounted: asked.length });
  });
}

/** Re-derive the count's status from its lines after a step; post adjustments when a planner completes it. */
async function finishStep(tx: Tx, ctx: TenantContext, count: typeof stockCounts.$inferSelect, now: Date, action: string, detail: Record<string, unknown>) {
  const lines = await tx
    .select()
    .from(stockCountLines)
    .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, count.id)));
  const pending = lines.some((l) => l.adjustmentMovementId === null && adjustmentFor({ status: l.status, units: l.varianceUnits ?? "0" }) !== null);
  let status = judged(lines.map((l) => l.status), pending);
  if (status === "awaiting_approval" && !ctx.isPartner && !lines.some((l) => l.status === "awaiting_approval")) {
    // only accepted variances are left: the planner's decision posts them and completes the count
    status = "completed";
  }
  if (status === "completed" && !ctx.isPartner) await postAdjustments(tx, ctx, count, lines, now);
  const [after] = await tx
    .update(stockCounts)
    .set({ status, completedAt: status === "completed" ? now : null, version: count.version + 1, updatedAt: now })
    .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.id, count.id)))
    .returning();
  await recordAudit(tx, actorOf(ctx), { action, entityType: "stock_count", entityId: count.id, partnerId: count.partnerId, before: { status: count.status }, after: { status, ...detail } });
  return after;
}

async function postAdjustments(tx: Tx, ctx: TenantContext, count: typeof stockCounts.$inferSelect, lines: (typeof stockCountLines.$inferSelect)[], now: Date) {
  for (const l of [...lines].sort((a, b) => stockKey({ facilityId: count.facilityId, ...a }).localeCompare(stockKey({ facilityId: count.facilityId, ...b })))) {
    if (l.adjustmentMovementId !== null) continue;
    const qty = adjustmentFor({ status: l.status, units: l.varianceUnits ?? "0" });
    if (!qty) continue;
    const { movement } = await post(tx, ctx, count.partnerId, {
      facilityId: count.facilityId,
      itemId: l.itemId,
      lot: l.lot,
      kind: "approved_adjustment",
      quantity: qty,
      signed: qty,
      movedOn: now.toISOString().slice(0, 10),
      reference: `${count.number}${l.status === "accepted" ? " (within tolerance)" : ""}`,
      countId: count.id,
    });
    await tx
      .update(stockCountLines)
      .set({ adjustmentMovementId: movement.id })
      .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.id, l.id)));
  }
}

/** The filler explains a line still outside tolerance after its recount. */
export async function enterRootCause(ctx: TenantContext, id: string, version: number, input: { lineId: string; reasonId: string; comment: string }) {
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "enter_root_cause"));
    const [line] = await tx
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, id), eq(stockCountLines.id, input.lineId)))
      .for("update");
    if (!line) throw new InventoryError("This line is not on the count. Reload the page.", "form", 409);
    assertOr409(() => assertLineAction(line.status, "enter_root_cause"));
    const reasons = await tx.select().from(countReasons).where(and(eq(countReasons.tenantId, ctx.tenantId), eq(countReasons.active, true)));
    const reason = reasons.find((r) => r.id === input.reasonId);
    const problems = validateRootCause({ reasonCode: reason?.code ?? "", comment: input.comment }, reasons.map((r) => r.code));
    if (problems.length) throw new InventoryError(problems[0].message, `${problems[0].field === "reasonCode" ? "reason" : "comment"}.${line.id}`);
    await tx
      .update(stockCountLines)
      .set({ status: "awaiting_approval", reasonId: reason!.id, rootCause: input.comment.trim() })
      .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.id, line.id)));
    return finishStep(tx, ctx, count, new Date(), "count.root_cause_entered", { lineId: line.id, reason: reason!.code });
  });
}

/** A planner approves (posts the adjustment) or rejects a line's adjustment. */
export async function decideAdjustment(ctx: TenantContext, id: string, version: number, input: { lineId: string; approve: boolean; comment: string }) {
  if (ctx.isPartner) throw new InventoryError("Only planners approve adjustments.", "form", 409);
  const now = new Date();
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, input.approve ? "approve" : "reject"));
    assertNotCounter(ctx, count);
    const [line] = await tx
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.countId, id), eq(stockCountLines.id, input.lineId)))
      .for("update");
    if (!line) throw new InventoryError("This line is not on the count. Reload the page.", "form", 409);
    if (line.status === "awaiting_approval") {
      if (!input.approve) {
        const problem = validateRejection(input.comment);
        if (problem) throw new InventoryError(problem, `decision.${line.id}`);
      }
      const [decided] = await tx
        .update(stockCountLines)
        .set({ status: input.approve ? "approved" : "adjustment_rejected", decisionComment: input.comment.trim() || null, decidedBy: ctx.userId, decidedAt: now })
        .where(and(eq(stockCountLines.tenantId, ctx.tenantId), eq(stockCountLines.id, line.id)))
        .returning();
      // approval posts the adjustment at once
      if (input.approve) await postAdjustments(tx, ctx, count, [decided], now);
    } else if (!(input.approve && line.status === "accepted")) {
      assertOr409(() => assertLineAction(line.status, input.approve ? "approve" : "reject"));
    }
    return finishStep(tx, ctx, count, now, input.approve ? "count.adjustment_approved" : "count.adjustment_rejected", { lineId: line.id, comment: input.comment.trim() });
  });
}

/** Only accepted (within-tolerance) variances are left: the planner posts them and the count completes. */
export async function approveCount(ctx: TenantContext, id: string, version: number) {
  if (ctx.isPartner) throw new InventoryError("Only planners approve adjustments.", "form", 409);
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "approve"));
    assertNotCounter(ctx, count);
    return finishStep(tx, ctx, count, new Date(), "count.adjustments_approved", {});
  });
}

/** A planner cancels a count that has not been submitted. */
export async function cancelCount(ctx: TenantContext, id: string, version: number) {
  if (ctx.isPartner) throw new InventoryError("Only planners cancel counts.", "form", 409);
  return withTenant(ctx, async (tx) => {
    const count = await lockedCount(tx, ctx, id, version);
    assertOr409(() => assertCountAction(count.status as CountStatus, "cancel"));
    const [after] = await tx
      .update(stockCounts)
      .set({ status: "cancelled", version: count.version + 1, updatedAt: new Date() })
      .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "count.cancelled", entityType: "stock_count", entityId: id, partnerId: count.partnerId, before: { status: count.status }, after: { status: "cancelled" } });
    return after;
  });
}

// ---------- plans and measures ----------

/** Next cycle count due per ABC class at each filler facility, from the last completed one. */
export async function countPlan(ctx: TenantContext, today = new Date().toISOString().slice(0, 10)) {
  return withTenant(ctx, async (tx) => {
    const settings = await countSettings(tx, ctx.tenantId);
    const sites = (await holdingFacilities(tx, ctx.tenantId)).filter((f) => !ctx.isPartner || f.partnerId === ctx.partnerId);
    const last = await tx
      .select({
        facilityId: stockCounts.facilityId,
        scope: stockCounts.scope,
        abcClass: stockCounts.abcClass,
        lastOn: sql<string>`max(${stockCounts.completedAt})::date::text`,
      })
      .from(stockCounts)
      .where(and(eq(stockCounts.tenantId, ctx.tenantId), eq(stockCounts.status, "completed")))
      .groupBy(stockCounts.facilityId, stockCounts.scope, stockCounts.abcClass);
    return sites.map((site) => ({
      ...site,
      due: ABC_CLASSES.map((c) => {
        // a full count counts every class
        const dates = last.filter((l) => l.facilityId === site.id && (l.scope === "full" || l.abcClass === c)).map((l) => l.lastOn);
        const lastOn = dates.sort().at(-1) ?? null;
        return { abcClass: c, lastOn, dueOn: nextCountDue(lastOn, c, settings.frequencyMonths, today) };
      }),
    }));
  });
}

/** Lines within tolerance on their first count ÷ lines counted, per facility, month and ABC class. */
export async function recordAccuracyTrend(ctx: TenantContext, months = 12, now = new Date()) {
  const from = addMonths(now.toISOString().slice(0, 8) + "01", -(months - 1));
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        facilityId: stockCounts.facilityId,
        period: sql<string>`to_char(${stockCounts.submittedAt} at time zone 'UTC', 'YYYY-MM')`,
        abcClass: stockCountLines.abcClass,
        counted: sql<number>`count(*)::int`,
        within: sql<number>`(count(*) filter (where ${stockCountLines.firstWithinTolerance}))::int`,
      })
      .from(stockCountLines)
      .innerJoin(stockCounts, and(eq(stockCounts.tenantId, stockCountLines.tenantId), eq(stockCounts.id, stockCountLines.countId)))
      .where(
        and(
          eq(stockCountLines.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(stockCountLines.partnerId, ctx.partnerId!) : undefined,
          sql`${stockCountLines.firstWithinTolerance} is not null`,
          gte(stockCounts.submittedAt, new Date(from + "T00:00:00Z")),
        ),
      )
      .groupBy(stockCounts.facilityId, sql`2`, stockCountLines.abcClass);
    const sites = new Map((await holdingFacilities(tx, ctx.tenantId)).map((f) => [f.id, f.name]));
    return rows.map((r) => ({ ...r, facilityName: sites.get(r.facilityId) ?? "", accuracy: r.counted ? r.within / r.counted : null }));
  });
}

/**
 * Counts and their lines, for the CSV export (formula cells are escaped by csvLine). Counts still
 * blind are left out; for a partner, so is the book of a line asked to be recounted (until the
 * recount is in), and every variance value: it is units × standard cost, which is internal.
 */
export async function countExportRows(ctx: TenantContext, limit = 50_000) {
  const unlessRecounting = <C extends AnyColumn>(column: C) =>
    ctx.isPartner ? sql<string | null>`case when ${stockCountLines.status} = ${BLIND_LINE_STATUS} then null else ${column}::text end` : column;
  const hidden = sql.join([...BLIND_COUNT_STATUSES, "cancelled"].map((st) => sql`${st}`), sql`, `);
  return withTenant(ctx, async (tx) =>
    tx
      .select({
        number: stockCounts.number,
        status: stockCounts.status,
        facility: facilities.name,
        dueOn: stockCounts.dueOn,
        submittedAt: stockCounts.submittedAt,
        itemCode: items.code,
        itemDescription: items.description,
        lot: stockCountLines.lot,
        abcClass: stockCountLines.abcClass,
        counted: stockCountLines.counted,
        book: unlessRecounting(stockCountLines.bookSnapshot),
        recounted: stockCountLines.recounted,
        recountBook: unlessRecounting(stockCountLines.recountBookSnapshot),
        varianceUnits: unlessRecounting(stockCountLines.varianceUnits),
        variancePct: unlessRecounting(stockCountLines.variancePct),
        varianceValue: ctx.isPartner ? sql<string | null>`null` : stockCountLines.varianceValue,
        lineStatus: stockCountLines.status,
        rootCause: stockCountLines.rootCause,
        reason: countReasons.code,
      })
      .from(stockCountLines)
      .innerJoin(stockCounts, and(eq(stockCounts.tenantId, stockCountLines.tenantId), eq(stockCounts.id, stockCountLines.countId)))
      .innerJoin(items, and(eq(items.tenantId, stockCountLines.tenantId), eq(items.id, stockCountLines.itemId)))
      .innerJoin(facilities, and(eq(facilities.tenantId, stockCounts.tenantId), eq(facilities.id, stockCounts.facilityId)))
      .leftJoin(countReasons, and(eq(countReasons.tenantId, stockCountLines.tenantId), eq(countReasons.id, stockCountLines.reasonId)))
      .where(
        and(
          eq(stockCountLines.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(stockCountLines.partnerId, ctx.partnerId!) : undefined,
          sql`${stockCounts.status} not in (${hidden})`,
        ),
      )
      .orderBy(desc(stockCounts.submittedAt), asc(items.code))
      .limit(limit),
  );
}
