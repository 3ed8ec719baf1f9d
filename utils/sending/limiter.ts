/**
 * Paces request departures under the API's per-IP limit, and learns this browser's share of that limit
 * when other browsers of the same office (one IP behind a NAT) send at the same time.
 *
 * Pace by departure: a request may leave a whole window after the share-th request before it was counted
 * by the server, and the server counts a request between its departure and its answer. So that bound is
 * the answer when it is in (a fast server: the pace is 1 s + its round trip per `share` requests), else
 * departure + a margin (a slow server: its answer time does not slow the queue). The margin is the longest
 * recent round trip, at most a cap that widens on a 429 and shrinks back slowly while answers are clean.
 * Requests are spaced evenly on a grid ((1 s + the usual margin) ÷ share apart, not in bursts, so that
 * another browser's requests fit in the gaps); after one left late the next close up until they are back
 * on the grid, but only while every bound they lean on is an answer in hand.
 *
 * Share the IP without talking (additive increase, multiplicative decrease on 429s): each browser holds an
 * integer share of the 5 slots (0.5 after repeated 429s at 1). A 429 halves it once per congestion event
 * (429s of requests that left before the last reaction belong to the same event) and holds departures for
 * a random part of a window, so that browsers that collided do not come back in step (the refused request
 * itself waits out the server's Retry-After: see outcome.ts). Now and then it probes for one more slot; the
 * probe holds when a request that left a second after it was answered without a 429. Shares that add up
 * to 5 never put a sixth request into a second. A share is forgotten after a quiet minute: the next run
 * starts at the full limit again, as the first one did.
 *
 * Fairness. The server gives a freed slot to whoever comes first, so a browser that always comes right on
 * time keeps every slot it holds and the 429s fall on the one that probes into a full second; the shares
 * then drift apart (measured: one browser of three 2.5× slower than another). Two rules pull them back
 * together: a browser that has given part of the IP away comes a random 0–150 ms late on each request, so
 * the 429s fall on the browsers in proportion to the requests each sends (the larger shares halve more
 * often); and the wait between probes grows with the share (1.5 s at 1, doubling with each slot, at most
 * 8 s), so small shares climb back sooner than large ones grow. Only a probe of its own that failed
 * doubles a browser's wait; a 429 that another browser's probe caused does not. `npm run sim:office`
 * prints the figures over many seeds.
 *
 * Over 400 lines on purpose: pacing, sharing (AIMD), probes and the persisted state read each other's
 * fields on every decision; split apart, each rule would need the others' internals exported.
 */
import { type Browser, browser } from "wxt/browser";
import { z } from "zod";
import { MAX_RETRY_AFTER_MS } from "../calltouch/errors";
import { LIMITS } from "../calltouch/limits";
import { getDb as defaultGetDb } from "../db";
import { monotonicNow } from "./clock";

/** What happened to the request of a slot. */
export type SlotOutcome =
  /** The server answered (anything but a 429): it counted the request. */
  | "answered"
  /** HTTP 429: too many requests from this IP. */
  | "rateLimited"
  /** No answer (connection failed or cut, timeout): the server may have counted it; it stays counted. */
  | "noAnswer";

/** One request's place in the pace. */
export interface Slot {
  /** When the request left, on the limiter's clock (now, until `depart` is called). */
  readonly departedAt: number;
  /**
   * Call right before the request leaves: stamps its departure (the pace of the next ones counts from it)
   * and resolves once it is written down. A slot that is not used is only settled.
   */
  depart(): Promise<void>;
  /** Reports the request's fate once (later calls are ignored). */
  settle(outcome: SlotOutcome): void;
}

/** The limiter's state as the usage panel shows it. */
export interface LimiterSnapshot {
  /** This browser's share of the per-IP requests per second (0.5 to 5). */
  share: number;
  /** The margin added to the 1-second window now, ms. */
  marginMs: number;
}

export interface RateLimiter {
  /**
   * Resolves, in call order, when a request may leave; the caller calls the slot's `depart` right before it
   * leaves (or `settle` alone if it does not) and `settle` when its answer (or failure) is in. The next
   * call resolves only after this slot departed or was settled.
   */
  acquire(): Promise<Slot>;
  /** No request leaves before `t` (limiter clock), also after a worker restart. */
  pauseUntil(t: number): Promise<void>;
  snapshot(): LimiterSnapshot;
}

