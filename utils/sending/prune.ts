/** The history's retention: deletes finished ops by age and by count, in short transactions. */
import type { IDBPDatabase } from "idb";
import type { TaggerDB } from "../db";
import { forgetCounts } from "./counters";
import type { OpRecord, OpState } from "./types";

export interface PruneOptions {
  /** Ops kept at most, counted over every state; the oldest finished ones beyond it are deleted. */
  maxCount: number;
  /** Finished ops not changed for longer than this are deleted. */
  maxAgeMs: number;
  now?: number;
  /** Ops examined per transaction (default `PRUNE_BATCH`). */
  batchSize?: number;
}

/** Ops one prune transaction examines at most, so the engine's transactions are not held up for long. */
const PRUNE_BATCH = 2000;
/**
 * States the retention policy deletes: delivered or given up by the user. Failed and uncertain ops wait
 * for the user (they are the ones to send again or check), so neither age nor count removes them.
 */
const PRUNABLE_STATES: readonly OpState[] = ["done", "notMatched", "cancelled"];

/**
 * Deletes finished ops changed longer than `maxAgeMs` before `now`, then the oldest of them while more
 * than `maxCount` ops are stored (`total` reads the current count); returns how many it deleted.
 */
export async function pruneOps(
  db: IDBPDatabase<TaggerDB>,
  { maxCount, maxAgeMs, now, batchSize = PRUNE_BATCH }: PruneOptions & { now: number },
  total: () => Promise<number>,
): Promise<number> {
  let removed = 0;
  for (let after: AgeCursor | undefined, done = false; !done; ) {
    const batch = await pruneOlderThan(db, now - maxAgeMs, after, batchSize);
    removed += batch.deleted;
    ({ after, done } = batch);
  }
  let excess = (await total()) - maxCount;
  let afterId: number | undefined = 0;
  while (excess > 0 && afterId !== undefined) {
    const batch = await pruneOldest(db, afterId, excess, batchSize);
    removed += batch.deleted;
    excess -= batch.deleted;
    afterId = batch.last;
  }
  return removed;
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
