// Load against capacity: demand (the open quantity of confirmed PO lines, by the ISO week of their
// current committed date) routed to a facility's resource, set against declared capacity. A line loads
// the resource the planner set on it, else its item's default resource at that partner
// (item_resources); a line with neither is "unrouted" and shown apart. The arithmetic is pure
// (app/domain/capacity.ts); this file reads the rows, one query per kind per page.
import { readCursor } from "./http-errors.server";
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { capacityDeclarations, capacityDemand, facilities, itemResources, items, partners, poLines, purchaseOrders } from "../../drizzle/schema";
import {
  answeredDemand,
  answerOverCommitments,
  DEMAND_STATUSES,
  horizon,
  loadCell,
  loadCells,
  openQuantity,
  rankPlacements,
  sumDecimals,
  type DemandLine,
  type LoadCell,
  type RouteLoad,
} from "../domain/capacity";
import { addWeeks, compareWeeks, isoWeekOf, parseIsoWeek, weekEnd, weeksBetween, weekRange, weekStart, type IsoWeek } from "../domain/iso-week";
import { isUuid } from "../domain/ids";
import { encodeCursor, pageOf, PAGE_SIZE } from "../domain/keyset";
import { addDecimals, compareDecimal, proposalOf, type LineAnswer } from "../domain/po";
import type { TenantContext } from "./auth.server";
import { lockPartnerDemand } from "./capacity-demand.server";
import { declaringFacilities, DECLARING_KINDS } from "./capacity.server";
import type { Tx } from "./db.server";
import { facilityNames, itemNames, partnerNames } from "./names.server";
import { withTenant } from "./tenant.server";

export type LoadGroup = "partner" | "facility" | "resource";

export const routeKey = (facilityId: string, resource: string) => `${facilityId}|${resource}`;

// the line's route: the planner's override, else the item's default at the partner
const routedFacility = sql<string | null>`coalesce(${poLines.capacityFacilityId}, ${itemResources.facilityId})`;
const routedResource = sql<string | null>`coalesce(${poLines.capacityResource}, ${itemResources.resource})`;
const committedWeek = sql<string>`to_char(${poLines.committedDate}, 'IYYY-"W"IW')`;
const openQty = sql<string>`greatest(${poLines.quantity} - ${poLines.quantityShipped}, 0)`;

/** The rows of demand: lines of orders the partner has committed to, not cancelled, committed in [from, to]. */
function demandWhere(tenantId: string, from: string, to: string, extra: (SQL | undefined)[] = []) {
  return and(
    eq(poLines.tenantId, tenantId),
    // literal NOT, so the planner can use the partial index po_lines_tenant_committed_idx
    sql`NOT ${poLines.cancelled}`,
    gte(poLines.committedDate, from),
    lte(poLines.committedDate, to),
    inArray(purchaseOrders.status, [...DEMAND_STATUSES]),
    sql`${poLines.quantity} > ${poLines.quantityShipped}`,
    ...extra,
  );
}

/**
 * Demand per (partner, routed facility, routed resource, week) in the weeks; routed fields null when
 * unrouted. Read from capacity_demand, which triggers keep equal to the lines (migration 0021); an
 * order's own lines can only be left out by adding up the lines themselves (liveDemandRows).
 */
export async function demandRows(tx: Tx, tenantId: string, weeks: IsoWeek[], opts: { partnerIds?: string[]; facilityIds?: string[]; excludePoId?: string } = {}) {
  if (opts.excludePoId) return liveDemandRows(tx, tenantId, weeks, opts);
  if (!weeks.length || opts.partnerIds?.length === 0 || opts.facilityIds?.length === 0) return [];
  return tx
    .select({
      partnerId: capacityDemand.partnerId,
      facilityId: capacityDemand.facilityId,
      resource: capacityDemand.resource,
      week: capacityDemand.week,
      demand: sql<string>`${capacityDemand.demand}::text`,
    })
    .from(capacityDemand)
    .where(
      and(
        eq(capacityDemand.tenantId, tenantId),
        inArray(capacityDemand.week, weeks),
        opts.partnerIds ? inArray(capacityDemand.partnerId, opts.partnerIds) : undefined,
        opts.facilityIds ? inArray(capacityDemand.facilityId, opts.facilityIds) : undefined,
      ),
    );
}

