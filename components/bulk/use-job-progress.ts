import { useEffect, useRef, useState } from "preact/hooks";
import { jobFigures } from "../../utils/bulk/progress";
import { updateJob } from "../../utils/bulk/runner";
import { type JobProgress, sendMessage } from "../../utils/messaging";
import type { BulkJob } from "../../utils/storage";

/** How often a running job's progress is asked for. */
export const POLL_MS = 500;

export interface JobProgressState {
  /** The last answer, with the job as stored when it was asked for (what the answer can be compared with). */
  snapshot: { progress: JobProgress; job: BulkJob } | null;
  /** True while the background does not answer. */
  unreachable: boolean;
  /**
   * Applies the answer of a pause, resume or cancel at once. `asked` is the job as stored when the message
   * was sent: an answer is only compared with what was queued before it was asked for.
   */
  apply: (progress: JobProgress, asked: BulkJob) => void;
}

/**
 * Polls the background for a job's counts until it is finished, then records the finish with the job.
 * A finished job is asked once, for its final counts.
 */
export function useJobProgress(job: BulkJob): JobProgressState {
  const [snapshot, setSnapshot] = useState<JobProgressState["snapshot"]>(null);
  const [unreachable, setUnreachable] = useState(false);
  const jobRef = useRef(job);
  jobRef.current = job;
  const { jobId } = job;
  const finished = job.finishedAt !== null;

  const apply = (next: JobProgress, asked: BulkJob) => {
    setSnapshot({ progress: next, job: asked });
    const figures = jobFigures(asked, next);
    if (figures.finished && asked.finishedAt === null)
      void updateJob(jobId, (j) => (j.finishedAt === null ? { ...j, finishedAt: Date.now() } : j));
  };

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const asked = jobRef.current;
        const next = await sendMessage("getJobProgress", { jobId });
        if (stopped) return;
        setUnreachable(false);
        apply(next, asked);
      } catch {
        // The worker may be starting again: ask again.
        if (!stopped) setUnreachable(true);
      }
      if (!stopped && !finished) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // `apply` reads the job through a ref: only the job's identity and finish restart polling.
  }, [jobId, finished]);

  return { snapshot, unreachable, apply };
}
