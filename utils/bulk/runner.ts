/**
 * The bulk page's imports: stored before anything is queued, queued message by message with each
 * message's op ids recorded, and rebuilt from the stored file after a reload or a browser restart.
 */

import { withBulkJobsLock } from "../bulk-retention";
import { parseCsv } from "../csv/parse";
import { exportDelimiter } from "../csv/write";
import { uiLanguage } from "../i18n";
import { sendMessage } from "../messaging";
import { type BulkJob, bulkJobsItem, privacySettingsItem } from "../storage";
import { deleteBulkFile, readBulkFile, saveBulkFile } from "./bulk-files";
import { type ColumnRole, isColumnRole } from "./mapping";
import { appendRuns, lastRunOp, rowOfOp } from "./op-rows";
import { buildResultCsv, type OpOutcome, type ResultWords } from "./result";
import { checkImportRows } from "./row-checks";
import { checkRows, type ImportSettings, type OpChunk, planChunks } from "./rows";

/** Finished imports kept for their result file; older ones are forgotten with their files. */
export const FINISHED_JOBS_KEPT = 20;
/** Ops per `listJobOps` page. */
const RESULT_PAGE = 1000;

/** Changes one stored job; every page changes the list under one lock, so no change is lost. */
export function updateJob(jobId: string, change: (job: BulkJob) => BulkJob): Promise<BulkJob | null> {
  return withBulkJobsLock(async () => {
    const jobs = await bulkJobsItem.getValue();
    const index = jobs.findIndex((job) => job.jobId === jobId);
    const current = jobs[index];
    if (!current) return null;
    const next = change(current);
    await bulkJobsItem.setValue(jobs.map((job, i) => (i === index ? next : job)));
    return next;
  });
}

/** Forgets a job and its file. */
export async function removeJob(jobId: string): Promise<void> {
  await withBulkJobsLock(async () => {
    const jobs = await bulkJobsItem.getValue();
    await bulkJobsItem.setValue(jobs.filter((job) => job.jobId !== jobId));
  });
  await deleteBulkFile(jobId);
}

export interface NewImport {
  fileName: string;
  text: string;
  settings: ImportSettings;
  rows: number;
  leftOut: number;
  chunks: readonly OpChunk[];
}

/**
 * Stores a new import (the file first, then the job) before its first message is queued, and forgets
 * the oldest finished imports beyond `FINISHED_JOBS_KEPT`.
 */
export async function createJob(input: NewImport, now = Date.now()): Promise<BulkJob> {
  const jobId = `bulk-${crypto.randomUUID()}`;
  const usedFields = new Set(
    input.settings.roles.filter((r) => r.startsWith("field:")).map((r) => r.slice(6)),
  );
  const job: BulkJob = {
    jobId,
    fileName: input.fileName,
    createdAt: now,
    settings: {
      roles: [...input.settings.roles],
      catalogue: input.settings.catalogue.filter((field) => usedFields.has(field.apiName)),
      overwrite: input.settings.overwrite,
      region: input.settings.region,
    },
    rows: input.rows,
    leftOut: input.leftOut,
    totalOps: opsOf(input.chunks),
    chunks: input.chunks.length,
    queuedChunks: 0,
    runs: [],
    cancelledAt: null,
    finishedAt: null,
  };
  const dropped = await withBulkJobsLock(async () => {
    // The file and its job are stored under the lock the retention takes, so it never sees the one without the other.
    await saveBulkFile(jobId, input.text);
    const jobs = await bulkJobsItem.getValue();
    const finished = jobs.filter((j) => j.finishedAt !== null);
    const drop = new Set(
      finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT + 1)).map((j) => j.jobId),
    );
    await bulkJobsItem.setValue([...jobs.filter((j) => !drop.has(j.jobId)), job]);
    return [...drop];
  });
  await Promise.all(dropped.map(deleteBulkFile));
  return job;
}

/** The settings a job was started with, as the row checks take them. */
export function settingsOf(job: BulkJob): ImportSettings {
  return {
    roles: job.settings.roles.map(
      (role): ColumnRole => (isColumnRole(role, job.settings.catalogue) ? role : "ignore"),
    ),
    catalogue: job.settings.catalogue,
    overwrite: job.settings.overwrite,
    region: job.settings.region,
  };
}

/** The job's file read again and its messages planned again, exactly as when it started; null when the file is gone. */
export async function replanJob(job: BulkJob) {
  const text = await readBulkFile(job.jobId);
  if (text === null) return null;
  const parsed = parseCsv(text);
  const settings = settingsOf(job);
  const checks = checkImportRows(parsed, settings);
  const chunks = planChunks(checks);
  if (opsOf(chunks) === job.totalOps) return { parsed, checks, chunks };
  // An import started before unreadable contacts became warnings was planned by the strict check.
  const strict = checkRows(parsed, settings);
  return { parsed, checks: strict, chunks: planChunks(strict) };
}

const opsOf = (chunks: readonly OpChunk[]) => chunks.reduce((sum, chunk) => sum + chunk.entries.length, 0);

/** Thrown when the background refuses a message of the import. */
export class QueueError extends Error {}

