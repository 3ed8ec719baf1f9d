import { describe, expect, it } from "vitest";
import { addSample, jobFigures, type RateSample, rateOf } from "../../../utils/bulk/progress";
import type { JobProgress } from "../../../utils/messaging";
import { emptyCounts, type OpState } from "../../../utils/sending/types";
import type { BulkJob } from "../../../utils/storage";

const EMPTY_COUNTS = emptyCounts();

describe("progress figures", () => {
  const job = (change: Partial<BulkJob> = {}): BulkJob => ({
    jobId: "j",
    fileName: "f.csv",
    createdAt: 0,
    settings: { roles: [], catalogue: [], overwrite: false, region: "RU" },
    rows: 1000,
    leftOut: 0,
    totalOps: 1000,
    chunks: 2,
    queuedChunks: 2,
    runs: [],
    cancelledAt: null,
    finishedAt: null,
    ...change,
  });
  const progress = (counts: Partial<Record<OpState, number>>, paused = false): JobProgress => {
    const all = { ...EMPTY_COUNTS, ...counts };
    return { jobId: "j", total: Object.values(all).reduce((a, b) => a + b, 0), counts: all, paused };
  };

  it.each<[string, Partial<BulkJob>, JobProgress | null, Partial<ReturnType<typeof jobFigures>>]>([
    ["before the first answer", {}, null, { finished: false, fraction: 0, sent: 0 }],
    [
      "half sent",
      {},
      progress({ done: 400, notMatched: 50, failed: 50, queued: 500 }),
      { sent: 500, fraction: 0.5, finished: false },
    ],
    ["all sent", {}, progress({ done: 990, failed: 10 }), { sent: 1000, fraction: 1, finished: true }],
    ["paused", {}, progress({ done: 10, held: 990 }, true), { paused: true, waiting: 990, finished: false }],
    // The answer came before the second message was queued: not finished, whatever its counts say.
    ["still queueing", { queuedChunks: 1 }, progress({ done: 500 }), { finished: false, unqueued: 500 }],
    [
      "cancelled while queueing",
      { queuedChunks: 1, cancelledAt: 5 },
      progress({ done: 100, cancelled: 400 }),
      { finished: true, unqueued: 0, cancelled: 400 },
    ],
  ])("%s", (_, change, answer, expected) => {
    expect(jobFigures(job(change), answer)).toMatchObject(expected);
  });

  it("measures the rate over the last ten seconds", () => {
    let samples: RateSample[] = [];
    for (let s = 0; s <= 30; s++)
      samples = addSample(samples, { at: s * 1000, settled: s < 20 ? s * 500 : 9500 + (s - 20) * 100 });
    expect(samples[0]?.at).toBe(20_000);
    expect(rateOf(samples)).toBe(100);
    expect(rateOf(samples.slice(0, 1))).toBeNull();
  });
});