/** demandRows added up from the order lines themselves (the definition capacity_demand is kept to). */
async function liveDemandRows(tx: Tx, tenantId: string, weeks: IsoWeek[], opts: { partnerIds?: string[]; facilityIds?: string[]; excludePoId?: string }) {
  if (!weeks.length || opts.partnerIds?.length === 0 || opts.facilityIds?.length === 0) return [];
  const sorted = [...weeks].sort(compareWeeks);
  return tx
    .select({
      partnerId: poLines.partnerId,
      facilityId: routedFacility,
      resource: routedResource,
      week: committedWeek,
      demand: sql<string>`sum(${openQty})::text`,
    })
    .from(poLines)
    .innerJoin(purchaseOrders, and(eq(purchaseOrders.tenantId, poLines.tenantId), eq(purchaseOrders.id, poLines.poId)))
    .leftJoin(itemResources, and(eq(itemResources.tenantId, poLines.tenantId), eq(itemResources.partnerId, poLines.partnerId), eq(itemResources.itemId, poLines.itemId)))
    .where(
      demandWhere(tenantId, weekStart(sorted[0]), weekEnd(sorted[sorted.length - 1]), [
        // on the order too, so the planner can start from either side's partner index
        opts.partnerIds ? inArray(poLines.partnerId, opts.partnerIds) : undefined,
        opts.partnerIds ? inArray(purchaseOrders.partnerId, opts.partnerIds) : undefined,
        opts.facilityIds ? inArray(routedFacility, opts.facilityIds) : undefined,
        opts.excludePoId ? sql`${poLines.poId} <> ${opts.excludePoId}::uuid` : undefined,
      ]),
    )
    .groupBy(poLines.partnerId, routedFacility, routedResource, committedWeek);
}

/** A declared capacity cell, as the load pages read it. */
const CAPACITY_CELL = {
  partnerId: capacityDeclarations.partnerId,
  facilityId: capacityDeclarations.facilityId,
  resource: capacityDeclarations.resource,
  week: capacityDeclarations.week,
  capacity: capacityDeclarations.capacity,
};

async function capacityRows(tx: Tx, tenantId: string, weeks: IsoWeek[], by: { facilityIds?: string[]; partnerIds?: string[] }) {
  if (!weeks.length || by.facilityIds?.length === 0 || by.partnerIds?.length === 0) return [];
  return tx
    .select(CAPACITY_CELL)
    .from(capacityDeclarations)
    .where(
      and(
        eq(capacityDeclarations.tenantId, tenantId),
        by.facilityIds ? inArray(capacityDeclarations.facilityId, by.facilityIds) : undefined,
        by.partnerIds ? inArray(capacityDeclarations.partnerId, by.partnerIds) : undefined,
        inArray(capacityDeclarations.week, weeks),
      ),
    );
}

/**
 * A partner's week, its production lines added up in the database (a page of partners is tens of
 * thousands of line-weeks): loadCells' totals, where a part is one (facility, resource) and demand
 * routed nowhere is one more part without capacity. `unrouted` is that demand alone.
 */
async function partnerWeekTotals(tx: Tx, tenantId: string, weeks: IsoWeek[], partnerIds: string[]) {
  if (!weeks.length || !partnerIds.length) return [];
  const c = tx
    .select(CAPACITY_CELL)
    .from(capacityDeclarations)
    .where(and(eq(capacityDeclarations.tenantId, tenantId), inArray(capacityDeclarations.partnerId, partnerIds), inArray(capacityDeclarations.week, weeks)))
    .as("c");
  const d = tx
    .select({ partnerId: capacityDemand.partnerId, facilityId: capacityDemand.facilityId, resource: capacityDemand.resource, week: capacityDemand.week, demand: capacityDemand.demand })
    .from(capacityDemand)
    .where(and(eq(capacityDemand.tenantId, tenantId), inArray(capacityDemand.partnerId, partnerIds), inArray(capacityDemand.week, weeks)))
    .as("d");
  const partnerId = sql<string>`coalesce(${c.partnerId}, ${d.partnerId})`;
  const week = sql<string>`coalesce(${c.week}, ${d.week})`;
  return tx
    .select({
      partnerId,
      week,
      capacity: sql<string | null>`sum(${c.capacity})::numeric(18, 3)::text`,
      demand: sql<string>`coalesce(sum(${d.demand}), 0)::numeric(18, 3)::text`,
      undeclaredDemand: sql<string>`coalesce(sum(${d.demand}) filter (where ${c.capacity} is null), 0)::numeric(18, 3)::text`,
      unrouted: sql<string>`coalesce(sum(${d.demand}) filter (where ${d.facilityId} is null or ${d.resource} is null), 0)::numeric(18, 3)::text`,
      overParts: sql<number>`(count(*) filter (where ${c.capacity} is not null and coalesce(${d.demand}, 0) > ${c.capacity}))::int`,
    })
    .from(c)
    .fullJoin(d, and(eq(d.partnerId, c.partnerId), eq(d.facilityId, c.facilityId), eq(d.resource, c.resource), eq(d.week, c.week)))
    .groupBy(partnerId, week);
}

