/**
 * The persistent queue of lead operations: one IndexedDB record per op, indexed reads only. This is the
 * facade the engine and the background use; history reads (history.ts), retention (prune.ts) and the
 * state counters (counters.ts) live apart. Over 400 lines because the `OpQueue` contract and the
 * transactions that keep ops and counters in step belong together.
 */
import type { IDBPDatabase, IDBPIndex, IDBPObjectStore } from "idb";
import { z } from "zod";
import { MAX_RETRY_AFTER_MS } from "../calltouch/errors";
import { LIMITS } from "../calltouch/limits";
import { type LeadResult, METHODS } from "../calltouch/schemas";
import { getDb as defaultGetDb, type TaggerDB } from "../db";
import { monotonicNow } from "./clock";
import {
  applyTally,
  CANCELLED,
  createTally,
  JOB_HOLDS_KEY,
  type JobHold,
  PAUSED,
  parseHolds,
  readCounts,
  readJobProgress,
  reconcileCounts,
  type Tally,
} from "./counters";
import {
  collectPage,
  type HistoryPage,
  type HistoryQuery,
  type JobProgress,
  type OpPage,
  type PageQuery,
  parseOp,
  readPage,
  searchOps,
} from "./history";
import { orderKeyOf } from "./order";
import { type PruneOptions, pruneOps } from "./prune";
import {
  DAMAGED_OP_ERROR,
  type NewOp,
  OP_STATES,
  type OpError,
  type OpRecord,
  type OpState,
  RETRYABLE_STATES,
} from "./types";

/** What the engine writes back for one op of a batch it took. */
export interface OpUpdate {
  id: number;
  state: OpState;
  /** Omitted: unchanged. */
  notBefore?: number;
  /** Omitted: unchanged (the count taken at `takeBatch`). */
  attempts?: number;
  /** Omitted: the previous result is kept. */
  result?: LeadResult;
  /** Cleared by `done`/`notMatched`; omitted on `queued`: the previous error is kept. */
  error?: OpError;
  /** Set when the request's outcome is unknown (it may have been written); omitted: unchanged. */
  unknownOutcome?: boolean;
}

export type RetryTarget =
  | readonly number[]
  | "allFailed"
  | "allNotMatched"
  /** One job's ops in one retryable state (a bulk job's uncertain ones). */
  | { jobId: string; state: OpState };

export interface OpQueueOptions {
  getDb?: () => Promise<IDBPDatabase<TaggerDB>>;
  /** The engine's clock (`monotonicNow`): `notBefore` is compared with it, so it is written on it too. */
  now?: () => number;
  /**
   * The wall clock, for what people read and filter by (`createdAt`, `updatedAt`, the age prune): default
   * `Date.now`, or `now` itself when `now` is injected (tests on one virtual clock).
   */
  wallNow?: () => number;
}

