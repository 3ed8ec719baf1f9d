/** Which imports the bulk page shows on top (where the user watches them) and which in the list below. Pure. */
import type { BulkJob } from "../../utils/storage";

/** A finished import stays on top this long after it finished, also after a reload. */
export const FRESH_MS = 5 * 60_000;

export interface JobGroups {
  /** Running imports, and the finished ones still worth a look, oldest first. */
  top: BulkJob[];
  /** The other finished imports, newest first. */
  finished: BulkJob[];
}

/**
 * On top: every running import; an import seen running on this page (`watched`); one that finished within
 * `FRESH_MS`; and the most recent finished one. A finished import the user put away (finished at or before
 * `putAwayUpTo`) goes to the list however recent it is.
 */
export function groupJobs(
  jobs: readonly BulkJob[],
  watched: ReadonlySet<string>,
  putAwayUpTo: number,
  now: number,
): JobGroups {
  const done = jobs.filter((job) => job.finishedAt !== null);
  const latest = done.reduce<BulkJob | null>(
    (last, job) => (last === null || (job.finishedAt ?? 0) >= (last.finishedAt ?? 0) ? job : last),
    null,
  );
  const onTop = (job: BulkJob) => {
    if (job.finishedAt === null) return true;
    if (job.finishedAt <= putAwayUpTo) return false;
    return watched.has(job.jobId) || job === latest || now - job.finishedAt < FRESH_MS;
  };
  return {
    top: jobs.filter(onTop),
    finished: jobs.filter((job) => !onTop(job)).reverse(),
  };
}
