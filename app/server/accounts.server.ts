// Password reset and invitations: one function per verb-noun.
import { and, eq, gt, isNull, sql, count, gte } from "drizzle-orm";
import { invitations, memberships, partners, passwordResets, sessions, tenants, users } from "../../drizzle/schema";
import { generateToken, hashToken, isWellFormedToken } from "../domain/session-token";
import { invitableRoles, isPartnerRole, ROLE_LABELS, type Role } from "../domain/permissions";
import { passwordResetEmail } from "../../emails/password-reset";
import { invitationEmail } from "../../emails/invitation";
import { getDb, type Tx } from "./db.server";
import { getEnv } from "./env.server";
import { sendEmail, sendTenantEmail } from "./mail.server";
import { hashPassword } from "./password.server";
import { normalizeEmail, type TenantContext } from "./auth.server";
import { enterTenant, withInviteToken, withTenant } from "./tenant.server";
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

/**
 * Single use: the token is spent in the same statement that checks it. Using one link ends every
 * other outstanding link of the user (an older mail must not reset the new password again) and
 * signs the user out everywhere, all in the one transaction that sets the password.
 *
 * Asking for a new link leaves the earlier ones working until they expire (30 minutes, at most 3
 * per 15): mail can arrive out of order, and the person clicks whichever arrives first.
 */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const db = await getDb();
  const passwordHash = await hashPassword(newPassword);
  const usable = and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now));
  return db.transaction(async (tx) => {
    // the user's row first: two of one user's links used at once queue here, rather than each
    // spending its own link and then waiting for the other's (a deadlock)
    const [target] = await tx.select({ userId: passwordResets.userId }).from(passwordResets).where(usable);
    if (!target) return null;
    await tx.select({ id: users.id }).from(users).where(eq(users.id, target.userId)).for("update");
    const [spent] = await tx.update(passwordResets).set({ usedAt: now }).where(usable).returning({ userId: passwordResets.userId });
    if (!spent) return null;
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, spent.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId));
    await tx.delete(sessions).where(eq(sessions.userId, spent.userId));
    return spent.userId;
  });
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
}

/**
 * The invitation a link opens, if it can still be accepted. It says nothing about whether the
 * address already has an account: whoever holds the link sees the same page either way.
 */
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
  return inv ?? null;
}

export const INVITATION_GONE = "This invitation has expired, was already used or was withdrawn. Ask for a new one.";
export const INVITATION_TAKEN = "This invitation was already used.";

export type AcceptResult =
  | { ok: true; userId: string; tenantSlug: string }
  | {
      ok: false;
      /** gone: expired, used or withdrawn; taken: used by a request that won a race with this one;
       * sign-in: the address has a login, which must sign in to accept; not-yours: signed in as
       * someone else; already-member: the account already belongs to the tenant */
      reason: "gone" | "taken" | "sign-in" | "not-yours" | "already-member";
      message: string;
    };

const refuse = (reason: Exclude<AcceptResult, { ok: true }>["reason"], message: string): AcceptResult => ({ ok: false, reason, message });

/** The spent-or-not outcome of the in-tenant half of an acceptance. */
class NotAccepted extends Error {
  constructor(readonly result: AcceptResult) {
    super(result.ok ? "accepted" : result.reason);
  }
}

/**
 * The in-tenant half: spend the invitation (one statement, so of two simultaneous acceptances
 * one waits on the row and then finds it spent) and add the membership. Throws NotAccepted to roll
 * back everything the transaction did, including a login created for it.
 */
