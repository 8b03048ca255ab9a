// The isolation sweep's knowledge of the app: which routes are in-tenant (read from the Remix
// server build, so a route added later joins automatically), how to fill their URL params with a
// victim's records, which intents their actions take, and how to fingerprint the database.
import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../app/server/db.server";
import { auditLog, emails, facilities, forecasts, inspectionPhotos, inspections, invitations, items, memberships, partners, purchaseOrders, shipNotices, stockCounts, switchingStates, TENANT_TABLES } from "../../drizzle/schema";

export interface TenantRoute {
  id: string;
  /** the full path pattern, e.g. ":tenant/partners/:partnerId" */
  pattern: string;
  /** URL params other than :tenant (a splat is "*") */
  params: string[];
  index: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  /** intents found in the route's source */
  intents: string[];
}

function fullPattern(routes: ServerBuild["routes"], id: string): string {
  const parts: string[] = [];
  for (let r = routes[id]; r; r = r.parentId ? routes[r.parentId] : (undefined as never)) {
    if (r.path) parts.unshift(r.path.replace(/^\/+|\/+$/g, ""));
  }
  return parts.filter(Boolean).join("/");
}

function segmentParam(segment: string): string | null {
  if (segment === "*") return "*";
  if (segment.startsWith(":")) return segment.slice(1).replace(/\?$/, "");
  return null;
}

/** Every route whose full path starts with the :tenant segment, with what the sweep needs to know. */
export function inTenantRoutes(build: ServerBuild): TenantRoute[] {
  const out: TenantRoute[] = [];
  for (const id of Object.keys(build.routes).sort()) {
    const route = build.routes[id];
    const pattern = fullPattern(build.routes, id);
    const segments = pattern.split("/").filter(Boolean);
    if (segmentParam(segments[0] ?? "") !== "tenant") continue;
    const params = segments
      .slice(1)
      .map(segmentParam)
      .filter((p): p is string => p !== null);
    out.push({
      id,
      pattern,
      params,
      index: Boolean(route.index),
      hasLoader: typeof route.module.loader === "function",
      hasAction: typeof route.module.action === "function",
      intents: intentsInSource(id),
    });
  }
  return out;
}

/** Fill a route pattern: the tenant slug and one value per param. */
export function routeUrl(route: TenantRoute, tenantSlug: string, values: Record<string, string>): string {
  const segments = route.pattern.split("/").filter(Boolean);
  return (
    "/" +
    segments
      .map((s, i) => {
        const p = segmentParam(s);
        if (p === null) return s;
        if (i === 0) return encodeURIComponent(tenantSlug);
        if (p === "*") return "sweep-splat";
        return encodeURIComponent(values[p]);
      })
      .join("/")
  );
}

/** For a route whose source names no intent: the verbs portal actions use most. */
export const DEFAULT_INTENTS = ["create", "invite", "import", "revoke", "delete"];

