// Password reset and invitations: one function per verb-noun.
import { and, eq, gt, isNull, sql, count, gte } from "drizzle-orm";
import { invitations, memberships, partners, passwordResets, tenants, users } from "../../drizzle/schema";
import { generateToken, hashToken, isWellFormedToken } from "../domain/session-token";
import { invitableRoles, isPartnerRole, ROLE_LABELS, type Role } from "../domain/permissions";
import { passwordResetEmail } from "../../emails/password-reset";
import { invitationEmail } from "../../emails/invitation";
import { getDb, type Tx } from "./db.server";
import { getEnv } from "./env.server";
import { sendEmail, sendTenantEmail } from "./mail.server";
import { hashPassword, verifyPassword } from "./password.server";
import { invalidateUserSessions } from "./session.server";
import { normalizeEmail, type TenantContext } from "./auth.server";
import { withInviteToken, withTenant } from "./tenant.server";
import { recordAudit } from "./audit.server";

export const RESET_MINUTES = 30;
export const INVITE_DAYS = 7;
const MAX_RESETS_PER_WINDOW = 3;

export async function requestPasswordReset(rawEmail: string, now = new Date()): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  // the caller shows the same message either way, so nobody learns whether the account exists
  if (!user || user.disabled) return;
  const [recent] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.userId, user.id), gte(passwordResets.createdAt, new Date(now.getTime() - 15 * 60_000))));
  if (recent.n >= MAX_RESETS_PER_WINDOW) return;
  const token = generateToken();
  await db.insert(passwordResets).values({
    tokenHash: hashToken(token),
    userId: user.id,
    expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000),
  });
  const url = `${getEnv().APP_URL}/reset-password/${token}`;
  await sendEmail(user.email, passwordResetEmail({ name: user.name, url, expiresInMinutes: RESET_MINUTES }));
}

export async function isResetTokenUsable(token: string, now = new Date()): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const db = await getDb();
  const [row] = await db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return Boolean(row);
}

/** Single use: the token is spent in the same statement that checks it. Signs the user out everywhere. */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const db = await getDb();
  const passwordHash = await hashPassword(newPassword);
  const userId = await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!spent) return null;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId));
    return spent.userId;
  });
  if (userId) await invalidateUserSessions(userId);
  return userId;
}

export class InvitationError extends Error {
  constructor(
    message: string,
    readonly field: "email" | "role" | "partnerId",
  ) {
    super(message);
  }
}

export async function inviteMember(
  ctx: TenantContext,
  input: { email: string; role: Role; partnerId: string | null },
  now = new Date(),
): Promise<{ id: string; url: string }> {
  const email = normalizeEmail(input.email);
  if (!invitableRoles(ctx.role).includes(input.role)) throw new InvitationError("You can't invite someone with that role.", "role");
  // partner admins invite only into their own partner, whatever the form says
  const partnerId = ctx.isPartner ? ctx.partnerId : input.partnerId;
  if (isPartnerRole(input.role) && !partnerId) throw new InvitationError("Choose the partner this person works for.", "partnerId");
  if (!isPartnerRole(input.role) && partnerId) throw new InvitationError("Internal roles don't belong to a partner.", "partnerId");
  const token = generateToken();
  const url = `${getEnv().APP_URL}/invite/${token}`;
  return withTenant(ctx, async (tx) => {
    const existing = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, ctx.tenantId), sql`lower(${users.email}) = ${email}`));
    if (existing.length) throw new InvitationError("This person is already a member of this tenant.", "email");
    let partnerName: string | null = null;
    if (partnerId) {
      const [p] = await tx
        .select({ name: partners.name })
        .from(partners)
        .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, partnerId), eq(partners.active, true)));
      if (!p) throw new InvitationError("Choose an active partner.", "partnerId");
      partnerName = p.name;
    }
    const [inv] = await tx
      .insert(invitations)
      .values({
        tenantId: ctx.tenantId,
        email,
        role: input.role,
        partnerId,
        tokenHash: hashToken(token),
        invitedBy: ctx.userId,
        expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, actorOf(ctx), {
      action: "invitation.created",
      entityType: "invitation",
      entityId: inv.id,
      partnerId,
      after: { email, role: input.role, partnerId },
    });
    await sendTenantEmail(
      tx,
      ctx.tenantId,
      email,
      invitationEmail({
        tenantName: ctx.tenantName,
        inviterName: ctx.userName,
        roleLabel: ROLE_LABELS[input.role],
        partnerName,
        url,
        expiresInDays: INVITE_DAYS,
      }),
    );
    return { id: inv.id, url };
  });
}

