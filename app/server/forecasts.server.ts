// Demand forecasts: a planner drafts item × week quantities for a partner (grid or CSV) and publishes
// them (the partner's users are emailed; the partner's previous forecast is superseded); the partner
// answers with the quantity it commits per week (the planner who published is emailed); both see
// forecast, commitment and declared capacity side by side. The rules are pure
// (app/domain/forecast.ts); this file does the I/O: one tenant transaction per call, tenant_id in
// every query (row-level security is the second wall), compare-and-set on the forecast's version.
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { capacityDeclarations, forecastLines, forecasts, itemResources, items, partners, poLines, users } from "../../drizzle/schema";
import { forecastPublishedEmail, forecastRecordedEmail, forecastRespondedEmail } from "../../emails/forecast";
import { decodeTextUpload, NOT_CSV_TEXT } from "../domain/csv";
import {
  canManageForecasts,
  canSeeForecasts,
  commitmentGaps,
  defaultFirstWeek,
  DEFAULT_FORECAST_WEEKS,
  fillGrid,
  FORECAST_PARTNER_KINDS,
  forecastNumber,
  forecastWeeks,
  ForecastTransitionError,
  nextForecastStatus,
  plainQuantity,
  publishProblem,
  sideBySide,
  supersededBy,
  type ForecastCell,
  type ForecastEvent,
  type ForecastStatus,
  type LineCommitment,
} from "../domain/forecast";
import { validateCommitmentCsv, validateForecastCsv, type ForecastImportProblem } from "../domain/forecast-import";
import { compareWeeks, isoWeekOf, type IsoWeek } from "../domain/iso-week";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { addDecimals, compareDecimal } from "../domain/po";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { requireTenantMember, type TenantContext } from "./auth.server";
import type { Tx } from "./db.server";
import { getEnv } from "./env.server";
import { notFound, readCursor } from "./http-errors.server";
import { sendTenantEmail } from "./mail.server";
import { facilityNames, itemNames, partnerNames } from "./names.server";
import { partnerRecipients, roleRecipients } from "./recipients.server";
import { StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

export class ForecastError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 | 415 = 400,
  ) {
    super(message);
  }
}

export type Forecast = typeof forecasts.$inferSelect;

/** Planners, admins and directors; users of a 3PD, contract filler or supplier. Anyone else: the 404. */
export async function requireForecastMember(request: Request, slug: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (!canSeeForecasts(ctx.role, ctx.partnerKind)) notFound();
  return ctx;
}

export function isForecastPlanner(ctx: TenantContext): boolean {
  return canManageForecasts(ctx.role);
}

function assertPlanner(ctx: TenantContext) {
  if (!isForecastPlanner(ctx)) throw new ForecastError("Only planners and administrators change forecasts.", "form", 409);
}

function transition(from: string, event: ForecastEvent): ForecastStatus {
  try {
    return nextForecastStatus(from as ForecastStatus, event);
  } catch (e) {
    if (e instanceof ForecastTransitionError) throw new ForecastError(e.message, "form", 409);
    throw e;
  }
}

export function forecastUrl(ctx: { tenantSlug: string }, id: string) {
  return `${getEnv().APP_URL}/${ctx.tenantSlug}/forecasts/${id}`;
}

/** One forecast as the member may see it (a partner: its own, never a draft), optionally locked for a change. */
async function findForecast(tx: Tx, ctx: TenantContext, id: string, lock = false): Promise<Forecast | null> {
  const q = tx
    .select()
    .from(forecasts)
    .where(
      and(
        eq(forecasts.tenantId, ctx.tenantId),
        eq(forecasts.id, id),
        ctx.isPartner ? and(eq(forecasts.partnerId, ctx.partnerId!), ne(forecasts.status, "draft")) : undefined,
      ),
    );
  const [row] = lock ? await q.for("update") : await q;
  return row ?? null;
}

/** The forecast's header, when the member may see it: what a page checks before reading a form. */
export async function forecastHeader(ctx: TenantContext, id: string): Promise<Forecast | null> {
  return withTenant(ctx, (tx) => findForecast(tx, ctx, id));
}

