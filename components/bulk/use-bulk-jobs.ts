import { useEffect, useRef, useState } from "preact/hooks";
import type { OpChunk } from "../../utils/bulk/rows";
import { queueJob, replanJob } from "../../utils/bulk/runner";
import { t } from "../../utils/i18n";
import { type PauseState, sendMessage } from "../../utils/messaging";
import { type BulkJob, bulkJobsItem } from "../../utils/storage";
import { blockedText } from "../blocked-text";
import { type HoldReason, isHold, waitReason } from "../wait-reason";

/** How often the engine's own pause (token, quota) is checked while an import runs. */
const ENGINE_POLL_MS = 2000;

export interface BulkJobs {
  /** Every stored import, oldest first; null until read. */
  jobs: BulkJob[] | null;
  /** Why queueing a job's messages stopped, by job id. */
  queueErrors: Record<string, string>;
  /** The messages of the jobs this page queues (or queued), by job id: what tells rows handed over. */
  plans: Record<string, readonly OpChunk[]>;
  /** The engine's own pause while an import runs (token, quota), and why saved credentials are blocked. */
  enginePause: PauseState | null;
  blocked: string | null;
  /**
   * The engine holding requests back after Calltouch failed (unreachable, a server error): the imports go
   * on by themselves when it ends. A 429's hold is not shown: in an office it is the usual pace.
   */
  hold: HoldReason | null;
  setEnginePause: (pause: PauseState | null) => void;
  /** Hands a new job's messages to the background. */
  startQueueing: (jobId: string, chunks: readonly OpChunk[]) => void;
  /** Plans a stored job again from its file and queues what was left. */
  resumeQueueing: (job: BulkJob) => Promise<void>;
}

const needsQueueing = (job: BulkJob) =>
  job.finishedAt === null && job.cancelledAt === null && job.queuedChunks < job.chunks;

/**
 * The bulk page's bookkeeping: the stored imports (watched), queueing their messages (and the rest of
 * those the page was closed on), and the engine's pause while any import runs.
 */
export function useBulkJobs(): BulkJobs {
  const [jobs, setJobs] = useState<BulkJob[] | null>(null);
  const [queueErrors, setQueueErrors] = useState<Record<string, string>>({});
  const [plans, setPlans] = useState<Record<string, readonly OpChunk[]>>({});
  const [enginePause, setEnginePause] = useState<PauseState | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [hold, setHold] = useState<HoldReason | null>(null);
  /** Jobs this page is queueing now. */
  const queueing = useRef(new Set<string>());

  const startQueueing = (jobId: string, chunks: readonly OpChunk[]) => {
    if (queueing.current.has(jobId)) return;
    queueing.current.add(jobId);
    setPlans((current) => ({ ...current, [jobId]: chunks }));
    setQueueErrors(({ [jobId]: _, ...rest }) => rest);
    queueJob(jobId, chunks)
      .catch((error) =>
        setQueueErrors((errors) => ({
          ...errors,
          [jobId]: error instanceof Error ? error.message : String(error),
        })),
      )
      .finally(() => queueing.current.delete(jobId));
  };

  const resumeQueueing = async (job: BulkJob) => {
    const plan = await replanJob(job).catch(() => null);
    if (!plan || plan.chunks.length !== job.chunks) {
      setQueueErrors((errors) => ({ ...errors, [job.jobId]: t("bulkFileGone") }));
      return;
    }
    startQueueing(job.jobId, plan.chunks);
  };

  useEffect(() => {
    let active = true;
    bulkJobsItem
      .getValue()
      .then((value) => {
        if (!active) return;
        setJobs(value);
        // Imports whose messages were not all queued when the page closed: queue the rest.
        for (const job of value) if (needsQueueing(job)) void resumeQueueing(job);
      })
      .catch(() => active && setJobs([]));
    const unwatch = bulkJobsItem.watch((value) => setJobs(value ?? []));
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  const anyRunning = (jobs ?? []).some((job) => job.finishedAt === null);
  useEffect(() => {
    if (!anyRunning) {
      setEnginePause(null);
      setHold(null);
      return;
    }
    let stopped = false;
    const check = () =>
      sendMessage("getQueueStatus")
        .then((status) => {
          if (stopped) return;
          setEnginePause(status.paused);
          setBlocked(blockedText(status.blocked));
          const reason = waitReason(status);
          setHold(reason && isHold(reason) && reason.kind !== "rateLimited" ? reason : null);
        })
        .catch(() => undefined);
    void check();
    const timer = setInterval(check, ENGINE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [anyRunning]);

  return {
    jobs,
    queueErrors,
    plans,
    enginePause,
    blocked,
    hold,
    setEnginePause,
    startQueueing,
    resumeQueueing,
  };
}