async function spendInvitation(tx: Tx, inv: PendingInvitation, userId: string, now: Date): Promise<void> {
  const [spent] = await tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invitations.tenantId, inv.tenantId),
        eq(invitations.id, inv.id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({ id: invitations.id });
  if (!spent) throw new NotAccepted(refuse("taken", INVITATION_TAKEN));
  const [m] = await tx
    .insert(memberships)
    .values({ tenantId: inv.tenantId, userId, role: inv.role, partnerId: inv.partnerId })
    .onConflictDoNothing()
    .returning({ id: memberships.id });
  // already a member (e.g. a partner admin, who can't see other partners' users, invited them):
  // roll back so the invitation stays unspent and nothing is recorded as accepted
  if (!m)
    throw new NotAccepted(refuse("already-member", `You already have access to ${inv.tenantName}. Sign in to use it; this invitation isn't needed.`));
  await recordAudit(
    tx,
    { tenantId: inv.tenantId, userId, userEmail: inv.email },
    { action: "invitation.accepted", entityType: "membership", entityId: m.id, partnerId: inv.partnerId, after: { role: inv.role, email: inv.email } },
  );
}

function settle(e: unknown): AcceptResult {
  if (e instanceof NotAccepted) return e.result;
  throw e;
}

/**
 * A new person accepts: the link (which only the invited mailbox received) lets them choose a name
 * and password, and the login, the membership and the spent invitation commit together.
 *
 * If the address already has a login, nothing happens and the answer is "sign in to accept": the
 * password given is neither checked (no guessing through invitations, where no sign-in throttle
 * applies) nor set (no taking over an account by holding its invitation), and no second login is
 * made. Only the holder of a live link can get this answer, i.e. someone reading the invited
 * mailbox, who can learn the same from /forgot-password; the page anyone can open is the same
 * whether or not the account exists.
 */
export async function createAccountFromInvitation(token: string, input: { name: string; password: string }, now = new Date()): Promise<AcceptResult> {
  const inv = await findPendingInvitation(token, now);
  if (!inv) return refuse("gone", INVITATION_GONE);
  const signIn = refuse("sign-in", `Sign in to accept: ${inv.email} already has a login on the Supplier Portal. Sign in with it (or reset its password), then accept.`);
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${inv.email}`);
  const result = existing ? signIn : await insertLoginAndAccept(inv, input, signIn, now);
  // the login may have appeared meanwhile, made by a simultaneous acceptance of this very invitation
  if (!result.ok && result.reason === "sign-in" && !(await findPendingInvitation(token, now))) return refuse("taken", INVITATION_TAKEN);
  return result;
}

async function insertLoginAndAccept(inv: PendingInvitation, input: { name: string; password: string }, signIn: AcceptResult, now: Date): Promise<AcceptResult> {
  const passwordHash = await hashPassword(input.password);
  const db = await getDb();
  return db
    .transaction(async (tx) => {
      // a simultaneous submission inserting the same address waits here for the other to finish,
      // then inserts nothing
      const [created] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name, passwordHash })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!created) throw new NotAccepted(signIn);
      await enterTenant(tx, { tenantId: inv.tenantId, partnerId: null, userId: created.id });
      await spendInvitation(tx, inv, created.id, now);
      return { ok: true as const, userId: created.id, tenantSlug: inv.tenantSlug };
    })
    .catch(settle);
}

/**
 * Someone signed in accepts an invitation sent to their own address: the sign-in (throttled like
 * any other) proved the account is theirs. An invitation for another address is refused, so
 * nobody accepts one on someone else's behalf.
 */
export async function acceptInvitationAsUser(token: string, user: { id: string; email: string }, now = new Date()): Promise<AcceptResult> {
  const inv = await findPendingInvitation(token, now);
  if (!inv) return refuse("gone", INVITATION_GONE);
  if (normalizeEmail(user.email) !== inv.email)
    return refuse("not-yours", `This invitation is for ${inv.email}, and you're signed in as ${user.email}. Sign out, then sign in as ${inv.email} to accept it.`);
  return withTenant({ tenantId: inv.tenantId, partnerId: null, userId: user.id }, async (tx) => {
    await spendInvitation(tx, inv, user.id, now);
    return { ok: true as const, userId: user.id, tenantSlug: inv.tenantSlug };
  }).catch(settle);
}