/**
 * Hands the job's remaining messages to the background, one after another, recording each message's
 * op ids before the next. A message that was stored but whose ids were not recorded (the page closed at
 * that moment) is found among the job's ops instead of being sent twice. Stops when the job is
 * cancelled. Resolves with null when another page is already queueing this job.
 */
export async function queueJob(
  jobId: string,
  chunks: readonly OpChunk[],
  onQueued?: (job: BulkJob) => void,
): Promise<BulkJob | null> {
  const work = async () => {
    let job = (await bulkJobsItem.getValue()).find((j) => j.jobId === jobId) ?? null;
    let checkStored = true;
    while (job && job.cancelledAt === null && job.queuedChunks < chunks.length) {
      const index = job.queuedChunks;
      const chunk = chunks[index] as OpChunk;
      let ids: number[] | null = null;
      if (checkStored) {
        checkStored = false;
        const stored = await sendMessage("listJobOps", {
          jobId,
          afterId: lastRunOp(job.runs),
          limit: chunk.entries.length,
        });
        if (stored.items.length === chunk.entries.length) ids = stored.items.map((op) => op.id);
        else if (stored.items.length > 0)
          throw new QueueError(`${stored.items.length} ops of an unknown message`);
      }
      if (!ids) {
        const reply = await sendMessage("enqueue", {
          source: "bulk",
          jobId,
          ops: chunk.entries.map(({ operation, label }) => ({ operation, label })),
        });
        if (!reply.ok) throw new QueueError(reply.error);
        ids = reply.ids;
      }
      const rows = chunk.entries.map((entry) => entry.row);
      const queued = ids;
      job = await updateJob(jobId, (j) => ({
        ...j,
        queuedChunks: index + 1,
        runs: appendRuns(j.runs, queued, rows),
      }));
      if (job) onQueued?.(job);
    }
    // A cancel pressed while a message was on its way: that message's ops are cancelled too.
    if (job?.cancelledAt != null) await sendMessage("cancelJob", { jobId });
    return job;
  };
  if (typeof navigator === "undefined" || !navigator.locks) return work();
  return navigator.locks.request(`bulk-queue:${jobId}`, { ifAvailable: true }, (lock) =>
    lock ? work() : null,
  );
}

/** Marks the job cancelled (no more messages are queued) and cancels its ops not sent yet. */
export async function cancelJob(jobId: string, now = Date.now()) {
  await updateJob(jobId, (job) => ({ ...job, cancelledAt: job.cancelledAt ?? now }));
  return sendMessage("cancelJob", { jobId });
}

/** The result file of a job: every input row with what became of it. */
export async function buildJobResult(job: BulkJob, words: (headers: readonly string[]) => ResultWords) {
  const plan = await replanJob(job);
  if (!plan) return null;
  const rowOf = rowOfOp(job.runs);
  const opsByRow = new Map<number, OpOutcome[]>();
  const damagedRows = new Set<number>();
  let afterId: number | undefined;
  do {
    const page = await sendMessage("listJobOps", { jobId: job.jobId, afterId, limit: RESULT_PAGE });
    for (const id of page.unreadable) {
      const row = rowOf(id);
      if (row !== undefined) damagedRows.add(row);
    }
    for (const op of page.items) {
      const row = rowOf(op.id);
      if (row === undefined) continue;
      const list = opsByRow.get(row) ?? [];
      list.push({ method: op.method, state: op.state, result: op.result, error: op.error });
      opsByRow.set(row, list);
    }
    afterId = page.next;
  } while (afterId !== undefined);
  return buildResultCsv({
    parsed: plan.parsed,
    checks: plan.checks,
    opsOfRow: (index) => opsByRow.get(index) ?? [],
    damagedRows,
    words: words(plan.parsed.headers),
    delimiter: exportDelimiter((await privacySettingsItem.getValue()).csvDelimiter, uiLanguage()),
  });
}

/**
 * After the result of a finished import was downloaded: its input file is deleted at once (it holds every
 * column of the CRM export), the job stays listed with its figures.
 */
export async function markDownloaded(job: BulkJob, now = Date.now()): Promise<void> {
  if (job.finishedAt === null) return;
  await updateJob(job.jobId, (j) => ({ ...j, downloadedAt: now }));
  await deleteBulkFile(job.jobId);
}

/** The result file's name: the input's name with `-result`. */
export const resultFileName = (fileName: string): string =>
  `${fileName.replace(/\.(csv|txt)$/i, "") || "import"}-result.csv`;

/**
 * "Retry failed" on a finished import: its failed ops and those whose outcome is unknown are queued again
 * (one `retry` message with their ids), and the job runs again until they settle. Resolves with their count.
 */
export async function retryFailed(job: BulkJob): Promise<number> {
  const ids: number[] = [];
  let afterId: number | undefined;
  do {
    const page = await sendMessage("listJobOps", { jobId: job.jobId, afterId, limit: RESULT_PAGE });
    for (const op of page.items) if (op.state === "failed" || op.state === "uncertain") ids.push(op.id);
    afterId = page.next;
  } while (afterId !== undefined);
  if (ids.length === 0) return 0;
  const { count } = await sendMessage("retry", { ids });
  if (count > 0) await updateJob(job.jobId, (j) => ({ ...j, finishedAt: null }));
  return count;
}
