/**
 * How long the files of bulk imports are kept: a CSV export of a CRM holds every column of every customer,
 * so a file goes as soon as it is no longer needed to finish or describe its import.
 */
import { deleteBulkFile, listBulkFileIds } from "./bulk/bulk-files";
import { type BulkJob, bulkJobsItem, privacySettingsItem, retentionItem } from "./storage";

/** The Web Lock every context holds while it changes the list of imports. */
export const BULK_JOBS_LOCK = "bulk-jobs";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface BulkRetentionPolicy {
  now: number;
  /** Days a finished import's file is kept when its result was not downloaded. */
  fileDays: number;
  /** The history's retention: an import older than this has no ops left to describe. */
  historyDays: number;
}

export interface BulkRetentionPlan {
  /** Jobs to forget, with their files. */
  dropJobs: string[];
  /** Files to delete while their job stays listed (its figures remain; its result cannot be written again). */
  deleteFiles: string[];
}

/**
 * What to delete at `now`: a finished (or cancelled and settled) import's file once its result was
 * downloaded or `fileDays` after it ended; a whole import once it is older than the history's retention.
 * A running import keeps its file: it is needed to queue the rest after a restart.
 */
export function planBulkRetention(jobs: readonly BulkJob[], policy: BulkRetentionPolicy): BulkRetentionPlan {
  const dropJobs: string[] = [];
  const deleteFiles: string[] = [];
  for (const job of jobs) {
    const ended = job.finishedAt;
    if (ended === null) continue;
    if (policy.now - job.createdAt > policy.historyDays * DAY_MS) dropJobs.push(job.jobId);
    else if (job.downloadedAt != null || policy.now - ended > policy.fileDays * DAY_MS) {
      deleteFiles.push(job.jobId);
    }
  }
  return { dropJobs, deleteFiles };
}

/** Runs `work` holding the lock on the list of imports (at once where Web Locks are missing). */
export async function withBulkJobsLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return work();
  return navigator.locks.request(BULK_JOBS_LOCK, work);
}

/**
 * Applies the retention to the stored imports and files; files no import refers to go too. `clearFinished`
 * false also forgets every finished import (the options page's "Clear history"). Returns how many files it deleted.
 */
export async function applyBulkRetention(now = Date.now(), clearFinished = false): Promise<number> {
  const [{ bulkFileDays }, { maxAgeDays }] = await Promise.all([
    privacySettingsItem.getValue(),
    retentionItem.getValue(),
  ]);
  return withBulkJobsLock(async () => {
    const jobs = await bulkJobsItem.getValue();
    const plan = planBulkRetention(jobs, { now, fileDays: bulkFileDays, historyDays: maxAgeDays });
    const drop = new Set(plan.dropJobs);
    if (clearFinished) for (const job of jobs) if (job.finishedAt !== null) drop.add(job.jobId);
    const remaining = jobs.filter((job) => !drop.has(job.jobId));
    if (remaining.length !== jobs.length) await bulkJobsItem.setValue(remaining);
    const noFile = new Set(plan.deleteFiles);
    const kept = new Set(remaining.filter((job) => !noFile.has(job.jobId)).map((job) => job.jobId));
    // Under the lock: a new import stores its file and its job under it too, so its file is never taken for stale.
    const stale = (await listBulkFileIds()).filter((id) => !kept.has(id));
    await Promise.all(stale.map(deleteBulkFile));
    return stale.length;
  });
}
