// Declared capacity: partners keep their available units per facility, resource and ISO week up to
// date (grid or CSV); every change is kept with who, when and the previous value; capacity not
// confirmed within the company's age limit is stale. Week math and staleness are pure
// (app/domain/iso-week.ts, capacity.ts); this file does the I/O.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { capacityDeclarations, capacityHistory, capacityReminders, facilities, partners, tenants, tenantSettings } from "../../drizzle/schema";
import { staleCapacityEmail } from "../../emails/capacity";
import { horizon, isStale } from "../domain/capacity";
import { validateCapacityCsv, type CapacityImportProblem } from "../domain/capacity-import";
import { decodeTextUpload, NOT_CSV_TEXT } from "../domain/csv";
import { compareDecimal } from "../domain/po";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { requireTenantMember, type TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { getDb, type Tx } from "./db.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { partnerRecipients } from "./recipients.server";
import { notFound, readCursor } from "./http-errors.server";
import { withTenant } from "./tenant.server";

/** Partners that make things for the tenant declare capacity; carriers don't. */
export const DECLARING_KINDS = ["3pd", "contract_filler", "supplier"] as const;

export class CapacityError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 | 415 = 400,
  ) {
    super(message);
  }
}

/** The tenant's staff, and users of a partner that declares capacity; anyone else gets the 404. */
export async function requireCapacityMember(request: Request, slug: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (ctx.isPartner && !(DECLARING_KINDS as readonly string[]).includes(ctx.partnerKind ?? "")) notFound();
  return ctx;
}

/** Who may change capacity: the partner's own users, and the tenant's admins and planners. */
export function canDeclare(ctx: TenantContext): boolean {
  return ctx.isPartner || ctx.role === "admin" || ctx.role === "planner";
}

/**
 * The active facilities of partners that declare capacity (a partner's user: its own), by partner and
 * facility name; `where` narrows them further (a partner, one facility, a keyset cursor), `limit` caps them.
 */
export async function declaringFacilities(tx: Tx, ctx: TenantContext, where: (SQL | undefined)[] = [], limit?: number) {
  const q = tx
    .select({
      id: facilities.id,
      name: facilities.name,
      city: facilities.city,
      country: facilities.country,
      resources: facilities.resources,
      partnerId: facilities.partnerId,
      partnerName: partners.name,
    })
    .from(facilities)
    .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
    .where(
      and(
        eq(facilities.tenantId, ctx.tenantId),
        eq(facilities.active, true),
        inArray(partners.kind, [...DECLARING_KINDS]),
        ctx.isPartner ? eq(facilities.partnerId, ctx.partnerId!) : undefined,
        ...where,
      ),
    )
    .orderBy(asc(partners.name), asc(facilities.name), asc(facilities.id));
  return limit === undefined ? q : q.limit(limit);
}

export async function capacityFacilities(ctx: TenantContext) {
  return withTenant(ctx, (tx) => declaringFacilities(tx, ctx));
}

async function maxAgeDays(tx: Tx, tenantId: string) {
  const [s] = await tx.select({ days: tenantSettings.capacityMaxAgeDays }).from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  return s?.days ?? 14;
}

/** The grid of one facility: its resources × the rolling horizon, with values, versions and staleness. */
export async function capacityGrid(ctx: TenantContext, facilityId: string, today = new Date().toISOString().slice(0, 10)) {
  return withTenant(ctx, async (tx) => {
    const [site] = await declaringFacilities(tx, ctx, [eq(facilities.id, facilityId)]);
    if (!site) return null;
    const weeks = horizon(today);
    const cells = await tx
      .select()
      .from(capacityDeclarations)
      .where(and(eq(capacityDeclarations.tenantId, ctx.tenantId), eq(capacityDeclarations.facilityId, facilityId), inArray(capacityDeclarations.week, weeks)));
    const maxAge = await maxAgeDays(tx, ctx.tenantId);
    const byKey = new Map(cells.map((c) => [`${c.resource}|${c.week}`, c]));
    const lastConfirmed = cells.length ? cells.map((c) => c.confirmedAt.toISOString()).sort()[0].slice(0, 10) : null;
    return {
      facility: site,
      weeks,
      maxAgeDays: maxAge,
      lastConfirmedOn: lastConfirmed,
      stale: isStale(lastConfirmed, maxAge, today),
      rows: site.resources.map((resource) => ({
        resource,
        cells: weeks.map((week) => {
          const c = byKey.get(`${resource}|${week}`);
          return { week, capacity: c?.capacity ?? null, version: c?.version ?? 0, stale: c ? isStale(c.confirmedAt.toISOString().slice(0, 10), maxAge, today) : false };
        }),
      })),
    };
  });
}