function routeSourceFile(id: string): string | null {
  const base = path.resolve("app", id);
  const candidates = [".tsx", ".ts", ".jsx", ".js"].flatMap((ext) => [base + ext, path.join(base, "route" + ext)]);
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

/** Intent values the route's source mentions: z.literal / z.enum on intent, hidden inputs, comparisons. */
export function intentsInSource(id: string): string[] {
  const file = routeSourceFile(id);
  if (!file) return [];
  const src = fs.readFileSync(file, "utf8");
  const found = new Set<string>();
  const word = /^[a-z][a-z0-9_-]*$/;
  const add = (s: string | undefined) => {
    if (s && word.test(s)) found.add(s);
  };
  for (const m of src.matchAll(/intent["']?\s*:\s*z\.literal\(\s*["'`]([^"'`]+)["'`]/g)) add(m[1]);
  for (const m of src.matchAll(/intent["']?\s*:\s*z\.enum\(\s*\[([^\]]*)\]/g)) for (const s of m[1].matchAll(/["'`]([^"'`]+)["'`]/g)) add(s[1]);
  for (const m of src.matchAll(/z\.literal\(\s*["'`]([a-z][a-z0-9-]*)["'`]\s*\)/g)) add(m[1]);
  for (const m of src.matchAll(/name=["']intent["'][^>]*?value=\{?["'`]([^"'`]+)["'`]/g)) add(m[1]);
  for (const m of src.matchAll(/value=\{?["'`]([^"'`]+)["'`]\}?[^>]*?name=["']intent["']/g)) add(m[1]);
  for (const m of src.matchAll(/intent\s*[!=]==?\s*["'`]([^"'`]+)["'`]/g)) add(m[1]);
  for (const m of src.matchAll(/case\s+["'`]([a-z][a-z0-9-]*)["'`]\s*:/g)) add(m[1]);
  return [...found].sort();
}

// ---------- victims ----------

export interface Scope {
  tenantId: string;
  partnerId: string;
}

export interface VictimFinder {
  /** the record belongs to one partner (another partner's user must not reach it) */
  partnerOwned: boolean;
  /**
   * owned by a partner that holds the tenant's stock (a contract filler): Sunrise, a supplier, has
   * none, so the sweep uses Delta's records as the victim's and Sunrise's user as the other partner
   */
  holder?: boolean;
  /** a record id of this kind in the scope's tenant (and partner, when partner-owned) */
  find(db: Db, scope: Scope): Promise<string | undefined>;
}

const first = <T>(rows: T[]) => rows[0];

const partnerVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(await db.select({ id: partners.id }).from(partners).where(and(eq(partners.tenantId, s.tenantId), eq(partners.id, s.partnerId))))?.id,
};
const facilityVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: facilities.id })
        .from(facilities)
        .where(and(eq(facilities.tenantId, s.tenantId), eq(facilities.partnerId, s.partnerId)))
        .orderBy(asc(facilities.name))
        .limit(1),
    )?.id,
};
const itemVictim: VictimFinder = {
  partnerOwned: false,
  find: async (db, s) =>
    first(await db.select({ id: items.id }).from(items).where(eq(items.tenantId, s.tenantId)).orderBy(asc(items.code)).limit(1))?.id,
};
const membershipVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, s.tenantId), eq(memberships.partnerId, s.partnerId)))
        .orderBy(desc(memberships.createdAt))
        .limit(1),
    )?.id,
};
// a user who belongs to this tenant and partner only, so no other tenant may legitimately show them
const userVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: memberships.userId })
        .from(memberships)
        .where(
          and(
            eq(memberships.tenantId, s.tenantId),
            eq(memberships.partnerId, s.partnerId),
            sql`not exists (select 1 from memberships m2 where m2.user_id = ${memberships.userId} and m2.tenant_id <> ${s.tenantId})`,
          ),
        )
        .orderBy(desc(memberships.createdAt))
        .limit(1),
    )?.id,
};
const invitationVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: invitations.id })
        .from(invitations)
        .where(and(eq(invitations.tenantId, s.tenantId), eq(invitations.partnerId, s.partnerId)))
        .orderBy(desc(invitations.createdAt))
        .limit(1),
    )?.id,
};
const emailVictim: VictimFinder = {
  partnerOwned: false,
  find: async (db, s) =>
    first(await db.select({ id: emails.id }).from(emails).where(eq(emails.tenantId, s.tenantId)).orderBy(desc(emails.createdAt)).limit(1))?.id,
};
const auditVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) => {
    const row = first(
      await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, s.tenantId), eq(auditLog.partnerId, s.partnerId)))
        .orderBy(desc(auditLog.id))
        .limit(1),
    );
    return row ? String(row.id) : undefined;
  },
};

// a purchase order the partner has been sent (not a draft, which a partner never sees)
const poVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: purchaseOrders.id })
        .from(purchaseOrders)
        .where(and(eq(purchaseOrders.tenantId, s.tenantId), eq(purchaseOrders.partnerId, s.partnerId), sql`${purchaseOrders.status} <> 'draft'`))
        .orderBy(desc(purchaseOrders.createdAt))
        .limit(1),
    )?.id,
};
const shipNoticeVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: shipNotices.id })
        .from(shipNotices)
        .where(and(eq(shipNotices.tenantId, s.tenantId), eq(shipNotices.partnerId, s.partnerId)))
        .orderBy(desc(shipNotices.createdAt))
        .limit(1),
    )?.id,
};

// the partner's inspection with photos if there is one, so the photo route gets a matching pair
const inspectionVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: inspections.id })
        .from(inspections)
        .where(and(eq(inspections.tenantId, s.tenantId), eq(inspections.partnerId, s.partnerId)))
        .orderBy(
          desc(sql`exists (select 1 from inspection_photos p where p.tenant_id = ${inspections.tenantId} and p.inspection_id = ${inspections.id})`),
          desc(inspections.createdAt),
        )
        .limit(1),
    )?.id,
};
const photoVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) => {
    const inspectionId = await inspectionVictim.find(db, s);
    if (!inspectionId) return undefined;
    return first(
      await db
        .select({ id: inspectionPhotos.id })
        .from(inspectionPhotos)
        .where(and(eq(inspectionPhotos.tenantId, s.tenantId), eq(inspectionPhotos.inspectionId, inspectionId)))
        .limit(1),
    )?.id;
  },
};
const switchingVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: switchingStates.id })
        .from(switchingStates)
        .where(and(eq(switchingStates.tenantId, s.tenantId), eq(switchingStates.partnerId, s.partnerId)))
        .orderBy(desc(switchingStates.updatedAt))
        .limit(1),
    )?.id,
};

// a stock count of the filler (Delta in Northwind's sweep)
const countVictim: VictimFinder = {
  partnerOwned: true,
  holder: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: stockCounts.id })
        .from(stockCounts)
        .where(and(eq(stockCounts.tenantId, s.tenantId), eq(stockCounts.partnerId, s.partnerId)))
        .orderBy(desc(stockCounts.createdAt))
        .limit(1),
    )?.id,
};

