// A counting semaphore with a bounded waiting line: at most `limit` holders at once, at most
// `maxWaiting` callers queued behind them (first come, first served); anyone beyond that is turned
// away at once instead of piling up. Pure: no timers and no I/O; a caller that will only wait so
// long passes an AbortSignal.

export type Release = () => void;

/** The waiting line is full: the caller should be told to come back shortly. */
export class SemaphoreFullError extends Error {
  constructor() {
    super("All slots are taken and the waiting line is full.");
    this.name = "SemaphoreFullError";
  }
}

/** The caller's signal fired while it was still waiting for a slot. */
export class SemaphoreWaitAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super("Gave up waiting for a slot.");
    this.name = "SemaphoreWaitAbortedError";
  }
}

interface Waiter {
  grant: (release: Release) => void;
}

export class Semaphore {
  private holders = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a whole number of at least 1");
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError("maxWaiting must be a whole number of at least 0");
  }

  /** How many hold a slot now. */
  get active(): number {
    return this.holders;
  }

  /** How many are waiting for one. */
  get waiting(): number {
    return this.queue.length;
  }

  /** A slot now, or null when all are taken (never waits). */
  tryAcquire(): Release | null {
    if (this.holders >= this.limit) return null;
    this.holders++;
    return this.releaser();
  }

  /**
   * A slot as soon as one is free. Rejects with SemaphoreFullError when the waiting line is full,
   * and with SemaphoreWaitAbortedError when `signal` fires before a slot came free.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new SemaphoreWaitAbortedError(signal.reason));
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    if (this.queue.length >= this.maxWaiting) return Promise.reject(new SemaphoreFullError());
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new SemaphoreWaitAbortedError(signal!.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** A release that works once: calling it again does not free a second slot. */
  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // the slot passes straight to the next in line, so nobody can jump the queue in between
      if (next) next.grant(this.releaser());
      else this.holders--;
    };
  }
}
