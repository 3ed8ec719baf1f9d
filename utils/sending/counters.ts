/**
 * The counters of the `counters` store: how many ops are in each state, in total and per job, and which
 * jobs the user paused or cancelled. They change in the same transactions as the ops they count.
 */
import type { IDBPDatabase, IDBPObjectStore, StoreNames } from "idb";
import { z } from "zod";
import type { TaggerDB } from "../db";
import { parseStored } from "../parse-stored";
import type { JobProgress } from "./history";
import { emptyCounts, OP_STATES, type OpRecord, type OpState, OpStateSchema, WAITING_STATES } from "./types";

/** The key of the counts over every op. */
export const COUNTERS_KEY = "ops";
/** The jobs the user paused or cancelled, as `{ [jobId]: JobHold }`, in the counters store. */
export const JOB_HOLDS_KEY = "jobHolds";
export const PAUSED = 1;
export const CANCELLED = 2;
export const JobHoldsSchema = z.record(z.string(), z.union([z.literal(PAUSED), z.literal(CANCELLED)]));
export type JobHolds = z.infer<typeof JobHoldsSchema>;
export type JobHold = JobHolds[string];
const JOB_PREFIX = "job:";
/** The key of one job's counts. */
export const jobKey = (jobId: string) => `${JOB_PREFIX}${jobId}`;

/** Counts by state as stored; a state with no op yet may be absent. */
const StoredCountsSchema = z.partialRecord(OpStateSchema, z.number().int());
type StoredCounts = z.infer<typeof StoredCountsSchema>;

/**
 * A stored counter, parsed; undefined when none is stored or it is unreadable (logged): the reader then
 * counts from the ops, as for a counter never stored.
 */
export function parseCounts(stored: unknown, key: string): StoredCounts | undefined {
  if (stored === undefined) return undefined;
  return parseStored(StoredCountsSchema, stored, `counters:${key}`) ?? undefined;
}

/** The stored holds of paused and cancelled jobs, parsed; none when unreadable (logged). */
export function parseHolds(stored: unknown): JobHolds {
  if (stored === undefined) return {};
  return parseStored(JobHoldsSchema, stored, `counters:${JOB_HOLDS_KEY}`) ?? {};
}

/** The counters store inside a caller's read-write transaction, whichever other stores it spans. */
type CountersStore<S extends ArrayLike<StoreNames<TaggerDB>>> = IDBPObjectStore<
  TaggerDB,
  S,
  "counters",
  "readwrite"
>;

type Delta = Partial<Record<OpState, number>>;

/** State changes collected during one transaction: in total and per job. */
export interface Tally {
  /**
   * One op changed state (`from` null: added; `to` null: deleted). `jobId` null: the total only (a damaged
   * record that lost its job id).
   */
  add(jobId: string | null, from: OpState | null, to: OpState | null): void;
  size(): number;
  deltas(): Map<string, Delta>;
}

/** Creates an empty tally. */
export function createTally(): Tally {
  const byKey = new Map<string, Delta>();
  let changes = 0;
  const bump = (key: string, state: OpState, by: number) => {
    const delta = byKey.get(key) ?? {};
    delta[state] = (delta[state] ?? 0) + by;
    byKey.set(key, delta);
  };
  return {
    add(jobId, from, to) {
      changes++;
      for (const key of jobId === null ? [COUNTERS_KEY] : [COUNTERS_KEY, jobKey(jobId)]) {
        if (from) bump(key, from, -1);
        if (to) bump(key, to, 1);
      }
    },
    size: () => changes,
    deltas: () => byKey,
  };
}

/** Adds `delta` to `counts` in place. */
function addDelta(counts: StoredCounts, delta: Delta): void {
  for (const state of OP_STATES) {
    const change = delta[state];
    if (change !== undefined) counts[state] = (counts[state] ?? 0) + change;
  }
}

/**
 * Adds the tally to the stored counters inside the caller's transaction. Global counters not yet stored
 * are left alone (`counts()` counts them from the index, this transaction's changes included); a job's
 * counters start at zero with its first ops.
 */
export async function applyTally<S extends ArrayLike<StoreNames<TaggerDB>>>(
  store: CountersStore<S>,
  tally: Tally,
): Promise<void> {
  await Promise.all(
    [...tally.deltas()].map(async ([key, delta]) => {
      const counts = parseCounts(await store.get(key), key);
      if (!counts && key === COUNTERS_KEY) return;
      const next = counts ?? {};
      addDelta(next, delta);
      await store.put(next, key);
    }),
  );
}

/**
 * Takes deleted ops off the stored counters, in total and per job, inside the caller's transaction.
 * Counters not stored are left alone: they are counted from the ops when next read.
 */
export async function forgetCounts<S extends ArrayLike<StoreNames<TaggerDB>>>(
  store: CountersStore<S>,
  deleted: readonly OpRecord[],
): Promise<void> {
  const deltas = new Map<string, Delta>();
  for (const op of deleted) {
    for (const key of [COUNTERS_KEY, jobKey(op.jobId)]) {
      const delta = deltas.get(key) ?? {};
      delta[op.state] = (delta[op.state] ?? 0) - 1;
      deltas.set(key, delta);
    }
  }
  await Promise.all(
    [...deltas].map(async ([key, delta]) => {
      const counts = parseCounts(await store.get(key), key);
      if (!counts) return;
      addDelta(counts, delta);
      await store.put(counts, key);
    }),
  );
}

