/** A bulk job's progress in numbers: counts, the fraction done, the rate and the time left. Pure. */
import type { JobProgress } from "../messaging";
import type { BulkJob } from "../storage";

/** The settled-op count at one moment, for the rate. */
export interface RateSample {
  at: number;
  settled: number;
}

/** The rate is measured over this much recent time, so that a pause or a slow start fades out. */
export const RATE_WINDOW_MS = 10_000;

/** The samples with `sample` added and those older than the window dropped (one older kept as the base). */
export function addSample(samples: readonly RateSample[], sample: RateSample, windowMs = RATE_WINDOW_MS) {
  const kept = [...samples, sample];
  while (kept.length > 2 && (kept[1] as RateSample).at <= sample.at - windowMs) kept.shift();
  return kept;
}

/** Operations settled per second over the samples; null until two samples a moment apart exist. */
export function rateOf(samples: readonly RateSample[]): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 1000) return null;
  return Math.max(0, (last.settled - first.settled) / ((last.at - first.at) / 1000));
}

export interface JobFigures {
  /** Operations the import consists of (queued or still to be queued). */
  total: number;
  /** Answered by Calltouch one way or the other. */
  sent: number;
  matched: number;
  notMatched: number;
  failed: number;
  /** Left, but the answer never came back: check in Calltouch, then send again. */
  uncertain: number;
  cancelled: number;
  /** Queued, sending, or held by a pause. */
  waiting: number;
  /** Sent or cancelled, out of the total, 0 to 1. */
  fraction: number;
  paused: boolean;
  /** Every operation is queued and none waits any more. */
  finished: boolean;
  /** Operations still to be queued by the page. */
  unqueued: number;
}

/** The figures of a job from its stored record and the background's counts (null before the first answer). */
export function jobFigures(job: BulkJob, progress: JobProgress | null): JobFigures {
  const counts = progress?.counts;
  const matched = counts?.done ?? 0;
  const notMatched = counts?.notMatched ?? 0;
  const failed = counts?.failed ?? 0;
  const uncertain = counts?.uncertain ?? 0;
  const cancelled = counts?.cancelled ?? 0;
  const waiting = counts ? counts.queued + counts.sending + counts.held : 0;
  const sent = matched + notMatched + failed + uncertain;
  const total = Math.max(job.totalOps, progress?.total ?? 0);
  const allQueued = job.queuedChunks >= job.chunks;
  const finished = progress !== null && waiting === 0 && (allQueued || job.cancelledAt !== null);
  return {
    total,
    sent,
    matched,
    notMatched,
    failed,
    uncertain,
    cancelled,
    waiting,
    fraction: total > 0 ? Math.min(1, (sent + cancelled) / total) : finished ? 1 : 0,
    paused: progress?.paused ?? false,
    finished,
    unqueued: allQueued || job.cancelledAt !== null ? 0 : Math.max(0, job.totalOps - (progress?.total ?? 0)),
  };
}