export interface OpQueue {
  /** Stores new ops as `queued` in one transaction; resolves with their ids once it has committed. */
  enqueue(ops: readonly NewOp[]): Promise<number[]>;
  /**
   * Marks up to `max` due `queued` ops of one method `sending` for `runId` and returns them, oldest first.
   * An op waits while an older op with its order key is queued or sending (see `orderKeyOf`).
   */
  takeBatch(query: { runId: string; now?: number; max?: number }): Promise<OpRecord[]>;
  /**
   * Records that a request carrying `ids` is leaving, before it leaves; returns the record's key for
   * `complete`. A worker that dies before the answer is written leaves the record behind.
   */
  markDeparted(runId: string, ids: readonly number[], at: number): Promise<string>;
  /**
   * Takes over every `sending` op not of `runId` (its worker died): ops whose request never left go back
   * to `queued`; ops whose request left may have been written: idempotent ones are queued again (their
   * attempt counted), the others become `uncertain` (all of them when a departure record cannot be read:
   * it may have named any). A queued op whose time is not a number (a damaged record: the queue's index of
   * due ops leaves it out, so it would wait for ever) becomes failed. A queued op due further ahead than
   * any hold reaches was timed before the clock was set back (each worker's clock starts from the wall
   * clock): it is due now. Returns how many ops it moved.
   */
  recoverStale(runId: string): Promise<number>;
  /**
   * Writes a batch's outcome in one transaction, then removes its departure record; ops no longer
   * `sending` for `runId` are left alone.
   */
  complete(runId: string, updates: readonly OpUpdate[], departure?: string): Promise<number>;
  /** Number of ops in each state (kept as counters: constant time, whatever the history's size). */
  counts(): Promise<Record<OpState, number>>;
  /** The earliest `notBefore` of the `queued` ops, or null when none is queued. */
  nextWakeAt(): Promise<number | null>;
  /** One op, or undefined when there is none with that id. */
  get(id: number): Promise<OpRecord | undefined>;
  /** Every op of one job (one popup action or import), oldest first. */
  listByJob(jobId: string): Promise<OpRecord[]>;
  /** Ops newest first (by id), optionally of one state. */
  page(query: PageQuery): Promise<OpPage>;
  /** Sends `failed`/`notMatched`/`uncertain` ops again: `queued`, attempts 0, error cleared, result kept; returns how many. */
  retry(target: RetryTarget): Promise<number>;
  /** One job's counts by state (constant time: kept as counters) and whether it is paused. */
  jobProgress(jobId: string): Promise<JobProgress>;
  /** Holds a job's queued ops (and any that come back to the queue) until `resumeJob`. */
  pauseJob(jobId: string): Promise<JobProgress>;
  /** Queues a paused job's held ops again. */
  resumeJob(jobId: string): Promise<JobProgress>;
  /** Cancels a job's ops not sent yet; ops already sending finish. */
  cancelJob(jobId: string): Promise<JobProgress>;
  /** A job's ops in id order, a page at a time (`afterId` = the last id of the previous page). */
  listJob(jobId: string, page: { afterId?: number; limit: number }): Promise<OpPage>;
  /** Ops matching the query, newest first (by id); examines at most `scanLimit` ops per call. */
  search(query: HistoryQuery): Promise<HistoryPage>;
  /**
   * Deletes delivered or cancelled ops (done, notMatched, cancelled) changed longer than `maxAgeMs` ago, then
   * the oldest of them while more than `maxCount` ops are stored; never an op that still needs the engine or
   * the user (queued, sending, held, failed, uncertain).
   * Works in transactions of at most `batchSize` ops, each keeping the counters; returns how many it deleted.
   */
  prune(options: PruneOptions): Promise<number>;
}

/** Keys of departure records in `departures`: `<runId>:<first op id>`. A departure record: the ops a request carried. */
const DepartureSchema = z.object({
  runId: z.string(),
  ids: z.array(z.number().int()),
  at: z.number(),
});
type Departure = z.infer<typeof DepartureSchema>;

const queuedRange = (upTo: number) =>
  IDBKeyRange.bound(["queued", Number.NEGATIVE_INFINITY], ["queued", upTo]);
const queuedBefore = (upTo: number) =>
  IDBKeyRange.bound(["queued", Number.NEGATIVE_INFINITY], ["queued", upTo], false, true);

const queuedAfter = (from: number) =>
  IDBKeyRange.bound(["queued", from], ["queued", Number.POSITIVE_INFINITY], true, false);
/** A `notBefore` further ahead than twice the longest hold is stale (see MAX_RETRY_AFTER_MS). */
const STALE_AHEAD_MS = 2 * MAX_RETRY_AFTER_MS;

