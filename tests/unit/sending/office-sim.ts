/**
 * An office behind one IP on a virtual clock: several browsers, each with its own limiter, against a server
 * that counts arrivals in a sliding second. The limiter's unit tests and `scripts/sim-office.ts` use it.
 */
import {
  createMemoryLimiterStore,
  createRateLimiter,
  type RateLimiter,
} from "../../../utils/sending/limiter";
import { createRandom } from "../../sandbox/network.mjs";
import { maxInWindow, type VirtualClock } from "./helpers";

/** Takes the next slot and lets its request leave at once, as the engine does. */
export async function take(limiter: RateLimiter) {
  const slot = await limiter.acquire();
  await slot.depart();
  return slot;
}

const between = (random: () => number, [min, max]: readonly [number, number]) => min + random() * (max - min);

export interface OfficeOptions {
  browsers: number;
  /** Requests each browser must get accepted. */
  requests: number;
  /** Server processing time, ms. */
  latency?: readonly [number, number];
  /** Time from departure to the server's count, ms. */
  jitter?: readonly [number, number];
  /** The server also counts the requests it answers 429 (unknown for Calltouch). */
  countRejected?: boolean;
  /** Each browser starts at a random time within this many ms of the first (browsers are not started in step). */
  startSpread?: number;
  /** Requests a browser keeps awaiting an answer (the engine's cap). */
  maxInFlight?: number;
  seed?: number;
  /** Called at each arrival at the server: which browser, whether it was accepted, every browser's share. */
  trace?: (arrival: { t: number; browser: number; ok: boolean; shares: number[] }) => void;
}

export interface OfficeResult {
  accepted: number;
  rejected: number;
  /** Most requests the server accepted within any 1000 ms. */
  maxAcceptedPerSecond: number;
  /** Accepted requests per second over the whole run, as the server sees it, ÷ 5. */
  ceilingRatio: number;
  /** Time each browser finished, ms after the start. */
  finishedAt: number[];
  /** Time each browser started, ms after the start (0 unless `startSpread`). */
  startedAt: number[];
  shares: number[];
}

/**
 * Several browsers behind one IP, each with its own limiter, against a server that accepts 5 requests in
 * any sliding second and answers 429 (Retry-After: 1) above that. A browser resends a 429'd request.
 */
export async function simulateOffice(clock: VirtualClock, options: OfficeOptions): Promise<OfficeResult> {
  const { browsers, requests, latency = [0, 0], jitter = [0, 0], countRejected = false } = options;
  const { maxInFlight = 6, seed = 1, startSpread = 0 } = options;
  const random = createRandom(seed);
  const start = clock.now();
  const window: number[] = [];
  const acceptedAt: number[] = [];
  let rejected = 0;
  const arrive = (browser: number): boolean => {
    const t = clock.now();
    while (window.length > 0 && t - (window[0] ?? 0) >= 1000) window.shift();
    const ok = window.length < 5;
    if (ok || countRejected) window.push(t);
    if (ok) acceptedAt.push(t);
    else rejected++;
    options.trace?.({ t: t - start, browser, ok, shares: limiters.map((l) => l.snapshot().share) });
    return ok;
  };
  const limiters: RateLimiter[] = [];
  const finishedAt: number[] = [];
  const startedAt: number[] = [];
  const runBrowser = async (index: number) => {
    if (startSpread > 0) await clock.sleep(random() * startSpread);
    startedAt[index] = clock.now() - start;
    const limiter = createRateLimiter({
      now: clock.now,
      sleep: clock.sleep,
      random: createRandom(seed * 100 + index),
      store: createMemoryLimiterStore(),
    });
    limiters.push(limiter);
    let done = 0;
    let owed = requests;
    const inFlight = new Set<Promise<void>>();
    while (done < requests) {
      if (owed === 0 || inFlight.size >= maxInFlight) {
        await Promise.race(inFlight);
        continue;
      }
      owed--;
      const slot = await take(limiter);
      const request = (async () => {
        await clock.sleep(between(random, jitter));
        const ok = arrive(index);
        if (ok) await clock.sleep(between(random, latency));
        slot.settle(ok ? "answered" : "rateLimited");
        if (ok) done++;
        else owed++;
      })();
      inFlight.add(request);
      void request.then(() => inFlight.delete(request));
    }
    finishedAt[index] = clock.now() - start;
  };
  await clock.run(Promise.all(Array.from({ length: browsers }, (_, i) => runBrowser(i))));
  const span = ((acceptedAt.at(-1) ?? 0) - (acceptedAt[0] ?? 0)) / 1000;
  return {
    accepted: acceptedAt.length,
    rejected,
    maxAcceptedPerSecond: maxInWindow(acceptedAt, 1000),
    ceilingRatio: (acceptedAt.length - 1) / span / 5,
    finishedAt,
    startedAt,
    shares: limiters.map((l) => l.snapshot().share),
  };
}
