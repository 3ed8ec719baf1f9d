/** The persistent queue and history of lead operations: one IndexedDB record per op, indexed reads only. */
import type { IDBPDatabase, IDBPIndex, IDBPObjectStore, StoreNames } from "idb";
import { z } from "zod";
import { LIMITS } from "../calltouch/limits";
import { type LeadItem, type LeadResult, METHODS, type Method } from "../calltouch/schemas";
import { getDb as defaultGetDb, type TaggerDB } from "../db";
import { orderKeyOf } from "./order";
import {
  emptyCounts,
  type NewOp,
  OP_STATES,
  type OpError,
  type OpRecord,
  type OpSource,
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

export interface PageQuery {
  limit: number;
  state?: OpState;
  /** Cursor: only ops with a smaller id (pass the last id of the previous page). */
  before?: number;
  /** Ops to skip after `before` (numbered pages). */
  offset?: number;
}

export interface OpPage {
  items: OpRecord[];
  /** `before` for the next page; absent on the last page. */
  next?: number;
}

export type RetryTarget =
  | readonly number[]
  | "allFailed"
  | "allNotMatched"
  /** One job's ops in one retryable state (a bulk job's uncertain ones). */
  | { jobId: string; state: OpState };

/** A search of the history: newest first, filtered, read in bounded steps. */
export interface HistoryQuery {
  limit: number;
  /** Cursor: only ops with a smaller id (pass `next` of the previous answer). */
  before?: number;
  state?: OpState;
  /** Only ops created at or after this time (epoch ms). */
  from?: number;
  /** Only ops created before this time (epoch ms, exclusive). */
  to?: number;
  /** Case-insensitive text in the label; a phone or ID typed in any format also matches by its digits. */
  text?: string;
  /** Most ops examined by one call (default `SEARCH_SCAN_LIMIT`). */
  scanLimit?: number;
}

export interface HistoryPage {
  items: OpRecord[];
  /** `before` for the next call; absent when nothing older can match. */
  next?: number;
  /** True when the scan stopped at its limit before `limit` ops matched: more may match from `next` on. */
  partial?: boolean;
  /** Ops examined by this call. */
  scanned: number;
}

export interface PruneOptions {
  /** Ops kept at most, counted over every state; the oldest finished ones beyond it are deleted. */
  maxCount: number;
  /** Finished ops not changed for longer than this are deleted. */
  maxAgeMs: number;
  now?: number;
  /** Ops examined per transaction (default `PRUNE_BATCH`). */
  batchSize?: number;
}

/** Ops one search call examines at most: a call stays short however large the history is. */
export const SEARCH_SCAN_LIMIT = 5000;
/** Ops one prune transaction examines at most, so the engine's transactions are not held up for long. */
export const PRUNE_BATCH = 2000;
/**
 * States the retention policy deletes: delivered or given up by the user. Failed and uncertain ops wait
 * for the user (they are the ones to send again or check), so neither age nor count removes them.
 */
const PRUNABLE_STATES: readonly OpState[] = ["done", "notMatched", "cancelled"];

export interface OpQueueOptions {
  getDb?: () => Promise<IDBPDatabase<TaggerDB>>;
  now?: () => number;
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
   * attempt counted), the others become `uncertain`. Returns how many ops it moved.
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
  listJob(
    jobId: string,
    page: { afterId?: number; limit: number },
  ): Promise<{ items: OpRecord[]; next?: number }>;
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

export interface JobProgress {
  jobId: string;
  total: number;
  counts: Record<OpState, number>;
  paused: boolean;
}

/** Keys of departure records in `departures`: `<runId>:<first op id>`. */
/** A departure record: the ops a request carried. */
interface Departure {
  runId: string;
  ids: number[];
  at: number;
}

const queuedRange = (upTo: number) =>
  IDBKeyRange.bound(["queued", Number.NEGATIVE_INFINITY], ["queued", upTo]);

/** Creates the queue over the `ops` store. */
export function createOpQueue(options: OpQueueOptions = {}): OpQueue {
  const { getDb = defaultGetDb, now = Date.now } = options;

  return {
    async enqueue(ops) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite");
      const store = tx.objectStore("ops");
      const t = now();
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
            createdAt: t,
            updatedAt: t,
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
      const [due, holds] = await Promise.all([
        store.index("by-state-notBefore").getAll(queuedRange(at), max),
        tx.objectStore("counters").get(JOB_HOLDS_KEY),
      ]);
      const holdOf = (op: OpRecord) => holds?.[op.jobId];
      const tally = createTally();
      // An op of a paused or cancelled job that came back to the queue (a retry of a request that was
      // under way) is held or cancelled, not sent.
      const stopped = due
        .filter((op) => holdOf(op))
        .map(
          (op): OpRecord => ({
            ...op,
            state: holdOf(op) === CANCELLED ? "cancelled" : "held",
            updatedAt: at,
          }),
        );
      const method = due.find((op) => !holdOf(op))?.method;
      const candidates = due.filter((op) => op.method === method && !holdOf(op));
      const blocked = await waitingForOlder(store.index("by-seq"), candidates);
      const taken = candidates
        .filter((op) => !blocked.has(op.id))
        .slice(0, max)
        .map((op): OpRecord => ({ ...op, state: "sending", runId, updatedAt: at }));
      for (const op of stopped) tally.add(op.jobId, "queued", op.state);
      for (const op of taken) tally.add(op.jobId, "queued", "sending");
      void applyTally(tx.objectStore("counters"), tally);
      await Promise.all([...[...stopped, ...taken].map((op) => store.put(op)), tx.done]);
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
      const t = now();
      const tally = createTally();
      // `<runId>:<op id>` of every op a dead run's request carried: the op is still `sending` for that run.
      const departed = new Set<string>();
      for await (const cursor of tx.objectStore("departures").iterate()) {
        const record = parseDeparture(cursor.value);
        if (record?.runId === runId) continue;
        for (const id of record?.ids ?? []) departed.add(`${record?.runId}:${id}`);
        await cursor.delete();
      }
      for await (const cursor of tx.objectStore("ops").index("by-state").iterate("sending")) {
        const op = cursor.value;
        if (op.runId === runId) continue;
        const next = recovered(op, departed.has(`${op.runId}:${op.id}`), t);
        await cursor.update(next);
        tally.add(op.jobId, "sending", next.state);
      }
      await applyTally(tx.objectStore("counters"), tally);
      await tx.done;
      return tally.size();
    },

    async complete(runId, updates, departure) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite", { durability: "relaxed" });
      const store = tx.objectStore("ops");
      const t = now();
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
      const db = await getDb();
      const stored = await db.get("counters", COUNTERS_KEY);
      if (stored) return { ...emptyCounts(), ...stored };
      // First use of this database: count once from the index, then keep the counters up to date.
      const tx = db.transaction(["ops", "counters"], "readwrite");
      const index = tx.objectStore("ops").index("by-state");
      const counts = emptyCounts();
      for (const state of OP_STATES) counts[state] = await index.count(state);
      await tx.objectStore("counters").put(counts, COUNTERS_KEY);
      await tx.done;
      return counts;
    },

    async nextWakeAt() {
      const db = await getDb();
      const cursor = await db
        .transaction("ops")
        .store.index("by-state-notBefore")
        .openCursor(queuedRange(Number.POSITIVE_INFINITY));
      return cursor ? cursor.value.notBefore : null;
    },

    async get(id) {
      return (await getDb()).get("ops", id);
    },

    async listByJob(jobId) {
      return (await getDb()).getAllFromIndex("ops", "by-job", jobId);
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
        return { ...rest, state: "queued", attempts: 0, notBefore: t, updatedAt: t };
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
      const db = await getDb();
      const [stored, paused] = await Promise.all([
        db.get("counters", jobKey(jobId)),
        db.get("counters", JOB_HOLDS_KEY),
      ]);
      let counts = stored ? { ...emptyCounts(), ...stored } : null;
      if (!counts) {
        // Jobs queued before per-job counting: count once through the job's ops, then keep counting.
        counts = emptyCounts();
        for (const op of await db.getAllFromIndex("ops", "by-job", jobId)) counts[op.state]++;
        await db.put("counters", counts, jobKey(jobId));
      }
      const total = OP_STATES.reduce((sum, state) => sum + counts[state], 0);
      return { jobId, total, counts, paused: paused?.[jobId] === PAUSED };
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
      const items: OpRecord[] = [];
      while (cursor && items.length < limit) {
        items.push(cursor.value);
        cursor = await cursor.continue();
      }
      const last = items.at(-1);
      return cursor && last ? { items, next: last.id } : { items };
    },

    async search(query) {
      return searchOps(await getDb(), query);
    },

    async prune({ maxCount, maxAgeMs, now: at = now(), batchSize = PRUNE_BATCH }) {
      const db = await getDb();
      let removed = 0;
      for (let after: AgeCursor | undefined, done = false; !done; ) {
        const batch = await pruneOlderThan(db, at - maxAgeMs, after, batchSize);
        removed += batch.deleted;
        ({ after, done } = batch);
      }
      const counts = await this.counts();
      let excess = OP_STATES.reduce((sum, state) => sum + counts[state], 0) - maxCount;
      let afterId: number | undefined = 0;
      while (excess > 0 && afterId !== undefined) {
        const batch = await pruneOldest(db, afterId, excess, batchSize);
        removed += batch.deleted;
        excess -= batch.deleted;
        afterId = batch.last;
      }
      return removed;
    },
  };

  /** Moves a job's ops in `from` states to `to`, and records the job as paused, cancelled or neither. */
  async function moveJob(jobId: string, from: readonly OpState[], to: OpState, hold: JobHold | null) {
    const db = await getDb();
    const tx = db.transaction(["ops", "counters"], "readwrite");
    const t = now();
    const tally = createTally();
    const holds = (await tx.objectStore("counters").get(JOB_HOLDS_KEY)) ?? {};
    if (hold) holds[jobId] = hold;
    else delete holds[jobId];
    await tx.objectStore("counters").put(holds, JOB_HOLDS_KEY);
    for await (const cursor of tx.objectStore("ops").index("by-job").iterate(jobId)) {
      if (!from.includes(cursor.value.state)) continue;
      tally.add(jobId, cursor.value.state, to);
      await cursor.update({ ...cursor.value, state: to, notBefore: t, updatedAt: t });
    }
    await applyTally(tx.objectStore("counters"), tally);
    await tx.done;
  }
}