/** Lock the forecast and check the version the form showed: compare-and-set. */
async function lockForecast(tx: Tx, ctx: TenantContext, id: string, version: number): Promise<Forecast | null> {
  const row = await findForecast(tx, ctx, id, true);
  if (!row) return null;
  if (row.version !== version) throw new StaleRecordError("forecast");
  return row;
}

async function bump(tx: Tx, ctx: TenantContext, f: Forecast, set: Partial<Forecast>): Promise<Forecast> {
  const [after] = await tx
    .update(forecasts)
    .set({ ...set, version: f.version + 1, updatedAt: new Date() })
    .where(and(eq(forecasts.tenantId, ctx.tenantId), eq(forecasts.id, f.id), eq(forecasts.version, f.version)))
    .returning();
  if (!after) throw new StaleRecordError("forecast");
  return after;
}

/** Partners a forecast can go to (active or not, for the filters; `active` says which may get a new one). */
async function forecastPartners(tx: Tx, tenantId: string) {
  return tx
    .select({ id: partners.id, name: partners.name, kind: partners.kind, active: partners.active })
    .from(partners)
    .where(and(eq(partners.tenantId, tenantId), inArray(partners.kind, [...FORECAST_PARTNER_KINDS])))
    .orderBy(asc(partners.name));
}

async function nextNumber(tx: Tx, tenantId: string): Promise<string> {
  // numbers are per tenant and gap-free: one creator at a time per tenant, until the transaction ends
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"forecast-number:" + tenantId}))`);
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(substring(${forecasts.number} from 4)::int), 0)::int` })
    .from(forecasts)
    .where(and(eq(forecasts.tenantId, tenantId), sql`${forecasts.number} ~ '^FC-[0-9]+$'`));
  return forecastNumber(Number(row?.n ?? 0) + 1);
}

async function linesOf(tx: Tx, ctx: TenantContext, forecastId: string) {
  return tx
    .select()
    .from(forecastLines)
    .where(and(eq(forecastLines.tenantId, ctx.tenantId), eq(forecastLines.forecastId, forecastId), ctx.isPartner ? eq(forecastLines.partnerId, ctx.partnerId!) : undefined))
    .orderBy(asc(forecastLines.week));
}

/** The draft's lines become exactly these cells (drafts have no commitments to keep). */
async function replaceLines(tx: Tx, ctx: TenantContext, f: Forecast, cells: ForecastCell[]) {
  await tx.delete(forecastLines).where(and(eq(forecastLines.tenantId, ctx.tenantId), eq(forecastLines.forecastId, f.id)));
  for (let i = 0; i < cells.length; i += 1000) {
    await tx.insert(forecastLines).values(
      cells.slice(i, i + 1000).map((c) => ({ tenantId: ctx.tenantId, forecastId: f.id, partnerId: f.partnerId, itemId: c.itemId, week: c.week, quantity: c.quantity })),
    );
  }
}

const total = (values: (string | null)[]) => values.reduce<string>((a, v) => (v === null ? a : addDecimals(a, v)), "0.000");
const span = (weeks: string[]) => (weeks.length ? `${[...weeks].sort()[0]}–${[...weeks].sort()[weeks.length - 1]}` : "");

// ---------- list ----------

export interface ForecastFilters {
  status?: ForecastStatus;
  partnerId?: string;
}

/**
 * A page of forecasts, newest first (keyset on created_at, id), with each one's weeks and totals; a
 * partner's user sees only its partner's, and never a draft. The partners for the filter and the
 * new-forecast form come along, for the tenant's staff.
 */