/** The shares a browser may hold: whole slots, and half a slot for a crowded office. */
const MIN_SHARE = 0.5;

/** What survives a worker restart (in `storage.session`: the browser session, never the disk). */
const LimiterStateSchema = z.object({
  departures: z.array(z.number().finite()).max(LIMITS.requestsPerSecond),
  share: z.number().min(MIN_SHARE).max(LIMITS.requestsPerSecond),
  probeEveryMs: z.number().finite().positive(),
  nextProbeAt: z.number().finite(),
  marginCapMs: z.number().finite().positive(),
  pausedUntil: z.number().finite(),
  lastReactionAt: z.number().finite(),
});
export type LimiterState = z.infer<typeof LimiterStateSchema>;

/** Where the limiter's state lives between worker restarts. */
export interface LimiterStore {
  /** The stored value as it is; the limiter parses it. */
  load(): Promise<unknown>;
  save(state: LimiterState): Promise<void>;
}

const LIMITER_KEY = "limiter";

/** A store in the db's `kv` under "limiter". */
export function createKvLimiterStore(getDb = defaultGetDb): LimiterStore {
  return {
    load: async () => (await getDb()).get("kv", LIMITER_KEY),
    async save(state) {
      await (await getDb()).put("kv", state, LIMITER_KEY);
    },
  };
}

/**
 * A store in `storage.session`: in memory for the browser session and kept across worker restarts, like
 * the window needs, and never queued behind the IndexedDB writes of a large import (which would hold
 * every request's departure back).
 */
export function createSessionLimiterStore(
  area: Browser.storage.StorageArea = browser.storage.session,
): LimiterStore {
  return {
    load: async () => (await area.get(LIMITER_KEY))[LIMITER_KEY],
    async save(state) {
      await area.set({ [LIMITER_KEY]: state });
    },
  };
}

/** A store that lives as long as the object (tests, or a context that never restarts). */
export function createMemoryLimiterStore(initial?: unknown): LimiterStore {
  let saved: unknown = initial;
  return {
    load: async () => structuredClone(saved),
    save: async (state) => {
      saved = structuredClone(state);
    },
  };
}

/** The margin's cap at rest: the spread of a trip to the API across the internet (20–120 ms). */
export const BASE_MARGIN_MS = 100;
/** The margin never goes below this: timers are not exact to the millisecond. */
export const MIN_MARGIN_MS = 10;
/** The margin's cap never grows past this, however many 429s come back. */
export const MAX_MARGIN_MS = 1000;
/** A 429 widens the margin's cap by this much; every clean answer narrows it by 1 ms. */
const MARGIN_STEP_MS = 50;
/** Round trips that the margin looks back on. */
const RTT_SAMPLES = 10;
/**
 * The wait between two probes for one more slot at a share of 1: it doubles with each slot of the share
 * (a large share probes rarely) and after each failed probe, and never exceeds PROBE_MAX_MS.
 */
export const PROBE_MIN_MS = 1500;
export const PROBE_MAX_MS = 8000;
/** A browser below the whole IP's limit (sharing it) lets each request leave up to this much later, at random. */
export const SHARING_JITTER_MS = 150;
/** A probe holds once a request that left this long after it was answered without a 429. */
export const PROBE_CONFIRM_MS = 1000;
/**
 * A slot is handed out up to this much before its request may leave, as early as the caller's own work before
 * departure took lately (the engine records the departure in IndexedDB first): that work then overlaps the
 * wait instead of delaying every request by it. `depart` still waits for the request's time.
 */
export const MAX_HANDOUT_LEAD_MS = 250;
/** Recent times from handing a slot out to its `depart` call that the lead looks back on. */
const LEAD_SAMPLES = 5;
/**
 * After this long without a request from this browser, the share it learned is forgotten and the next request
 * starts at the whole IP's limit again: the office that taught it has moved on (a morning's crowd must not
 * halve an afternoon's import sent alone). A crowd still there costs one 429 to learn again.
 */
export const FORGET_SHARE_AFTER_MS = 60_000;
/** A restarted worker whose predecessor sent within this many windows sends its first request alone. */
const RUN_GAP_WINDOWS = 2;

