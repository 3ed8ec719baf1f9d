import { useEffect, useRef, useState } from "preact/hooks";
import { type RowTally, tallyRows } from "../../utils/bulk/row-tally";
import { sendMessage } from "../../utils/messaging";
import { isFinal, type OpState } from "../../utils/sending/types";
import type { BulkJob } from "../../utils/storage";

/** Ops per `listJobOps` page. */
const PAGE = 1000;
/** Pages read per refresh while the import runs: the engine settles ops in about id order, so the ops that
 * change are near the first unsettled one; the rest is read when the import finishes. */
const PAGES_WHILE_RUNNING = 3;

/**
 * The import's outcome in rows, kept up to date from the job's ops: each refresh reads on from the first op
 * not yet settled, so a large import is not read whole every time. `settledOps` (from the progress counts)
 * says when something changed; `reset` forgets what was read (after the user sent ops again).
 */
export function useRowTally(job: BulkJob, settledOps: number, finished: boolean) {
  const [tally, setTally] = useState<RowTally | null>(null);
  const states = useRef(new Map<number, OpState>());
  /** Every op up to this id is settled and read. */
  const cursor = useRef<number | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const jobRef = useRef(job);
  jobRef.current = job;

  useEffect(() => {
    let stopped = false;
    const read = async () => {
      let afterId = cursor.current;
      let pages = 0;
      let contiguous = true;
      do {
        const page = await sendMessage("listJobOps", { jobId: job.jobId, afterId, limit: PAGE });
        if (stopped) return;
        for (const op of page.items) {
          states.current.set(op.id, op.state);
          contiguous &&= isFinal(op);
          if (contiguous) cursor.current = op.id;
        }
        afterId = page.next;
        pages++;
      } while (afterId !== undefined && (finished || pages < PAGES_WHILE_RUNNING));
      const current = jobRef.current;
      setTally(
        tallyRows(current.runs, current.rows - current.leftOut, (id) => states.current.get(id), finished),
      );
    };
    read().catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [job.jobId, settledOps, finished, job.queuedChunks, generation]);

  const reset = () => {
    states.current = new Map();
    cursor.current = undefined;
    setGeneration((g) => g + 1);
  };
  return { tally, reset };
}