export async function listForecasts(ctx: TenantContext, filters: ForecastFilters, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["timestamp", "uuid"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(forecasts)
      .where(
        and(
          eq(forecasts.tenantId, ctx.tenantId),
          ctx.isPartner ? and(eq(forecasts.partnerId, ctx.partnerId!), ne(forecasts.status, "draft")) : undefined,
          filters.partnerId ? eq(forecasts.partnerId, filters.partnerId) : undefined,
          filters.status ? eq(forecasts.status, filters.status) : undefined,
          cursor ? sql`(${forecasts.createdAt}, ${forecasts.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(forecasts.createdAt), desc(forecasts.id))
      .limit(limit + 1);
    const ids = rows.slice(0, limit).map((r) => r.id);
    const stats = ids.length
      ? await tx
          .select({
            forecastId: forecastLines.forecastId,
            firstWeek: sql<string>`min(${forecastLines.week})`,
            lastWeek: sql<string>`max(${forecastLines.week})`,
            items: sql<number>`count(distinct ${forecastLines.itemId})::int`,
            forecast: sql<string>`coalesce(sum(${forecastLines.quantity}), 0)::numeric(14,3)::text`,
            committed: sql<string | null>`sum(${forecastLines.committedQuantity})::numeric(14,3)::text`,
            shortCells: sql<number>`count(*) filter (where ${forecastLines.committedQuantity} < ${forecastLines.quantity})::int`,
          })
          .from(forecastLines)
          .where(and(eq(forecastLines.tenantId, ctx.tenantId), inArray(forecastLines.forecastId, ids)))
          .groupBy(forecastLines.forecastId)
      : [];
    const statsOf = new Map(stats.map((s) => [s.forecastId, s]));
    const names = await partnerNames(tx, ctx.tenantId, rows.map((r) => r.partnerId));
    const page = pageOf(
      rows.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        partnerId: r.partnerId,
        partnerName: names.get(r.partnerId) ?? "",
        status: r.status as ForecastStatus,
        createdAt: r.createdAt,
        publishedAt: r.publishedAt,
        respondedAt: r.respondedAt,
        firstWeek: statsOf.get(r.id)?.firstWeek ?? null,
        lastWeek: statsOf.get(r.id)?.lastWeek ?? null,
        items: statsOf.get(r.id)?.items ?? 0,
        forecast: statsOf.get(r.id)?.forecast ?? "0.000",
        committed: statsOf.get(r.id)?.committed ?? null,
        shortCells: statsOf.get(r.id)?.shortCells ?? 0,
      })),
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
    );
    return { ...page, partners: ctx.isPartner ? [] : await forecastPartners(tx, ctx.tenantId) };
  });
}

// ---------- create ----------

export interface NewForecastInput {
  partnerId: string;
  title: string;
  note: string;
  weeks: IsoWeek[];
}

/**
 * A new draft for a partner. Its grid starts with the items the partner makes for the tenant (their
 * routing, else the items on its purchase orders), at 0 for every week of the horizon.
 */
export async function createForecast(ctx: TenantContext, input: NewForecastInput) {
  assertPlanner(ctx);
  if (!input.weeks.length) throw new ForecastError("Choose the weeks the forecast covers.", "weeks");
  return withTenant(ctx, async (tx) => {
    const partner = (await forecastPartners(tx, ctx.tenantId)).find((p) => p.id === input.partnerId && p.active);
    if (!partner) throw new ForecastError("Choose an active supplier, 3PD or contract filler.", "partnerId");
    const number = await nextNumber(tx, ctx.tenantId);
    const [f] = await tx
      .insert(forecasts)
      .values({ tenantId: ctx.tenantId, number, partnerId: partner.id, title: input.title, note: input.note, createdBy: ctx.userId })
      .returning();
    const itemIds = await usualItems(tx, ctx.tenantId, partner.id);
    await replaceLines(tx, ctx, f, fillGrid(itemIds, input.weeks, []));
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.created",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      after: { number, partner: partner.name, title: f.title, weeks: span(input.weeks), items: itemIds.length },
    });
    return { forecast: f, weeks: input.weeks, items: itemIds.length };
  });
}

/** The active items a partner makes for the tenant: routed there, or ordered from it (most recent first). */
async function usualItems(tx: Tx, tenantId: string, partnerId: string): Promise<string[]> {
  const routed = await tx
    .select({ itemId: itemResources.itemId, code: items.code })
    .from(itemResources)
    .innerJoin(items, and(eq(items.tenantId, itemResources.tenantId), eq(items.id, itemResources.itemId)))
    .where(and(eq(itemResources.tenantId, tenantId), eq(itemResources.partnerId, partnerId), eq(items.active, true)))
    .orderBy(asc(items.code));
  if (routed.length) return routed.map((r) => r.itemId);
  const ordered = await tx
    .selectDistinct({ itemId: poLines.itemId, code: items.code })
    .from(poLines)
    .innerJoin(items, and(eq(items.tenantId, poLines.tenantId), eq(items.id, poLines.itemId)))
    .where(and(eq(poLines.tenantId, tenantId), eq(poLines.partnerId, partnerId), eq(items.active, true)))
    .orderBy(asc(items.code))
    .limit(30);
  return ordered.map((r) => r.itemId);
}

/** A new draft with a forecast's quantities (weeks that have passed left out), to change and publish in its place. */
export async function copyForecast(ctx: TenantContext, id: string, today: string) {
  assertPlanner(ctx);
  return withTenant(ctx, async (tx) => {
    const source = await findForecast(tx, ctx, id);
    if (!source) return null;
    const current = isoWeekOf(today);
    const lines = (await linesOf(tx, ctx, source.id)).filter((l) => compareWeeks(l.week, current) >= 0);
    const number = await nextNumber(tx, ctx.tenantId);
    const [f] = await tx
      .insert(forecasts)
      .values({ tenantId: ctx.tenantId, number, partnerId: source.partnerId, title: source.title, note: source.note, createdBy: ctx.userId })
      .returning();
    await replaceLines(tx, ctx, f, lines.map((l) => ({ itemId: l.itemId, week: l.week, quantity: l.quantity })));
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.created",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      after: { number, copiedFrom: source.number, title: f.title, lines: lines.length },
    });
    return f;
  });
}

// ---------- one forecast ----------

/**
 * A forecast with its lines and the side-by-side view: per item × week the forecast, the commitment
 * and the declared capacity of the item's resource at the partner. `fallback` is the horizon shown
 * for a forecast without lines yet.
 */
export async function getForecast(ctx: TenantContext, id: string, today: string, fallback?: { from: IsoWeek; count: number }) {
  return withTenant(ctx, async (tx) => {
    const f = await findForecast(tx, ctx, id);
    if (!f) return null;
    const lines = await linesOf(tx, ctx, f.id);
    const itemIds = [...new Set(lines.map((l) => l.itemId))];
    const weeks = forecastWeeks(
      lines.map((l) => l.week),
      fallback ?? { from: defaultFirstWeek(today), count: DEFAULT_FORECAST_WEEKS },
    );
    const lineItems = itemIds.length
      ? await tx
          .select({ id: items.id, code: items.code, description: items.description, uom: items.uom, active: items.active })
          .from(items)
          .where(and(eq(items.tenantId, ctx.tenantId), inArray(items.id, itemIds)))
          .orderBy(asc(items.code))
      : [];
    const routing = await tx
      .select()
      .from(itemResources)
      .where(and(eq(itemResources.tenantId, ctx.tenantId), eq(itemResources.partnerId, f.partnerId)));
    const sites = await facilityNames(tx, ctx.tenantId, routing.map((r) => r.facilityId));
    const routes = routing
      .filter((r) => sites.has(r.facilityId))
      .map((r) => ({ itemId: r.itemId, facilityId: r.facilityId, facilityName: sites.get(r.facilityId)!, resource: r.resource }));
    const shownRoutes = routes.filter((r) => itemIds.includes(r.itemId));
    const capacity =
      shownRoutes.length && weeks.length
        ? await tx
            .select({ facilityId: capacityDeclarations.facilityId, resource: capacityDeclarations.resource, week: capacityDeclarations.week, capacity: capacityDeclarations.capacity })
            .from(capacityDeclarations)
            .where(
              and(
                eq(capacityDeclarations.tenantId, ctx.tenantId),
                eq(capacityDeclarations.partnerId, f.partnerId),
                inArray(capacityDeclarations.facilityId, [...new Set(shownRoutes.map((r) => r.facilityId))]),
                inArray(capacityDeclarations.week, weeks),
              ),
            )
        : [];
    const view = sideBySide({
      weeks,
      items: lineItems,
      lines: lines.map((l) => ({ id: l.id, itemId: l.itemId, week: l.week, quantity: l.quantity, committedQuantity: l.committedQuantity, comment: l.comment })),
      routes: shownRoutes,
      capacity,
    });
    const partnerName = (await partnerNames(tx, ctx.tenantId, [f.partnerId])).get(f.partnerId) ?? "";
    // a partner's users can't see the tenant's staff: their names are for the staff's eyes
    const peopleIds = [f.publishedBy, f.respondedBy, f.createdBy].filter((u): u is string => u !== null);
    const people = new Map(
      ctx.isPartner || !peopleIds.length
        ? []
        : (await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, peopleIds))).map((u) => [u.id, u.name || u.email]),
    );
    // the partner's current forecast: the one that replaced this, or the one publishing this draft replaces
    const [current] =
      f.status === "superseded" || f.status === "draft"
        ? await tx
            .select({ id: forecasts.id, number: forecasts.number, status: forecasts.status })
            .from(forecasts)
            .where(and(eq(forecasts.tenantId, ctx.tenantId), eq(forecasts.partnerId, f.partnerId), inArray(forecasts.status, ["published", "committed"])))
            .orderBy(desc(forecasts.publishedAt))
            .limit(1)
        : [];
    // the planner's item picker for a draft: active items, the partner's routed ones first
    const options =
      f.status === "draft" && isForecastPlanner(ctx)
        ? (
            await tx
              .select({ id: items.id, code: items.code, description: items.description })
              .from(items)
              .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)))
              .orderBy(asc(items.code))
              .limit(5000)
          )
            .filter((i) => !itemIds.includes(i.id))
            .map((i) => ({ ...i, routed: routes.some((r) => r.itemId === i.id) }))
        : [];
    return {
      forecast: f,
      partnerName,
      weeks,
      lines,
      view,
      itemOptions: options,
      inactiveItems: lineItems.filter((i) => !i.active).map((i) => i.code),
      publishedByName: f.publishedBy ? (people.get(f.publishedBy) ?? null) : null,
      respondedByName: f.respondedBy ? (people.get(f.respondedBy) ?? null) : null,
      createdByName: f.createdBy ? (people.get(f.createdBy) ?? null) : null,
      current: current ?? null,
    };
  });
}

// ---------- the planner changes a draft ----------

export interface GridSave {
  weeks: IsoWeek[];
  itemIds: string[];
  cells: ForecastCell[];
  /** the row added with this save, which must be an active item */
  added: string | null;
}

/** Save the draft's grid: its lines become exactly the grid's cells (every item × week). */
export async function saveForecastGrid(ctx: TenantContext, id: string, version: number, grid: GridSave) {
  assertPlanner(ctx);
  return withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    transition(f.status, "edit");
    const known = grid.itemIds.length
      ? await tx
          .select({ id: items.id, code: items.code, active: items.active })
          .from(items)
          .where(and(eq(items.tenantId, ctx.tenantId), inArray(items.id, grid.itemIds)))
      : [];
    if (known.length !== grid.itemIds.length) throw new ForecastError("An item in the grid no longer exists. Reload the page.", "form", 409);
    if (grid.added && !known.find((k) => k.id === grid.added)?.active) throw new ForecastError("Choose an active item.", "addItem");
    const cells = fillGrid(grid.itemIds, grid.weeks, grid.cells);
    await replaceLines(tx, ctx, f, cells);
    const after = await bump(tx, ctx, f, {});
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.saved",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      after: { weeks: span(grid.weeks), items: grid.itemIds.length, total: total(cells.map((c) => c.quantity)) },
    });
    return after;
  });
}

export async function updateForecastDetails(ctx: TenantContext, id: string, version: number, input: { title: string; note: string }) {
  assertPlanner(ctx);
  return withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    transition(f.status, "edit");
    const after = await bump(tx, ctx, f, { title: input.title, note: input.note });
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.details_updated",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      before: { title: f.title, note: f.note },
      after: input,
    });
    return after;
  });
}

/**
 * The planner deletes a draft (compare-and-set on its version): the forecast and its lines go, the
 * audit log keeps what it was. Its number is not reused unless it was the newest.
 */
export async function deleteForecastDraft(ctx: TenantContext, id: string, version: number) {
  assertPlanner(ctx);
  return withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    transition(f.status, "delete");
    const lines = await tx
      .delete(forecastLines)
      .where(and(eq(forecastLines.tenantId, ctx.tenantId), eq(forecastLines.forecastId, f.id)))
      .returning({ itemId: forecastLines.itemId, week: forecastLines.week, quantity: forecastLines.quantity });
    await tx.delete(forecasts).where(and(eq(forecasts.tenantId, ctx.tenantId), eq(forecasts.id, f.id), eq(forecasts.version, f.version)));
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.deleted",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      before: {
        number: f.number,
        title: f.title,
        weeks: lines.length ? span([...new Set(lines.map((l) => l.week))].sort()) : null,
        items: new Set(lines.map((l) => l.itemId)).size,
        total: total(lines.map((l) => l.quantity)),
      },
      after: null,
    });
    return { number: f.number };
  });
}

/** An uploaded file's text, or the ForecastError to show beside the file field. */
function csvText(bytes: Uint8Array | null): string {
  if (!bytes || bytes.length === 0) throw new ForecastError("Choose a CSV file to upload.", "file");
  const text = decodeTextUpload(bytes);
  if (text === null) throw new ForecastError(NOT_CSV_TEXT, "file", 415);
  return text;
}

/**
 * A CSV of item_code, week, quantity replaces the draft's quantities: all rows or none, with
 * line-numbered problems. The grid becomes the file's items × every week from its first to its last.
 */
export async function importForecastCsv(
  ctx: TenantContext,
  id: string,
  version: number,
  bytes: Uint8Array | null,
  today: string,
): Promise<null | { problems: ForecastImportProblem[] } | { forecast: Forecast; rows: number }> {
  assertPlanner(ctx);
  return withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    transition(f.status, "edit");
    const text = csvText(bytes);
    const active = await tx
      .select({ id: items.id, code: items.code })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)));
    const { rows, problems } = validateForecastCsv(text, { items: active, today });
    if (problems.length) return { problems };
    const weeks = forecastWeeks(
      rows.map((r) => r.week),
      { from: rows[0].week, count: 1 },
    );
    const itemIds = [...new Set(rows.map((r) => r.itemId))];
    const cells = fillGrid(itemIds, weeks, rows);
    await replaceLines(tx, ctx, f, cells);
    const after = await bump(tx, ctx, f, {});
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.imported",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      after: { rows: rows.length, weeks: span(weeks), items: itemIds.length, total: total(cells.map((c) => c.quantity)) },
    });
    return { forecast: after, rows: rows.length };
  });
}

// ---------- publish ----------

/**
 * Publish a draft to its partner: the partner's current forecast (published or committed) is
 * superseded, and after the change commits the partner's users are emailed.
 */
export async function publishForecast(ctx: TenantContext, id: string, version: number, today: string) {
  assertPlanner(ctx);
  const result = await withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    const status = transition(f.status, "publish");
    const partner = (await forecastPartners(tx, ctx.tenantId)).find((p) => p.id === f.partnerId);
    if (!partner?.active) throw new ForecastError(`${partner?.name ?? "The partner"} is deactivated: it can't receive forecasts.`, "form", 409);
    const lines = await linesOf(tx, ctx, f.id);
    const problem = publishProblem(lines, today);
    if (problem) throw new ForecastError(problem, "form");
    const inactive = await tx
      .select({ code: items.code })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), inArray(items.id, [...new Set(lines.map((l) => l.itemId))]), eq(items.active, false)))
      .orderBy(asc(items.code));
    if (inactive.length) throw new ForecastError(`Remove the inactive item(s) ${inactive.map((i) => i.code).join(", ")} from the grid before publishing.`, "form");
    // two publishes to one partner at once would both see the same current forecast: one at a time
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"forecast-publish:" + f.partnerId}))`);
    const others = await tx
      .select()
      .from(forecasts)
      .where(and(eq(forecasts.tenantId, ctx.tenantId), eq(forecasts.partnerId, f.partnerId), inArray(forecasts.status, ["published", "committed"])))
      .for("update");
    const superseded: Forecast[] = [];
    for (const old of supersededBy(others.map((o) => ({ ...o, status: o.status as ForecastStatus })), f)) {
      superseded.push(await bump(tx, ctx, old, { status: transition(old.status, "supersede") }));
      await recordAudit(tx, actorOf(ctx), {
        action: "forecast.superseded",
        entityType: "forecast",
        entityId: old.id,
        partnerId: old.partnerId,
        before: { status: old.status },
        after: { status: "superseded", by: f.number },
      });
    }
    const after = await bump(tx, ctx, f, { status, publishedAt: new Date(), publishedBy: ctx.userId });
    const weeks = [...new Set(lines.map((l) => l.week))].sort();
    await recordAudit(tx, actorOf(ctx), {
      action: "forecast.published",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      before: { status: f.status },
      after: { status, weeks: span(weeks), total: total(lines.map((l) => l.quantity)), supersedes: superseded.map((s) => s.number) },
    });
    return {
      forecast: after,
      superseded: superseded.map((s) => s.number),
      mail: {
        tenantName: ctx.tenantName,
        partnerName: partner.name,
        number: after.number,
        title: after.title,
        firstWeek: weeks[0],
        lastWeek: weeks[weeks.length - 1],
        items: new Set(lines.map((l) => l.itemId)).size,
        url: forecastUrl(ctx, after.id),
        note: after.note,
        supersedes: superseded.map((s) => s.number),
      },
    };
  });
  if (!result) return null;
  // mail once the forecast is really published
  const emailed = await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, async (tx) => {
    const to = await partnerRecipients(tx, ctx.tenantId, result.forecast.partnerId);
    for (const address of to) await sendTenantEmail(tx, ctx.tenantId, address, forecastPublishedEmail(result.mail));
    return to.length;
  });
  return { forecast: result.forecast, superseded: result.superseded, emailed };
}

// ---------- the partner answers ----------

/** The partner's users answer; a planner may record the answer for the partner (sent another way). */
function assertCanAnswer(ctx: TenantContext) {
  if (!ctx.isPartner && !isForecastPlanner(ctx)) throw new ForecastError("The partner's users answer a forecast; a planner may record their answer.", "form", 409);
}

/**
 * The partner's users commit a quantity per line (every line, 0 for none), with optional comments and
 * a note; they may revise it while the forecast is current. The planner who published is emailed
 * after the change commits (in a tenant-wide step: the tenant's staff are hidden from a partner).
 * A planner may record the commitment on the partner's behalf (it phoned or emailed it): the forecast
 * says so, the audit log names the planner, and the partner's users are emailed what was recorded.
 */
export async function respondToForecast(
  ctx: TenantContext,
  id: string,
  version: number,
  input: { answers: LineCommitment[]; responseNote: string },
): Promise<null | { errors: Record<string, string> } | { forecast: Forecast }> {
  assertCanAnswer(ctx);
  const onBehalf = !ctx.isPartner;
  const result = await withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    const status = transition(f.status, "respond");
    const lines = await linesOf(tx, ctx, f.id);
    const gaps = commitmentGaps(
      lines.map((l) => l.id),
      input.answers,
    );
    if (gaps.unknown) throw new ForecastError("The form doesn't match this forecast any more. Reload the page and enter your commitment again.", "form", 409);
    if (Object.keys(gaps.errors).length) return { errors: gaps.errors };
    const answerOf = new Map(input.answers.map((a) => [a.lineId, a]));
    for (const l of lines) {
      const a = answerOf.get(l.id)!;
      if (l.committedQuantity !== null && compareDecimal(l.committedQuantity, a.committed) === 0 && l.comment === a.comment) continue;
      await tx
        .update(forecastLines)
        .set({ committedQuantity: a.committed, comment: a.comment })
        .where(and(eq(forecastLines.tenantId, ctx.tenantId), eq(forecastLines.forecastId, f.id), eq(forecastLines.id, l.id)));
    }
    const revised = f.status === "committed";
    const after = await bump(tx, ctx, f, { status, respondedAt: new Date(), respondedBy: ctx.userId, responseNote: input.responseNote, respondedOnBehalf: onBehalf });
    const forecastTotal = total(lines.map((l) => l.quantity));
    const committedTotal = total(lines.map((l) => answerOf.get(l.id)!.committed));
    const shortWeeks = lines.filter((l) => compareDecimal(answerOf.get(l.id)!.committed, l.quantity) < 0).length;
    await recordAudit(tx, actorOf(ctx), {
      action: revised ? "forecast.commitment_revised" : "forecast.committed",
      entityType: "forecast",
      entityId: f.id,
      partnerId: f.partnerId,
      before: { status: f.status, committed: revised ? total(lines.map((l) => l.committedQuantity)) : null },
      after: { status, forecast: forecastTotal, committed: committedTotal, shortWeeks, note: input.responseNote, ...(onBehalf ? { onBehalfOfPartner: true } : {}) },
    });
    const weeks = [...new Set(lines.map((l) => l.week))].sort();
    return {
      forecast: after,
      mail: {
        tenantName: ctx.tenantName,
        partnerName: onBehalf ? ((await partnerNames(tx, ctx.tenantId, [f.partnerId])).get(f.partnerId) ?? "") : (ctx.partnerName ?? ""),
        number: after.number,
        title: after.title,
        firstWeek: weeks[0],
        lastWeek: weeks[weeks.length - 1],
        items: new Set(lines.map((l) => l.itemId)).size,
        url: forecastUrl(ctx, after.id),
        revised,
        forecast: plainQuantity(forecastTotal),
        committed: plainQuantity(committedTotal),
        shortWeeks,
        responseNote: input.responseNote,
        responderName: ctx.userName || ctx.userEmail,
      },
    };
  });
  if (!result) return null;
  if (result.errors) return { errors: result.errors };
  const mail = result.mail!;
  const publishedBy = result.forecast!.publishedBy;
  await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, async (tx) => {
    if (onBehalf) {
      // the partner learns what was recorded for it, and may revise it
      const to = await partnerRecipients(tx, ctx.tenantId, result.forecast!.partnerId);
      for (const address of to) await sendTenantEmail(tx, ctx.tenantId, address, forecastRecordedEmail(mail));
      return;
    }
    const staff = await roleRecipients(tx, ctx.tenantId, ["admin", "planner"]);
    const publisher = staff.find((s) => s.userId === publishedBy);
    for (const address of publisher ? [publisher.email] : staff.map((s) => s.email)) await sendTenantEmail(tx, ctx.tenantId, address, forecastRespondedEmail(mail));
  });
  return { forecast: result.forecast! };
}

/**
 * The partner's commitment from a CSV (the forecast's export with committed_quantity filled in):
 * checked against the forecast's lines, all rows or none with line-numbered problems, then sent as
 * respondToForecast sends the form (compare-and-set on the version, audit, the planner emailed). The
 * note sent with the last answer is kept.
 */
export async function importCommitmentCsv(
  ctx: TenantContext,
  id: string,
  version: number,
  bytes: Uint8Array | null,
): Promise<null | { problems: ForecastImportProblem[] } | { errors: Record<string, string> } | { forecast: Forecast; rows: number }> {
  assertCanAnswer(ctx);
  const checked = await withTenant(ctx, async (tx) => {
    const f = await lockForecast(tx, ctx, id, version);
    if (!f) return null;
    transition(f.status, "respond");
    const text = csvText(bytes);
    const lines = await linesOf(tx, ctx, f.id);
    const codes = await itemNames(tx, ctx.tenantId, [...new Set(lines.map((l) => l.itemId))]);
    return { note: f.responseNote ?? "", ...validateCommitmentCsv(text, lines.map((l) => ({ id: l.id, itemCode: codes.get(l.itemId)?.code ?? "", week: l.week }))) };
  });
  if (!checked) return null;
  if (checked.problems.length) return { problems: checked.problems };
  const sent = await respondToForecast(ctx, id, version, { answers: checked.answers, responseNote: checked.note });
  if (!sent || "errors" in sent) return sent;
  return { forecast: sent.forecast, rows: checked.answers.length };
}