// a forecast published to the partner (a partner never sees a draft)
const forecastVictim: VictimFinder = {
  partnerOwned: true,
  find: async (db, s) =>
    first(
      await db
        .select({ id: forecasts.id })
        .from(forecasts)
        .where(and(eq(forecasts.tenantId, s.tenantId), eq(forecasts.partnerId, s.partnerId), sql`${forecasts.status} <> 'draft'`))
        .orderBy(desc(forecasts.createdAt))
        .limit(1),
    )?.id,
};

export function isHolderRoute(route: TenantRoute): boolean {
  return route.params.some((p) => VICTIMS[p]?.holder);
}

/**
 * URL param name -> how to find the victim's record. A route with a param not listed here fails
 * the sweep: add a finder for it (and make sure the test setup creates such a record).
 */
export const VICTIMS: Record<string, VictimFinder> = {
  partnerId: partnerVictim,
  facilityId: facilityVictim,
  itemId: itemVictim,
  membershipId: membershipVictim,
  memberId: membershipVictim,
  userId: userVictim,
  invitationId: invitationVictim,
  inviteId: invitationVictim,
  emailId: emailVictim,
  outboxId: emailVictim,
  auditId: auditVictim,
  auditEntryId: auditVictim,
  entryId: auditVictim,
  poId: poVictim,
  shipmentId: shipNoticeVictim,
  inspectionId: inspectionVictim,
  photoId: photoVictim,
  switchingId: switchingVictim,
  countId: countVictim,
  forecastId: forecastVictim,
};

export function unknownParams(route: TenantRoute): string[] {
  return route.params.filter((p) => p !== "*" && !VICTIMS[p]);
}

export function hasPartnerOwnedParam(route: TenantRoute): boolean {
  return route.params.some((p) => VICTIMS[p]?.partnerOwned);
}

export async function findVictims(db: Db, route: TenantRoute, scope: Scope): Promise<Record<string, string> | null> {
  const values: Record<string, string> = {};
  for (const p of route.params) {
    if (p === "*") continue;
    const id = await VICTIMS[p].find(db, scope);
    if (!id) return null;
    values[p] = id;
  }
  return values;
}

// ---------- database fingerprints (as the owner, who is not subject to RLS) ----------

type Row = Record<string, unknown>;
export async function ownerRows(db: Db, query: ReturnType<typeof sql>): Promise<Row[]> {
  const res = (await db.execute(query)) as unknown as { rows?: Row[] } | Row[];
  return Array.isArray(res) ? res : (res.rows ?? []);
}

const hashOf = (from: string) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${from})`;

/** One md5 per table: every tenant table plus the global tables (sessions and login attempts excluded). */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = [...TENANT_TABLES, "users", "tenants", "password_resets"];
  const cols = tables.map((t) => `${hashOf(`"${t}" t`)} as "${t}"`).join(", ");
  const [row] = await ownerRows(db, sql.raw(`select ${cols}`));
  return Object.fromEntries(tables.map((t) => [t, String(row[t])]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

const uuidLiteral = (id: string) => {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
};

/** Tenant tables that have a partner_id column (partner-owned rows). */
export async function partnerOwnedTables(db: Db): Promise<string[]> {
  const rows = await ownerRows(
    db,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'partner_id'`,
  );
  const withPartner = new Set(rows.map((r) => String(r.table_name)));
  return TENANT_TABLES.filter((t) => withPartner.has(t));
}

/**
 * A fingerprint of what one attacker must never change, for requests that may legitimately change
 * the attacker's own data. Another tenant's attacker: every row of the victim tenant, and users who
 * are not members of the attacker's tenant. Another partner's attacker: the victim partner's rows.
 */
export async function victimSlice(
  db: Db,
  victim: { tenantId: string; partnerId?: string; attackerTenantId?: string },
  partnerTables: string[],
): Promise<string> {
  const t = uuidLiteral(victim.tenantId);
  const parts: string[] = [];
  if (!victim.partnerId) {
    for (const table of TENANT_TABLES) parts.push(`select '${table}:' || t::text as x from "${table}" t where t.tenant_id = ${t}`);
    const attacker = uuidLiteral(victim.attackerTenantId!);
    parts.push(
      `select 'users:' || t::text from users t where not exists (select 1 from memberships m where m.user_id = t.id and m.tenant_id = ${attacker})`,
    );
  } else {
    const p = uuidLiteral(victim.partnerId);
    parts.push(`select 'partners:' || t::text as x from partners t where t.tenant_id = ${t} and t.id = ${p}`);
    for (const table of partnerTables) {
      if (table === "partners") continue;
      parts.push(`select '${table}:' || t::text from "${table}" t where t.tenant_id = ${t} and t.partner_id = ${p}`);
    }
    parts.push(
      `select 'users:' || t::text from users t where exists (select 1 from memberships m where m.user_id = t.id and m.tenant_id = ${t} and m.partner_id = ${p})`,
    );
  }
  const [row] = await ownerRows(db, sql.raw(`select md5(coalesce(string_agg(x, '|' order by x), '')) as h from (${parts.join(" union all ")}) s`));
  return String(row.h);
}