/** The ops store inside a caller's read-write transaction. */
type OpsStore<S extends ArrayLike<StoreNames<TaggerDB>>> = IDBPObjectStore<TaggerDB, S, "ops", "readwrite">;

/**
 * Puts the counters right when they disagree with the ops: a record changed by hand (a state the counters
 * did not count it in, a state that is none) would otherwise leave an op counted as queued for ever, and
 * the badge and the import waiting on it. The stored totals of the states that wait (queued, sending,
 * held: few keys, where a history of 100,000 finished ops would make a count of every state slow) are
 * checked against the state index; on a difference, a record whose state is none is written back as
 * `repair` makes it, and the totals and every job's counters are counted again from the ops. Returns
 * whether they were.
 */
export async function reconcileCounts<S extends ArrayLike<StoreNames<TaggerDB>>>(
  ops: OpsStore<S>,
  counters: CountersStore<S>,
  repair: (stored: OpRecord) => OpRecord,
): Promise<boolean> {
  const stored = parseCounts(await counters.get(COUNTERS_KEY), COUNTERS_KEY);
  // Not stored yet: `readCounts` counts them from the index when they are first read.
  if (!stored) return false;
  const index = ops.index("by-state");
  const indexed = await Promise.all(WAITING_STATES.map((state) => index.count(state)));
  if (WAITING_STATES.every((state, i) => (stored[state] ?? 0) === indexed[i])) return false;
  const totals = emptyCounts();
  const jobs = new Map<string, Record<OpState, number>>();
  for await (const cursor of ops.iterate()) {
    let op = cursor.value;
    if (!OpStateSchema.safeParse(op.state).success) {
      op = repair(op);
      await cursor.update(op);
    }
    totals[op.state]++;
    if (typeof op.jobId !== "string") continue;
    const counts = jobs.get(op.jobId) ?? emptyCounts();
    counts[op.state]++;
    jobs.set(op.jobId, counts);
  }
  // Jobs whose every op is gone keep counters of zeros.
  for (const key of await counters.getAllKeys()) {
    if (typeof key === "string" && key.startsWith(JOB_PREFIX) && !jobs.has(key.slice(JOB_PREFIX.length)))
      jobs.set(key.slice(JOB_PREFIX.length), emptyCounts());
  }
  await Promise.all([
    counters.put(totals, COUNTERS_KEY),
    ...[...jobs].map(([jobId, counts]) => counters.put(counts, jobKey(jobId))),
  ]);
  return true;
}

/** Number of ops in each state, from the stored counters (constant time, whatever the history's size). */
export async function readCounts(db: IDBPDatabase<TaggerDB>): Promise<Record<OpState, number>> {
  const stored = parseCounts(await db.get("counters", COUNTERS_KEY), COUNTERS_KEY);
  if (stored) return { ...emptyCounts(), ...stored };
  // First use of this database: count once from the index, then keep the counters up to date.
  const tx = db.transaction(["ops", "counters"], "readwrite");
  const index = tx.objectStore("ops").index("by-state");
  const counts = emptyCounts();
  for (const state of OP_STATES) counts[state] = await index.count(state);
  await tx.objectStore("counters").put(counts, COUNTERS_KEY);
  await tx.done;
  return counts;
}

/** Ops that still wait to be sent (queued, under way, or held by a pause). */
const waiting = (counts: StoredCounts) =>
  WAITING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);

/** One job's counts by state, from its stored counters, and whether it is paused. */
export async function readJobProgress(db: IDBPDatabase<TaggerDB>, jobId: string): Promise<JobProgress> {
  const tx = db.transaction("counters");
  const [stored, holds, totals] = await Promise.all([
    tx.store.get(jobKey(jobId)),
    tx.store.get(JOB_HOLDS_KEY),
    tx.store.get(COUNTERS_KEY),
  ]);
  const jobCounts = parseCounts(stored, jobKey(jobId));
  let counts = jobCounts ? { ...emptyCounts(), ...jobCounts } : null;
  // Ops of the job still waiting while none waits in the whole queue: a record whose job id was changed by
  // hand left them counted here for ever. They are counted again, as for a job queued before per-job
  // counting (counted once through its ops, then kept count of).
  const all = parseCounts(totals, COUNTERS_KEY);
  const stale = counts !== null && all !== undefined && waiting(counts) > 0 && waiting(all) === 0;
  if (!counts || stale) {
    counts = emptyCounts();
    for (const op of await db.getAllFromIndex("ops", "by-job", jobId)) {
      const state = OpStateSchema.safeParse(op.state);
      if (state.success) counts[state.data]++;
    }
    await db.put("counters", counts, jobKey(jobId));
  }
  const total = OP_STATES.reduce((sum, state) => sum + counts[state], 0);
  return { jobId, total, counts, paused: parseHolds(holds)[jobId] === PAUSED };
}
