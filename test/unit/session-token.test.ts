import { createHash } from "node:crypto";
import {
  generateToken,
  hashToken,
  isExpired,
  isWellFormedToken,
  sessionExpiry,
  shouldExtend,
  TOKEN_BYTES,
  TOKEN_PATTERN,
} from "../../app/domain/session-token";

const DAY = 86_400_000;

/** RFC 4648 base32, lower case, no padding: written here independently of the code under test. */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

describe("generateToken", () => {
  it("draws at least 128 random bits", () => {
    let requested = 0;
    generateToken((b) => {
      requested = b.length;
      return b;
    });
    expect(requested).toBe(TOKEN_BYTES);
    expect(requested * 8).toBeGreaterThanOrEqual(128);
  });

  it("encodes the random bytes as lower-case base32 without padding", () => {
    const pinned = Uint8Array.from({ length: TOKEN_BYTES }, (_, i) => (i * 37 + 11) & 0xff);
    const token = generateToken((b) => {
      b.set(pinned);
      return b;
    });
    expect(token).toBe(base32(pinned));
    expect(token).toHaveLength(Math.ceil((TOKEN_BYTES * 8) / 5));
    expect(token).toMatch(/^[a-z2-7]+$/);
  });

  it("is deterministic for a pinned source: all-zero bytes give all 'a'", () => {
    expect(generateToken((b) => b.fill(0))).toBe("a".repeat(32));
    expect(generateToken((b) => b.fill(0xff))).toBe("7".repeat(32));
  });

  it("uses the platform's random source by default: 32 characters, all different", () => {
    const tokens = Array.from({ length: 200 }, () => generateToken());
    for (const t of tokens) {
      expect(t).toMatch(TOKEN_PATTERN);
      expect(isWellFormedToken(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // every base32 symbol should turn up across 6,400 random characters
    expect(new Set(tokens.join("")).size).toBe(32);
  });
});

describe("hashToken", () => {
  it("is the lower-case hex SHA-256 of the token, and differs from the token", () => {
    const token = generateToken((b) => b.fill(7));
    const hash = hashToken(token);
    expect(hash).toBe(createHash("sha256").update(token, "utf8").digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(token);
    expect(hash).not.toContain(token);
  });

  it("gives different hashes for different tokens and the same hash for the same token", () => {
    const a = generateToken((b) => b.fill(1));
    const b2 = generateToken((b) => b.fill(2));
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b2));
  });

  it("matches a known SHA-256 vector", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("isWellFormedToken", () => {
  it.each([
    ["a".repeat(32), true],
    ["abcdefghijklmnopqrstuvwxyz234567", true],
    ["a".repeat(31), false],
    ["a".repeat(33), false],
    ["A".repeat(32), false],
    ["a".repeat(31) + "1", false],
    ["a".repeat(31) + "8", false],
    ["a".repeat(31) + "=", false],
    [" " + "a".repeat(31), false],
    ["", false],
  ])("%j -> %s", (token, ok) => {
    expect(isWellFormedToken(token)).toBe(ok);
  });

  it("rejects null and undefined", () => {
    expect(isWellFormedToken(null)).toBe(false);
    expect(isWellFormedToken(undefined)).toBe(false);
  });
});

describe("sliding expiry", () => {
  const now = new Date("2026-03-01T12:00:00.000Z");

  it("sessionExpiry adds whole days", () => {
    expect(sessionExpiry(now, 30).getTime() - now.getTime()).toBe(30 * DAY);
    expect(sessionExpiry(now, 1).toISOString()).toBe("2026-03-02T12:00:00.000Z");
  });

  it("does not extend a session with at least half its life left", () => {
    expect(shouldExtend(new Date(now.getTime() + 30 * DAY), now, 30)).toBe(false);
    expect(shouldExtend(new Date(now.getTime() + 15 * DAY), now, 30)).toBe(false);
  });

  it("extends a session with less than half its life left", () => {
    expect(shouldExtend(new Date(now.getTime() + 15 * DAY - 1), now, 30)).toBe(true);
    expect(shouldExtend(new Date(now.getTime() + 1), now, 30)).toBe(true);
  });

  it("uses the configured term for the half-life", () => {
    expect(shouldExtend(new Date(now.getTime() + 4 * DAY), now, 7)).toBe(false);
    expect(shouldExtend(new Date(now.getTime() + 3 * DAY), now, 7)).toBe(true);
  });

  it("is expired from the expiry instant on", () => {
    const expiresAt = new Date(now.getTime() + 1000);
    expect(isExpired(expiresAt, new Date(now.getTime() + 999))).toBe(false);
    expect(isExpired(expiresAt, new Date(now.getTime() + 1000))).toBe(true);
    expect(isExpired(expiresAt, new Date(now.getTime() + 1001))).toBe(true);
  });
});
