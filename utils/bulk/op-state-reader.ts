/**
 * The states of a job's ops as the row tally needs them, read from the background a page at a time.
 *
 * While the import runs only final states change the tally (an op not read yet and an op still waiting both
 * keep their row waiting), so a refresh reads on from the first op not yet settled only as far as ops changed:
 * until a page holds no final op and the reader holds as many final ops as the job's counts report. That is
 * the ops the engine settled since the last refresh and a page past them, not the thousands still queued
 * after them. The page condition alone would miss an op settled out of order behind a page of queued ones;
 * the count alone would stop too early when a final state read is out of date (ops sent again, or pruned).
 * A finished import is read to its end. An op whose saved record could not be read (damaged) counts as
 * failed: the engine takes it out of the queue unsent, and the result file says so of its row.
 *
 * One refresh reads at a time. Asked again while one reads, the reader reads once more when it is done, with
 * the latest figures: a refresh is never dropped halfway for a newer one (a page of ops that was read and
 * thrown away cost the background and the page as much as one that was used, and under load no refresh
 * finished before the next progress answer started another).
 */
import { isFinal, type OpRecord, type OpState } from "../sending/types";

/** One page of a job's ops in id order, their ids and states (`listJobStates`). */
export type ListJobOps = (page: {
  afterId?: number;
  limit: number;
}) => Promise<{ items: Pick<OpRecord, "id" | "state">[]; next?: number; unreadable: readonly number[] }>;

/** Ops per page once the import is finished. */
export const FINISHED_PAGE = 1000;
/** Ops per page while the import runs: about what the engine settles between two progress answers. */
export const RUNNING_PAGE = 250;
/** Ops read at most per refresh while the import runs: the engine settles ops in about id order, so those
 * that change are near the first unsettled one; the rest is read when the import finishes. */
export const RUNNING_WINDOW = 3000;

export interface OpStateReader {
  /** The state an op had when last read; undefined when not read yet. */
  stateOf(opId: number): OpState | undefined;
  /**
   * Reads what may have changed. `finalOps`: the job's ops in a final state by its latest counts. Resolves
   * after a refresh that started after this call, with whether it read the finished import to its end.
   */
  refresh(finalOps: number, finished: boolean): Promise<boolean>;
  /** Refreshes done so far: several calls answered by one refresh see the same number. */
  readonly reads: number;
  /** Reads nothing more: a refresh under way stops at its next page; those asked for resolve. */
  close(): void;
}

interface Waiter {
  resolve: (finished: boolean) => void;
  reject: (error: unknown) => void;
}

export function createOpStateReader(list: ListJobOps): OpStateReader {
  const states = new Map<number, OpState>();
  /** Ops of `states` in a final state. */
  let known = 0;
  /** Every op up to this id is settled and read. */
  let cursor: number | undefined;
  let closed = false;
  let reading = false;
  let reads = 0;
  /** The refresh to run next: the latest figures and everyone waiting for them. */
  let next: { finalOps: number; finished: boolean; waiters: Waiter[] } | null = null;

  async function read(finalOps: number, finished: boolean) {
    const limit = finished ? FINISHED_PAGE : RUNNING_PAGE;
    let afterId = cursor;
    let count = 0;
    let contiguous = true;
    /** The page just read held a final op. */
    let pageHadFinal: boolean;
    do {
      const page = await list({ afterId, limit });
      if (closed) return;
      pageHadFinal = false;
      const damaged = page.unreadable.map((id) => ({ id, state: "failed" as const }));
      // In id order, as the page lists them, so that the contiguous cursor stays right.
      const listed =
        damaged.length > 0 ? [...page.items, ...damaged].sort((a, b) => a.id - b.id) : page.items;
      for (const { id, state } of listed) {
        const before = states.get(id);
        if (before !== undefined && isFinal({ state: before })) known--;
        const final = isFinal({ state });
        if (final) known++;
        pageHadFinal ||= final;
        states.set(id, state);
        contiguous &&= final;
        if (contiguous) cursor = id;
      }
      afterId = page.next;
      count += listed.length;
    } while (
      afterId !== undefined &&
      (finished || (count < RUNNING_WINDOW && (pageHadFinal || known < finalOps)))
    );
  }

  async function run() {
    reading = true;
    while (next && !closed) {
      const { finalOps, finished, waiters } = next;
      next = null;
      try {
        await read(finalOps, finished);
        reads++;
        for (const waiter of waiters) waiter.resolve(finished && !closed);
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    for (const waiter of next?.waiters ?? []) waiter.resolve(false);
    next = null;
    reading = false;
  }

  return {
    stateOf: (opId) => states.get(opId),
    get reads() {
      return reads;
    },
    refresh(finalOps, finished) {
      return new Promise<boolean>((resolve, reject) => {
        if (closed) return resolve(false);
        next = { finalOps, finished, waiters: [...(next?.waiters ?? []), { resolve, reject }] };
        if (!reading) void run();
      });
    },
    close() {
      closed = true;
    },
  };
}