/** Creates the queue over the `ops` store. */
export function createOpQueue(options: OpQueueOptions = {}): OpQueue {
  const { getDb = defaultGetDb, now = monotonicNow } = options;
  const wallNow = options.wallNow ?? (options.now ? options.now : () => Date.now());

  return {
    async enqueue(ops) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite");
      const store = tx.objectStore("ops");
      const t = now();
      const stamp = wallNow();
      const tally = createTally();
      for (const op of ops) tally.add(op.jobId, null, "queued");
      void applyTally(tx.objectStore("counters"), tally);
      const ids = await Promise.all(
        ops.map((op) =>
          // The store assigns the id (autoIncrement); the cast only omits it from the written value.
          store.add({
            ...op,
            state: "queued",
            attempts: 0,
            notBefore: t,
            createdAt: stamp,
            updatedAt: stamp,
            seqKey: orderKeyOf(op),
          } as OpRecord),
        ),
      );
      await tx.done;
      return ids;
    },

    async takeBatch({ runId, now: at = now(), max = LIMITS.maxItemsPerRequest }) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite", { durability: "relaxed" });
      const store = tx.objectStore("ops");
      // One read of the due ops, then the writes pipelined: a cursor stepped op by op costs a round trip
      // per op. Ops of one job share a method and are queued together, so a read of `max` rarely mixes
      // methods; when it does, the batch is smaller and the rest goes in the next one.
      const [read, storedHolds] = await Promise.all([
        store.index("by-state-notBefore").getAll(queuedRange(at), max),
        tx.objectStore("counters").get(JOB_HOLDS_KEY),
      ]);
      // A record that does not parse (damaged on disk, or written by hand) is never sent: it leaves the
      // queue as failed with the reason, and the rest of the batch goes on.
      const stamp = wallNow();
      const tally = createTally();
      const due: OpRecord[] = [];
      const damaged: OpRecord[] = [];
      for (const stored of read) {
        const op = parseOp(stored, stored.id);
        if (op) due.push(op);
        else damaged.push(failDamaged(stored, "queued", stamp, tally));
      }
      const holds = parseHolds(storedHolds);
      const holdOf = (op: OpRecord) => holds[op.jobId];
      // An op of a paused or cancelled job that came back to the queue (a retry of a request that was
      // under way) is held or cancelled, not sent.
      const stopped = due
        .filter((op) => holdOf(op))
        .map(
          (op): OpRecord => ({
            ...op,
            state: holdOf(op) === CANCELLED ? "cancelled" : "held",
            updatedAt: stamp,
          }),
        );
      const method = due.find((op) => !holdOf(op))?.method;
      const candidates = due.filter((op) => op.method === method && !holdOf(op));
      const blocked = await waitingForOlder(store.index("by-seq"), candidates);
      const taken = candidates
        .filter((op) => !blocked.has(op.id))
        .slice(0, max)
        .map((op): OpRecord => ({ ...op, state: "sending", runId, updatedAt: stamp }));
      for (const op of stopped) tally.add(op.jobId, "queued", op.state);
      for (const op of taken) tally.add(op.jobId, "queued", "sending");
      void applyTally(tx.objectStore("counters"), tally);
      await Promise.all([...[...stopped, ...taken, ...damaged].map((op) => store.put(op)), tx.done]);
      // Oldest first: the order they were queued in, whatever their backoff did to `notBefore`.
      return taken.sort((a, b) => a.id - b.id);
    },

    async markDeparted(runId, ids, at) {
      const key = `${runId}:${ids[0] ?? 0}`;
      const departure: Departure = { runId, ids: [...ids], at };
      const db = await getDb();
      await db.put("departures", departure, key);
      return key;
    },

    async recoverStale(runId) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters", "departures"], "readwrite", { durability: "relaxed" });
      const t = wallNow();
      const tally = createTally();
      // `<runId>:<op id>` of every op a dead run's request carried: the op is still `sending` for that run.
      const departed = new Set<string>();
      // A record that does not parse may have named any of them: every op taken over is then taken as
      // having left (a comment is flagged uncertain rather than perhaps written twice).
      let unreadable = false;
      for await (const cursor of tx.objectStore("departures").iterate()) {
        const record = parseDeparture(cursor.value);
        if (record?.runId === runId) continue;
        if (!record) unreadable = true;
        for (const id of record?.ids ?? []) departed.add(`${record?.runId}:${id}`);
        await cursor.delete();
      }
      for await (const cursor of tx.objectStore("ops").index("by-state").iterate("sending")) {
        const stored = cursor.value;
        if (stored.runId === runId) continue;
        // A record that no longer parses is failed with the reason, as `takeBatch` does: never resent.
        const op = parseOp(stored, cursor.primaryKey);
        if (!op) {
          await cursor.update(failDamaged(stored, "sending", t, tally));
          continue;
        }
        const next = recovered(op, unreadable || departed.has(`${op.runId}:${op.id}`), t);
        await cursor.update(next);
        tally.add(op.jobId, "sending", next.state);
      }
      await failUnindexed(tx.objectStore("ops"), tally, t);
      const due = now();
      const ahead = tx
        .objectStore("ops")
        .index("by-state-notBefore")
        .iterate(queuedAfter(due + STALE_AHEAD_MS));
      for await (const cursor of ahead) await cursor.update({ ...cursor.value, notBefore: due });
      await applyTally(tx.objectStore("counters"), tally);
      // A state that is none (changed by hand) is failed too, and the counters counted again.
      await reconcileCounts(tx.objectStore("ops"), tx.objectStore("counters"), (op) => damagedRecord(op, t));
      await tx.done;
      return tally.size();
    },

    async complete(runId, updates, departure) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite", { durability: "relaxed" });
      const store = tx.objectStore("ops");
      const t = wallNow();
      const tally = createTally();
      const applied = await Promise.all(
        updates.map(async (update) => {
          const op = await store.get(update.id);
          // Another run took the op over (this worker was presumed dead): its answer wins.
          if (op?.state !== "sending" || op.runId !== runId) return false;
          tally.add(op.jobId, "sending", update.state);
          await store.put(applyUpdate(op, update, t));
          return true;
        }),
      );
      await applyTally(tx.objectStore("counters"), tally);
      await tx.done;
      // After the outcome, in a transaction of its own (see the store): a record left by a failed delete
      // names a run whose ops are no longer `sending`, and the next take-over drops it.
      if (departure) await db.delete("departures", departure).catch(() => undefined);
      return applied.filter(Boolean).length;
    },

    async counts() {
      return readCounts(await getDb());
    },

    async nextWakeAt() {
      const index = (await getDb()).transaction("ops").store.index("by-state-notBefore");
      const earliest = await index.get(queuedRange(Number.POSITIVE_INFINITY));
      return earliest ? earliest.notBefore : null;
    },

    async get(id) {
      const stored = await (await getDb()).get("ops", id);
      return (stored && parseOp(stored, id)) ?? undefined;
    },

    async listByJob(jobId) {
      const stored = await (await getDb()).getAllFromIndex("ops", "by-job", jobId);
      return stored.flatMap((op) => parseOp(op, op.id) ?? []);
    },

    async page(query) {
      return readPage(await getDb(), query);
    },

    async retry(target) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite");
      const store = tx.objectStore("ops");
      const t = now();
      const tally = createTally();
      const requeue = (op: OpRecord): OpRecord => {
        tally.add(op.jobId, op.state, "queued");
        const { error: _cleared, runId: _none, ...rest } = op;
        return { ...rest, state: "queued", attempts: 0, notBefore: t, updatedAt: wallNow() };
      };
      if (typeof target === "string") {
        const state: OpState = target === "allFailed" ? "failed" : "notMatched";
        for await (const cursor of store.index("by-state").iterate(state)) {
          await cursor.update(requeue(cursor.value));
        }
      } else if ("jobId" in target) {
        if (!RETRYABLE_STATES.includes(target.state)) return 0;
        for await (const cursor of store.index("by-job").iterate(target.jobId)) {
          if (cursor.value.state === target.state) await cursor.update(requeue(cursor.value));
        }
      } else {
        for (const id of target) {
          const op = await store.get(id);
          if (!op || !RETRYABLE_STATES.includes(op.state)) continue;
          await store.put(requeue(op));
        }
      }
      await applyTally(tx.objectStore("counters"), tally);
      await tx.done;
      return tally.size();
    },

    async jobProgress(jobId) {
      return readJobProgress(await getDb(), jobId);
    },

    async pauseJob(jobId) {
      await moveJob(jobId, ["queued"], "held", PAUSED);
      return this.jobProgress(jobId);
    },

    async resumeJob(jobId) {
      await moveJob(jobId, ["held"], "queued", null);
      return this.jobProgress(jobId);
    },

    async cancelJob(jobId) {
      await moveJob(jobId, ["queued", "held"], "cancelled", CANCELLED);
      return this.jobProgress(jobId);
    },

    async listJob(jobId, { afterId = 0, limit }) {
      const db = await getDb();
      const index = db.transaction("ops").store.index("by-job");
      // The index orders one job's entries by id: jump straight past the previous page.
      let cursor = await index.openCursor(IDBKeyRange.only(jobId));
      if (cursor && afterId >= cursor.primaryKey)
        cursor = await cursor.continuePrimaryKey(jobId, afterId + 1);
      return collectPage(cursor, limit);
    },

    async search(query) {
      return searchOps(await getDb(), query);
    },

    async prune(options) {
      const total = async () => {
        const counts = await this.counts();
        return OP_STATES.reduce((sum, state) => sum + counts[state], 0);
      };
      return pruneOps(await getDb(), { ...options, now: options.now ?? wallNow() }, total);
    },
  };

  /** Moves a job's ops in `from` states to `to`, and records the job as paused, cancelled or neither. */
  async function moveJob(jobId: string, from: readonly OpState[], to: OpState, hold: JobHold | null) {
    const db = await getDb();
    const tx = db.transaction(["ops", "counters"], "readwrite");
    const t = now();
    const tally = createTally();
    const holds = parseHolds(await tx.objectStore("counters").get(JOB_HOLDS_KEY));
    if (hold) holds[jobId] = hold;
    else delete holds[jobId];
    await tx.objectStore("counters").put(holds, JOB_HOLDS_KEY);
    for await (const cursor of tx.objectStore("ops").index("by-job").iterate(jobId)) {
      if (!from.includes(cursor.value.state)) continue;
      tally.add(jobId, cursor.value.state, to);
      await cursor.update({ ...cursor.value, state: to, notBefore: t, updatedAt: wallNow() });
    }
    await applyTally(tx.objectStore("counters"), tally);
    await tx.done;
  }
}

