import { decideThrottle, THROTTLE } from "../../app/domain/throttle";

const now = new Date("2026-03-01T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("decideThrottle", () => {
  it("uses a 15-minute window, 5 failures per account and 20 per address", () => {
    expect(THROTTLE).toEqual({ windowMinutes: 15, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20 });
  });

  it("allows below both limits", () => {
    expect(decideThrottle({ accountFailures: 0, addressFailures: 0, oldestRelevantFailure: null, now })).toEqual({ allowed: true });
    expect(decideThrottle({ accountFailures: 4, addressFailures: 19, oldestRelevantFailure: minutesAgo(5), now })).toEqual({ allowed: true });
  });

  it("blocks the account at its 5th failure", () => {
    const d = decideThrottle({ accountFailures: 5, addressFailures: 5, oldestRelevantFailure: minutesAgo(5), now });
    expect(d).toEqual({ allowed: false, reason: "account", retryAfterSeconds: 10 * 60 });
  });

  it("blocks the address at its 20th failure, whatever the account", () => {
    const d = decideThrottle({ accountFailures: 0, addressFailures: 20, oldestRelevantFailure: minutesAgo(14), now });
    expect(d).toEqual({ allowed: false, reason: "address", retryAfterSeconds: 60 });
  });

  it("names the account when both limits are passed", () => {
    const d = decideThrottle({ accountFailures: 9, addressFailures: 50, oldestRelevantFailure: minutesAgo(1), now });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toBe("account");
  });

  it("counts retry-after from the oldest failure in the window, rounded up", () => {
    const oldest = new Date(now.getTime() - (3 * 60_000 + 500));
    const d = decideThrottle({ accountFailures: 5, addressFailures: 0, oldestRelevantFailure: oldest, now });
    // 15 min - 3 min 0.5 s = 11 min 59.5 s -> 720 s
    expect(d).toMatchObject({ allowed: false, retryAfterSeconds: 720 });
  });

  it("waits the whole window when the oldest failure is unknown", () => {
    const d = decideThrottle({ accountFailures: 5, addressFailures: 0, oldestRelevantFailure: null, now });
    expect(d).toMatchObject({ allowed: false, retryAfterSeconds: 15 * 60 });
  });

  it("never asks to wait less than a second, even at the window's edge", () => {
    for (const oldest of [minutesAgo(15), minutesAgo(16)]) {
      const d = decideThrottle({ accountFailures: 5, addressFailures: 0, oldestRelevantFailure: oldest, now });
      expect(d).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    }
  });
});
