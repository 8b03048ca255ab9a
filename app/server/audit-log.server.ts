import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { readCursor } from "./http-errors.server";
import { auditLog, emails, memberships } from "../../drizzle/schema";
import { PARTNER_AUDIT_RULES, partnerActorLabel, partnerAuditImage, type ActorMembership } from "../domain/audit-visibility";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { maskedEmailCopy, maskSecretLinks } from "../domain/secret-links";
import type { TenantContext } from "./auth.server";
import { withTenant } from "./tenant.server";

export interface AuditFilter {
  entityType?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  entityId?: string;
}

/**
 * The one reader of the audit log (the page, its data request and any export go through it).
 * Staff read every entry of their company. A partner reads what the database's policy lets it see
 * (its own records, in the state it may see them: migration 0028), narrowed further to the actions
 * and fields of app/domain/audit-visibility.ts, with internal staff named by company and role.
 */
export async function listAudit(ctx: TenantContext, filter: AuditFilter, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["int"]);
  const page = await withTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, ctx.tenantId),
          ...partnerScope(ctx),
          filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
          filter.action ? eq(auditLog.action, filter.action) : undefined,
          filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
          filter.actor ? actorIs(ctx, filter.actor) : undefined,
          filter.from ? gte(auditLog.at, filter.from) : undefined,
          filter.to ? lt(auditLog.at, filter.to) : undefined,
          cursor ? lt(auditLog.id, Number(cursor[0])) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.id]);
  });
  if (!ctx.isPartner) return { ...page, items: page.items.map((e) => ({ ...e, actor: e.actorEmail ?? "system" })) };
  const actors = await actorMemberships(ctx, page.items.map((e) => e.actorUserId));
  const viewer = { partnerId: ctx.partnerId!, tenantName: ctx.tenantName };
  return {
    ...page,
    items: page.items.map((e) => ({
      ...e,
      actorUserId: null,
      actorEmail: null,
      actor: partnerActorLabel(e, e.actorUserId ? actors.get(e.actorUserId) : undefined, viewer),
      before: partnerAuditImage(e.entityType, e.before),
      after: partnerAuditImage(e.entityType, e.after),
    })),
  };
}

/** A partner's own entries, of the kinds and actions it may read (RLS checks the records themselves). */
function partnerScope(ctx: TenantContext): (SQL | undefined)[] {
  if (!ctx.isPartner) return [];
  const kinds = Object.entries(PARTNER_AUDIT_RULES).map(
    ([entityType, rule]) => sql`(${auditLog.entityType} = ${entityType} and ${inArray(auditLog.action, [...rule.actions])})`,
  );
  return [eq(auditLog.partnerId, ctx.partnerId!), sql`(${sql.join(kinds, sql` or `)})`];
}

// Inside a correlated subquery drizzle would print bare column names, which bind to the inner table.
const AUDIT_TENANT = sql.raw(`"audit_log"."tenant_id"`);
const AUDIT_ACTOR = sql.raw(`"audit_log"."actor_user_id"`);

/**
 * The "by (email)" filter. A partner may filter by its own people only: filtering by a staff
 * address would confirm who at the company did what.
 */
function actorIs(ctx: TenantContext, email: string): SQL {
  const same = sql`lower(${auditLog.actorEmail}) = ${email.toLowerCase()}`;
  if (!ctx.isPartner) return same;
  return sql`(${same} and exists (select 1 from memberships m where m.tenant_id = ${AUDIT_TENANT}
    and m.user_id = ${AUDIT_ACTOR} and m.partner_id = ${ctx.partnerId}))`;
}

/**
 * The role and partner of the page's actors. A partner's transaction sees only its own partner's
 * memberships, so, like the mail to the other side, this reads them tenant-wide, and only to name
 * an actor "Northwind Foods (planner)" instead of by email.
 */
async function actorMemberships(ctx: TenantContext, userIds: (string | null)[]): Promise<Map<string, ActorMembership>> {
  const wanted = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, (tx) =>
    tx
      .select({ userId: memberships.userId, role: memberships.role, partnerId: memberships.partnerId })
      .from(memberships)
      .where(and(eq(memberships.tenantId, ctx.tenantId), inArray(memberships.userId, wanted))),
  );
  return new Map(rows.map((r) => [r.userId, { role: r.role, partnerId: r.partnerId }]));
}

export async function auditFacets(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .selectDistinct({ entityType: auditLog.entityType, action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.tenantId), ...partnerScope(ctx)))
      .limit(500);
    return {
      entityTypes: [...new Set(rows.map((r) => r.entityType))].sort(),
      actions: [...new Set(rows.map((r) => r.action))].sort(),
    };
  });
}

export async function listEmails(ctx: TenantContext, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["timestamp", "uuid"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({ id: emails.id, to: emails.to, subject: emails.subject, template: emails.template, transport: emails.transport, createdAt: emails.createdAt })
      .from(emails)
      .where(
        and(
          eq(emails.tenantId, ctx.tenantId),
          cursor
            ? sql`(${emails.createdAt}, ${emails.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(emails.createdAt), desc(emails.id))
      .limit(limit + 1);
    return pageOf(
      rows.map((r) => ({ ...r, subject: maskSecretLinks(r.subject) })),
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
    );
  });
}

export async function getEmail(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(emails).where(and(eq(emails.tenantId, ctx.tenantId), eq(emails.id, id)));
    // copies are stored masked; copies stored before that was so are masked here
    return row ? maskedEmailCopy(row) : null;
  });
}