export function actorOf(ctx: TenantContext) {
  return { tenantId: ctx.tenantId, userId: ctx.userId, userEmail: ctx.userEmail };
}

export interface PendingInvitation {
  id: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  email: string;
  role: Role;
  partnerId: string | null;
  accountExists: boolean;
}

export async function findPendingInvitation(token: string, now = new Date()): Promise<PendingInvitation | null> {
  if (!isWellFormedToken(token)) return null;
  const [inv] = await withInviteToken(hashToken(token), (tx) =>
    tx
      .select({
        id: invitations.id,
        tenantId: invitations.tenantId,
        tenantName: tenants.name,
        tenantSlug: tenants.slug,
        email: invitations.email,
        role: invitations.role,
        partnerId: invitations.partnerId,
      })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      ),
  );
  if (!inv) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, hasPassword: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(sql`lower(${users.email}) = ${inv.email}`);
  return { ...inv, accountExists: Boolean(user?.hasPassword) };
}

class AlreadyMember extends Error {}

export type AcceptResult = { ok: true; userId: string; tenantSlug: string } | { ok: false; field: "password" | "form"; message: string };

/**
 * Accept an invitation: a new person sets a name and password; someone who already has an
 * account proves it with their password, and gains one more membership.
 */
export async function acceptInvitation(token: string, input: { name?: string; password: string }): Promise<AcceptResult> {
  const inv = await findPendingInvitation(token);
  if (!inv) return { ok: false, field: "form", message: "This invitation has expired, was already used or was withdrawn. Ask for a new one." };
  const db = await getDb();
  let userId: string;
  const [existing] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${inv.email}`);
  if (existing?.passwordHash) {
    if (!(await verifyPassword(existing.passwordHash, input.password)))
      return { ok: false, field: "password", message: "That isn't the password of your existing account." };
    userId = existing.id;
  } else {
    const passwordHash = await hashPassword(input.password);
    if (existing) {
      await db.update(users).set({ passwordHash, name: input.name || inv.email }).where(eq(users.id, existing.id));
      userId = existing.id;
    } else {
      const [created] = await db
        .insert(users)
        .values({ email: inv.email, name: input.name || inv.email, passwordHash })
        .returning({ id: users.id });
      userId = created.id;
    }
  }
  const accepted = await withTenant({ tenantId: inv.tenantId, partnerId: null, userId }, async (tx: Tx) => {
    const [spent] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.tenantId, inv.tenantId), eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!spent) return false;
    const [m] = await tx
      .insert(memberships)
      .values({ tenantId: inv.tenantId, userId, role: inv.role, partnerId: inv.partnerId })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    // already a member (e.g. a partner admin, who can't see other partners' users, invited them):
    // roll back so the invitation stays unspent and nothing is recorded as accepted
    if (!m) throw new AlreadyMember();
    await recordAudit(
      tx,
      { tenantId: inv.tenantId, userId, userEmail: inv.email },
      { action: "invitation.accepted", entityType: "membership", entityId: m.id, partnerId: inv.partnerId, after: { role: inv.role, email: inv.email } },
    );
    return true;
  }).catch((e) => {
    if (e instanceof AlreadyMember) return "already-member" as const;
    throw e;
  });
  if (accepted === "already-member")
    return { ok: false, field: "form", message: `You already have access to ${inv.tenantName}. Sign in to use it; this invitation isn't needed.` };
  if (!accepted) return { ok: false, field: "form", message: "This invitation was already used." };
  return { ok: true, userId, tenantSlug: inv.tenantSlug };
}
