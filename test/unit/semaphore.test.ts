import { Semaphore, SemaphoreFullError, SemaphoreWaitAbortedError } from "../../app/domain/semaphore";

const settled = async <T>(p: Promise<T>) => {
  let state: "pending" | "fulfilled" | "rejected" = "pending";
  p.then(
    () => (state = "fulfilled"),
    () => (state = "rejected"),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe("Semaphore", () => {
  it("gives out at most `limit` slots; the rest wait in line, first come first served", async () => {
    const s = new Semaphore(2, 3);
    const a = await s.acquire();
    const b = await s.acquire();
    expect(s.active).toBe(2);
    const order: string[] = [];
    const c = s.acquire().then((r) => (order.push("c"), r));
    const d = s.acquire().then((r) => (order.push("d"), r));
    expect(s.waiting).toBe(2);
    expect(await settled(c)).toBe("pending");
    a();
    const rc = await c;
    expect(order).toEqual(["c"]);
    // the freed slot passed to c: still two holders, d still waiting
    expect(s.active).toBe(2);
    expect(s.waiting).toBe(1);
    b();
    const rd = await d;
    expect(order).toEqual(["c", "d"]);
    rc();
    rd();
    expect(s.active).toBe(0);
    expect(s.waiting).toBe(0);
  });

  it("turns callers away at once when the waiting line is full", async () => {
    const s = new Semaphore(1, 1);
    const held = await s.acquire();
    const queued = s.acquire();
    await expect(s.acquire()).rejects.toBeInstanceOf(SemaphoreFullError);
    expect(s.tryAcquire()).toBeNull();
    held();
    (await queued)();
    expect(s.active).toBe(0);
  });

  it("with no waiting line, refuses as soon as every slot is taken", async () => {
    const s = new Semaphore(1, 0);
    const held = s.tryAcquire()!;
    await expect(s.acquire()).rejects.toBeInstanceOf(SemaphoreFullError);
    held();
    expect(s.tryAcquire()).not.toBeNull();
  });

  it("a caller that gives up leaves the line and never receives a slot", async () => {
    const s = new Semaphore(1, 2);
    const held = await s.acquire();
    const giveUp = new AbortController();
    const impatient = s.acquire(giveUp.signal);
    const patient = s.acquire();
    giveUp.abort("too long");
    await expect(impatient).rejects.toBeInstanceOf(SemaphoreWaitAbortedError);
    expect(s.waiting).toBe(1);
    held();
    (await patient)();
    expect(s.active).toBe(0);
    // an already-aborted signal is refused without queueing
    await expect(s.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(SemaphoreWaitAbortedError);
    expect(s.waiting).toBe(0);
  });

  it("releasing twice frees one slot only", async () => {
    const s = new Semaphore(1, 5);
    const r = await s.acquire();
    const next = s.acquire();
    const after = s.acquire();
    r();
    r();
    await next;
    expect(await settled(after)).toBe("pending");
    expect(s.active).toBe(1);
  });

  it("refuses a nonsensical size", () => {
    expect(() => new Semaphore(0, 1)).toThrow(RangeError);
    expect(() => new Semaphore(1, -1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5, 1)).toThrow(RangeError);
  });
});