/** The heatmap's window: `count` weeks from `from` (the current week when not given), 4 to 26. */
export function loadWindow(from: IsoWeek | null, count: number | null, today = new Date().toISOString().slice(0, 10)) {
  const n = Math.min(26, Math.max(4, count ?? 13));
  const start = from ?? isoWeekOf(today);
  return { from: start, count: n, weeks: weekRange(start, n), previous: addWeeks(start, -n), next: addWeeks(start, n) };
}

export interface HeatmapRow {
  key: string;
  partnerId: string;
  partnerName: string;
  facilityId: string | null;
  facilityName: string | null;
  resource: string | null;
  cells: LoadCell[];
}

async function declaringFacilitiesPage(tx: Tx, ctx: TenantContext, filter: { partnerId?: string | null; facilityId?: string | null }, cursor: (string | number)[] | null, limit: number) {
  const rows = await declaringFacilities(
    tx,
    ctx,
    [
      filter.partnerId ? eq(facilities.partnerId, filter.partnerId) : undefined,
      filter.facilityId ? eq(facilities.id, filter.facilityId) : undefined,
      cursor ? sql`(${partners.name}, ${facilities.name}, ${facilities.id}) > (${cursor[0]}, ${cursor[1]}, ${cursor[2]}::uuid)` : undefined,
    ],
    limit + 1,
  );
  return pageOf(rows, limit, (r) => [r.partnerName, r.name, r.id]);
}

