import { Semaphore } from "../../app/domain/semaphore";
import { BusyError, checkNotStopped, runLimited, TimeLimitError, type Limit } from "../../app/server/limits.server";

const limit = (over: Partial<Limit> = {}): Limit => ({
  semaphore: new Semaphore(1, 1),
  waitMs: 50,
  timeLimitMs: 1000,
  busyMessage: "busy, try again",
  timeoutMessage: "too slow, try again",
  retryAfterSeconds: 7,
  ...over,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runLimited", () => {
  it("runs the work and frees the slot afterwards, also when the work fails", async () => {
    const l = limit();
    expect(await runLimited(l, async () => 42)).toBe(42);
    expect(l.semaphore.active).toBe(0);
    await expect(runLimited(l, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(l.semaphore.active).toBe(0);
  });

  it("a caller that cannot get a slot within waitMs is told the server is busy", async () => {
    const l = limit({ waitMs: 30 });
    const held = l.semaphore.tryAcquire()!;
    const started = Date.now();
    const err = await runLimited(l, async () => 1).catch((e) => e);
    expect(err).toBeInstanceOf(BusyError);
    expect(err).toMatchObject({ message: "busy, try again", retryAfterSeconds: 7 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    held();
  });

  it("a caller finding the waiting line full is told at once", async () => {
    const l = limit({ waitMs: 10_000, semaphore: new Semaphore(1, 0) });
    const held = l.semaphore.tryAcquire()!;
    const started = Date.now();
    await expect(runLimited(l, async () => 1)).rejects.toBeInstanceOf(BusyError);
    expect(Date.now() - started).toBeLessThan(1000);
    held();
  });

  it("a waiting caller runs as soon as a slot frees", async () => {
    const l = limit({ waitMs: 2000 });
    const held = l.semaphore.tryAcquire()!;
    setTimeout(held, 20);
    expect(await runLimited(l, async () => "ran")).toBe("ran");
  });

  it("work past its time limit gets a TimeLimitError, is told to stop, and holds its slot until it does", async () => {
    const l = limit({ timeLimitMs: 40, semaphore: new Semaphore(1, 0) });
    let sawStop = false;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const started = Date.now();
    const err = await runLimited(l, async (signal) => {
      signal.addEventListener("abort", () => (sawStop = true));
      while (!signal.aborted) await sleep(5);
      await sleep(30);
      finish();
      checkNotStopped(signal);
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TimeLimitError);
    expect(err).toMatchObject({ message: "too slow, try again", retryAfterSeconds: 7 });
    expect(Date.now() - started).toBeLessThan(1000);
    // the work has been told and is winding down: its slot is not handed out before it ends
    expect(sawStop).toBe(true);
    expect(l.semaphore.active).toBe(1);
    await finished;
    await sleep(5);
    expect(l.semaphore.active).toBe(0);
  });
});
