// Who to mail: active members of a partner, or of internal roles, in one tenant. Run inside the
// caller's tenant transaction, so RLS decides what the caller may read (a partner user reads only its
// own partner's members; mail to the other side runs in a tenant-wide step after its change commits).
import { and, eq, inArray } from "drizzle-orm";
import { memberships, users } from "../../drizzle/schema";
import type { Role } from "../domain/permissions";
import type { Tx } from "./db.server";

/** Active users of a partner. */
export async function partnerRecipients(tx: Tx, tenantId: string, partnerId: string): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.partnerId, partnerId), eq(memberships.active, true)));
  return rows.map((r) => r.email);
}

/** Active internal members with one of the roles. */
export async function roleRecipients(tx: Tx, tenantId: string, roles: Role[]) {
  return tx
    .select({ email: users.email, userId: users.id, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.active, true), inArray(memberships.role, roles)));
}