async function declaringPartnersPage(tx: Tx, ctx: TenantContext, filter: { partnerId?: string | null }, cursor: (string | number)[] | null, limit: number) {
  const rows = await tx
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(
      and(
        eq(partners.tenantId, ctx.tenantId),
        eq(partners.active, true),
        inArray(partners.kind, [...DECLARING_KINDS]),
        ctx.isPartner ? eq(partners.id, ctx.partnerId!) : undefined,
        filter.partnerId ? eq(partners.id, filter.partnerId) : undefined,
        cursor ? sql`(${partners.name}, ${partners.id}) > (${cursor[0]}, ${cursor[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(partners.name), asc(partners.id))
    .limit(limit + 1);
  return pageOf(rows, limit, (r) => [r.name, r.id]);
}

const UNROUTED = "unrouted";

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * A page of the heatmap: rows of partners, facilities or facility resources (keyset by name), each
 * with a cell per week of utilisation of the summed declared capacity. Demand not routed to any
 * resource is counted on its partner's row (as demand without capacity) and totalled in `unrouted`.
 */
export async function loadHeatmap(
  ctx: TenantContext,
  opts: { group: LoadGroup; weeks: IsoWeek[]; partnerId?: string | null; after?: string | null; limit?: number },
) {
  const limit = opts.limit ?? PAGE_SIZE;
  const { weeks } = opts;
  return withTenant(ctx, async (tx) => {
    if (opts.group === "partner") {
      const page = await declaringPartnersPage(tx, ctx, opts, readCursor(opts.after, ["string", "uuid"]), limit);
      const totals = await partnerWeekTotals(tx, ctx.tenantId, weeks, page.items.map((p) => p.id));
      const totalOf = new Map(totals.map((t) => [`${t.partnerId}|${t.week}`, t]));
      const rows: HeatmapRow[] = page.items.map((p) => {
        const cells = weeks.map((week) => loadCell(week, totalOf.get(`${p.id}|${week}`) ?? { capacity: null, demand: "0.000", undeclaredDemand: "0.000", overParts: 0 }));
        return { key: p.id, partnerId: p.id, partnerName: p.name, facilityId: null, facilityName: null, resource: null, cells };
      });
      const unrouted = weeks.map((week) => ({ week, demand: sumDecimals(totals.filter((t) => t.week === week).map((t) => t.unrouted)) }));
      return { rows, nextCursor: page.nextCursor, unrouted };
    }
    const page = await declaringFacilitiesPage(tx, ctx, opts, readCursor(opts.after, ["string", "string", "uuid"]), limit);
    const facilityIds = page.items.map((f) => f.id);
    const partnerIds = [...new Set(page.items.map((f) => f.partnerId))];
    const [capacity, demand] = await Promise.all([
      capacityRows(tx, ctx.tenantId, weeks, { facilityIds }),
      // by partner (indexed), then the page's facilities and the partners' unrouted demand in JS
      demandRows(tx, ctx.tenantId, weeks, { partnerIds }),
    ]);
    const rows: HeatmapRow[] = [];
    const capacityOf = groupBy(capacity, (c) => c.facilityId);
    const demandOf = groupBy(
      demand.filter((d) => d.resource !== null),
      (d) => d.facilityId ?? "",
    );
    for (const f of page.items) {
      const cap = capacityOf.get(f.id) ?? [];
      const dem = demandOf.get(f.id) ?? [];
      const parts = [
        ...cap.map((c) => ({ part: c.resource, week: c.week, capacity: c.capacity, demand: "0" })),
        ...dem.map((d) => ({ part: d.resource!, week: d.week, capacity: null, demand: d.demand })),
      ];
      const base = { partnerId: f.partnerId, partnerName: f.partnerName, facilityId: f.id, facilityName: f.name };
      if (opts.group === "facility") rows.push({ ...base, key: f.id, resource: null, cells: loadCells(weeks, parts) });
      else {
        const resources = [...new Set([...f.resources, ...parts.map((p) => p.part)])];
        for (const resource of resources)
          rows.push({ ...base, key: routeKey(f.id, resource), resource, cells: loadCells(weeks, parts.filter((p) => p.part === resource)) });
      }
    }
    return { rows, nextCursor: page.nextCursor, unrouted: unroutedTotals(weeks, demand) };
  });
}

function unroutedTotals(weeks: IsoWeek[], demand: { facilityId: string | null; resource: string | null; week: string; demand: string }[]) {
  const unrouted = demand.filter((d) => !d.facilityId || !d.resource);
  return loadCells(
    weeks,
    unrouted.map((d) => ({ part: UNROUTED, week: d.week, capacity: null, demand: d.demand })),
  ).map((c) => ({ week: c.week, demand: c.demand }));
}

/** One facility over the window: a row per resource and the facility total, for the table and the chart. */
export async function facilityLoad(ctx: TenantContext, facilityId: string, weeks: IsoWeek[]) {
  return withTenant(ctx, async (tx) => {
    const page = await declaringFacilitiesPage(tx, ctx, { facilityId }, null, 1);
    const f = page.items[0];
    if (!f) return null;
    const [capacity, demand] = await Promise.all([
      capacityRows(tx, ctx.tenantId, weeks, { facilityIds: [f.id] }),
      demandRows(tx, ctx.tenantId, weeks, { partnerIds: [f.partnerId], facilityIds: [f.id] }),
    ]);
    const parts = [
      ...capacity.map((c) => ({ part: c.resource, week: c.week, capacity: c.capacity, demand: "0" })),
      ...demand.filter((d) => d.resource !== null).map((d) => ({ part: d.resource!, week: d.week, capacity: null, demand: d.demand })),
    ];
    const resources = [...new Set([...f.resources, ...parts.map((p) => p.part)])];
    return {
      facility: { id: f.id, name: f.name, partnerId: f.partnerId, partnerName: f.partnerName },
      total: loadCells(weeks, parts),
      resources: resources.map((resource) => ({ resource, cells: loadCells(weeks, parts.filter((p) => p.part === resource)) })),
    };
  });
}

export interface DemandLineFilter {
  week: IsoWeek;
  partnerId?: string | null;
  facilityId?: string | null;
  resource?: string | null;
  /** only lines routed nowhere */
  unrouted?: boolean;
}

/** The PO lines behind a heatmap cell, by committed date (keyset). */
export async function demandLines(ctx: TenantContext, filter: DemandLineFilter, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["date", "uuid"]);
  return withTenant(ctx, async (tx) => {
    // a facility's lines are its partner's: name the partner so the partner's demand index is used
    let partnerId = filter.partnerId ?? null;
    if (!partnerId && filter.facilityId) {
      const [f] = await tx.select({ partnerId: facilities.partnerId }).from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, filter.facilityId)));
      if (!f) return { nextCursor: null, items: [] };
      partnerId = f.partnerId;
    }
    const rows = await tx
      .select({
        id: poLines.id,
        poId: poLines.poId,
        poNumber: purchaseOrders.number,
        poStatus: purchaseOrders.status,
        overCommitted: purchaseOrders.overCommitted,
        lineNo: poLines.lineNo,
        partnerId: poLines.partnerId,
        itemId: poLines.itemId,
        quantity: poLines.quantity,
        quantityShipped: poLines.quantityShipped,
        uom: poLines.uom,
        committedDate: sql<string>`${poLines.committedDate}::text`,
        facilityId: routedFacility,
        resource: routedResource,
        overridden: sql<boolean>`${poLines.capacityResource} is not null`,
      })
      .from(poLines)
      .innerJoin(purchaseOrders, and(eq(purchaseOrders.tenantId, poLines.tenantId), eq(purchaseOrders.id, poLines.poId)))
      .leftJoin(itemResources, and(eq(itemResources.tenantId, poLines.tenantId), eq(itemResources.partnerId, poLines.partnerId), eq(itemResources.itemId, poLines.itemId)))
      .where(
        demandWhere(ctx.tenantId, weekStart(filter.week), weekEnd(filter.week), [
          ctx.isPartner ? eq(poLines.partnerId, ctx.partnerId!) : undefined,
          partnerId ? eq(poLines.partnerId, partnerId) : undefined,
          filter.facilityId ? sql`${routedFacility} = ${filter.facilityId}::uuid` : undefined,
          filter.resource ? sql`${routedResource} = ${filter.resource}` : undefined,
          filter.unrouted ? sql`(${routedFacility} is null or ${routedResource} is null)` : undefined,
          cursor ? sql`(${poLines.committedDate}, ${poLines.id}) > (${cursor[0]}::date, ${cursor[1]}::uuid)` : undefined,
        ]),
      )
      .orderBy(asc(poLines.committedDate), asc(poLines.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => [r.committedDate, r.id]);
    const [itemsById, partnersById, facilitiesById] = await Promise.all([
      itemNames(tx, ctx.tenantId, page.items.map((r) => r.itemId)),
      partnerNames(tx, ctx.tenantId, page.items.map((r) => r.partnerId)),
      facilityNames(tx, ctx.tenantId, page.items.flatMap((r) => (r.facilityId ? [r.facilityId] : []))),
    ]);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        ...r,
        open: openQuantity(r.quantity, r.quantityShipped),
        itemCode: itemsById.get(r.itemId)?.code ?? "",
        itemDescription: itemsById.get(r.itemId)?.description ?? "",
        partnerName: partnersById.get(r.partnerId) ?? "",
        facilityName: r.facilityId ? (facilitiesById.get(r.facilityId) ?? "") : null,
      })),
    };
  });
}

/**
 * "Where can I place N units in weeks from..to?": each declaring facility resource (or facility, its
 * resources' open weeks added up) whose open capacity over the weeks adds up to at least N. Ranked by
 * open capacity; keyset over the ranking (open, key). Only routed demand uses capacity.
 */
export async function findOpenCapacity(
  ctx: TenantContext,
  opts: { quantity: string; from: IsoWeek; to: IsoWeek; per: "facility" | "resource"; after?: string | null; limit?: number },
) {
  const limit = opts.limit ?? PAGE_SIZE;
  const weeks = weekRange(opts.from, Math.max(0, weeksBetween(opts.from, opts.to)) + 1);
  return withTenant(ctx, async (tx) => {
    // a production line's kept demand is its partner's (routes only name the partner's own
    // facilities): one row per declared cell at most, on capacity_demand's key
    const left = sql`${capacityDeclarations.capacity} - coalesce(${capacityDemand.demand}, 0)`;
    const lines = await tx
      .select({
        facilityId: capacityDeclarations.facilityId,
        resource: capacityDeclarations.resource,
        // placementCandidates' rule per line, added up here: only weeks with capacity left count
        open: sql<string>`sum(greatest(${left}, 0))::numeric(18, 3)::text`,
        weeks: sql<number>`(count(*) filter (where ${left} > 0))::int`,
      })
      .from(capacityDeclarations)
      .innerJoin(facilities, and(eq(facilities.tenantId, capacityDeclarations.tenantId), eq(facilities.id, capacityDeclarations.facilityId)))
      .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
      .leftJoin(
        capacityDemand,
        and(
          eq(capacityDemand.tenantId, capacityDeclarations.tenantId),
          eq(capacityDemand.partnerId, capacityDeclarations.partnerId),
          eq(capacityDemand.week, capacityDeclarations.week),
          eq(capacityDemand.facilityId, capacityDeclarations.facilityId),
          eq(capacityDemand.resource, capacityDeclarations.resource),
          // the window again on this side, so only its weeks of demand are read
          inArray(capacityDemand.week, weeks),
        ),
      )
      .where(
        and(
          eq(capacityDeclarations.tenantId, ctx.tenantId),
          inArray(capacityDeclarations.week, weeks),
          eq(facilities.active, true),
          eq(partners.active, true),
          inArray(partners.kind, [...DECLARING_KINDS]),
          ctx.isPartner ? eq(capacityDeclarations.partnerId, ctx.partnerId!) : undefined,
        ),
      )
      .groupBy(capacityDeclarations.facilityId, capacityDeclarations.resource);
    const found = rankPlacements(
      lines.map((l) => ({ ...l, key: routeKey(l.facilityId, l.resource) })),
      opts.quantity,
      opts.per,
    );
    const cursor = readCursor(opts.after, ["decimal", "string"]);
    const start = cursor ? found.findIndex((c) => compareDecimal(c.open, String(cursor[0])) < 0 || (compareDecimal(c.open, String(cursor[0])) === 0 && c.key > String(cursor[1]))) : 0;
    const slice = start < 0 ? [] : found.slice(start, start + limit + 1);
    const page = pageOf(slice, limit, (c) => [c.open, c.key]);
    const sites = new Map(
      (page.items.length ? await declaringFacilities(tx, ctx, [inArray(facilities.id, [...new Set(page.items.map((c) => c.facilityId))])]) : []).map((f) => [f.id, f]),
    );
    return {
      total: found.length,
      nextCursor: page.nextCursor,
      items: page.items.map((c) => {
        const s = sites.get(c.facilityId);
        return {
          key: c.key,
          facilityId: c.facilityId,
          facilityName: s?.name ?? "",
          place: [s?.city, s?.country].filter(Boolean).join(", "),
          partnerName: s?.partnerName ?? "",
          resources: c.resources,
          open: c.open,
          weeks: c.weeks,
        };
      }),
    };
  });
}

// ---------- routing: which resource an item (or one PO line) loads ----------

export class RoutingError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

/** Who may route: the partner's own users (their items), and the tenant's admins and planners. */
export function canRoute(ctx: TenantContext): boolean {
  return ctx.isPartner || ctx.role === "admin" || ctx.role === "planner";
}

/** The items a partner is ordered or has routed, with their default resource, by item code (keyset). */
export async function itemRouting(ctx: TenantContext, partnerId: string, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["string", "uuid"]);
  const partner = ctx.isPartner ? ctx.partnerId! : partnerId;
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        itemId: items.id,
        code: items.code,
        description: items.description,
        facilityId: itemResources.facilityId,
        resource: itemResources.resource,
        version: itemResources.version,
      })
      .from(items)
      .leftJoin(itemResources, and(eq(itemResources.tenantId, items.tenantId), eq(itemResources.partnerId, partner), eq(itemResources.itemId, items.id)))
      .where(
        and(
          eq(items.tenantId, ctx.tenantId),
          sql`(${itemResources.itemId} is not null or exists (select 1 from po_lines l where l.tenant_id = ${items.tenantId} and l.item_id = ${items.id} and l.partner_id = ${partner}::uuid))`,
          cursor ? sql`(${items.code}, ${items.id}) > (${cursor[0]}, ${cursor[1]}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(items.code), asc(items.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.code, r.itemId]);
  });
}

