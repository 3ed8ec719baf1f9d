/** The persistent queue and history of lead operations: one IndexedDB record per op, indexed reads only. */
import type { IDBPDatabase, IDBPIndex, IDBPTransaction } from "idb";
import { LIMITS } from "../calltouch/limits";
import type { LeadResult } from "../calltouch/schemas";
import { getDb as defaultGetDb, type TaggerDB } from "../db";
import type { NewOp, OpError, OpRecord, OpState } from "./types";

/** Every op state, in the order of an op's life. */
export const OP_STATES: readonly OpState[] = ["queued", "sending", "done", "notMatched", "failed"];

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

export type RetryTarget = readonly number[] | "allFailed" | "allNotMatched";

export interface OpQueueOptions {
  getDb?: () => Promise<IDBPDatabase<TaggerDB>>;
  now?: () => number;
}

export interface OpQueue {
  /** Stores new ops as `queued` in one transaction; resolves with their ids once it has committed. */
  enqueue(ops: readonly NewOp[]): Promise<number[]>;
  /** Marks up to `max` due `queued` ops of one method `sending` for `runId` (attempts + 1) and returns them. */
  takeBatch(query: { runId: string; now?: number; max?: number }): Promise<OpRecord[]>;
  /** Puts every `sending` op not of `runId` (its worker died mid-request) back to `queued`; returns how many. */
  recoverStale(runId: string): Promise<number>;
  /** Writes a batch's outcome in one transaction; ops no longer `sending` for `runId` are left alone. */
  complete(runId: string, updates: readonly OpUpdate[]): Promise<number>;
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
  /** Sends `failed`/`notMatched` ops again: `queued`, attempts 0, error cleared, result kept; returns how many. */
  retry(target: RetryTarget): Promise<number>;
}

const RETRYABLE_STATES: readonly OpState[] = ["failed", "notMatched"];

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
      void bumpCounts(tx, { queued: ops.length });
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
      const due = await store.index("by-state-notBefore").getAll(queuedRange(at), max);
      const method = due[0]?.method;
      const taken = due
        .filter((op) => op.method === method)
        .slice(0, max)
        .map(
          (op): OpRecord => ({ ...op, state: "sending", runId, attempts: op.attempts + 1, updatedAt: at }),
        );
      if (taken.length > 0) void bumpCounts(tx, { queued: -taken.length, sending: taken.length });
      await Promise.all([...taken.map((op) => store.put(op)), tx.done]);
      return taken;
    },

    async recoverStale(runId) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite", { durability: "relaxed" });
      const t = now();
      let recovered = 0;
      for await (const cursor of tx.objectStore("ops").index("by-state").iterate("sending")) {
        if (cursor.value.runId === runId) continue;
        await cursor.update({ ...cursor.value, state: "queued", runId: undefined, updatedAt: t });
        recovered++;
      }
      if (recovered > 0) await bumpCounts(tx, { sending: -recovered, queued: recovered });
      await tx.done;
      return recovered;
    },

    async complete(runId, updates) {
      const db = await getDb();
      const tx = db.transaction(["ops", "counters"], "readwrite", { durability: "relaxed" });
      const store = tx.objectStore("ops");
      const t = now();
      const delta: Partial<Record<OpState, number>> = {};
      const applied = await Promise.all(
        updates.map(async (update) => {
          const op = await store.get(update.id);
          // Another run took the op over (this worker was presumed dead): its answer wins.
          if (op?.state !== "sending" || op.runId !== runId) return false;
          delta.sending = (delta.sending ?? 0) - 1;
          delta[update.state] = (delta[update.state] ?? 0) + 1;
          await store.put(applyUpdate(op, update, t));
          return true;
        }),
      );
      await bumpCounts(tx, delta);
      await tx.done;
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
      const delta: Partial<Record<OpState, number>> = {};
      const requeue = (op: OpRecord): OpRecord => {
        delta[op.state] = (delta[op.state] ?? 0) - 1;
        delta.queued = (delta.queued ?? 0) + 1;
        const { error: _cleared, runId: _none, ...rest } = op;
        return { ...rest, state: "queued", attempts: 0, notBefore: t, updatedAt: t };
      };
      if (typeof target === "string") {
        const state: OpState = target === "allFailed" ? "failed" : "notMatched";
        for await (const cursor of store.index("by-state").iterate(state)) {
          await cursor.update(requeue(cursor.value));
        }
      } else {
        for (const id of target) {
          const op = await store.get(id);
          if (!op || !RETRYABLE_STATES.includes(op.state)) continue;
          await store.put(requeue(op));
        }
      }
      await bumpCounts(tx, delta);
      await tx.done;
      return delta.queued ?? 0;
    },
  };
}

const COUNTERS_KEY = "ops";

function emptyCounts(): Record<OpState, number> {
  return { queued: 0, sending: 0, done: 0, notMatched: 0, failed: 0 };
}

type CountingTx = IDBPTransaction<TaggerDB, ("ops" | "counters")[], "readwrite">;

/**
 * Adds `delta` to the stored counters inside the caller's transaction. Counters not yet stored are left
 * alone: `counts()` will count them from the index, including this transaction's changes.
 */
async function bumpCounts(tx: CountingTx, delta: Partial<Record<OpState, number>>): Promise<void> {
  const store = tx.objectStore("counters");
  const counts = await store.get(COUNTERS_KEY);
  if (!counts) return;
  for (const [state, change] of Object.entries(delta) as [OpState, number][]) {
    counts[state] = (counts[state] ?? 0) + change;
  }
  await store.put(counts, COUNTERS_KEY);
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

async function openStateCursor(index: StateIndex, state: OpState, before: number | undefined) {
  const cursor = await index.openCursor(state, "prev");
  // The index orders equal keys by id, so a jump by primary key lands exactly below `before`.
  if (cursor && before !== undefined && cursor.primaryKey >= before) {
    return cursor.continuePrimaryKey(state, before - 1);
  }
  return cursor;
}