export interface CapacityCell {
  resource: string;
  week: string;
  capacity: string;
  /** the version the form showed (0 for a cell not declared yet); null skips the check (CSV) */
  version: number | null;
}

/**
 * Save cells of one facility and confirm its horizon: a changed cell is written with its history
 * row; a cell someone else changed since the form was loaded is refused (nothing is saved).
 */
async function saveCells(tx: Tx, ctx: TenantContext, site: { id: string; partnerId: string; resources: string[] }, cells: CapacityCell[], source: "grid" | "csv", today: string) {
  const weeks = [...new Set(cells.map((c) => c.week))];
  const existing = weeks.length
    ? await tx
        .select()
        .from(capacityDeclarations)
        .where(and(eq(capacityDeclarations.tenantId, ctx.tenantId), eq(capacityDeclarations.facilityId, site.id), inArray(capacityDeclarations.week, weeks)))
        .for("update")
    : [];
  const byKey = new Map(existing.map((c) => [`${c.resource}|${c.week}`, c]));
  const conflicts = cells.filter((c) => c.version !== null && (byKey.get(`${c.resource}|${c.week}`)?.version ?? 0) !== c.version);
  if (conflicts.length)
    throw new CapacityError(
      `Someone else changed ${conflicts.length} of these cells after you opened the grid (${conflicts
        .slice(0, 3)
        .map((c) => `${c.resource} ${c.week}`)
        .join(", ")}). Reload the grid to see their values, then make your changes again.`,
      "form",
      409,
    );
  const now = new Date();
  let changed = 0;
  for (const c of cells) {
    if (!site.resources.includes(c.resource)) throw new CapacityError(`${c.resource} is not a resource of this facility.`, "form");
    const before = byKey.get(`${c.resource}|${c.week}`);
    if (before && compareDecimal(before.capacity, c.capacity) === 0) continue;
    if (before)
      await tx
        .update(capacityDeclarations)
        .set({ capacity: c.capacity, version: before.version + 1, confirmedAt: now, confirmedBy: ctx.userId })
        .where(and(eq(capacityDeclarations.tenantId, ctx.tenantId), eq(capacityDeclarations.id, before.id)));
    else
      await tx.insert(capacityDeclarations).values({
        tenantId: ctx.tenantId,
        partnerId: site.partnerId,
        facilityId: site.id,
        resource: c.resource,
        week: c.week,
        capacity: c.capacity,
        confirmedAt: now,
        confirmedBy: ctx.userId,
      });
    await tx.insert(capacityHistory).values({
      tenantId: ctx.tenantId,
      partnerId: site.partnerId,
      facilityId: site.id,
      resource: c.resource,
      week: c.week,
      previous: before?.capacity ?? null,
      capacity: c.capacity,
      source,
      changedBy: ctx.userId,
      changedByName: ctx.userName || ctx.userEmail,
      changedAt: now,
    });
    changed++;
  }
  // saving the grid confirms the whole horizon as current, changed or not
  await tx
    .update(capacityDeclarations)
    .set({ confirmedAt: now, confirmedBy: ctx.userId })
    .where(and(eq(capacityDeclarations.tenantId, ctx.tenantId), eq(capacityDeclarations.facilityId, site.id), inArray(capacityDeclarations.week, horizon(today))));
  await recordAudit(tx, actorOf(ctx), {
    action: source === "csv" ? "capacity.imported" : "capacity.saved",
    entityType: "facility",
    entityId: site.id,
    partnerId: site.partnerId,
    after: { changed, cells: cells.length },
  });
  return changed;
}

export async function saveCapacity(ctx: TenantContext, facilityId: string, cells: CapacityCell[], today = new Date().toISOString().slice(0, 10)) {
  if (!canDeclare(ctx)) throw new CapacityError("Only the partner's users and planners change capacity.", "form", 409);
  return withTenant(ctx, async (tx) => {
    const [site] = await declaringFacilities(tx, ctx, [eq(facilities.id, facilityId)]);
    if (!site) throw new CapacityError("Choose one of your facilities.", "facility", 409);
    return saveCells(tx, ctx, site, cells, "grid", today);
  });
}