export interface RateLimiterOptions {
  /** Requests per window allowed from the whole IP, and the largest share. */
  limit?: number;
  windowMs?: number;
  now?: () => number;
  /** The wall clock stored times are written on (default `Date.now`; `now` itself when `now` is injected). */
  wallNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  store?: LimiterStore;
  /** The longest hold honoured; it also bounds how far ahead a stored time may lie (the clock was set back). */
  maxPauseMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the limiter; `now` is a monotonic clock (see clock.ts). */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    limit = LIMITS.requestsPerSecond,
    windowMs = LIMITS.rateWindowMs,
    now = monotonicNow,
    sleep = realSleep,
    random = Math.random,
    store = createKvLimiterStore(),
    maxPauseMs = MAX_RETRY_AFTER_MS,
  } = options;
  // Stored times are on the wall clock, the one clock every context shares: each context's monotonic
  // clock has an origin of its own (a restarted worker may even run in a new process), and a stored
  // time read on the wrong scale would let a sixth request into the server's second.
  const wallNow = options.wallNow ?? (options.now ? options.now : Date.now);
  const toWall = (t: number) => t + (wallNow() - now());
  const fromWall = (t: number) => t - (wallNow() - now());

  // The last `limit` requests, in departure order: when each left, and when its answer came (if it did).
  let sent: Sent[] = [];
  let share = limit;
  let probe: { from: number; at: number } | undefined;
  let probeEveryMs = PROBE_MIN_MS;
  let nextProbeAt = Number.NEGATIVE_INFINITY;
  let marginCapMs = BASE_MARGIN_MS;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let lastReactionAt = Number.NEGATIVE_INFINITY;
  let rateLimitedAtOne = 0;
  let rtts: number[] = [];
  // How long the caller took from a slot to its departure, lately (see MAX_HANDOUT_LEAD_MS).
  let preparations: number[] = [];
  let inFlight = 0;
  // A solo request is out: the rest wait for its answer.
  let soloOpen = false;
  let departedHere = false;
  // This context found recent departures of a dead one in the store.
  let restartedMidSend = false;
  // When the last solo request was answered: the grid starts again from there.
  let soloAnsweredAt = Number.NEGATIVE_INFINITY;
  // When the next request is due on the even grid, and the gap the grid last moved by.
  let gridAt = Number.NEGATIVE_INFINITY;
  let lastGap = 0;
  let wakeWaiters: (() => void) | undefined;
  let loaded: Promise<void> | undefined;
  // Each acquire runs after the previous one has let its request leave: FIFO service.
  let tail: Promise<unknown> = Promise.resolve();

  const margin = () =>
    rtts.length === 0 ? marginCapMs : Math.min(marginCapMs, Math.max(MIN_MARGIN_MS, ...rtts));
  const span = () => windowMs + margin();

  const state = (): LimiterState => ({
    departures: sent.map((r) => toWall(r.at)),
    // An unconfirmed probe is not kept: a restarted worker goes on with the share it had before.
    share: probe ? probe.from : share,
    probeEveryMs,
    nextProbeAt: finiteOr(toWall(nextProbeAt), 0),
    marginCapMs,
    pausedUntil: finiteOr(toWall(pausedUntil), 0),
    lastReactionAt: finiteOr(toWall(lastReactionAt), 0),
  });

  // A failed write costs at most a burst after a restart within the window: never worth stopping for.
  const persist = () => store.save(state()).catch(() => undefined);

  const restore = (stored: unknown) => {
    const parsed = LimiterStateSchema.safeParse(stored);
    if (!parsed.success) return;
    const s = parsed.data;
    const t = now();
    // Times ahead of now were written before the clock was set back: take them as now.
    // A dead worker's answers are unknown: `countedBy` bounds its requests otherwise.
    sent = s.departures
      .map((x) => Math.min(fromWall(x), t))
      .sort((a, b) => a - b)
      .map((at) => ({ at, restored: true }));
    share = s.share;
    probeEveryMs = Math.min(PROBE_MAX_MS, Math.max(PROBE_MIN_MS, s.probeEveryMs));
    nextProbeAt = Math.min(fromWall(s.nextProbeAt), t + PROBE_MAX_MS);
    marginCapMs = Math.min(MAX_MARGIN_MS, Math.max(BASE_MARGIN_MS, s.marginCapMs));
    pausedUntil = Math.min(fromWall(s.pausedUntil), t + maxPauseMs);
    lastReactionAt = Math.min(fromWall(s.lastReactionAt), t);
    // A fresh context after requests left (a worker restarted mid-send): their answers may still be on the
    // way and the browser may hold ours while the worker starts, so the first request waits a whole window
    // after the last one (a restart costs at most a second; a 429 would cost more).
    const last = sent.at(-1)?.at;
    if (last !== undefined) pausedUntil = Math.max(pausedUntil, last + windowMs + BASE_MARGIN_MS);
    restartedMidSend = last !== undefined && t - last <= RUN_GAP_WINDOWS * (windowMs + BASE_MARGIN_MS);
  };

  const load = async () => {
    loaded ??= store.load().then(restore, (error: unknown) => {
      // Not cached: the next request reads again. This one goes on with what is in memory.
      loaded = undefined;
      throw error;
    });
    await loaded.catch(() => undefined);
  };

  /** Forgets the learned share after a quiet spell (see FORGET_SHARE_AFTER_MS). */
  const forgetIfIdle = (t: number) => {
    const last = sent.at(-1);
    if (share >= limit || inFlight > 0 || (last && t - (last.answeredAt ?? last.at) < FORGET_SHARE_AFTER_MS))
      return;
    share = limit;
    probe = undefined;
    probeEveryMs = PROBE_MIN_MS;
    nextProbeAt = Number.NEGATIVE_INFINITY;
    rateLimitedAtOne = 0;
    gridAt = Number.NEGATIVE_INFINITY;
  };

  /** The wait before the next probe: longer for a larger share, so that the shares drift toward each other. */
  const probeWait = () => Math.min(PROBE_MAX_MS, probeEveryMs * 2 ** (Math.max(1, share) - 1));

  const confirmProbe = (departedAt: number, t: number) => {
    if (!probe || departedAt < probe.at + PROBE_CONFIRM_MS) return;
    probe = undefined;
    probeEveryMs = PROBE_MIN_MS;
    nextProbeAt = t + probeWait();
    // There was room for one more slot: 429s at a share of 1 start counting afresh.
    rateLimitedAtOne = 0;
  };

  const maybeProbe = (t: number) => {
    if (probe) {
      // Nothing confirmed it in time (no demand since): the extra slot is kept only while it is used.
      if (t - probe.at > PROBE_MAX_MS) probe = undefined;
      return;
    }
    if (share >= limit || t < nextProbeAt) return;
    probe = { from: share, at: t };
    share = share < 1 ? 1 : share + 1;
    regrid();
  };

  const react = (departedAt: number, t: number) => {
    // 429s of requests that left before the last reaction belong to the congestion already dealt with.
    if (departedAt <= lastReactionAt) return;
    lastReactionAt = t;
    const failed = probe !== undefined && departedAt >= probe.at ? probe : undefined;
    probe = undefined;
    // A failed probe of our own doubles the wait before the next one. A 429 that another browser's probe
    // caused does not: this browser has just given up slots, and it must be free to win them back as soon
    // as the larger shares (which probe more rarely) would.
    probeEveryMs = failed ? Math.min(PROBE_MAX_MS, probeEveryMs * 2) : PROBE_MIN_MS;
    if (failed) {
      // Our own extra slot was one too many: it goes back.
      share = failed.from;
    } else {
      share = decrease(share);
      marginCapMs = Math.min(MAX_MARGIN_MS, marginCapMs + MARGIN_STEP_MS);
    }
    // The next departure, after the hold and the window rule, starts the grid again at the new share.
    gridAt = Number.NEGATIVE_INFINITY;
    nextProbeAt = t + probeWait();
    // A random part of a window, so that browsers that collided do not come back in step. The server's
    // Retry-After is honoured by the request it refused (the engine sends it again no sooner).
    pausedUntil = Math.max(pausedUntil, t + random() * span());
  };

  const decrease = (current: number): number => {
    if (current > 1) return Math.max(1, Math.floor(current / 2));
    if (current === 1) {
      rateLimitedAtOne++;
      return rateLimitedAtOne >= 2 ? MIN_SHARE : 1;
    }
    return MIN_SHARE;
  };

  /**
   * The latest a request can have been counted by the server. Its answer is a bound whatever the network
   * did; departure + margin is the bound for a request still awaiting its answer, and for one answered so
   * late that the server's own time must be the cause (a slow API: the pace must not wait for it). An
   * answer within twice the margin's cap is used as it is: the trip there may have been slow (a busy
   * browser lets requests out late), and such a request may have reached the server after departure +
   * margin. A dead worker's request may have been held by the browser and let go when this worker
   * started: it is taken as counted no sooner than the answer to this worker's solo request.
   */
  const countedBy = (request: Sent) => {
    if (request.restored) return Math.max(request.at + marginCapMs, soloAnsweredAt);
    const { at, answeredAt } = request;
    if (answeredAt !== undefined && answeredAt <= at + 2 * marginCapMs) return answeredAt;
    return at + margin();
  };

  /** The part of the margin the recent requests needed on average: the spacing, not the safety, uses it. */
  const usualMargin = () => {
    const cap = margin();
    return rtts.length === 0 ? cap : rtts.reduce((sum, rtt) => sum + Math.min(rtt, cap), 0) / rtts.length;
  };

  /** The even spacing of this share: so that another browser's requests fit in the gaps. */
  const gap = () => (windowMs + usualMargin()) / share;

  /** A hold: a pause, a 429's random wait, a solo request awaiting its answer (+Infinity) or just answered. */
  const holdUntil = () => (soloOpen ? Number.POSITIVE_INFINITY : Math.max(pausedUntil, soloAnsweredAt));

  /**
   * The window rule: the server counted the share-th request back no later than `countedBy` and counts
   * this one no sooner than it leaves, so at most `share` fall within any window whatever the trip took.
   */
  const windowRule = () => {
    const whole = Math.floor(share);
    const nth = sent[sent.length - whole];
    return whole >= 1 && nth !== undefined ? countedBy(nth) + windowMs : Number.NEGATIVE_INFINITY;
  };

  /** When the next request may leave; +Infinity while a solo request awaits its answer. */
  const earliestDeparture = () => Math.max(holdUntil(), windowRule(), gridAt, closestNext());

  /**
   * A probe's share draws a new grid, in phase with the window rule at that share: left on the old one, the
   * requests would come late by the rule and close up behind one another, in pairs half a gap apart.
   */
  const regrid = () => {
    const last = sent.at(-1);
    if (last !== undefined) gridAt = Math.max(last.at + gap(), windowRule());
  };

  /**
   * Moves the grid on after a departure. The next request is due a gap after this one's place on the grid,
   * even when this one left late (a busy event loop, a slow write, the window rule after an earlier late
   * one): the next ones may close up, down to half a gap apart, until they are back on it (see
   * `closestNext`). A hold, or a delay of a whole window, starts the grid again from here.
   */
  const advanceGrid = (departedAt: number, hold: number) => {
    // Sharing the IP, a request that always came right on time would always win the slot another browser's
    // request frees: a random delay lets the 429s fall on the browsers in proportion to what they send.
    lastGap = gap() + (share < limit ? random() * SHARING_JITTER_MS : 0);
    gridAt = hold >= gridAt || departedAt - gridAt >= windowMs ? departedAt + lastGap : gridAt + lastGap;
  };

  /**
   * The closest the next request may follow the last one. Closing up to half a gap fills the window rule
   * to its edge, so it is allowed only while every request the rule looks back on has its answer in hand
   * and is bounded by it; a bound of departure + margin may be wrong by what a busy browser added to the
   * trip, and then the even gap is the slack that absorbs it.
   */
  const closestNext = () => {
    const last = sent.at(-1);
    if (last === undefined) return Number.NEGATIVE_INFINITY;
    const looked = sent.slice(-Math.max(1, Math.floor(share)));
    const bounded = looked.every(
      (r) => !r.restored && r.answeredAt !== undefined && r.answeredAt <= r.at + 2 * marginCapMs,
    );
    return last.at + (bounded ? lastGap / 2 : lastGap);
  };

  /** Waits until a request may leave, less `lead` ms. */
  const waitForDeparture = async (lead = 0) => {
    for (let at = earliestDeparture() - lead; at > now(); at = earliestDeparture() - lead) {
      const woken = new Promise<void>((resolve) => {
        wakeWaiters = resolve;
      });
      // A settle can end a solo wait or change the share: look again then, or when the time comes.
      await (at === Number.POSITIVE_INFINITY ? woken : Promise.race([sleep(at - now()), woken]));
      wakeWaiters = undefined;
    }
  };

  /** Waits for the next slot; the next caller waits until this slot's request has left (or was dropped). */
  const reserve = async (): Promise<{ slot: Slot; gone: Promise<void> }> => {
    await load();
    forgetIfIdle(now());
    maybeProbe(now());
    await waitForDeparture(Math.min(MAX_HANDOUT_LEAD_MS, Math.max(0, ...preparations)));
    const handedAt = now();
    let departing = false;
    let release: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => {
      release = resolve;
    });
    let departedAt: number | undefined;
    let request: Sent | undefined;
    let solo = false;
    let settled = false;
    const slot: Slot = {
      get departedAt() {
        return departedAt ?? now();
      },
      async depart() {
        if (departing || settled) return;
        departing = true;
        preparations = keepLast([...preparations, now() - handedAt], LEAD_SAMPLES);
        // Handed out early for the caller's own work: the request itself leaves no sooner than the rules say
        // (a 429 meanwhile may have moved that later).
        await waitForDeparture();
        if (settled) return;
        const hold = holdUntil();
        departedAt = now();
        // The first request of a worker restarted mid-send goes alone: a browser can hold the requests of a
        // worker that is starting up and let them go in a bunch, next to the dead worker's last ones.
        solo = inFlight === 0 && !departedHere && restartedMidSend;
        departedHere = true;
        const entry: Sent = { at: departedAt };
        sent = keepLast([...sent, entry], limit);
        soloOpen = solo;
        inFlight++;
        // The request leaves only after the write: a restarted worker must know of it. It is stamped after
        // the write, when it really leaves: a write held up by a busy worker would otherwise let it reach the
        // server later than its stamp + margin, and the window rule counts from the stamp. (The stored time
        // is the earlier one; a restarted worker bounds a dead one's requests by other means.)
        await persist();
        departedAt = Math.max(departedAt, now());
        entry.at = departedAt;
        request = entry;
        advanceGrid(departedAt, hold);
        release();
      },
      settle(outcome) {
        if (settled) return;
        settled = true;
        release();
        if (departedAt === undefined) return;
        inFlight--;
        const t = now();
        if (solo) {
          soloOpen = false;
          soloAnsweredAt = t;
        }
        if (outcome !== "noAnswer" && request) {
          request.answeredAt = t;
          rtts = keepLast([...rtts, t - departedAt], RTT_SAMPLES);
        }
        if (outcome === "rateLimited") {
          react(departedAt, t);
        } else if (outcome === "answered") {
          marginCapMs = Math.max(BASE_MARGIN_MS, marginCapMs - 1);
          confirmProbe(departedAt, t);
        }
        void persist();
        wakeWaiters?.();
      },
    };
    return { slot, gone };
  };

  return {
    acquire() {
      const run = tail.then(reserve);
      // The next slot is computed from this one's real departure: a request held up between its slot and
      // its departure (a slow write) then delays the ones after it instead of bunching up with them.
      tail = run.then(({ gone }) => gone).catch(() => undefined);
      return run.then(({ slot }) => slot);
    },
    async pauseUntil(t) {
      await load();
      pausedUntil = Math.max(pausedUntil, Math.min(t, now() + maxPauseMs));
      await persist();
    },
    snapshot: () => {
      forgetIfIdle(now());
      return { share: probe ? probe.from : share, marginMs: Math.round(margin()) };
    },
  };
}

/** A request in the pace: its departure, and its answer's arrival once it came (limiter clock). */
interface Sent {
  at: number;
  answeredAt?: number;
  /** Sent by a dead worker: what this one learnt of round trips says nothing of it. */
  readonly restored?: boolean;
}

function keepLast<T>(times: T[], n: number): T[] {
  return times.length > n ? times.slice(times.length - n) : times;
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}
