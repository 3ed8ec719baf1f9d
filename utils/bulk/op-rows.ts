/**
 * Which input row each queued operation belongs to, kept small enough to store with the job: runs of
 * consecutive op ids that belong to consecutive rows (one enqueue message is a few runs). Pure.
 */

/** `[firstOpId, firstRow, length]`: op `firstOpId + k` belongs to row `firstRow + k`, for k < length. */
export type OpRun = [number, number, number];

/** The runs with the ids an enqueue message got for its rows appended (ids and rows in the same order). */
export function appendRuns(runs: readonly OpRun[], ids: readonly number[], rows: readonly number[]): OpRun[] {
  if (ids.length !== rows.length) throw new Error("Every op id needs its row.");
  const out = runs.map((run): OpRun => [...run]);
  ids.forEach((id, k) => {
    const row = rows[k] as number;
    const last = out.at(-1);
    if (last && id === last[0] + last[2] && row === last[1] + last[2]) last[2]++;
    else out.push([id, row, 1]);
  });
  return out;
}

/** A lookup from op id to row index; undefined for ids of no run. */
export function rowOfOp(runs: readonly OpRun[]): (opId: number) => number | undefined {
  const sorted = [...runs].sort((a, b) => a[0] - b[0]);
  return (opId) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, row, length] = sorted[mid] as OpRun;
      if (opId < first) hi = mid - 1;
      else if (opId >= first + length) lo = mid + 1;
      else return row + (opId - first);
    }
    return undefined;
  };
}

/** How many ops the runs cover. */
export const countRunOps = (runs: readonly OpRun[]): number => runs.reduce((sum, run) => sum + run[2], 0);

/** The largest op id of the runs, or undefined when there are none. */
export function lastRunOp(runs: readonly OpRun[]): number | undefined {
  let last: number | undefined;
  for (const [first, , length] of runs) last = Math.max(last ?? 0, first + length - 1);
  return last;
}
