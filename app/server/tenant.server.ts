// One request, one tenant transaction: switch to the non-owner role and name tenant, partner and
// user for the RLS policies. SET LOCAL / set_config(..., true) end with the transaction.
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "./db.server";

export const APP_ROLE = "portal_app";

export interface Scope {
  tenantId?: string | null;
  partnerId?: string | null;
  userId?: string | null;
  inviteTokenHash?: string | null;
}

async function enterScope(tx: Tx, scope: Scope): Promise<void> {
  await tx.execute(sql.raw(`SET LOCAL ROLE ${APP_ROLE}`));
  await tx.execute(
    sql`select set_config('app.tenant_id', ${scope.tenantId ?? ""}, true),
               set_config('app.partner_id', ${scope.partnerId ?? ""}, true),
               set_config('app.user_id', ${scope.userId ?? ""}, true),
               set_config('app.invite_token', ${scope.inviteTokenHash ?? ""}, true)`,
  );
}

async function scoped<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await enterScope(tx, scope);
    return fn(tx);
  });
}

/**
 * Switch a transaction that began with owner-only work (creating a login, which the app role may
 * not) into a tenant, so both commit or roll back together. Every statement after it runs as the
 * application role under the tenant's row-level security.
 */
export function enterTenant(tx: Tx, ctx: { tenantId: string; partnerId: string | null; userId: string | null }): Promise<void> {
  return enterScope(tx, { tenantId: ctx.tenantId, partnerId: ctx.partnerId, userId: ctx.userId });
}

/** Run in-tenant work as the application role, limited by RLS to the tenant (and partner). */
export function withTenant<T>(
  ctx: { tenantId: string; partnerId: string | null; userId: string | null },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return scoped({ tenantId: ctx.tenantId, partnerId: ctx.partnerId, userId: ctx.userId }, fn);
}

/** Session lookup: no tenant yet, only the user's own memberships are visible. */
export function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped({ userId }, fn);
}

/** Public invitation links: only the invitation whose token hash is given is visible. */
export function withInviteToken<T>(tokenHash: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped({ inviteTokenHash: tokenHash }, fn);
}
