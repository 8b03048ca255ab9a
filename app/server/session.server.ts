// Sessions: random token in an HttpOnly cookie, only its SHA-256 in the database, sliding expiry.
import { and, eq, lt } from "drizzle-orm";
import { sessions, users } from "../../drizzle/schema";
import {
  generateToken,
  hashToken,
  isExpired,
  isWellFormedToken,
  sessionExpiry,
  shouldExtend,
} from "../domain/session-token";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "portal_session";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}
export interface ValidSession {
  id: string;
  expiresAt: Date;
  extended: boolean;
}

export async function createSession(userId: string, now = new Date()) {
  const token = generateToken();
  const expiresAt = sessionExpiry(now, getEnv().SESSION_DAYS);
  const db = await getDb();
  await db.insert(sessions).values({ id: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

export async function validateSessionToken(
  token: string,
  now = new Date(),
): Promise<{ session: ValidSession; user: SessionUser } | null> {
  if (!isWellFormedToken(token)) return null;
  const id = hashToken(token);
  const db = await getDb();
  const [row] = await db
    .select({ id: sessions.id, expiresAt: sessions.expiresAt, userId: users.id, email: users.email, name: users.name, disabled: users.disabled })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (isExpired(row.expiresAt, now) || row.disabled) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  let extended = false;
  const days = getEnv().SESSION_DAYS;
  if (shouldExtend(expiresAt, now, days)) {
    expiresAt = sessionExpiry(now, days);
    extended = true;
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return { session: { id, expiresAt, extended }, user: { id: row.userId, email: row.email, name: row.name } };
}

export async function invalidateSession(sessionId: string) {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(userId: string) {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(now = new Date()) {
  const db = await getDb();
  await db.delete(sessions).where(and(lt(sessions.expiresAt, now)));
}

function isSecure(request: Request) {
  return new URL(request.url).protocol === "https:" || getEnv().APP_URL.startsWith("https:");
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(request: Request): string {
  const parts = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}
