import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { readCursor } from "./http-errors.server";
import { auditLog, emails } from "../../drizzle/schema";
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

export async function listAudit(ctx: TenantContext, filter: AuditFilter, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["int"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(auditLog.partnerId, ctx.partnerId!) : undefined,
          filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
          filter.action ? eq(auditLog.action, filter.action) : undefined,
          filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
          filter.actor ? sql`lower(${auditLog.actorEmail}) = ${filter.actor.toLowerCase()}` : undefined,
          filter.from ? gte(auditLog.at, filter.from) : undefined,
          filter.to ? lt(auditLog.at, filter.to) : undefined,
          cursor ? lt(auditLog.id, Number(cursor[0])) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.id]);
  });
}

export async function auditFacets(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .selectDistinct({ entityType: auditLog.entityType, action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ctx.tenantId), ctx.isPartner ? eq(auditLog.partnerId, ctx.partnerId!) : undefined))
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