/** The partner's facilities and their resources: the choices for a route. */
export async function routeChoices(ctx: TenantContext, partnerId: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: facilities.id, name: facilities.name, resources: facilities.resources })
      .from(facilities)
      .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.partnerId, ctx.isPartner ? ctx.partnerId! : partnerId), eq(facilities.active, true)))
      .orderBy(asc(facilities.name)),
  );
}

async function checkRoute(tx: Tx, tenantId: string, partnerId: string, facilityId: string, resource: string) {
  const [f] = await tx
    .select({ resources: facilities.resources, partnerId: facilities.partnerId })
    .from(facilities)
    .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, facilityId)));
  if (!f || f.partnerId !== partnerId) throw new RoutingError("Choose one of this partner's facilities.", "route");
  if (!f.resources.includes(resource)) throw new RoutingError(`${resource} is not a resource of that facility.`, "route");
}

/**
 * Set (or clear, with route null) the item's default resource at the partner. `version` is the
 * version the form showed (0: no route yet); someone else's change in between is refused (409).
 */
export async function setItemRoute(
  ctx: TenantContext,
  partnerId: string,
  itemRef: { id: string } | { code: string },
  route: { facilityId: string; resource: string } | null,
  version: number,
) {
  if (!canRoute(ctx)) throw new RoutingError("Only the partner's users and planners route items.", "form", 409);
  const partner = ctx.isPartner ? ctx.partnerId! : partnerId;
  return withTenant(ctx, async (tx) => {
    const [item] = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), "id" in itemRef ? eq(items.id, itemRef.id) : eq(items.code, itemRef.code)));
    if (!item) throw new RoutingError("No item has this code.", "item");
    const itemId = item.id;
    await lockPartnerDemand(tx, ctx.tenantId, partner);
    const [current] = await tx
      .select()
      .from(itemResources)
      .where(and(eq(itemResources.tenantId, ctx.tenantId), eq(itemResources.partnerId, partner), eq(itemResources.itemId, itemId)))
      .for("update");
    if ((current?.version ?? 0) !== version)
      throw new RoutingError("Someone else changed this item's resource after you opened the page. Reload to see it, then choose again.", "form", 409);
    if (!route) {
      if (current) await tx.delete(itemResources).where(and(eq(itemResources.tenantId, ctx.tenantId), eq(itemResources.partnerId, partner), eq(itemResources.itemId, itemId)));
      return { changed: Boolean(current) };
    }
    await checkRoute(tx, ctx.tenantId, partner, route.facilityId, route.resource);
    if (current)
      await tx
        .update(itemResources)
        .set({ facilityId: route.facilityId, resource: route.resource, version: current.version + 1, updatedBy: ctx.userId, updatedAt: new Date() })
        .where(and(eq(itemResources.tenantId, ctx.tenantId), eq(itemResources.partnerId, partner), eq(itemResources.itemId, itemId)));
    else await tx.insert(itemResources).values({ tenantId: ctx.tenantId, partnerId: partner, itemId, facilityId: route.facilityId, resource: route.resource, updatedBy: ctx.userId });
    return { changed: true };
  });
}