function applyUpdate(op: OpRecord, update: OpUpdate, t: number): OpRecord {
  const { runId: _released, error: previousError, ...rest } = op;
  const settled = update.state === "done" || update.state === "notMatched";
  const error = settled ? undefined : (update.error ?? previousError);
  return {
    ...rest,
    state: update.state,
    notBefore: update.notBefore ?? op.notBefore,
    attempts: update.attempts ?? op.attempts,
    result: update.result ?? op.result,
    updatedAt: t,
    ...(error ? { error } : {}),
    ...((update.unknownOutcome ?? op.unknownOutcome) ? { unknownOutcome: true } : {}),
  };
}

type SeqIndex = IDBPIndex<TaggerDB, ("ops" | "counters")[], "ops", "by-seq", "readwrite">;

/** Order keys of `candidates` with an older op queued or sending: those ops wait their turn. */
async function waitingForOlder(index: SeqIndex, candidates: readonly OpRecord[]): Promise<Set<number>> {
  const blocked = new Set<number>();
  const oldestTaken = new Map<string, number>();
  const keys = [...new Set(candidates.flatMap((op) => (op.seqKey ? [op.seqKey] : [])))];
  // One range per key covers exactly `queued` and `sending` (no state sorts between them).
  const pending = await Promise.all(
    keys.map((key) => index.getAllKeys(IDBKeyRange.bound([key, "queued"], [key, "sending"]))),
  );
  const oldestPending = new Map(keys.map((key, i) => [key, Math.min(...(pending[i] ?? []))]));
  for (const op of [...candidates].sort((a, b) => a.id - b.id)) {
    if (!op.seqKey) continue;
    const older = Math.min(oldestPending.get(op.seqKey) ?? op.id, oldestTaken.get(op.seqKey) ?? op.id);
    if (older < op.id) blocked.add(op.id);
    else oldestTaken.set(op.seqKey, op.id);
  }
  return blocked;
}

