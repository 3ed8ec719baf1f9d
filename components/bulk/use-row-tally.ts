import { useEffect, useRef, useState } from "preact/hooks";
import { createOpStateReader, type OpStateReader } from "../../utils/bulk/op-state-reader";
import { type RowTally, tallyRows } from "../../utils/bulk/row-tally";
import { sendMessage } from "../../utils/messaging";
import type { BulkJob } from "../../utils/storage";

/**
 * The import's outcome in rows, kept up to date from the job's ops: each refresh reads on from the first op
 * not yet settled until it has the ops settled since the last one (utils/bulk/op-state-reader.ts), so a large
 * import is not read whole every time. `settledOps` (from the progress counts: the ops in a final state) says
 * when something changed; `reset` forgets what was read (after the user sent ops again).
 */
export function useRowTally(job: BulkJob, settledOps: number, finished: boolean) {
  const [tally, setTally] = useState<RowTally | null>(null);
  const reader = useRef<OpStateReader | null>(null);
  /** The reader's refresh the tally was last counted after. */
  const tallied = useRef(0);
  const [generation, setGeneration] = useState(0);
  const jobRef = useRef(job);
  jobRef.current = job;

  useEffect(() => {
    const { jobId } = job;
    const current =
      reader.current ?? createOpStateReader((page) => sendMessage("listJobStates", { jobId, ...page }));
    reader.current = current;
    // Every refresh that ends shows its tally, also one a newer progress answer asked for again.
    current
      .refresh(settledOps, finished)
      .then((readToEnd) => {
        if (reader.current !== current || current.reads === tallied.current) return;
        tallied.current = current.reads;
        const { runs, rows, leftOut } = jobRef.current;
        setTally(tallyRows(runs, rows - leftOut, current.stateOf, readToEnd));
      })
      .catch(() => undefined);
  }, [job.jobId, settledOps, finished, job.queuedChunks, generation]);

  // Unmounted: nothing more is read.
  useEffect(
    () => () => {
      reader.current?.close();
      reader.current = null;
    },
    [],
  );

  const reset = () => {
    reader.current?.close();
    reader.current = null;
    tallied.current = 0;
    setGeneration((g) => g + 1);
  };
  return { tally, reset };
}
