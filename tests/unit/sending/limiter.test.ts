import { beforeEach, describe, expect, it } from "vitest";
import {
  createKvLimiterStore,
  createMemoryLimiterStore,
  createRateLimiter,
  DEFAULT_MARGIN_MS,
  type LimiterStore,
} from "../../../utils/sending/limiter";
import { createVirtualClock, maxInWindow, maxPerSecondBucket, resetDb, type VirtualClock } from "./helpers";

const SPAN = 1000 + DEFAULT_MARGIN_MS;

/** Starts `n` acquires at once and records, in order of resolution, which one started when. */
async function acquireAll(clock: VirtualClock, limiter: ReturnType<typeof createRateLimiter>, n: number) {
  const starts: { index: number; at: number }[] = [];
  const all = Array.from({ length: n }, (_, index) =>
    // Each request is answered at once: its settle comes in the same tick as its start.
    limiter.acquire().then((settle) => {
      starts.push({ index, at: clock.now() });
      settle();
    }),
  );
  await clock.run(Promise.all(all));
  return starts;
}

describe("createRateLimiter", () => {
  let clock: VirtualClock;
  let store: LimiterStore;
  const makeLimiter = () => createRateLimiter({ now: clock.now, sleep: clock.sleep, store });

  beforeEach(() => {
    clock = createVirtualClock();
    store = createMemoryLimiterStore();
  });

  it("lets 11 simultaneous requests start no more than 5 per window, in call order", async () => {
    const starts = await acquireAll(clock, makeLimiter(), 11);
    const times = starts.map((s) => s.at);

    expect(starts.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(maxInWindow(times, SPAN)).toBe(5);
    expect(maxPerSecondBucket(times)).toBeLessThanOrEqual(5);
    // Not slower than needed: the 6th and 11th wait exactly one and two windows.
    expect(times[5]).toBe((times[0] ?? 0) + SPAN);
    expect(times[10]).toBe((times[0] ?? 0) + 2 * SPAN);
  });

  it.each([1, 3, 5, 6, 10])(
    "keeps the rule for %i requests per second, whatever the offset",
    async (limit) => {
      clock.set(clock.now() + 937);
      const limiter = createRateLimiter({ limit, now: clock.now, sleep: clock.sleep, store });
      const times = (await acquireAll(clock, limiter, 4 * limit + 1)).map((s) => s.at);
      expect(maxInWindow(times, SPAN)).toBe(limit);
      expect(maxPerSecondBucket(times)).toBeLessThanOrEqual(limit);
    },
  );

  it("remembers recent starts across a worker restart", async () => {
    const before = (await acquireAll(clock, makeLimiter(), 5)).map((s) => s.at);
    clock.set(clock.now() + 300);

    const after = (await acquireAll(clock, makeLimiter(), 5)).map((s) => s.at);

    expect(maxInWindow([...before, ...after], SPAN)).toBe(5);
    expect(after[0]).toBe((before[0] ?? 0) + SPAN);
  });

  it("runs each request's window from its answer, since the server may count it that late", async () => {
    const limiter = makeLimiter();
    const settles = await clock.run(Promise.all(Array.from({ length: 5 }, () => limiter.acquire())));
    const t0 = clock.now();
    const sixth = limiter.acquire().then((settle) => {
      settle();
      return clock.now();
    });
    await clock.run(clock.sleep(300));
    for (const settle of settles) settle();

    expect(await clock.run(sixth)).toBe(t0 + 300 + SPAN);
  });

  it("frees a slot at once for a request that never reached the server", async () => {
    const limiter = makeLimiter();
    const [first] = await clock.run(Promise.all([limiter.acquire()]));
    first?.();
    const t0 = clock.now();
    const times = (await acquireAll(clock, limiter, 4)).map((s) => s.at);
    expect(times).toEqual([t0, t0, t0, t0]);
  });

  it("starts nothing before a pause ends, also after a restart", async () => {
    const first = makeLimiter();
    (await clock.run(first.acquire()))();
    const resumeAt = clock.now() + 5_000;
    await clock.run(first.pauseUntil(resumeAt));

    const restarted = makeLimiter();
    const times = (await acquireAll(clock, restarted, 6)).map((s) => s.at);

    expect(Math.min(...times)).toBe(resumeAt);
    expect(maxInWindow(times, SPAN)).toBe(5);
  });

  it("holds back a request that is already waiting when a pause arrives", async () => {
    const limiter = makeLimiter();
    const t0 = clock.now();
    await acquireAll(clock, limiter, 5);
    const waiting = limiter.acquire().then((settle) => {
      settle();
      return clock.now();
    });
    await limiter.pauseUntil(t0 + 10_000);
    expect(await clock.run(waiting)).toBe(t0 + 10_000);
  });

  it("a pause that has passed does not slow anything down", async () => {
    const limiter = makeLimiter();
    await limiter.pauseUntil(clock.now() - 1);
    const times = (await acquireAll(clock, limiter, 5)).map((s) => s.at);
    expect(new Set(times)).toEqual(new Set([clock.now()]));
  });

  it("waits at most the longest pause when stored times lie far ahead (the clock was set back)", async () => {
    const t0 = clock.now();
    store = createMemoryLimiterStore(Array.from({ length: 5 }, () => t0 + 24 * 3_600_000));
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, store, maxPauseMs: 60_000 });
    const times = (await acquireAll(clock, limiter, 1)).map((s) => s.at);
    expect(times[0]).toBe(t0 + 60_000);
  });

  it("caps a pause at the longest pause", async () => {
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, store, maxPauseMs: 60_000 });
    const t0 = clock.now();
    await limiter.pauseUntil(t0 + 3_600_000);
    const times = (await acquireAll(clock, limiter, 1)).map((s) => s.at);
    expect(times[0]).toBe(t0 + 60_000);
  });
});

describe("createKvLimiterStore", () => {
  beforeEach(resetDb);

  it("keeps the start times in the database", async () => {
    await createKvLimiterStore().save([1, 2, 3]);
    expect(await createKvLimiterStore().load()).toEqual([1, 2, 3]);
  });

  it("reads nothing (not an error) when the stored value is missing", async () => {
    expect(await createKvLimiterStore().load()).toEqual([]);
  });

  it("serves a restarted limiter from the database", async () => {
    const clock = createVirtualClock();
    const make = () =>
      createRateLimiter({ now: clock.now, sleep: clock.sleep, store: createKvLimiterStore() });
    const before = (await acquireAll(clock, make(), 5)).map((s) => s.at);
    const after = (await acquireAll(clock, make(), 1)).map((s) => s.at);
    expect(after[0]).toBe((before[0] ?? 0) + SPAN);
  });
});