/** A CSV of facility, resource, week, capacity: all rows or none, with line-numbered problems. */
export async function importCapacityCsv(ctx: TenantContext, bytes: Uint8Array, today = new Date().toISOString().slice(0, 10)): Promise<{ changed: number } | { problems: CapacityImportProblem[] }> {
  if (!canDeclare(ctx)) throw new CapacityError("Only the partner's users and planners change capacity.", "form", 409);
  const text = decodeTextUpload(bytes);
  if (text === null) throw new CapacityError(NOT_CSV_TEXT, "file", 415);
  return withTenant(ctx, async (tx) => {
    const sites = await declaringFacilities(tx, ctx);
    const { rows, problems } = validateCapacityCsv(text, { facilities: sites.map((s) => ({ name: s.name, resources: s.resources })) });
    if (problems.length) return { problems };
    let changed = 0;
    for (const site of sites) {
      const mine = rows.filter((r) => r.facility === site.name);
      if (mine.length) changed += await saveCells(tx, ctx, site, mine.map((r) => ({ resource: r.resource, week: r.week, capacity: r.capacity, version: null })), "csv", today);
    }
    return { changed };
  });
}

export async function capacityHistoryPage(ctx: TenantContext, facilityId: string | null, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["int"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(capacityHistory)
      .where(
        and(
          eq(capacityHistory.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(capacityHistory.partnerId, ctx.partnerId!) : undefined,
          facilityId ? eq(capacityHistory.facilityId, facilityId) : undefined,
          cursor ? sql`${capacityHistory.id} < ${Number(cursor[0])}` : undefined,
        ),
      )
      .orderBy(desc(capacityHistory.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.id]);
  });
}

/**
 * Remind each partner whose capacity at any of its facilities is stale (or missing for a facility
 * with resources), at most once a day: the day is claimed in the database before mailing, so
 * several servers running the timer send one reminder.
 */
export async function sendStaleCapacityReminders(now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const db = await getDb();
  const all = await db.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants);
  let sent = 0;
  for (const t of all) {
    sent += await withTenant({ tenantId: t.id, partnerId: null, userId: null }, async (tx) => {
      const maxAge = await maxAgeDays(tx, t.id);
      const weeks = horizon(today);
      const sites = await tx
        .select({ id: facilities.id, name: facilities.name, resources: facilities.resources, partnerId: facilities.partnerId, partnerName: partners.name })
        .from(facilities)
        .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
        .where(and(eq(facilities.tenantId, t.id), eq(facilities.active, true), eq(partners.active, true), inArray(partners.kind, ["3pd", "contract_filler"])));
      const confirmed = await tx
        .select({ facilityId: capacityDeclarations.facilityId, oldest: sql<string>`min(${capacityDeclarations.confirmedAt})::date::text` })
        .from(capacityDeclarations)
        .where(and(eq(capacityDeclarations.tenantId, t.id), inArray(capacityDeclarations.week, weeks)))
        .groupBy(capacityDeclarations.facilityId);
      const oldest = new Map(confirmed.map((c) => [c.facilityId, c.oldest]));
      const stale = sites.filter((s) => s.resources.length && isStale(oldest.get(s.id) ?? null, maxAge, today));
      let n = 0;
      for (const partnerId of new Set(stale.map((s) => s.partnerId))) {
        const [claim] = await tx
          .insert(capacityReminders)
          .values({ tenantId: t.id, partnerId, remindedOn: today })
          .onConflictDoUpdate({
            target: [capacityReminders.tenantId, capacityReminders.partnerId],
            set: { remindedOn: today },
            where: sql`${capacityReminders.remindedOn} < ${today}::date`,
          })
          .returning();
        if (!claim) continue;
        const mine = stale.filter((s) => s.partnerId === partnerId);
        const email = staleCapacityEmail({
          tenantName: t.name,
          partnerName: mine[0].partnerName,
          maxAgeDays: maxAge,
          facilities: mine.map((s) => ({ name: s.name, lastConfirmedOn: oldest.get(s.id) ?? null })),
          url: `${getEnv().APP_URL}/${t.slug}/capacity`,
        });
        for (const to of await partnerRecipients(tx, t.id, partnerId)) {
          await sendTenantEmail(tx, t.id, to, email);
          n++;
        }
      }
      return n;
    });
  }
  return sent;
}
