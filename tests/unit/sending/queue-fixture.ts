/** The op queue as the queue and history tests use it: an empty database each test, a clock they set. */
import { beforeEach } from "vitest";
import { createOpQueue } from "../../../utils/sending/queue";
import { emptyCounts, type OpRecord } from "../../../utils/sending/types";
import { resetDb, START } from "./helpers";

/**
 * Registers a `beforeEach` that empties the database and sets `clock.time` back to START; returns a queue
 * whose clock is `clock.time` (tests move it by assigning) and the tests' own ways to read it back.
 */
export function setUpQueue() {
  const clock = { time: START };
  const queue = createOpQueue({ now: () => clock.time });

  beforeEach(async () => {
    await resetDb();
    clock.time = START;
  });

  /** Takes every due op, batch after batch, as the engine would. */
  async function drain(runId = "run-1"): Promise<OpRecord[][]> {
    const batches: OpRecord[][] = [];
    for (;;) {
      const batch = await queue.takeBatch({ runId, now: clock.time });
      if (batch.length === 0) return batches;
      batches.push(batch);
    }
  }

  /** Every op, newest first, read with `page` (the test's own walk, independent of `search`). */
  async function allOps(): Promise<OpRecord[]> {
    const all: OpRecord[] = [];
    for (let page = await queue.page({ limit: 1000 }); ; ) {
      all.push(...page.items);
      if (page.next === undefined) return all;
      page = await queue.page({ limit: 1000, before: page.next });
    }
  }

  /** The counts taken op by op, in total or for one job: the truth the stored counters must match. */
  async function countedByHand(jobId?: string) {
    const counts = emptyCounts();
    for (const op of await allOps()) if (!jobId || op.jobId === jobId) counts[op.state]++;
    return counts;
  }

  return { clock, queue, drain, allOps, countedByHand };
}
