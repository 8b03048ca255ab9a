// Members and invitations of a tenant; partner admins see and manage only their own partner's.
import { readCursor } from "./http-errors.server";
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { invitations, memberships, partners, users } from "../../drizzle/schema";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { invitableRoles, isPartnerRole, type Role } from "../domain/permissions";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

/** Partner admins are limited to their partner in the query too, not only by RLS. */
function partnerScope(ctx: TenantContext, column: typeof memberships.partnerId | typeof invitations.partnerId) {
  return ctx.isPartner ? eq(column, ctx.partnerId!) : undefined;
}

export async function listMembers(ctx: TenantContext, opts: { after?: string | null; limit?: number } = {}) {
  const limit = opts.limit ?? PAGE_SIZE;
  const cursor = readCursor(opts.after, ["string", "uuid"]);
  const emailKey = sql<string>`lower(${users.email})`;
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: memberships.id,
        email: users.email,
        name: users.name,
        role: memberships.role,
        active: memberships.active,
        partnerName: partners.name,
        version: memberships.version,
        sortEmail: emailKey,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(partners, and(eq(partners.tenantId, memberships.tenantId), eq(partners.id, memberships.partnerId)))
      .where(
        and(
          eq(memberships.tenantId, ctx.tenantId),
          partnerScope(ctx, memberships.partnerId),
          cursor ? or(gt(emailKey, String(cursor[0])), and(eq(emailKey, String(cursor[0])), gt(memberships.id, String(cursor[1])))) : undefined,
        ),
      )
      .orderBy(asc(emailKey), asc(memberships.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.sortEmail, r.id]);
  });
}

export async function listPendingInvitations(ctx: TenantContext, now = new Date()) {
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        partnerName: partners.name,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
      })
      .from(invitations)
      .leftJoin(partners, and(eq(partners.tenantId, invitations.tenantId), eq(partners.id, invitations.partnerId)))
      .where(
        and(
          eq(invitations.tenantId, ctx.tenantId),
          partnerScope(ctx, invitations.partnerId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .orderBy(desc(invitations.createdAt))
      .limit(200),
  );
}

export async function listActivePartners(ctx: TenantContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.active, true)))
      .orderBy(asc(partners.name))
      .limit(1000),
  );
}

export async function getMember(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({
        id: memberships.id,
        userId: memberships.userId,
        email: users.email,
        name: users.name,
        role: memberships.role,
        active: memberships.active,
        partnerId: memberships.partnerId,
        partnerName: partners.name,
        version: memberships.version,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(partners, and(eq(partners.tenantId, memberships.tenantId), eq(partners.id, memberships.partnerId)))
      .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.id, id), partnerScope(ctx, memberships.partnerId)));
    return row ?? null;
  });
}

export class MembershipError extends Error {
  constructor(
    message: string,
    readonly field: "role" | "form",
  ) {
    super(message);
  }
}

export async function updateMember(ctx: TenantContext, id: string, version: number, change: { role?: Role; active?: boolean }) {
  return withTenant(ctx, async (tx) => {
    const [before] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.id, id), partnerScope(ctx, memberships.partnerId)));
    if (!before) return null;
    if (before.userId === ctx.userId) throw new MembershipError("You can't change your own access. Ask another administrator.", "form");
    if (change.role) {
      if (!invitableRoles(ctx.role).includes(change.role)) throw new MembershipError("You can't give that role.", "role");
      if (isPartnerRole(change.role) !== isPartnerRole(before.role))
        throw new MembershipError(
          before.partnerId ? "A partner's user can only have a partner role." : "An internal user can only have an internal role.",
          "role",
        );
    }
    const [after] = await tx
      .update(memberships)
      .set({ ...change, version: sql`${memberships.version} + 1` })
      .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.id, id), eq(memberships.version, version)))
      .returning();
    if (!after) throw new StaleRecordError("user's access");
    const action = change.active === false ? "membership.deactivated" : change.active === true ? "membership.reactivated" : "membership.updated";
    await recordAudit(tx, actorOf(ctx), { action, entityType: "membership", entityId: id, partnerId: before.partnerId, before, after });
    return after;
  });
}

export async function getInvitation(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        partnerId: invitations.partnerId,
        partnerName: partners.name,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
      })
      .from(invitations)
      .leftJoin(partners, and(eq(partners.tenantId, invitations.tenantId), eq(partners.id, invitations.partnerId)))
      .where(and(eq(invitations.tenantId, ctx.tenantId), eq(invitations.id, id), partnerScope(ctx, invitations.partnerId)));
    return row ?? null;
  });
}

/** Withdraw a pending invitation; its link stops working. Returns null for a foreign one. */
export async function revokeInvitation(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [before] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tenantId, ctx.tenantId), eq(invitations.id, id), partnerScope(ctx, invitations.partnerId)));
    if (!before) return null;
    if (before.acceptedAt || before.revokedAt) return { alreadyClosed: true as const };
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.tenantId, ctx.tenantId), eq(invitations.id, id)));
    await recordAudit(tx, actorOf(ctx), {
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: id,
      partnerId: before.partnerId,
      before: { email: before.email, role: before.role },
    });
    return { alreadyClosed: false as const };
  });
}
