// Sign-in, throttling and "who is this request": the only queries outside a tenant transaction.
import { redirect } from "@remix-run/node";
import { and, count, eq, gte, min, sql } from "drizzle-orm";
import { loginAttempts, memberships, partners, tenants, users } from "../../drizzle/schema";
import { decideThrottle, THROTTLE, type ThrottleDecision } from "../domain/throttle";
import { type Role, isPartnerRole } from "../domain/permissions";
import type { PartnerKind } from "../domain/partners";
import { getDb } from "./db.server";
import { burnVerification, verifyPassword } from "./password.server";
import {
  createSession,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
  type SessionUser,
  type ValidSession,
} from "./session.server";
import { withTenant, withUser } from "./tenant.server";
import { notFound } from "./http-errors.server";

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function clientAddress(request: Request): string {
  // set by the HTTP server from the socket (or a trusted proxy); never from the body
  return request.headers.get("X-Portal-Client-IP") ?? "unknown";
}

export async function checkThrottle(email: string, ip: string, now = new Date()): Promise<ThrottleDecision> {
  const db = await getDb();
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [account] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  const [address] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  const overAccount = account.n >= THROTTLE.maxFailuresPerAccount;
  return decideThrottle({
    accountFailures: account.n,
    addressFailures: address.n,
    oldestRelevantFailure: (overAccount ? account.oldest : address.oldest) ?? null,
    now,
  });
}

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false; status: 401 | 429; message: string };

export const LOGIN_FAILED_MESSAGE = "That email and password don't match an account.";

export async function login(rawEmail: string, password: string, ip: string): Promise<LoginResult> {
  const email = normalizeEmail(rawEmail);
  const throttle = await checkThrottle(email, ip);
  if (!throttle.allowed) {
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return {
      ok: false,
      status: 429,
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`,
    };
  }
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  let ok = false;
  if (user?.passwordHash && !user.disabled) ok = await verifyPassword(user.passwordHash, password);
  else await burnVerification(password);
  await db.insert(loginAttempts).values({ email, ip, success: ok });
  if (!ok || !user) return { ok: false, status: 401, message: LOGIN_FAILED_MESSAGE };
  const { token, expiresAt } = await createSession(user.id);
  return { ok: true, token, expiresAt, userId: user.id };
}

export interface CurrentUser {
  user: SessionUser;
  session: ValidSession;
  /** Set-Cookie to send when the sliding expiry moved the session on */
  refreshCookie: string | null;
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const result = await validateSessionToken(token);
  if (!result) return null;
  return {
    ...result,
    refreshCookie: result.session.extended ? sessionCookie(request, token, result.session.expiresAt) : null,
  };
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const current = await getCurrentUser(request);
  if (!current) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return current;
}

export interface MembershipSummary {
  membershipId: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  role: Role;
  partnerId: string | null;
}

/** The signed-in user's memberships, visible through RLS by user id alone. */
export async function listMemberships(userId: string): Promise<MembershipSummary[]> {
  return withUser(userId, (tx) =>
    tx
      .select({
        membershipId: memberships.id,
        tenantId: tenants.id,
        tenantSlug: tenants.slug,
        tenantName: tenants.name,
        role: memberships.role,
        partnerId: memberships.partnerId,
      })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
      .orderBy(tenants.name),
  );
}

export interface TenantContext extends MembershipSummary {
  /** the partner's name, for partner members (read inside the tenant, where RLS lets it be seen) */
  partnerName: string | null;
  partnerKind: PartnerKind | null;
  userId: string;
  userEmail: string;
  userName: string;
  isPartner: boolean;
}

/**
 * The member's context in the tenant named by the URL slug. A tenant the user does not belong
 * to is a 404, like a tenant that does not exist.
 */
export async function requireTenantMember(request: Request, slug: string | undefined): Promise<TenantContext> {
  const { user } = await requireUser(request);
  const all = await listMemberships(user.id);
  const membership = all.find((m) => m.tenantSlug === slug);
  if (!membership) notFound();
  let partnerName: string | null = null;
  let partnerKind: PartnerKind | null = null;
  if (membership.partnerId) {
    const [p] = await withTenant({ tenantId: membership.tenantId, partnerId: membership.partnerId, userId: user.id }, (tx) =>
      tx
        .select({ name: partners.name, kind: partners.kind, active: partners.active })
        .from(partners)
        .where(and(eq(partners.tenantId, membership.tenantId), eq(partners.id, membership.partnerId!))),
    );
    // a deactivated partner's users lose access to the tenant
    if (!p || !p.active) notFound();
    partnerName = p.name;
    partnerKind = p.kind;
  }
  return {
    ...membership,
    partnerName,
    partnerKind,
    userId: user.id,
    userEmail: user.email,
    userName: user.name,
    isPartner: isPartnerRole(membership.role),
  };
}
