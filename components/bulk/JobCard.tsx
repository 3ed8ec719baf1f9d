import { useEffect, useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { jobFigures } from "../../utils/bulk/progress";
import { emptyTally, type RowTally, rowsLeftSeconds } from "../../utils/bulk/row-tally";
import {
  buildJobResult,
  cancelJob,
  markDownloaded,
  removeJob,
  resultFileName,
  retryFailed,
} from "../../utils/bulk/runner";
import { formatDateTime, plural, t } from "../../utils/i18n";
import { sendMessage } from "../../utils/messaging";
import { explainError } from "../../utils/op-error-text";
import type { OpRecord } from "../../utils/sending/types";
import { type BulkJob, catalogueItem } from "../../utils/storage";
import { downloadFile } from "../download-file";
import { ErrorDetails } from "../ErrorDetails";
import { useStoredValue } from "../use-stored-value";
import { useJobProgress } from "./use-job-progress";
import { useRowRate } from "./use-row-rate";
import { useRowTally } from "./use-row-tally";
import { durationText, resultWords } from "./wording";

interface JobCardProps {
  job: BulkJob;
  /** Why queueing the job's messages stopped, if it did. */
  queueError?: string;
  /** Rows whose operations are all handed to the background while this page queues them; else undefined. */
  handedRows?: number;
  onRetryQueue: () => void;
  /** Says something to screen readers (a finish, a failed download). */
  announce: (text: string) => void;
}

/**
 * Opens the history page. It has no filter by import yet (`HistoryQuery` has no job): the import's rows are
 * the newest there when it has just finished.
 */
const openHistory = () => void browser.tabs.create({ url: browser.runtime.getURL("/lead-history.html") });

/** A finished import in one line: "193 updated · 2 not found · 5 left out", then what else happened. */
export function outcomeText(rows: RowTally, leftOut: number): string {
  const parts = [plural("bulkRowsUpdated", rows.updated)];
  if (rows.notFound > 0) parts.push(plural("bulkRowsNotFound", rows.notFound));
  if (leftOut > 0) parts.push(plural("bulkRowsLeftOut", leftOut));
  if (rows.failed > 0) parts.push(plural("bulkRowsFailed", rows.failed));
  if (rows.uncertain > 0) parts.push(plural("bulkRowsUncertain", rows.uncertain));
  if (rows.cancelled > 0) parts.push(plural("bulkRowsCancelled", rows.cancelled));
  if (rows.forgotten > 0) parts.push(plural("bulkRowsForgotten", rows.forgotten));
  return parts.join(" · ");
}

/** Ops read per page, and pages at most, when looking for the first failed op of a finished import. */
const FAILURE_PAGE = 500;
const FAILURE_PAGES = 40;

/**
 * The first failed op of a finished import with failures (its reason is shown on the card), or "damaged" when
 * none reads but an op's saved record could not be read (the engine failed it unsent); null until found.
 */
function useFirstFailure(jobId: string, look: boolean): OpRecord | "damaged" | null {
  const [failure, setFailure] = useState<OpRecord | "damaged" | null>(null);
  useEffect(() => {
    setFailure(null);
    if (!look) return;
    let stopped = false;
    (async () => {
      let afterId: number | undefined;
      let damaged = false;
      for (let page = 0; page < FAILURE_PAGES && !stopped; page++) {
        const { items, next, unreadable } = await sendMessage("listJobOps", {
          jobId,
          afterId,
          limit: FAILURE_PAGE,
        });
        damaged ||= unreadable.length > 0;
        const failed = items.find((op) => op.state === "failed" && (op.error || op.result?.error));
        if (failed) {
          if (!stopped) setFailure(failed);
          return;
        }
        if (next === undefined) {
          // The whole job was read and no op that reads failed: the failure is a damaged one.
          if (damaged && !stopped) setFailure("damaged");
          return;
        }
        afterId = next;
      }
    })().catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [jobId, look]);
  return failure;
}

/** A rate as shown: one decimal below 10 per second, whole numbers above. */
const roundRate = (rate: number): number => (rate < 10 ? Math.round(rate * 10) / 10 : Math.round(rate));

/** One import: its progress, rate and time left, Pause/Resume/Cancel, and the result file when done. */
export function JobCard({ job, queueError, handedRows, onRetryQueue, announce }: JobCardProps) {
  const { snapshot, unreachable, apply } = useJobProgress(job);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The button that opened or closed the question is gone: keep the keyboard where the user is.
  useEffect(() => {
    if (confirmCancel) confirmButton.current?.focus();
  }, [confirmCancel]);
  const [busy, setBusy] = useState<"control" | "download" | null>(null);
  const [error, setError] = useState("");
  const figures = jobFigures(snapshot?.job ?? job, snapshot?.progress ?? null);
  const { tally, reset } = useRowTally(job, figures.sent + figures.cancelled, figures.finished);
  const rows = tally ?? emptyTally(job.rows - job.leftOut);
  // Speed and time left count rows, as the bar does: a row with a field, tags and a comment is one lead.
  const rate = useRowRate(rows.settled, figures.paused, snapshot);
  const left = rowsLeftSeconds(rows, rate);
  const failed = rows.failed + rows.uncertain > 0;
  const failure = useFirstFailure(job.jobId, figures.finished && rows.failed > 0);
  const [catalogue] = useStoredValue(catalogueItem);
  const headingId = `job-${job.jobId}`;
  const cancelled = job.cancelledAt !== null;
  const wasFinished = useRef(job.finishedAt !== null);
  useEffect(() => {
    if (figures.finished && !wasFinished.current) announce(t("bulkJobDone", job.fileName));
    wasFinished.current = figures.finished;
  }, [figures.finished, announce, job.fileName]);
  const state = figures.finished
    ? t(cancelled ? "bulkJobCancelled" : failed ? "bulkJobFinishedWithErrors" : "bulkJobFinished")
    : figures.paused
      ? t("bulkJobPaused")
      : cancelled
        ? t("bulkJobCancelling")
        : t("bulkJobRunning");

  const control = async (action: () => Promise<void>) => {
    setBusy("control");
    setError("");
    try {
      await action();
    } catch {
      setError(t("bulkBackgroundError"));
    } finally {
      setBusy(null);
    }
  };
  const pause = () => control(async () => apply(await sendMessage("pauseJob", { jobId: job.jobId }), job));
  const resume = () => control(async () => apply(await sendMessage("resumeJob", { jobId: job.jobId }), job));
  const sendAgain = () =>
    control(async () => {
      await sendMessage("retry", { jobId: job.jobId, state: "uncertain" });
      apply(await sendMessage("getJobProgress", { jobId: job.jobId }), job);
    });
  const retry = () =>
    control(async () => {
      const count = await retryFailed(job);
      reset();
      if (count > 0) announce(t("bulkRetried"));
    });
  const cancel = () =>
    control(async () => {
      setConfirmCancel(false);
      heading.current?.focus();
      apply(await cancelJob(job.jobId), { ...job, cancelledAt: job.cancelledAt ?? Date.now() });
    });
  const getResult = async () => {
    setBusy("download");
    setError("");
    try {
      const text = await buildJobResult(job, resultWords);
      if (text === null) {
        setError(t(job.downloadedAt != null ? "bulkFileDeletedAfterDownload" : "bulkFileGone"));
      } else {
        downloadFile(new Blob([text], { type: "text/csv;charset=utf-8" }), resultFileName(job.fileName));
        await markDownloaded(job);
      }
    } catch (e) {
      setError(t("bulkDownloadFailed", e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    await removeJob(job.jobId);
    announce(t("bulkJobRemoved", job.fileName));
  };

  return (
    <article
      class={figures.finished && failed ? "card job job--failed" : "card job"}
      aria-labelledby={headingId}
    >
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {job.fileName}
      </h3>
      <p class="status__detail">
        {t("bulkJobStarted", formatDateTime(job.createdAt))} · {plural("bulkJobRowsCount", job.rows)}
      </p>
      <p class="job__state">
        <strong>{state}</strong>
      </p>
      {figures.finished && <p class="job__summary">{outcomeText(rows, job.leftOut)}</p>}
      {failure && (
        <div class="status status--error">
          <ErrorDetails
            lead={t("bulkFirstFailure")}
            error={
              failure === "damaged"
                ? { text: t("bulkResultDamaged"), details: null }
                : explainError(failure.error ?? { kind: "rejected", message: failure.result?.error ?? "" }, {
                    labels: new Map((catalogue ?? []).map((field) => [field.apiName, field.label])),
                    item: failure.item,
                  })
            }
          />
        </div>
      )}
      <progress
        class="job__bar"
        max={Math.max(1, rows.rows)}
        value={rows.settled}
        aria-labelledby={headingId}
        aria-valuetext={plural("bulkRowsProgress", rows.rows, [String(rows.settled)])}
      />
      <dl class="job__counts">
        <div>
          <dt>{t("bulkCountSent")}</dt>
          <dd>{t("bulkOfTotal", [String(rows.settled), String(rows.rows)])}</dd>
        </div>
        <div>
          <dt>{t("bulkCountMatched")}</dt>
          <dd>{rows.updated}</dd>
        </div>
        <div>
          <dt>{t("bulkCountNotMatched")}</dt>
          <dd>{rows.notFound}</dd>
        </div>
        <div>
          <dt>{t("bulkCountFailed")}</dt>
          <dd>{rows.failed}</dd>
        </div>
        {rows.uncertain > 0 && (
          <div class="job__uncertain">
            <dt>{t("bulkUncertainCount")}</dt>
            <dd>{rows.uncertain}</dd>
          </div>
        )}
        {rows.cancelled > 0 && (
          <div>
            <dt>{t("bulkCountCancelled")}</dt>
            <dd>{rows.cancelled}</dd>
          </div>
        )}
        <div>
          <dt>{t("bulkCountLeftOut")}</dt>
          <dd>{job.leftOut}</dd>
        </div>
        {!figures.finished && (
          <>
            <div>
              <dt>{t("bulkRate")}</dt>
              <dd>{rate === null ? "—" : plural("bulkRateValue", roundRate(rate))}</dd>
            </div>
            <div>
              <dt>{t("bulkTimeLeft")}</dt>
              <dd>{left === null ? "—" : durationText(left)}</dd>
            </div>
          </>
        )}
      </dl>
      {figures.unqueued > 0 && !queueError && handedRows !== undefined && (
        <p class="status__detail">{plural("bulkJobQueueingRows", rows.rows, [String(handedRows)])}</p>
      )}
      {queueError && (
        <div class="status status--error">
          <p>{t("bulkQueueError", queueError)}</p>
          <button type="button" class="button button--secondary" onClick={onRetryQueue}>
            {t("bulkQueueRetry")}
          </button>
        </div>
      )}
      {unreachable && <p class="notice notice--error">{t("bulkBackgroundError")}</p>}
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div class="form__actions">
        {!figures.finished &&
          (figures.paused ? (
            <button type="button" class="button" disabled={busy !== null || cancelled} onClick={resume}>
              {t("bulkResume")}
            </button>
          ) : (
            <button
              type="button"
              class="button button--secondary"
              disabled={busy !== null || cancelled}
              onClick={pause}
            >
              {t("bulkPause")}
            </button>
          ))}
        {!figures.finished && !cancelled && !confirmCancel && (
          <button
            type="button"
            class="button button--danger"
            disabled={busy !== null}
            onClick={() => setConfirmCancel(true)}
          >
            {t("bulkCancel")}
          </button>
        )}
        {!figures.finished && figures.uncertain > 0 && (
          <button type="button" class="button button--secondary" disabled={busy !== null} onClick={sendAgain}>
            {t("bulkSendUncertainAgain")}
          </button>
        )}
        {figures.finished && (
          <>
            {failed && (
              <button type="button" class="button" disabled={busy !== null} onClick={retry}>
                {t("bulkRetryFailed")}
              </button>
            )}
            <button type="button" class="button button--secondary" onClick={openHistory}>
              {t("bulkOpenHistory")}
            </button>
            <button
              type="button"
              class="button"
              aria-busy={busy === "download"}
              disabled={busy !== null}
              onClick={getResult}
            >
              {t("bulkDownload")}
            </button>
            <button
              type="button"
              class="button button--secondary"
              aria-label={t("bulkRemoveLabel", job.fileName)}
              onClick={remove}
            >
              {t("bulkRemove")}
            </button>
          </>
        )}
      </div>
      {confirmCancel && (
        <div class="status status--warning">
          <p id={`${headingId}-cancel`}>{t("bulkCancelAsk")}</p>
          <div class="form__actions">
            <button
              ref={confirmButton}
              type="button"
              class="button button--danger"
              aria-describedby={`${headingId}-cancel`}
              onClick={cancel}
            >
              {t("bulkCancelYes")}
            </button>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                setConfirmCancel(false);
                heading.current?.focus();
              }}
            >
              {t("bulkCancelNo")}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
