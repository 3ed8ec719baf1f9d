/**
 * The send engine: drains the op queue into Calltouch requests of up to 100 leads, paced by the limiter
 * (at most this browser's share of 5 per second), and turns every answer into op states. Everything it
 * needs after a worker restart is in IndexedDB: a request is recorded as departed before it leaves, so an
 * op whose request was cut off by a stopped worker is either sent again (idempotent) or flagged uncertain.
 * Over 400 lines on purpose: the wave loop, its departure records and the handling of each outcome share
 * one set of in-flight state; outcome planning itself is pure and lives in outcome.ts.
 */
import type { CalltouchClient, PrepareResult, SendResult } from "../calltouch/client";
import { CalltouchError } from "../calltouch/errors";
import { LIMITS } from "../calltouch/limits";
import { backoffCap } from "./backoff";
import { monotonicNow } from "./clock";
import {
  createEngineStateStore,
  type EnginePause,
  type EngineStateStore,
  type LastError,
} from "./engine-state";
import type { RateLimiter, Slot, SlotOutcome } from "./limiter";
import { planUpdates, quotaPauseUntil, refusedAlike, releaseBatch } from "./outcome";
import type { OpQueue } from "./queue";
import type { OpRecord, OpState } from "./types";

/** What the background needs after each batch: the badge numbers, the pause, and when to wake up. */
export interface EngineSummary {
  counts: Record<OpState, number>;
  paused: EnginePause | null;
  /**
   * When a pump should next run if the worker is asleep (set an alarm, at least Chrome's 30 s minimum),
   * or null when nothing will be due without the user (queue empty, or paused until `resume()`).
   * While requests are in flight it is "now": an alarm then only matters if the worker dies. A wall-clock
   * time (what `alarms.create` takes); the queue's own times are on the engine's clock.
   */
  nextWakeAt: number | null;
}

/**
 * Requests held back by the engine after a failure that passes by itself: an outage (5xx, network, an
 * unreadable answer) spaces requests out, a 429 with Retry-After waits as asked. `until` is on the epoch scale.
 */
export interface EngineHold {
  kind: "rateLimited" | "server" | "network" | "badResponse";
  until: number;
}

/** What the options page shows. */
export interface EngineStatus extends EngineSummary {
  lastError: LastError | null;
  lastSuccessAt: number | null;
  running: boolean;
  /** The hold in force now, or null (kept in memory: a restarted worker has none). */
  hold: EngineHold | null;
}

export interface SendEngineOptions {
  queue: OpQueue;
  limiter: RateLimiter;
  /** The client for the saved credentials, or null when none are saved; asked before every request. */
  getClient: () => Promise<CalltouchClient | null>;
  state?: EngineStateStore;
  /** A monotonic clock on the epoch scale (see clock.ts); the wall clock only names the quota's midnight. */
  now?: () => number;
  wallNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** This worker instance; ops it marks `sending` carry it, with the number of the pump. */
  runId?: string;
  /**
   * Requests awaiting an answer at once. The pace does not depend on it (the limiter paces departures);
   * it stays within the 6 connections a browser opens to one HTTP/1.1 host, beyond which a request would
   * wait inside the browser and leave later than the limiter counted it. 6 keeps the full pace while an
   * answer takes up to 1.2 s.
   */
  maxInFlight?: number;
  batchSize?: number;
  /** Ops due within this time are awaited in the worker; later ones are left to an alarm. */
  idleWaitMs?: number;
  /** Called after each batch, and when a pump starts and ends. */
  onChange?: (summary: EngineSummary) => void;
}