const COUNTERS_KEY = "ops";
/** The jobs the user paused or cancelled, as `{ [jobId]: JobHold }`, in the counters store. */
const JOB_HOLDS_KEY = "jobHolds";
const PAUSED = 1;
const CANCELLED = 2;
type JobHold = typeof PAUSED | typeof CANCELLED;
const jobKey = (jobId: string) => `job:${jobId}`;

/** The counters store inside a caller's read-write transaction, whichever other stores it spans. */
type CountersStore<S extends ArrayLike<StoreNames<TaggerDB>>> = IDBPObjectStore<
  TaggerDB,
  S,
  "counters",
  "readwrite"
>;

/** State changes collected during one transaction: in total and per job. */
interface Tally {
  /** One op changed state (`from` null: added; `to` null: deleted). */
  add(jobId: string, from: OpState | null, to: OpState | null): void;
  size(): number;
  deltas(): Map<string, Partial<Record<OpState, number>>>;
}

function createTally(): Tally {
  const byKey = new Map<string, Partial<Record<OpState, number>>>();
  let changes = 0;
  const bump = (key: string, state: OpState, by: number) => {
    const delta = byKey.get(key) ?? {};
    delta[state] = (delta[state] ?? 0) + by;
    byKey.set(key, delta);
  };
  return {
    add(jobId, from, to) {
      changes++;
      for (const key of [COUNTERS_KEY, jobKey(jobId)]) {
        if (from) bump(key, from, -1);
        if (to) bump(key, to, 1);
      }
    },
    size: () => changes,
    deltas: () => byKey,
  };
}

