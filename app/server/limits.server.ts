// Work that can cost a lot of memory or CPU (decoding photos, drawing inspection reports) runs
// through a per-process limit: a few at a time, a short bounded waiting line, and a time limit.
// A request that finds it full, or waits too long, gets "busy, try again in a moment" (503 with
// Retry-After) instead of piling up; one that runs too long gets a clear error instead of a hung
// connection. The slot is held until the work really stops, so a timed-out job still counts.
import type { Release, Semaphore } from "../domain/semaphore";

export interface Limit {
  semaphore: Semaphore;
  /** how long a caller waits for a slot before being told the server is busy */
  waitMs: number;
  /** how long the work may run before the caller gets a TimeLimitError */
  timeLimitMs: number;
  /** what a caller is told when no slot came free in time */
  busyMessage: string;
  /** what a caller is told when the work ran past its time limit */
  timeoutMessage: string;
  retryAfterSeconds: number;
}

/** No slot came free in time: answer 503 with Retry-After. */
export class BusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "BusyError";
  }
}

/** The work ran past its time limit: answer 503 with Retry-After; the work is told to stop. */
export class TimeLimitError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "TimeLimitError";
  }
}

declare global {
  // one set of limits per process, even when the server build is loaded twice (dev rebuilds, tests)
  var __portalLimits: Map<string, Limit> | undefined;
}

/** The process's limit called `name`, made on first use. */
export function processLimit(name: string, make: () => Limit): Limit {
  globalThis.__portalLimits ??= new Map();
  let limit = globalThis.__portalLimits.get(name);
  if (!limit) {
    limit = make();
    globalThis.__portalLimits.set(name, limit);
  }
  return limit;
}

/**
 * Runs `work` inside the limit. `work` gets a signal that fires at the time limit: it should check
 * it between steps and stop. Throws BusyError or TimeLimitError.
 */
export async function runLimited<T>(limit: Limit, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let release: Release;
  try {
    release = await limit.semaphore.acquire(AbortSignal.timeout(limit.waitMs));
  } catch {
    // acquire fails only when the line is full or the wait ran out (SemaphoreFullError,
    // SemaphoreWaitAbortedError); not tested with instanceof, as the semaphore may come from
    // another copy of this code (the seed's, a test's) sharing the process's limits
    throw new BusyError(limit.busyMessage, limit.retryAfterSeconds);
  }
  const stop = new AbortController();
  const running = Promise.resolve()
    .then(() => work(stop.signal))
    .finally(release);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeLimitError(limit.timeoutMessage, limit.retryAfterSeconds);
      stop.abort(error);
      reject(error);
    }, limit.timeLimitMs);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws the signal's reason when it has fired: call between steps of limited work. */
export function checkNotStopped(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("Stopped");
}
