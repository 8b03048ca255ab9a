import { and, count, eq, gt, isNull } from "drizzle-orm";
import { facilities, invitations, items, memberships, partners } from "../../drizzle/schema";
import type { TenantContext } from "./auth.server";
import { withTenant } from "./tenant.server";

/** Headline counts for the start page, in one transaction. RLS narrows them for partner users. */
export async function dashboardSummary(ctx: TenantContext, now = new Date()) {
  return withTenant(ctx, async (tx) => {
    const byKind = await tx
      .select({ kind: partners.kind, n: count() })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.active, true)))
      .groupBy(partners.kind);
    const [[itemCount], [facilityCount], [memberCount], [pendingCount]] = await Promise.all([
      tx.select({ n: count() }).from(items).where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true))),
      tx.select({ n: count() }).from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.active, true))),
      tx.select({ n: count() }).from(memberships).where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.active, true))),
      tx
        .select({ n: count() })
        .from(invitations)
        .where(and(eq(invitations.tenantId, ctx.tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))),
    ]);
    return {
      partnersByKind: Object.fromEntries(byKind.map((r) => [r.kind, r.n])) as Record<string, number>,
      items: itemCount.n,
      facilities: facilityCount.n,
      members: memberCount.n,
      pendingInvitations: pendingCount.n,
    };
  });
}
