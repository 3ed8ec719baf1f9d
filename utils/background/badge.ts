import type { EnginePause } from "../sending/engine-state";
import type { OpState } from "../sending/types";

export interface Badge {
  text: string;
  color: string;
}

/** What the toolbar badge shows: "!" when paused, else the leads waiting, else those needing the user (red). */
export function badgeFor(counts: Record<OpState, number>, paused: EnginePause | null): Badge {
  if (paused) return { text: "!", color: "#d93025" };
  const waiting = counts.queued + counts.sending;
  if (waiting > 0) return { text: compact(waiting), color: "#1a73e8" };
  const attention = counts.failed + counts.uncertain;
  if (attention > 0) return { text: compact(attention), color: "#d93025" };
  return { text: "", color: "#1a73e8" };
}

function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  return `${Math.round(n / 1000)}k`;
}