function parseDeparture(value: unknown): Departure | null {
  const parsed = DepartureSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

type OpsStore = IDBPObjectStore<TaggerDB, ("ops" | "counters" | "departures")[], "ops", "readwrite">;

/**
 * Fails the queued ops that the index of due ops leaves out: their `notBefore` is not a finite number
 * (missing, text, NaN, Infinity), so `takeBatch` would never see them and they would count as queued for ever. Two counts of
 * keys tell whether there is any (the usual case costs no read of a record).
 */
async function failUnindexed(store: OpsStore, tally: Tally, t: number) {
  const [queued, due] = await Promise.all([
    store.index("by-state").count("queued"),
    // Up to, not including, +Infinity: a key IndexedDB takes, and a time no op ever reaches.
    store.index("by-state-notBefore").count(queuedBefore(Number.POSITIVE_INFINITY)),
  ]);
  if (queued === due) return;
  for await (const cursor of store.index("by-state").iterate("queued")) {
    const stored = cursor.value;
    if (typeof stored.notBefore === "number" && Number.isFinite(stored.notBefore)) continue;
    parseOp(stored, cursor.primaryKey); // Logs what is wrong with the record, with its key.
    await cursor.update(failDamaged(stored, "queued", t, tally));
  }
}

/**
 * A stored op that does not parse, taken out of the queue: failed with the reason, its run forgotten, and
 * counted out of `from` (in its job's counters too when the job id survived: the type says it did, the disk
 * may not agree).
 */
function failDamaged(stored: OpRecord, from: OpState, t: number, tally: Tally): OpRecord {
  tally.add(typeof stored.jobId === "string" ? stored.jobId : null, from, "failed");
  return damagedRecord(stored, t);
}

function damagedRecord(stored: OpRecord, t: number): OpRecord {
  const { runId: _gone, ...rest } = stored;
  return { ...rest, state: "failed", updatedAt: t, error: DAMAGED_OP_ERROR };
}

/** An op taken over from a dead worker: see `OpQueue.recoverStale`. */
function recovered(op: OpRecord, departed: boolean, t: number): OpRecord {
  const { runId: _dead, ...rest } = op;
  if (!departed) return { ...rest, state: "queued", updatedAt: t };
  const attempts = op.attempts + 1;
  if (METHODS[op.method].idempotent)
    return { ...rest, state: "queued", attempts, unknownOutcome: true, updatedAt: t };
  return {
    ...rest,
    state: "uncertain",
    attempts,
    unknownOutcome: true,
    updatedAt: t,
    error: {
      kind: "unknownOutcome",
      message:
        "The browser stopped the extension while this request was on its way: it may have been written.",
    },
  };
}