/**
 * The planner overrides where one PO line loads capacity (route null: back to the item's default).
 * Compare-and-set on the override the form showed, so two planners never silently overwrite each other.
 */
export async function setLineRoute(
  ctx: TenantContext,
  lineId: string,
  route: { facilityId: string; resource: string } | null,
  shown: { facilityId: string | null; resource: string | null },
) {
  if (ctx.isPartner || !(ctx.role === "admin" || ctx.role === "planner")) throw new RoutingError("Only planners move a line to another resource.", "form", 409);
  return withTenant(ctx, async (tx) => {
    // the partner's demand lock before the line's row lock (capacity-demand.server.ts)
    const [owner] = await tx.select({ partnerId: poLines.partnerId }).from(poLines).where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, lineId)));
    if (!owner) return null;
    await lockPartnerDemand(tx, ctx.tenantId, owner.partnerId);
    const [line] = await tx
      .select({ partnerId: poLines.partnerId, facilityId: poLines.capacityFacilityId, resource: poLines.capacityResource })
      .from(poLines)
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, lineId)))
      .for("update");
    if (!line) return null;
    if (line.facilityId !== shown.facilityId || line.resource !== shown.resource)
      throw new RoutingError("Someone else moved this line after you opened the page. Reload to see where it loads now.", "route", 409);
    if (route) await checkRoute(tx, ctx.tenantId, line.partnerId, route.facilityId, route.resource);
    await tx
      .update(poLines)
      .set({ capacityFacilityId: route?.facilityId ?? null, capacityResource: route?.resource ?? null })
      .where(and(eq(poLines.tenantId, ctx.tenantId), eq(poLines.id, lineId)));
    return { changed: true };
  });
}

