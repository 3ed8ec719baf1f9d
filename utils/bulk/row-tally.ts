/**
 * An import's outcome in rows (leads), not operations: a row is settled when every operation it became is,
 * and its outcome is the worst of theirs, as in the result file. Pure.
 */

import { isFinal, type OpState } from "../sending/types";
import type { OpRun } from "./op-rows";
import { type RowStatus, SEVERITY, STATUS_OF } from "./result";

export interface RowTally {
  /** Rows the import sends (the file's rows less those left out). */
  rows: number;
  /** Rows whose every operation is settled. */
  settled: number;
  updated: number;
  notFound: number;
  failed: number;
  uncertain: number;
  cancelled: number;
  /** Settled rows of a finished import whose operations the history no longer holds (pruned). */
  forgotten: number;
}

/** A tally of `rows` rows with nothing settled yet. */
export const emptyTally = (rows: number): RowTally => ({
  rows,
  settled: 0,
  updated: 0,
  notFound: 0,
  failed: 0,
  uncertain: 0,
  cancelled: 0,
  forgotten: 0,
});

/** The rows' tally from the job's op runs and the states read so far (undefined: not read yet). */
export function tallyRows(
  runs: readonly OpRun[],
  rows: number,
  stateOf: (opId: number) => OpState | undefined,
  finished = false,
): RowTally {
  // A rank per row, in a typed array: the page tallies a large import on every refresh while it runs, and a
  // map of 10,000 rows each time was garbage to collect.
  const NONE = -3;
  const PENDING = -1;
  const FORGOTTEN = -2;
  let size = 0;
  for (const [, firstRow, length] of runs) size = Math.max(size, firstRow + length);
  const rank = new Int8Array(size).fill(NONE);
  /** Rows with at least one op. */
  let queuedRows = 0;
  for (const [first, firstRow, length] of runs) {
    for (let k = 0; k < length; k++) {
      const row = firstRow + k;
      const before = rank[row] as number;
      if (before === PENDING) continue;
      if (before === NONE) queuedRows++;
      const state = stateOf(first + k);
      if (state === undefined) {
        rank[row] = finished ? FORGOTTEN : PENDING;
        continue;
      }
      if (!isFinal({ state })) {
        rank[row] = PENDING;
        continue;
      }
      if (before === FORGOTTEN) continue;
      const severity = SEVERITY.indexOf(STATUS_OF[state]);
      rank[row] = before === NONE ? severity : Math.min(before, severity);
    }
  }
  const tally = emptyTally(Math.max(rows, queuedRows));
  const FIELD: Partial<Record<RowStatus, keyof RowTally>> = {
    done: "updated",
    notMatched: "notFound",
    failed: "failed",
    uncertain: "uncertain",
    cancelled: "cancelled",
  };
  for (const value of rank) {
    if (value === PENDING || value === NONE) continue;
    tally.settled++;
    const status = SEVERITY[value];
    const field = value === FORGOTTEN ? "forgotten" : status && FIELD[status];
    if (field) tally[field]++;
  }
  // Rows of a finished import that were never queued: it was cancelled while queueing.
  if (finished && rows > queuedRows) {
    tally.cancelled += rows - queuedRows;
    tally.settled += rows - queuedRows;
  }
  return tally;
}

/** Seconds until the rest of the rows are settled at `rate` rows per second; null when it cannot be told. */
export function rowsLeftSeconds(rows: RowTally, rate: number | null): number | null {
  if (!rate) return null;
  return Math.ceil(Math.max(0, rows.rows - rows.settled) / rate);
}
