// Session tokens per Lucia's replacement design: >=128 random bits, only the SHA-256 is stored,
// sliding expiry. Pure functions; the random source is passed in so tests can pin it.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

export const TOKEN_BYTES = 20; // 160 bits

export function generateToken(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return encodeBase32LowerCaseNoPadding(random(new Uint8Array(TOKEN_BYTES)));
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function isWellFormedToken(token: string | undefined | null): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

const DAY = 24 * 60 * 60 * 1000;

export function sessionExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY);
}

/** Sliding expiry: past half its life, a session used again is extended to a full term. */
export function shouldExtend(expiresAt: Date, now: Date, days: number): boolean {
  return expiresAt.getTime() - now.getTime() < (days * DAY) / 2;
}

export function isExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= expiresAt.getTime();
}
