import { useEffect, useRef, useState } from "preact/hooks";
import { addSample, type RateSample, rateOf } from "../../utils/bulk/progress";

/**
 * Rows settled per second lately, from the row tally's settled count; null until measured or while paused.
 * A new `tick` (each progress answer) samples again, so a stalled import's rate falls.
 */
export function useRowRate(settledRows: number, paused: boolean, tick: unknown): number | null {
  const samples = useRef<RateSample[]>([]);
  const [rate, setRate] = useState<number | null>(null);
  useEffect(() => {
    if (paused) {
      samples.current = [];
      setRate(null);
      return;
    }
    samples.current = addSample(samples.current, { at: Date.now(), settled: settledRows });
    setRate(rateOf(samples.current));
  }, [settledRows, paused, tick]);
  return rate;
}
