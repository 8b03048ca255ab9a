// A TenantContext for a demo user, built the way requireTenantMember builds it.
import { sql } from "drizzle-orm";
import { getDb } from "../../app/server/db.server";
import { listMemberships, type TenantContext } from "../../app/server/auth.server";
import { isPartnerRole } from "../../app/domain/permissions";
import { users } from "../../drizzle/schema";

export async function contextFor(email: string, slug: string): Promise<TenantContext> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (!user) throw new Error(`no user ${email}`);
  const membership = (await listMemberships(user.id)).find((m) => m.tenantSlug === slug);
  if (!membership) throw new Error(`${email} is not a member of ${slug}`);
  return { ...membership, partnerName: null, userId: user.id, userEmail: user.email, userName: user.name, isPartner: isPartnerRole(membership.role) };
}