// ---------- acknowledgements: would this answer put a week over capacity? ----------

export interface RoutedLine extends DemandLine {
  id: string;
  partnerId: string;
  itemId: string;
  capacityFacilityId: string | null;
  capacityResource: string | null;
  cancelled: boolean;
}

/**
 * For the lines of one order: each line's route, and per route the declared capacity and the current
 * demand for the weeks given plus every week a line's dates fall in. `excludePoId` leaves the order's
 * own lines out of current demand (its answer is what is being weighed).
 */
export async function routeLoads(tx: Tx, tenantId: string, lines: RoutedLine[], weeks: IsoWeek[], excludePoId: string) {
  const live = lines.filter((l) => !l.cancelled);
  if (!live.length) return { lineRoutes: {} as Record<string, string | null>, routes: {} as Record<string, RouteLoad> };
  const defaults = await tx
    .select({ itemId: itemResources.itemId, facilityId: itemResources.facilityId, resource: itemResources.resource })
    .from(itemResources)
    .where(and(eq(itemResources.tenantId, tenantId), eq(itemResources.partnerId, live[0].partnerId), inArray(itemResources.itemId, [...new Set(live.map((l) => l.itemId))])));
  const byItem = new Map(defaults.map((d) => [d.itemId, d]));
  const lineRoutes: Record<string, string | null> = {};
  const routePairs = new Map<string, { facilityId: string; resource: string }>();
  for (const l of live) {
    const r = l.capacityFacilityId && l.capacityResource ? { facilityId: l.capacityFacilityId, resource: l.capacityResource } : byItem.get(l.itemId);
    lineRoutes[l.id] = r ? routeKey(r.facilityId, r.resource) : null;
    if (r) routePairs.set(routeKey(r.facilityId, r.resource), { facilityId: r.facilityId, resource: r.resource });
  }
  if (!routePairs.size) return { lineRoutes, routes: {} };
  const allWeeks = [...new Set([...weeks, ...live.flatMap((l) => [l.committedDate, l.requestedDate, l.proposedDate].filter((d): d is string => Boolean(d)).map(isoWeekOf))])].sort(compareWeeks);
  const facilityIds = [...new Set([...routePairs.values()].map((r) => r.facilityId))];
  const [capacity, demand, names] = await Promise.all([
    capacityRows(tx, tenantId, allWeeks, { facilityIds }),
    demandRows(tx, tenantId, allWeeks, { partnerIds: [live[0].partnerId], facilityIds, excludePoId }),
    facilityNames(tx, tenantId, facilityIds),
  ]);
  const routes: Record<string, RouteLoad> = {};
  for (const [key, r] of routePairs) {
    const cap = new Map(capacity.filter((c) => c.facilityId === r.facilityId && c.resource === r.resource).map((c) => [c.week, c.capacity]));
    const dem = new Map(demand.filter((d) => d.facilityId === r.facilityId && d.resource === r.resource).map((d) => [d.week, d.demand]));
    routes[key] = {
      label: `${names.get(r.facilityId) ?? "?"} · ${r.resource}`,
      weeks: allWeeks.map((week) => ({ week, capacity: cap.get(week) ?? null, demand: dem.get(week) ?? "0" })),
    };
  }
  return { lineRoutes, routes };
}

