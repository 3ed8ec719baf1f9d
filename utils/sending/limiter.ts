/** Paces request starts below the API's per-second limit, across worker restarts. */
import { type Browser, browser } from "wxt/browser";
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
  /** Added to the window, which runs from each request's answer (see `acquire`). */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  store?: LimiterStore;
  /** The longest pause honoured; it also bounds how far ahead a stored time may lie (the clock was set back). */
  maxPauseMs?: number;
}

/** Tells the limiter that the request of a slot has been answered (or has failed). */
export type Settle = () => void;

export interface RateLimiter {
  /**
   * Resolves, in call order, when a request may start; the caller must start it right away and call the
   * returned `settle` when its answer (or failure) is in.
   */
  acquire(): Promise<Settle>;
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

/**
 * A store in `storage.session`: in memory for the browser session and kept across worker restarts, like
 * the 1-second window needs, and never queued behind the IndexedDB writes of a large import (which would
 * hold every request's start back).
 */
export function createSessionLimiterStore(
  area: Browser.storage.StorageArea = browser.storage.session,
): LimiterStore {
  return {
    async load() {
      const parsed = TimesSchema.safeParse((await area.get(LIMITER_KEY))[LIMITER_KEY]);
      return parsed.success ? parsed.data : [];
    },
    async save(times) {
      await area.set({ [LIMITER_KEY]: times });
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

/** Added to the 1-second window by default: timers and clocks are not exact to the millisecond. */
export const DEFAULT_MARGIN_MS = 10;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates a sliding-window limiter: a request may start once fewer than `limit` requests were answered
 * within the last `windowMs + marginMs` and fewer than `limit` are awaiting an answer with them.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    limit = LIMITS.requestsPerSecond,
    windowMs = 1000,
    marginMs = DEFAULT_MARGIN_MS,
    now = Date.now,
    sleep = realSleep,
    store = createKvLimiterStore(),
    maxPauseMs = 15 * 60_000,
  } = options;
  const span = windowMs + marginMs;
  // The last `limit` answer times (start times for requests of a dead worker), ascending.
  let times: number[] = [];
  // Starts of requests still awaiting their answer: each holds its slot open until then.
  let pendingStarts: number[] = [];
  let onSettle: (() => void) | undefined;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let loaded: Promise<void> | undefined;
  // Each acquire runs after the previous one has started its request: FIFO service.
  let tail: Promise<unknown> = Promise.resolve();

  const load = () => {
    loaded ??= store.load().then((stored) => {
      // Stored times lie ahead only by a pause; further ahead, the clock was set back and they would stall us.
      const latest = now() + maxPauseMs - span;
      const clamped = stored.map((x) => Math.min(x, latest));
      times = keepLast(merge(times, clamped), limit);
    });
    return loaded;
  };

  /** Answer times plus the open slots of unanswered requests (which end no window yet). */
  const slots = () =>
    keepLast(merge(times, Array<number>(pendingStarts.length).fill(Number.POSITIVE_INFINITY)), limit);

  const earliestStart = () => {
    const all = slots();
    const windowFull = all.length >= limit ? (all[0] ?? 0) + span : Number.NEGATIVE_INFINITY;
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

  const withAnswer = (t: number) => keepLast(merge(times, [t]), limit);
  /** What a restarted worker must know: every recent answer, and the starts of requests it cut off. */
  const startsToKeep = (...extra: number[]) => keepLast(merge(times, [...pendingStarts, ...extra]), limit);

  const waitForSlot = async () => {
    for (let start = earliestStart(); start > now(); start = earliestStart()) {
      if (start === Number.POSITIVE_INFINITY) {
        await new Promise<void>((resolve) => {
          onSettle = resolve;
        });
      } else {
        await sleep(start - now());
      }
    }
  };

  const reserve = async (): Promise<Settle> => {
    await load();
    await waitForSlot();
    await persist(startsToKeep(now()));
    // The request starts only after the write: a restarted worker must know of it.
    const startedAt = now();
    pendingStarts = merge(pendingStarts, [startedAt]);
    let settled = false;
    // The server counts a request when it arrives, which can be well after we start it (a cold connection,
    // a proxy, the server's own queue); it has certainly arrived once the answer is in. So a request's
    // window ends a full window after its answer: no skew between our clock and the server's count can
    // then put six requests into one of its seconds.
    return () => {
      if (settled) return;
      settled = true;
      pendingStarts.splice(pendingStarts.indexOf(startedAt), 1);
      times = withAnswer(now());
      void persist(startsToKeep());
      onSettle?.();
      onSettle = undefined;
    };
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
      await persist(startsToKeep());
    },
  };
}

function merge(a: number[], b: number[]): number[] {
  return [...a, ...b].sort((x, y) => x - y);
}

function keepLast(times: number[], n: number): number[] {
  return times.length > n ? times.slice(times.length - n) : times;
}