export interface SendEngine {
  /** Sends every due op; a call while a pump runs joins it. Resolves with the summary when the queue rests. */
  pump(): Promise<EngineSummary>;
  /** Lifts an auth, quota or missing-credentials pause (call it when the credentials change); pump() next. */
  resume(): Promise<void>;
  /** Counts, pause, last error and last success, read from the db (valid before any pump). */
  status(): Promise<EngineStatus>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the engine; it sends nothing until `pump()` is called. */
export function createSendEngine(options: SendEngineOptions): SendEngine {
  const {
    queue,
    limiter,
    getClient,
    state = createEngineStateStore(),
    now = monotonicNow,
    wallNow = Date.now,
    sleep = realSleep,
    random = Math.random,
    runId = crypto.randomUUID(),
    maxInFlight = MAX_IN_FLIGHT,
    batchSize = LIMITS.maxItemsPerRequest,
    idleWaitMs = 20_000,
    onChange,
  } = options;

  let running: Promise<EngineSummary> | undefined;
  let again = false;
  let wake: (() => void) | undefined;
  let paused: EnginePause | null = null;
  let pumps = 0;
  // Bumped by resume(): an auth answer to a request sent before it must not pause the engine again.
  let epoch = 0;
  // Failed requests in a row (429, 5xx, network), counted once per wave of requests: it spaces the next
  // requests out while the API or the network is down, so an outage does not burn every op's attempts.
  let streak = 0;
  let lastFailureAt = Number.NEGATIVE_INFINITY;
  // Transient failures so far, and the time until which they hold requests back.
  let transientFailures = 0;
  let heldUntil = Number.NEGATIVE_INFINITY;
  // What status() reports of the holds (heldUntil above, or a 429's Retry-After the limiter waits out).
  let hold: EngineHold | null = null;
  // After a quota pause lapses or a resume, one request checks the way before a whole wave follows.
  let probeFirst = false;

  const summarize = async (pause: EnginePause | null): Promise<EngineSummary> => {
    const counts = await queue.counts();
    return { counts, paused: pause, nextWakeAt: await wakeAt(counts, pause) };
  };

  const wakeAt = async (
    counts: Record<OpState, number>,
    pause: EnginePause | null,
  ): Promise<number | null> => {
    if (pause) return pause.until ?? null;
    if (counts.sending > 0) return wallNow();
    const next = await queue.nextWakeAt();
    return next === null ? null : next + (wallNow() - now());
  };

  const report = async () => {
    const summary = await summarize(paused);
    try {
      onChange?.(summary);
    } catch {
      // A failing listener (a closed page, the badge API) must not stop the sending.
    }
    return summary;
  };

  // At most one report is computed at a time; batches that finish meanwhile share the next one, so
  // counting a large queue never holds a request slot or piles up.
  let reporting: Promise<void> | undefined;
  let reportAgain = false;
  const scheduleReport = () => {
    if (reporting) {
      reportAgain = true;
      return;
    }
    reporting = (async () => {
      do {
        reportAgain = false;
        await report();
      } while (reportAgain);
    })()
      // A failed count is not worth stopping for: the next batch or the pump's end reports again.
      .catch(() => undefined)
      .finally(() => {
        reporting = undefined;
      });
  };

  const setPause = async (pause: EnginePause | null) => {
    paused = pause;
    await state.savePause(pause);
  };

  /** The stored pause unless it has lapsed; a missing-credentials pause is checked again by the run. */
  const loadActivePause = async (): Promise<EnginePause | null> => {
    const stored = await state.loadPause();
    if (!stored) return null;
    if (stored.reason === "noCredentials" || (stored.until !== undefined && stored.until <= wallNow())) {
      await state.savePause(null);
      if (stored.reason === "quota") probeFirst = true;
      return null;
    }
    return stored;
  };

  /** Waits in the worker for ops due soon (or a new pump call); false when nothing is due soon. */
  const awaitDueOps = async (): Promise<boolean> => {
    const next = await queue.nextWakeAt();
    if (next === null || next - now() > idleWaitMs) return false;
    if (next > now()) {
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await Promise.race([sleep(next - now()), woken]);
      wake = undefined;
    }
    return true;
  };

  /** Spaces requests out after an outage (5xx, network, unreadable answers); returns when requests may start again. */
  const holdAfter = (error: CalltouchError, startedAt: number, t: number): number => {
    // Requests already in flight when a failure came back belong to the same wave: one step per wave.
    if (startedAt >= lastFailureAt) streak++;
    lastFailureAt = t;
    transientFailures++;
    heldUntil = Math.max(heldUntil, t + Math.max(error.details.retryAfterMs ?? 0, backoffCap(streak)));
    return heldUntil;
  };

  /**
   * Takes effect at once (the requests still waiting for a slot must see it): the hold of a transient
   * failure, and the pause of an auth or quota answer unless the credentials changed since the client
   * was made. Returns the hold; the pause is persisted by the caller.
   */
  const reactTo = (error: CalltouchError, startedAt: number, clientEpoch: number) => {
    if (error.kind === "validation") streak = 0;
    // A 429 is the limiter's business (it holds and lowers the share); the ops wait in their slots.
    const outage = outageKind(error);
    const holdUntil = outage ? holdAfter(error, startedAt, now()) : undefined;
    if (outage && holdUntil !== undefined) hold = { kind: outage, until: holdUntil };
    else if (error.kind === "rateLimited" && error.details.retryAfterMs) {
      const until = now() + error.details.retryAfterMs;
      hold = { kind: "rateLimited", until };
      // Longer than the second the limit counts in: the server asks this IP to wait, and nothing of ours
      // leaves before then (within a second, the limiter's random hold after a 429 spaces the browsers).
      if (error.details.retryAfterMs > LIMITS.rateWindowMs) limiter.pauseUntil(until).catch(() => undefined);
    }
    // The limiter holds back at once; only writing the hold down can fail, and a restart re-learns it.
    if (holdUntil !== undefined) limiter.pauseUntil(holdUntil).catch(() => undefined);
    const pause = clientEpoch === epoch ? pauseFor(error, wallNow()) : null;
    if (pause) paused = pause;
    return { holdUntil, pause };
  };

  const sendBatch = async (
    posting: Promise<SendResult>,
    batch: OpRecord[],
    pumpRunId: string,
    slot: Slot | undefined,
    departure: string | undefined,
    clientEpoch: number,
  ) => {
    const startedAt = slot?.departedAt ?? now();
    const result = await posting;
    slot?.settle(slotOutcome(result));
    if (result.ok) {
      streak = 0;
      probeFirst = false;
    }
    let { holdUntil, pause } = result.ok ? {} : reactTo(result.error, startedAt, clientEpoch);
    const updates = planUpdates(batch, result, { now: now(), random, holdUntil });
    const refusal = refusedAlike(batch, updates);
    if (refusal && clientEpoch === epoch && !pause) {
      // The message is Calltouch's reason as it wrote it; the pages put it in a sentence.
      pause = { reason: "refused", message: refusal, at: wallNow() };
      paused = pause;
    }
    // The answer is written first, with the removal of the departure record: a failed write of the
    // reports below must not send the batch again (tags and comments are not idempotent). Those reports
    // are best-effort.
    await queue.complete(pumpRunId, updates, departure);
    const t = wallNow();
    await Promise.all([
      result.ok
        ? state.recordSuccess(t)
        : state.recordError({ kind: result.error.kind, message: result.error.message, at: t }),
      pause ? state.savePause(pause) : undefined,
    ]).catch(() => undefined);
    scheduleReport();
  };

  const run = async (): Promise<EngineSummary> => {
    // Nothing of this engine is in flight between pumps, so each pump has its own id and takes over
    // every op left `sending` by a dead worker or by an earlier pump that failed midway.
    const pumpRunId = `${runId}#${++pumps}`;
    await queue.recoverStale(pumpRunId);
    paused = await loadActivePause();
    await report();
    const inFlight = new Set<Promise<void>>();
    // Requests awaiting their answer: the cap counts connections, not the writes that follow an answer
    // (under a busy db those would hold the next request back and stall the pace).
    const awaited = new Set<Promise<unknown>>();
    let fatal: { error: unknown } | undefined;
    // One read fills every slot the limiter will give soon: taken one batch at a time, the batches of a
    // wave would leave spread out behind one another (each read waits its turn in the db).
    const takeWave = (alone: boolean) => {
      const slots = alone ? 1 : Math.max(1, Math.ceil(limiter.snapshot().share));
      return queue.takeBatch({ runId: pumpRunId, now: now(), max: batchSize * slots });
    };
    // The next wave, read while this one leaves: each read waits its turn behind the writes of an import
    // being queued and of the answers, and read after this wave, the next slot would come before its ops.
    let prefetched: Promise<OpRecord[]> | undefined;
    try {
      while (!paused && !fatal) {
        // After a failure, or when a quota pause has lapsed, one request goes alone until one succeeds.
        const alone = streak > 0 || probeFirst;
        if (awaited.size >= maxInFlight || (alone && inFlight.size > 0)) {
          await Promise.race(alone ? inFlight : awaited);
          continue;
        }
        let taken = await (prefetched ?? takeWave(alone));
        prefetched = undefined;
        if (alone && taken.length > batchSize) {
          // A wave read ahead before a failure came back: only its first batch goes, as the probe; the
          // rest keep their place in the queue.
          await queue.complete(pumpRunId, releaseBatch(taken.slice(batchSize)));
          taken = taken.slice(0, batchSize);
        }
        const method = taken[0]?.method;
        if (!method) {
          if (inFlight.size > 0) await Promise.race(inFlight);
          else if (!(await awaitDueOps())) break;
          continue;
        }
        const clientEpoch = epoch;
        const client = await getClient().catch(async (error: unknown) => {
          // The ops go back untouched: reading the credentials failed, not the request.
          await queue.complete(pumpRunId, releaseBatch(taken, now()));
          throw error;
        });
        if (!client) {
          await setPause({
            reason: "noCredentials",
            message: "No Access-Token and SiteId are saved.",
            at: wallNow(),
          });
          await queue.complete(pumpRunId, releaseBatch(taken, now()));
          break;
        }
        const failuresAtTake = transientFailures;
        // Paused, new credentials, a failure meanwhile (the API or the network is down) or a storage error:
        // the rest of the wave waits in the queue rather than going out, so an outage costs one probe.
        const stopWave = () =>
          !!paused || !!fatal || epoch !== clientEpoch || transientFailures > failuresAtTake;
        for (let from = 0; from < taken.length; from += batchSize) {
          const batch = taken.slice(from, from + batchSize);
          const rest = () => releaseBatch(taken.slice(from), Math.max(now(), heldUntil));
          if (stopWave()) {
            await queue.complete(pumpRunId, rest());
            break;
          }
          // Validated and checked before the limiter's slot is taken, so the request leaves the moment the
          // slot starts: a delay between the slot and the request would bunch requests up at the server.
          let refused: CalltouchError | null = null;
          try {
            refused = (await client.preflight?.()) ?? null;
          } catch (error) {
            // Reading the credentials failed, not a request: the rest of the wave waits untouched.
            await queue.complete(pumpRunId, rest());
            fatal ??= { error };
            break;
          }
          const prepared: PrepareResult = refused
            ? { ok: false, error: refused }
            : client.prepare(
                method,
                batch.map((op) => op.item),
              );
          let slot: Slot | undefined;
          let departure: string | undefined;
          if (prepared.ok) {
            // Read with the wave's last batch, not its first: the read is a write transaction, and the
            // departure records of this wave's other batches would wait behind it (and behind an import
            // being queued), holding their requests back.
            const lastOfWave = from + batchSize >= taken.length;
            if (lastOfWave && streak === 0 && !probeFirst && !prefetched) prefetched = takeWave(false);
            slot = await limiter.acquire();
            if (stopWave()) {
              slot.settle("noAnswer");
              await queue.complete(pumpRunId, rest());
              break;
            }
            try {
              departure = await queue.markDeparted(
                pumpRunId,
                batch.map((op) => op.id),
                now(),
              );
            } catch (error) {
              // Without the record a cut-off request could be sent twice: this batch does not leave.
              slot.settle("noAnswer");
              fatal ??= { error };
              break;
            }
            await slot.depart();
          }
          const posting = postSafely(client, prepared);
          awaited.add(posting);
          void posting.then(() => awaited.delete(posting));
          const sent = sendBatch(posting, batch, pumpRunId, slot, departure, clientEpoch).catch(
            (error: unknown) => {
              fatal ??= { error };
            },
          );
          inFlight.add(sent);
          void sent.then(() => inFlight.delete(sent));
        }
      }
    } finally {
      await Promise.all(inFlight);
      // A wave read ahead but not sent (a pause, a failure) goes back untouched.
      const unsent = await prefetched?.catch(() => []);
      if (unsent?.length) await queue.complete(pumpRunId, releaseBatch(unsent, now()));
    }
    // A db failure midway: the ops of that batch stay `sending` and the next pump takes them over.
    if (fatal) throw fatal.error;
    await reporting;
    return report();
  };

  return {
    pump() {
      if (running) {
        again = true;
        wake?.();
        return running;
      }
      running = (async () => {
        try {
          let summary: EngineSummary;
          do {
            again = false;
            summary = await run();
          } while (again);
          return summary;
        } finally {
          running = undefined;
        }
      })();
      return running;
    },

    async resume() {
      epoch++;
      streak = 0;
      // One request checks the way only when a pause is lifted: saving credentials while nothing was
      // paused (the usual first set-up) does not hold the first wave back by a round trip.
      const lifted = paused ?? (await state.loadPause());
      if (lifted) probeFirst = true;
      await setPause(null);
    },

    async status() {
      const [pause, requests] = await Promise.all([state.loadPause(), state.loadReport()]);
      const active = pause?.until !== undefined && pause.until <= wallNow() ? null : pause;
      const holding = hold && hold.until > now() ? hold : null;
      return { ...(await summarize(active)), ...requests, running: running !== undefined, hold: holding };
    },
  };
}

/** The pause an answer calls for: bad credentials until they change, spent points until Calltouch's midnight. */
function pauseFor(error: CalltouchError, at: number): EnginePause | null {
  if (error.kind === "auth") return { reason: "auth", message: error.message, at };
  if (error.kind === "quota") {
    return { reason: "quota", message: error.message, at, until: quotaPauseUntil(at) };
  }
  return null;
}

/** Failures that pass by themselves but say the API or the network is down: requests are spaced out. */
function outageKind(error: CalltouchError): Exclude<EngineHold["kind"], "rateLimited"> | null {
  const { kind } = error;
  return kind === "server" || kind === "network" || kind === "badResponse" ? kind : null;
}

/** What the limiter learns from a request's result. */
function slotOutcome(result: SendResult): SlotOutcome {
  if (result.ok) return "answered";
  if (result.error.kind === "rateLimited") return "rateLimited";
  return result.error.kind === "network" ? "noAnswer" : "answered";
}

/** Requests awaiting an answer at once (see `SendEngineOptions.maxInFlight`). */
const MAX_IN_FLIGHT = 6;

/** Posts in the same tick (the limiter's slot is now), turning a broken promise into a result. */
function postSafely(client: CalltouchClient, prepared: PrepareResult): Promise<SendResult> {
  if (!prepared.ok) return Promise.resolve(prepared);
  const asFailure = (e: unknown): SendResult => ({
    ok: false,
    error: new CalltouchError("network", e instanceof Error ? e.message : String(e)),
  });
  try {
    return client.post(prepared.request).catch(asFailure);
  } catch (e) {
    return Promise.resolve(asFailure(e));
  }
}