/** The over-commitments an answer would cause (computed on the server, whatever the page showed). */
export async function overCommitmentsForAnswer(tx: Tx, tenantId: string, poId: string, lines: RoutedLine[], answers: Record<string, LineAnswer>) {
  // the weeks the answer moves lines into, as well as the lines' own
  const moved = Object.values(answers).flatMap((a) => (a.kind === "change" && a.committedDate ? [isoWeekOf(a.committedDate)] : []));
  const { lineRoutes, routes } = await routeLoads(tx, tenantId, lines, moved, poId);
  return answerOverCommitments(
    lines
      .filter((l) => !l.cancelled && answers[l.id])
      .map((l) => ({ route: lineRoutes[l.id] ?? null, before: null, after: answeredDemand(l, answers[l.id]) })),
    routes,
  );
}

/**
 * What the order page needs about capacity: each line's route, per route the capacity and the other
 * orders' demand over the horizon (the page weighs the partner's answer as it is typed), the buyer's
 * choices for moving a line, and — for proposed changes awaiting the buyer — what accepting would put over.
 */
export async function orderCapacity(ctx: TenantContext, poId: string, partnerId: string, status: string, lines: (RoutedLine & { responseCode: string | null; proposedQuantity: string | null; proposedDate: string | null })[], today = new Date().toISOString().slice(0, 10)) {
  return withTenant(ctx, async (tx) => {
    const { lineRoutes, routes } = await routeLoads(tx, ctx.tenantId, lines, horizon(today), poId);
    const planner = !ctx.isPartner && (ctx.role === "admin" || ctx.role === "planner");
    const choices = planner
      ? await tx
          .select({ id: facilities.id, name: facilities.name, resources: facilities.resources })
          .from(facilities)
          .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.partnerId, partnerId), eq(facilities.active, true)))
          .orderBy(asc(facilities.name))
      : [];
    const projected =
      status === "changes_proposed"
        ? answerOverCommitments(
            lines.filter((l) => !l.cancelled).map((l) => ({ route: lineRoutes[l.id] ?? null, before: null, after: answeredDemand(l, proposalOf(l)) })),
            routes,
          )
        : [];
    return { lineRoutes, routes, choices, projected };
  });
}

/** The partners that declare capacity (for filters), by name. A partner's user gets only its own. */
export async function declaringPartners(ctx: TenantContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), inArray(partners.kind, [...DECLARING_KINDS]), ctx.isPartner ? eq(partners.id, ctx.partnerId!) : undefined))
      .orderBy(asc(partners.name)),
  );
}

/** The load pages' query: the window (from, weeks) and filters; anything unreadable falls back with a message. */
export function readLoadQuery(url: URL, today = new Date().toISOString().slice(0, 10)) {
  const sp = url.searchParams;
  const problems: Record<string, string> = {};
  const rawFrom = sp.get("from");
  const from = rawFrom ? parseIsoWeek(rawFrom) : null;
  if (rawFrom && !from) problems.from = "Enter a week as YYYY-Www, e.g. 2027-W05.";
  const rawWeeks = sp.get("weeks");
  const count = rawWeeks && /^\d{1,2}$/.test(rawWeeks) ? Number(rawWeeks) : null;
  if (rawWeeks && (count === null || count < 4 || count > 26)) problems.weeks = "Show 4 to 26 weeks.";
  const partner = sp.get("partner");
  const partnerId = partner && isUuid(partner) ? partner.toLowerCase() : null;
  const group = (["partner", "facility", "resource"] as const).find((g) => g === sp.get("group")) ?? "facility";
  return { window: loadWindow(from, count, today), partnerId, group, after: sp.get("after"), problems };
}
