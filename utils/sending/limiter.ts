/** Paces request starts below the API's per-second limit, across worker restarts. */
import { z } from "zod";
import { LIMITS } from "../calltouch/limits";
import { getDb as defaultGetDb } from "../db";

/** Where the recent start times live between worker restarts. */
export interface LimiterStore {
  load(): Promise<number[]>;
  save(times: number[]): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests that may start within one window. */
  limit?: number;
  windowMs?: number;
  /**
   * Added to the window: the server sees a request after a latency that varies, and may count in fixed
   * 1-second buckets; a window of 1000 + margin keeps both views under the limit.
   */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  store?: LimiterStore;
  /** The longest pause honoured; it also bounds how far ahead a stored time may lie (the clock was set back). */
  maxPauseMs?: number;
}

export interface RateLimiter {
  /** Resolves, in call order, when a request may start; the caller must start it right away. */
  acquire(): Promise<void>;
  /** No request starts before `t` (epoch ms), also after a worker restart. */
  pauseUntil(t: number): Promise<void>;
}

const TimesSchema = z.array(z.number().finite());
const LIMITER_KEY = "limiter";

/** A store in the db's `kv` under "limiter"; an unreadable value counts as no recent requests. */
export function createKvLimiterStore(getDb = defaultGetDb): LimiterStore {
  return {
    async load() {
      const parsed = TimesSchema.safeParse(await (await getDb()).get("kv", LIMITER_KEY));
      return parsed.success ? parsed.data : [];
    },
    async save(times) {
      await (await getDb()).put("kv", times, LIMITER_KEY);
    },
  };
}

/** A store that lives as long as the object (tests, or a context that never restarts). */
export function createMemoryLimiterStore(initial: number[] = []): LimiterStore {
  let saved = [...initial];
  return {
    load: async () => [...saved],
    save: async (times) => {
      saved = [...times];
    },
  };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates a sliding-window limiter: at most `limit` starts within any `windowMs + marginMs`. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    limit = LIMITS.requestsPerSecond,
    windowMs = 1000,
    marginMs = 100,
    now = Date.now,
    sleep = realSleep,
    store = createKvLimiterStore(),
    maxPauseMs = 15 * 60_000,
  } = options;
  const span = windowMs + marginMs;
  // The last `limit` start times, ascending. Only they decide when the next start is allowed.
  let times: number[] = [];
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let loaded: Promise<void> | undefined;
  // Each acquire runs after the previous one has started its request: FIFO service.
  let tail: Promise<void> = Promise.resolve();

  const load = () => {
    loaded ??= store.load().then((stored) => {
      // Stored times lie ahead only by a pause; further ahead, the clock was set back and they would stall us.
      const latest = now() + maxPauseMs - span;
      const clamped = stored.map((x) => Math.min(x, latest));
      times = keepLast(merge(times, clamped), limit);
    });
    return loaded;
  };

  const earliestStart = () => {
    const windowFull = times.length >= limit ? (times[0] ?? 0) + span : Number.NEGATIVE_INFINITY;
    return Math.max(windowFull, pausedUntil);
  };

  // A pause is stored as a full window that ends where the pause ends: the same rule holds it after a
  // restart, and the store keeps its simple shape.
  const persist = (list: number[]) => {
    if (pausedUntil <= now()) return store.save(list);
    const blocked = pausedUntil - span;
    const padded = [...Array<number>(limit - list.length).fill(blocked), ...list];
    return store.save(padded.map((x) => Math.max(x, blocked)));
  };

  const withStart = (t: number) => keepLast(merge(times, [t]), limit);

  const reserve = async () => {
    await load();
    for (let wait = earliestStart() - now(); wait > 0; wait = earliestStart() - now()) {
      await sleep(wait);
    }
    await persist(withStart(now()));
    // The request starts only after the write: stamping it earlier would open the next window early.
    times = withStart(now());
  };

  return {
    acquire() {
      const run = tail.then(reserve);
      tail = run.catch(() => undefined);
      return run;
    },
    async pauseUntil(t) {
      pausedUntil = Math.max(pausedUntil, Math.min(t, now() + maxPauseMs));
      await load();
      await persist(times);
    },
  };
}

function merge(a: number[], b: number[]): number[] {
  return [...a, ...b].sort((x, y) => x - y);
}

function keepLast(times: number[], n: number): number[] {
  return times.length > n ? times.slice(times.length - n) : times;
}
