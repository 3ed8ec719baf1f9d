import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  BASE_MARGIN_MS,
  createMemoryLimiterStore,
  createRateLimiter,
  FORGET_SHARE_AFTER_MS,
  type LimiterStore,
  MIN_MARGIN_MS,
  PROBE_CONFIRM_MS,
  PROBE_MAX_MS,
  PROBE_MIN_MS,
  type RateLimiter,
  SHARING_JITTER_MS,
  type SlotOutcome,
} from "../../../utils/sending/limiter";
import { createVirtualClock, maxInWindow, type VirtualClock } from "./helpers";
import { simulateOffice, take } from "./office-sim";

describe("createRateLimiter: pace by departure", () => {
  let clock: VirtualClock;
  let store: LimiterStore;
  const makeLimiter = (extra: Parameters<typeof createRateLimiter>[0] = {}) =>
    createRateLimiter({ now: clock.now, sleep: clock.sleep, store, random: () => 0.5, ...extra });

  beforeEach(() => {
    clock = createVirtualClock();
    store = createMemoryLimiterStore();
  });

  /** `n` requests in a row, each answered after `latencyMs`; the departure times. */
  async function departures(limiter: RateLimiter, n: number, latencyMs: number) {
    const times: number[] = [];
    const answers: Promise<void>[] = [];
    const run = async () => {
      for (let i = 0; i < n; i++) {
        const slot = await take(limiter);
        times.push(slot.departedAt);
        answers.push(clock.sleep(latencyMs).then(() => slot.settle("answered")));
      }
      await Promise.all(answers);
    };
    await clock.run(run());
    return times;
  }

  it("spaces a run's requests evenly from the first, 5 per window, without waiting for the first answer", async () => {
    const times = await departures(makeLimiter(), 21, 300);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Evenly: a fifth of the window + margin (the round trip, capped at the base margin).
    for (const gap of gaps) expect(gap).toBeCloseTo((1000 + BASE_MARGIN_MS) / 5, 6);
    expect(maxInWindow(times, 1000 + BASE_MARGIN_MS)).toBe(5);
  });

  it("hands a slot out early by the caller's own work before departure, so that work does not slow the pace; the request still leaves on time", async () => {
    const limiter = makeLimiter();
    // The engine's write before a request leaves (its departure record in IndexedDB) takes 120 ms here.
    const times = await clock.run(
      (async () => {
        const list: number[] = [];
        for (let i = 0; i < 21; i++) {
          const slot = await limiter.acquire();
          await clock.sleep(120);
          await slot.depart();
          list.push(slot.departedAt);
          void clock.sleep(300).then(() => slot.settle("answered"));
        }
        return list;
      })(),
    );
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // The grid's own gap, as without the write (handed out 120 ms early, each write overlaps the wait).
    for (const gap of gaps) expect(gap).toBeCloseTo((1000 + BASE_MARGIN_MS) / 5, 6);
    expect(maxInWindow(times, 1000 + BASE_MARGIN_MS)).toBe(5);
  });

  it("counts a request's window from its answer when it came before departure + margin: a fast server is not paced for a slow one", async () => {
    const times = await departures(makeLimiter(), 51, 20);
    const duration = (times.at(-1) ?? 0) - (times[0] ?? 0);
    // 50 gaps of a fifth of (1 s + the 20 ms round trip) after the first, which knows no round trip yet.
    expect(duration).toBeLessThanOrEqual((1000 + BASE_MARGIN_MS) / 5 + (49 * (1000 + 20)) / 5 + 1e-6);
    // Every request left a whole window after the answer to the fifth before it.
    for (let i = 5; i < times.length; i++)
      expect((times[i] ?? 0) - ((times[i - 5] ?? 0) + 20)).toBeGreaterThanOrEqual(1000);
  });

  it("keeps the pace whatever the server's answer time: a slow API is not a slow queue", async () => {
    const fast = await departures(makeLimiter(), 51, 5);
    clock = createVirtualClock();
    store = createMemoryLimiterStore();
    const slow = await departures(makeLimiter(), 51, 900);
    const duration = (times: number[]) => (times.at(-1) ?? 0) - (times[0] ?? 0);
    // 50 gaps of a fifth of (1 s + margin): the margin is capped, so a 0.9 s answer costs 10 % at most.
    expect(duration(fast)).toBeLessThan(10 * (1000 + MIN_MARGIN_MS) + 10);
    expect(duration(slow)).toBeLessThan(10 * (1000 + BASE_MARGIN_MS) + 900);
    expect(duration(slow) / duration(fast)).toBeLessThan(1.2);
    // With several answers awaited at once: more than 5 in flight is fine, more than 5 leaving per window is not.
    expect(maxInWindow(slow, 1000)).toBeLessThanOrEqual(5);
  });

  it("widens its margin by 50 ms at a 429 and narrows it by 1 ms per clean answer, never below the base", async () => {
    const limiter = makeLimiter();
    /** One request answered `fate` after 300 ms: longer than the margin's cap, so the margin is the cap. */
    const send = (fate: "answered" | "rateLimited") =>
      clock.run(
        (async () => {
          const slot = await take(limiter);
          await clock.sleep(300);
          slot.settle(fate);
        })(),
      );
    await send("answered");
    expect(limiter.snapshot().marginMs).toBe(BASE_MARGIN_MS);
    await send("rateLimited");
    expect(limiter.snapshot().marginMs).toBe(BASE_MARGIN_MS + 50);
    for (let i = 0; i < 20; i++) await send("answered");
    expect(limiter.snapshot().marginMs).toBe(BASE_MARGIN_MS + 30);
    for (let i = 0; i < 40; i++) await send("answered");
    expect(limiter.snapshot().marginMs).toBe(BASE_MARGIN_MS);
  });

  it("keeps its windows on a clock the wall clock does not move: set forward an hour, no burst", async () => {
    // The default clock, as in the worker; the wall clock jumps after the first five requests.
    const limiter = createRateLimiter({ store, random: () => 0.5 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await take(limiter);
      times.push(performance.now());
    }
    const wall = vi
      .spyOn(Date, "now")
      .mockImplementation(() => performance.timeOrigin + performance.now() + 3_600_000);
    try {
      await take(limiter);
      times.push(performance.now());
    } finally {
      wall.mockRestore();
    }
    // The sixth waits for the first to leave the window, as without the jump (real time elapsed).
    expect((times[5] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("counts a request whose connection failed: it may have reached the server", async () => {
    const limiter = makeLimiter();
    const times: number[] = [];
    await clock.run(
      (async () => {
        for (let i = 0; i < 11; i++) {
          const slot = await take(limiter);
          times.push(slot.departedAt);
          slot.settle("noAnswer");
        }
      })(),
    );
    expect(maxInWindow(times, 1000 + BASE_MARGIN_MS)).toBe(5);
  });

  it("after a worker restart mid-send, sends the first request alone and counts the dead worker's requests as arrived by its answer", async () => {
    await departures(makeLimiter(), 4, 10);
    const restarted = makeLimiter();
    const { solo, soloAnsweredAt, next } = await clock.run(
      (async () => {
        const first = await take(restarted);
        const answered = clock.sleep(50).then(() => {
          first.settle("answered");
          return clock.now();
        });
        // The next one waits for the solo answer, whatever the grid says.
        const list = [];
        for (let i = 0; i < 3; i++) {
          const slot = await take(restarted);
          slot.settle("answered");
          list.push(slot.departedAt);
        }
        return { solo: first.departedAt, soloAnsweredAt: await answered, next: list };
      })(),
    );
    expect(next[0]).toBeGreaterThanOrEqual(soloAnsweredAt);
    expect(soloAnsweredAt - solo).toBe(50);
    // The dead worker's 4 requests, the solo one and this worker's first take the window: the browser may
    // have let the dead worker's requests go only when this one started.
    expect((next[1] ?? 0) - soloAnsweredAt).toBeGreaterThanOrEqual(1000);
  });

  it("does not send alone after a restart when the dead worker's last request is long gone", async () => {
    await departures(makeLimiter(), 4, 10);
    await clock.run(clock.sleep(5_000));
    const restarted = makeLimiter();
    const times = await departures(restarted, 3, 300);
    // The second does not wait for the first's answer (300 ms): it leaves a gap later.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeCloseTo((1000 + BASE_MARGIN_MS) / 5, 6);
  });

  it("remembers recent departures across a worker restart: no burst after it", async () => {
    await departures(makeLimiter(), 6, 10);
    const restarted = makeLimiter();
    const before = clock.now();
    const next = await clock.run(take(restarted));
    expect(next.departedAt).toBeGreaterThan(before);
  });

  it("reads a dead worker's departures right although the new worker's own clock has another origin", async () => {
    await departures(makeLimiter(), 6, 10);
    const lastBefore = clock.now();
    // The restarted worker's monotonic clock runs 5 s ahead of the dead one's; both share the wall clock.
    const offset = -5_000;
    const restarted = createRateLimiter({
      now: () => clock.now() - offset,
      wallNow: clock.now,
      sleep: clock.sleep,
      store,
      random: () => 0.5,
    });
    const next = await clock.run(take(restarted));
    // On the wall clock it leaves no sooner than the old worker's rule allows: not at once.
    expect(next.departedAt + offset).toBeGreaterThan(lastBefore);
  });

  it("takes stored times from ahead of now (the clock was set back) as now, instead of stalling", async () => {
    const ahead = clock.now() + 3_600_000;
    store = createMemoryLimiterStore({
      departures: [ahead, ahead, ahead, ahead, ahead],
      share: 5,
      probeEveryMs: 1000,
      nextProbeAt: 0,
      marginCapMs: 100,
      pausedUntil: 0,
      lastReactionAt: 0,
    });
    const start = clock.now();
    const slot = await clock.run(take(makeLimiter()));
    expect(slot.departedAt - start).toBeLessThanOrEqual(1000 + BASE_MARGIN_MS);
  });

  it("reads the store again after a failed read instead of keeping the failure", async () => {
    let reads = 0;
    const flaky: LimiterStore = {
      load: async () => {
        reads++;
        if (reads === 1) throw new Error("storage unavailable");
        return store.load();
      },
      save: (state) => store.save(state),
    };
    const limiter = makeLimiter({ store: flaky });
    const first = await clock.run(take(limiter));
    first.settle("answered");
    await clock.run(take(limiter));
    expect(reads).toBe(2);
  });

  /** 31 requests answered after `latencyMs`; the one numbered `late` is held up `delayMs` before it leaves. */
  async function heldUpOnce(late: number, delayMs: number, latencyMs = 10) {
    const limiter = makeLimiter();
    const answers: Promise<void>[] = [];
    return clock.run(
      (async () => {
        const list: number[] = [];
        for (let i = 0; i < 31; i++) {
          const slot = await limiter.acquire();
          if (i === late) await clock.sleep(delayMs);
          await slot.depart();
          answers.push(clock.sleep(latencyMs).then(() => slot.settle("answered")));
          list.push(slot.departedAt);
        }
        await Promise.all(answers);
        return list;
      })(),
    );
  }

  it("lets the requests after one held up by the worker close up, down to half a gap, instead of carrying its delay", async () => {
    const onTime = await heldUpOnce(-1, 0);
    clock = createVirtualClock();
    store = createMemoryLimiterStore();
    const times = await heldUpOnce(12, 150);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    const duration = (list: number[]) => (list.at(-1) ?? 0) - (list[0] ?? 0);
    expect(gaps[11]).toBeGreaterThanOrEqual(150);
    const halfGap = (1000 + 10) / 5 / 2;
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(halfGap - 1e-6);
    // Only the late request's own place in the window is lost, not 150 ms for every request after it.
    expect(duration(times) - duration(onTime)).toBeLessThan(150 / 2);
    // Never more than 5 within a window + the round trip.
    for (let i = 5; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 5] ?? 0)).toBeGreaterThanOrEqual(1010 - 1e-6);
  });

  it("does not close up while the requests it would follow still await their answers: the even gap absorbs a slow trip", async () => {
    const times = await heldUpOnce(12, 150, 600);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    const fullGap = (1000 + BASE_MARGIN_MS) / 5;
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(fullGap - 1e-6);
  });

  it("starts the grid again after a hold instead of making up for it", async () => {
    const limiter = makeLimiter();
    const gap = (1000 + BASE_MARGIN_MS) / 5;
    const times = await clock.run(
      (async () => {
        const list: number[] = [];
        for (let i = 0; i < 4; i++) {
          if (i === 2) await limiter.pauseUntil(clock.now() + 700);
          const slot = await take(limiter);
          slot.settle("noAnswer");
          list.push(slot.departedAt);
        }
        return list;
      })(),
    );
    expect((times[3] ?? 0) - (times[2] ?? 0)).toBeCloseTo(gap, 6);
  });

  it("stamps a departure after its write, when the request really leaves: a slow write does not shorten the window", async () => {
    const memory = createMemoryLimiterStore();
    let writes = 0;
    // Every write of a departure takes 150 ms (a busy worker); the answers' writes are not awaited.
    const slow: LimiterStore = {
      load: () => memory.load(),
      save: async (state) => {
        writes++;
        await clock.sleep(150);
        await memory.save(state);
      },
    };
    const limiter = makeLimiter({ store: slow });
    const { called, slots } = await clock.run(
      (async () => {
        const calledAt: number[] = [];
        const list = [];
        for (let i = 0; i < 6; i++) {
          const slot = await limiter.acquire();
          calledAt.push(clock.now());
          await slot.depart();
          list.push(slot);
        }
        return { called: calledAt, slots: list };
      })(),
    );
    expect(writes).toBeGreaterThanOrEqual(6);
    for (const [i, slot] of slots.entries()) expect(slot.departedAt - (called[i] ?? 0)).toBe(150);
    // The sixth counts its window from the first's real departure.
    expect((slots[5]?.departedAt ?? 0) - (slots[0]?.departedAt ?? 0)).toBeGreaterThanOrEqual(
      1000 + BASE_MARGIN_MS,
    );
  });

  it("holds every departure until a pause ends", async () => {
    const limiter = makeLimiter();
    await clock.run(limiter.pauseUntil(clock.now() + 4_000));
    const start = clock.now();
    const slot = await clock.run(take(limiter));
    expect(slot.departedAt - start).toBe(4_000);
  });
});

describe("createRateLimiter: sharing one IP", () => {
  let clock: VirtualClock;
  beforeEach(() => {
    clock = createVirtualClock();
  });

  const newLimiter = (random: () => number) =>
    createRateLimiter({ now: clock.now, sleep: clock.sleep, store: createMemoryLimiterStore(), random });

  /** A limiter with no random hold whose second request got a 429 (the first's was answered): share 2. */
  async function halvedByOne429() {
    const limiter = newLimiter(() => 0);
    (await clock.run(take(limiter))).settle("answered");
    (await clock.run(take(limiter))).settle("rateLimited");
    expect(limiter.snapshot().share).toBe(2);
    return limiter;
  }

  it("halves its share once per congestion event and holds a random part of a window", async () => {
    const limiter = newLimiter(() => 0.9);
    const slots = await clock.run(
      (async () => {
        const list = [];
        for (let i = 0; i < 4; i++) {
          const slot = await take(limiter);
          if (i === 0) slot.settle("answered");
          list.push(slot);
        }
        return list;
      })(),
    );
    const at = clock.now();
    // Three 429s of requests that all left before the reaction: one event, one halving.
    for (const slot of slots.slice(1)) slot.settle("rateLimited");
    expect(limiter.snapshot().share).toBe(2);
    const next = await clock.run(take(limiter));
    expect(next.departedAt - at).toBeGreaterThanOrEqual(0.9 * 1000);
  });

  /**
   * Sends requests answered at once until the first one of a probe for one more slot (it follows the one
   * before it closer than the share's gap), or until `untilMs` has passed. `fate` answers each request.
   */
  async function untilProbe(
    limiter: RateLimiter,
    untilMs = 20_000,
    fate: (probing: boolean) => SlotOutcome = () => "answered",
  ) {
    const at = clock.now();
    return clock.run(
      (async () => {
        let last: number | undefined;
        while (clock.now() - at < untilMs) {
          const gap = 1000 / limiter.snapshot().share;
          const slot = await take(limiter);
          const probing = last !== undefined && slot.departedAt - last < 0.75 * gap;
          slot.settle(fate(probing));
          if (probing) return { probedAfter: (last ?? 0) - at, share: limiter.snapshot().share };
          last = slot.departedAt;
        }
        return { probedAfter: Number.POSITIVE_INFINITY, share: limiter.snapshot().share };
      })(),
    );
  }

  /** A limiter on `store` whose share two congestion events brought down to one slot. */
  async function crowdedToOne(store = createMemoryLimiterStore()) {
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, store, random: () => 0 });
    (await clock.run(take(limiter))).settle("answered");
    (await clock.run(take(limiter))).settle("rateLimited");
    (await clock.run(take(limiter))).settle("rateLimited");
    expect(limiter.snapshot().share).toBe(1);
    return limiter;
  }

  /** Time 30 requests answered at once take from now. */
  async function thirtyRequests(limiter: RateLimiter) {
    const start = clock.now();
    await clock.run(
      (async () => {
        for (let i = 0; i < 30; i++) (await take(limiter)).settle("answered");
      })(),
    );
    return clock.now() - start;
  }

  it("forgets a share learned more than a minute ago: an import sent alone after a crowded morning runs at the full pace", async () => {
    const fresh = await thirtyRequests(newLimiter(() => 0));
    clock = createVirtualClock();
    const limiter = await crowdedToOne();
    clock.set(clock.now() + 10 * 60_000);
    // The usage panel shows the full share again before anything is sent.
    expect(limiter.snapshot().share).toBe(5);
    // 3,000 leads at the full pace (about 6 s), not at one slot climbing back by probes (13 s before).
    expect(await thirtyRequests(limiter)).toBeLessThanOrEqual(fresh + 100);
  });

  it("keeps the share through a pause shorter than a minute: the office that taught it is still there", async () => {
    const limiter = await crowdedToOne();
    clock.set(clock.now() + FORGET_SHARE_AFTER_MS - 5_000);
    expect(limiter.snapshot().share).toBe(1);
    const slot = await clock.run(take(limiter));
    slot.settle("answered");
    expect(limiter.snapshot().share).toBe(1);
  });

  it("forgets it in a new worker too, when the stored requests are over a minute old, and keeps it when they are recent", async () => {
    const store = createMemoryLimiterStore();
    await crowdedToOne(store);
    const restarted = () => createRateLimiter({ now: clock.now, sleep: clock.sleep, store, random: () => 0 });
    clock.set(clock.now() + 5_000);
    const soon = restarted();
    (await clock.run(take(soon))).settle("answered");
    expect(soon.snapshot().share).toBe(1);
    clock.set(clock.now() + 10 * 60_000);
    const later = restarted();
    (await clock.run(take(later))).settle("answered");
    expect(later.snapshot().share).toBe(5);
  });

  it("probes sooner at a smaller share: the small shares climb back before the large ones grow", async () => {
    const atTwo = await halvedByOne429();
    const fromTwo = await untilProbe(atTwo);
    clock = createVirtualClock();
    const atOne = await halvedByOne429();
    // A second congestion event: 2 → 1.
    (await clock.run(take(atOne))).settle("rateLimited");
    expect(atOne.snapshot().share).toBe(1);
    const fromOne = await untilProbe(atOne);
    // 1.5 s at a share of 1, twice that at 2 (the request before the probe left up to a gap earlier).
    expect(fromOne.probedAfter).toBeGreaterThanOrEqual(PROBE_MIN_MS - 1000);
    expect(fromOne.probedAfter).toBeLessThan(2 * PROBE_MIN_MS - 500);
    expect(fromTwo.probedAfter).toBeGreaterThanOrEqual(2 * PROBE_MIN_MS - 500);
  });

  it("waits twice as long after its own probe failed, but not after a 429 another browser's probe caused", async () => {
    const limiter = await halvedByOne429();
    // Its probe for a third slot is answered 429: the share goes back to 2 and the next probe waits 2 × 3 s.
    const failed = await untilProbe(limiter, 20_000, (probing) => (probing ? "rateLimited" : "answered"));
    expect(failed.share).toBe(2);
    const next = await untilProbe(limiter);
    expect(next.probedAfter).toBeGreaterThanOrEqual(2 * 2 * PROBE_MIN_MS - 500);
    // A 429 outside a probe (another browser took the slot): halved, and the wait starts again from 1.5 s.
    clock = createVirtualClock();
    const crowded = await halvedByOne429();
    (await clock.run(take(crowded))).settle("rateLimited");
    expect((await untilProbe(crowded)).probedAfter).toBeLessThan(2 * PROBE_MIN_MS - 500);
  });

  it("while sharing the IP lets each request leave up to 150 ms late at random, so that 429s fall in proportion to what each browser sends", async () => {
    const gaps = async (random: () => number) => {
      clock = createVirtualClock();
      const limiter = newLimiter(random);
      (await clock.run(take(limiter))).settle("answered");
      (await clock.run(take(limiter))).settle("rateLimited");
      const times = await clock.run(
        (async () => {
          const list: number[] = [];
          for (let i = 0; i < 4; i++) {
            const slot = await take(limiter);
            slot.settle("answered");
            list.push(slot.departedAt);
          }
          return list;
        })(),
      );
      return times.slice(1).map((t, i) => t - (times[i] ?? 0));
    };
    const onTime = await gaps(() => 0);
    const late = await gaps(() => 0.999);
    for (const [i, gap] of late.entries())
      expect(gap - (onTime[i] ?? 0)).toBeCloseTo(0.999 * SHARING_JITTER_MS, 0);
    // Alone at the full share nothing is added: see "spaces a run's requests evenly from the first".
  });

  it("comes back up by probing for one more slot when nobody else sends", async () => {
    const limiter = await halvedByOne429();
    const from = clock.now();
    await clock.run(
      (async () => {
        while (limiter.snapshot().share < 5) (await take(limiter)).settle("answered");
      })(),
    );
    // Three steps up (2 → 3 → 4 → 5), each a probe wait (longer at a larger share, at most 8 s), a
    // confirmation and the request that confirms it.
    const waits = [2, 3, 4].map((share) => Math.min(PROBE_MAX_MS, PROBE_MIN_MS * 2 ** (share - 1)));
    expect(clock.now() - from).toBeLessThanOrEqual(
      waits.reduce((sum, wait) => sum + wait + PROBE_CONFIRM_MS + 1100, 0),
    );
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "3 browsers sending 20 requests each at once (seed %i): the slowest is at least half as fast as the fastest",
    async (seed) => {
      const result = await simulateOffice(clock, {
        browsers: 3,
        requests: 20,
        latency: [5, 30],
        jitter: [0, 5],
        seed,
      });
      expect(Math.min(...result.finishedAt) / Math.max(...result.finishedAt)).toBeGreaterThanOrEqual(0.5);
    },
  );

  it("alone against a server 0.3–0.9 s away behind 20–120 ms of jitter: ≥ 0.8 of the ceiling, no 429", async () => {
    const result = await simulateOffice(clock, {
      browsers: 1,
      requests: 60,
      latency: [300, 900],
      jitter: [20, 120],
    });
    expect(result.rejected).toBe(0);
    expect(result.maxAcceptedPerSecond).toBeLessThanOrEqual(5);
    expect(result.ceilingRatio).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    { browsers: 3, maxShare429: 0.15 },
    { browsers: 5, maxShare429: 0.25 },
  ])(
    "$browsers browsers behind one IP: together ≥ 0.65 of the ceiling, 429s ≤ $maxShare429, slowest ≥ half the fastest",
    async ({ browsers, maxShare429 }) => {
      const result = await simulateOffice(clock, {
        browsers,
        requests: 60,
        latency: [100, 400],
        jitter: [10, 60],
        seed: 7,
      });
      const share429 = result.rejected / (result.accepted + result.rejected);
      expect(result.accepted).toBe(browsers * 60);
      expect(share429).toBeLessThanOrEqual(maxShare429);
      expect(result.ceilingRatio).toBeGreaterThanOrEqual(0.65);
      expect(Math.min(...result.finishedAt) / Math.max(...result.finishedAt)).toBeGreaterThanOrEqual(0.5);
    },
  );

  it("does not collapse when the server also counts the requests it refuses", async () => {
    const result = await simulateOffice(clock, {
      browsers: 3,
      requests: 40,
      latency: [100, 400],
      jitter: [10, 60],
      countRejected: true,
      seed: 3,
    });
    expect(result.accepted).toBe(120);
    expect(result.ceilingRatio).toBeGreaterThanOrEqual(0.5);
  });
});
