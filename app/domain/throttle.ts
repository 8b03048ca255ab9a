// Login throttling rules. Pure: counts come from the database, the decision is made here.
export const THROTTLE = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: "account" | "address" };

export function decideThrottle(counts: {
  accountFailures: number;
  addressFailures: number;
  oldestRelevantFailure: Date | null;
  now: Date;
}): ThrottleDecision {
  const overAccount = counts.accountFailures >= THROTTLE.maxFailuresPerAccount;
  const overAddress = counts.addressFailures >= THROTTLE.maxFailuresPerAddress;
  if (!overAccount && !overAddress) return { allowed: true };
  const windowMs = THROTTLE.windowMinutes * 60_000;
  const oldest = counts.oldestRelevantFailure?.getTime() ?? counts.now.getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest + windowMs - counts.now.getTime()) / 1000));
  return { allowed: false, retryAfterSeconds, reason: overAccount ? "account" : "address" };
}
