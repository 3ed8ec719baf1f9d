import type { EnginePause } from "../sending/engine-state";
import type { OpState } from "../sending/types";

export interface Badge {
  text: string;
  color: string;
}

/** What the toolbar badge shows: "!" when paused, else the leads waiting, else the failed ones (red). */
export function badgeFor(counts: Record<OpState, number>, paused: EnginePause | null): Badge {
  if (paused) return { text: "!", color: "#d93025" };
  const waiting = counts.queued + counts.sending;
  if (waiting > 0) return { text: compact(waiting), color: "#1a73e8" };
  if (counts.failed > 0) return { text: compact(counts.failed), color: "#d93025" };
  return { text: "", color: "#1a73e8" };
}

function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  return `${Math.round(n / 1000)}k`;
}