/**
 * Adds the tally to the stored counters inside the caller's transaction. Global counters not yet stored
 * are left alone (`counts()` counts them from the index, this transaction's changes included); a job's
 * counters start at zero with its first ops.
 */
async function applyTally<S extends ArrayLike<StoreNames<TaggerDB>>>(
  store: CountersStore<S>,
  tally: Tally,
): Promise<void> {
  await Promise.all(
    [...tally.deltas()].map(async ([key, delta]) => {
      const counts = await store.get(key);
      if (!counts && key === COUNTERS_KEY) return;
      const next = counts ?? {};
      for (const [state, change] of Object.entries(delta) as [OpState, number][]) {
        next[state] = (next[state] ?? 0) + change;
      }
      await store.put(next, key);
    }),
  );
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

const DepartureSchema = z.object({
  runId: z.string(),
  ids: z.array(z.number().int()),
  at: z.number(),
});

function parseDeparture(value: unknown): Departure | null {
  const parsed = DepartureSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
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

/** The part of an idb cursor that paging needs, whether it walks the store or an index. */
interface OpCursor {
  value: OpRecord;
  continue(): Promise<OpCursor | null>;
  advance(count: number): Promise<OpCursor | null>;
}

async function readPage(
  db: IDBPDatabase<TaggerDB>,
  { limit, state, before, offset = 0 }: PageQuery,
): Promise<OpPage> {
  const tx = db.transaction("ops");
  let cursor: OpCursor | null = state
    ? await openStateCursor(tx.store.index("by-state"), state, before)
    : await tx.store.openCursor(before === undefined ? null : IDBKeyRange.upperBound(before, true), "prev");
  if (cursor && offset > 0) cursor = await cursor.advance(offset);
  const items: OpRecord[] = [];
  while (cursor && items.length < limit) {
    items.push(cursor.value);
    cursor = await cursor.continue();
  }
  const last = items.at(-1);
  return cursor && last ? { items, next: last.id } : { items };
}

type StateIndex = IDBPIndex<TaggerDB, ["ops"], "ops", "by-state", "readonly">;
type SeqIndex = IDBPIndex<TaggerDB, ("ops" | "counters")[], "ops", "by-seq", "readwrite">;

async function openStateCursor(index: StateIndex, state: OpState, before: number | undefined) {
  const cursor = await index.openCursor(state, "prev");
  // The index orders equal keys by id, so a jump by primary key lands exactly below `before`.
  if (cursor && before !== undefined && cursor.primaryKey >= before) {
    return cursor.continuePrimaryKey(state, before - 1);
  }
  return cursor;
}

/** One row of the history as the history page shows it: the op without its full request item. */
export interface HistoryRow {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** The lead's contacts, as labelled when queued. */
  label: string;
  method: Method;
  /** What was sent, in short: `field=value; …`, the tags, or the comment. */
  sent: string;
  state: OpState;
  matchedType: string | null;
  callId: string | null;
  requestId: string | null;
  /** Why the op failed, or what Calltouch said about a lead it found but did not change. */
  error: string | null;
  attempts: number;
  source: OpSource;
}

const SENT_MAX_LENGTH = 200;

/** The row the history page shows for `op`. */
export function toHistoryRow(op: OpRecord): HistoryRow {
  return {
    id: op.id,
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
    label: op.label,
    method: op.method,
    sent: summarizeItem(op.item),
    state: op.state,
    matchedType: op.result?.matchedType ?? null,
    callId: op.result?.callInfo?.callId ?? null,
    requestId: op.result?.requestInfo?.requestId ?? null,
    error: op.error?.message ?? op.result?.error ?? null,
    attempts: op.attempts,
    source: op.source,
  };
}

/** What an item adds to the lead, in one short line (language-neutral: API names and values). */
export function summarizeItem(item: LeadItem): string {
  let text: string;
  if ("addComment" in item) text = item.addComment;
  else if ("addTags" in item) text = item.addTags.tags.map(({ tag }) => tag).join(", ");
  else text = (item.addCustomFields?.customFields ?? []).map((f) => `${f.field}=${f.value}`).join("; ");
  return text.length > SENT_MAX_LENGTH ? `${text.slice(0, SENT_MAX_LENGTH - 1)}…` : text;
}

/** Characters of a phone or an ID as people type them: such a query also matches by digits alone. */
const NUMBER_QUERY = /^[\d\s()+.-]+$/;
/** A run of digits with the separators phones are written with (`+7 (915) 777-11-22`). */
const NUMBER_RUN = /\d[\d\s().-]*\d|\d/g;

/** The test of `HistoryQuery.text`: label text, or the digits of a phone or ID in the label, item or result. */
export function createTextMatcher(text: string | undefined): (op: OpRecord) => boolean {
  const needle = text?.trim().toLowerCase() ?? "";
  if (!needle) return () => true;
  const digits = NUMBER_QUERY.test(needle) ? needle.replace(/\D/g, "") : "";
  return (op) =>
    op.label.toLowerCase().includes(needle) ||
    (digits !== "" && numbersOf(op).some((number) => number.includes(digits)));
}

/** The digits of every phone and ID an op names: in its label, its matching and Calltouch's answer. */
function numbersOf(op: OpRecord): string[] {
  const numbers = (op.label.match(NUMBER_RUN) ?? []).map((run) => run.replace(/\D/g, ""));
  for (const row of op.item.matching) {
    if (row.type === "call") numbers.push(String(row.callParams.callId));
    if (row.type === "request") numbers.push(String(row.requestParams.requestId));
  }
  const { callInfo, requestInfo } = op.result ?? {};
  for (const id of [
    callInfo?.callId,
    callInfo?.callReferenceId,
    requestInfo?.requestId,
    requestInfo?.requestNumber,
  ]) {
    if (id) numbers.push(id);
  }
  return numbers;
}

/**
 * Ids are given in the order ops are queued, and `createdAt` is the time they were queued, so time falls
 * as ids fall: a date range is a range of ids. (A clock set back could misplace a few ops at its edges.)
 */
async function searchOps(db: IDBPDatabase<TaggerDB>, query: HistoryQuery): Promise<HistoryPage> {
  const { limit, before, state, from, to, text, scanLimit = SEARCH_SCAN_LIMIT } = query;
  const matches = createTextMatcher(text);
  let upTo = before === undefined ? Number.POSITIVE_INFINITY : before - 1;
  if (to !== undefined) upTo = Math.min(upTo, (await lastIdCreatedBefore(db, to)) ?? 0);
  if (upTo < 1) return { items: [], scanned: 0 };
  const tx = db.transaction("ops");
  const bounded = Number.isFinite(upTo);
  let cursor: OpCursor | null = state
    ? await openStateCursor(tx.store.index("by-state"), state, bounded ? upTo + 1 : undefined)
    : await tx.store.openCursor(bounded ? IDBKeyRange.upperBound(upTo) : null, "prev");
  const inRange = (op: OpRecord) => from === undefined || op.createdAt >= from;
  const items: OpRecord[] = [];
  let scanned = 0;
  while (cursor && inRange(cursor.value)) {
    const op = cursor.value;
    scanned++;
    if ((to === undefined || op.createdAt < to) && matches(op)) items.push(op);
    cursor = await cursor.continue();
    if (items.length >= limit || scanned >= scanLimit) {
      const more = cursor !== null && inRange(cursor.value);
      if (!more) break;
      return items.length >= limit
        ? { items, next: op.id, scanned }
        : { items, next: op.id, partial: true, scanned };
    }
  }
  return { items, scanned };
}

/** The largest id of an op created before `time`, or null; a binary search over ids (see `searchOps`). */
async function lastIdCreatedBefore(db: IDBPDatabase<TaggerDB>, time: number): Promise<number | null> {
  const store = db.transaction("ops").store;
  const atOrBelow = (id: number) => store.openCursor(IDBKeyRange.upperBound(id), "prev");
  const [first, last] = await Promise.all([store.openCursor(null, "next"), store.openCursor(null, "prev")]);
  if (!first || first.value.createdAt >= time) return null;
  if (!last || last.value.createdAt < time) return last?.value.id ?? null;
  // Invariant: the ops up to `low` were created before `time`; the op `high` was not.
  let low = first.value.id;
  let high = last.value.id;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const op = (await atOrBelow(mid))?.value;
    if (!op || op.createdAt < time) low = mid;
    else high = op.id;
  }
  return (await atOrBelow(low))?.value.id ?? null;
}

/** One prune transaction's outcome. */
interface PruneBatch {
  deleted: number;
  /** Count prune: the id to go on after; absent when the store has been read to its end. */
  last?: number;
  /** True when nothing is left to read. */
  done: boolean;
}

/** Where an age prune goes on: the `by-updated` key and id of the last op it read. */
type AgeCursor = [updatedAt: number, id: number];

/**
 * One transaction of an age prune: walks up to `batchSize` ops last changed before `cutoff`, from where
 * the previous transaction stopped, and deletes the prunable ones. Each op is read once, so a prune is
 * linear in the ops it reads, however many old ops it has to keep.
 */
async function pruneOlderThan(
  db: IDBPDatabase<TaggerDB>,
  cutoff: number,
  after: AgeCursor | undefined,
  batchSize: number,
): Promise<PruneBatch & { after?: AgeCursor }> {
  const tx = db.transaction(["ops", "counters"], "readwrite");
  const store = tx.objectStore("ops");
  const range = IDBKeyRange.bound(after?.[0] ?? Number.NEGATIVE_INFINITY, cutoff, false, true);
  let cursor = await store.index("by-updated").openCursor(range);
  if (cursor && after && cursor.key === after[0] && cursor.primaryKey <= after[1]) {
    cursor = await cursor.continuePrimaryKey(after[0], after[1] + 1);
  }
  const deleted: OpRecord[] = [];
  let read = 0;
  let last: AgeCursor | undefined;
  while (cursor && read < batchSize) {
    const op = cursor.value;
    read++;
    last = [op.updatedAt, op.id];
    if (PRUNABLE_STATES.includes(op.state)) {
      deleted.push(op);
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
  await forgetCounts(tx.objectStore("counters"), deleted);
  await tx.done;
  return cursor && last
    ? { deleted: deleted.length, after: last, done: false }
    : { deleted: deleted.length, done: true };
}

/**
 * One transaction of a count prune: reads up to `batchSize` ops after `afterId`, oldest first, in one
 * request, and deletes up to `want` finished ones, a run of neighbours in one request.
 */
async function pruneOldest(
  db: IDBPDatabase<TaggerDB>,
  afterId: number,
  want: number,
  batchSize: number,
): Promise<PruneBatch> {
  const tx = db.transaction(["ops", "counters"], "readwrite");
  const store = tx.objectStore("ops");
  const ops = await store.getAll(IDBKeyRange.lowerBound(afterId, true), batchSize);
  const deleted: OpRecord[] = [];
  const runs: [first: number, last: number][] = [];
  let run: [number, number] | null = null;
  let last = afterId;
  for (const op of ops) {
    if (deleted.length >= want) break;
    last = op.id;
    if (!PRUNABLE_STATES.includes(op.state)) {
      run = null;
      continue;
    }
    deleted.push(op);
    if (run) {
      run[1] = op.id;
    } else {
      run = [op.id, op.id];
      runs.push(run);
    }
  }
  // The read saw every op between a run's ends, and all of them are finished: one range deletes the run.
  await Promise.all([
    ...runs.map(([first, end]) => store.delete(IDBKeyRange.bound(first, end))),
    forgetCounts(tx.objectStore("counters"), deleted),
  ]);
  await tx.done;
  const done = ops.length < batchSize;
  return done ? { deleted: deleted.length, done } : { deleted: deleted.length, last, done };
}

/**
 * Takes deleted ops off the stored counters, in total and per job, inside the caller's transaction.
 * Counters not stored are left alone: they are counted from the ops when next read.
 */
async function forgetCounts<S extends ArrayLike<StoreNames<TaggerDB>>>(
  store: CountersStore<S>,
  deleted: readonly OpRecord[],
): Promise<void> {
  const deltas = new Map<string, Partial<Record<OpState, number>>>();
  for (const op of deleted) {
    for (const key of [COUNTERS_KEY, jobKey(op.jobId)]) {
      const delta = deltas.get(key) ?? {};
      delta[op.state] = (delta[op.state] ?? 0) - 1;
      deltas.set(key, delta);
    }
  }
  await Promise.all(
    [...deltas].map(async ([key, delta]) => {
      const counts = await store.get(key);
      if (!counts) return;
      for (const [state, change] of Object.entries(delta) as [OpState, number][]) {
        counts[state] = (counts[state] ?? 0) + change;
      }
      await store.put(counts, key);
    }),
  );
}
