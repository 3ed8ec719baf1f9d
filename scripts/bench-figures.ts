// The figures of `npm run bench:send`, as pure functions of what the browsers and the server report.
import { z } from "zod";
import { LIMITS } from "../utils/calltouch/limits";

/** The physical ceiling of one IP address: 5 requests/s × 100 leads. */
export const CEILING_LEADS_PER_SECOND = LIMITS.maxItemsPerRequest * LIMITS.requestsPerSecond;

/** The shortest run, as the server counted it, whose throughput is compared with the ceiling. */
const MIN_SPAN_MS = 1000;

/**
 * `GET /__sandbox/stats`, as far as the bench reads it. The newer fields are optional so that an older
 * sandbox, or another server that answers the same path, still gives what it has.
 */
export const ServerStatsSchema = z.object({
  requests: z.number(),
  http429: z.number(),
  dropped: z.number().optional(),
  droppedOnReusedConnection: z.number().optional(),
  leadsAccepted: z.number().optional(),
  firstAcceptedLeads: z.number().optional(),
  firstCountedAt: z.number().nullable().optional(),
  lastCountedAt: z.number().nullable().optional(),
  writtenTwice: z.record(z.string(), z.number()).optional(),
});
export type ServerStats = z.infer<typeof ServerStatsSchema>;

/** What one browser's queue says of its job when it drained (or when the bench gave up). */
export interface BrowserRun {
  leads: number;
  /** From the common start to this browser's queue draining (or to the timeout). */
  seconds: number;
  drained: boolean;
  /** The state of every op of the job; compared as strings so that states added later count too. */
  states: readonly string[];
  requests: number;
  http429: number;
}

/** States of an op the engine has not finished with: a run that timed out leaves some. */
const PENDING = new Set<string>(["queued", "sending", "held"]);

/**
 * One browser's line of the report. `settled`: leads delivered (done, notMatched) or flagged (failed,
 * uncertain); `pending`: leads still in the queue when the bench stopped waiting (0 once drained);
 * `lost`: the rest, never delivered and not flagged. `leadsPerSecond` counts the settled leads.
 */
export function browserFigures(run: BrowserRun) {
  const count = (state: string) => run.states.filter((s) => s === state).length;
  const done = count("done");
  const notMatched = count("notMatched");
  const failed = count("failed");
  const uncertain = count("uncertain");
  const settled = done + notMatched + failed + uncertain;
  const pending = run.states.filter((state) => PENDING.has(state)).length;
  return {
    leads: run.leads,
    seconds: round(run.seconds),
    leadsPerSecond: round(run.seconds > 0 ? settled / run.seconds : 0),
    drained: run.drained,
    done,
    notMatched,
    failed,
    uncertain,
    pending,
    lost: run.leads - settled - pending,
    requests: run.requests,
    http429: run.http429,
  };
}

/** The slowest browser's leads/s over the fastest's: 1 is perfectly fair. */
export function fairness(leadsPerSecond: readonly number[]): number | null {
  const fastest = Math.max(...leadsPerSecond);
  return leadsPerSecond.length === 0 || fastest <= 0 ? null : round(Math.min(...leadsPerSecond) / fastest, 3);
}

/**
 * The server's figures over the run: counters as the difference of two snapshots; the throughput as the
 * server saw it (leads accepted after the first accepted request, over the time between the first and the
 * last one was counted, against the ceiling), which needs a server that accepted nothing before the run and
 * a run longer than a second.
 */
export function serverFigures(before: ServerStats | null, after: ServerStats | null) {
  if (!after) return null;
  const since = (now: number | undefined, then: number | undefined) =>
    now === undefined ? null : now - (then ?? 0);
  const requests = after.requests - (before?.requests ?? 0);
  const http429 = after.http429 - (before?.http429 ?? 0);
  const writtenTwice = after.writtenTwice
    ? Object.fromEntries(
        Object.entries(after.writtenTwice).map(([method, n]) => [
          method,
          n - (before?.writtenTwice?.[method] ?? 0),
        ]),
      )
    : null;
  const fresh = !before || before.firstCountedAt == null;
  const { leadsAccepted, firstAcceptedLeads = 0, firstCountedAt, lastCountedAt } = after;
  const span = fresh && firstCountedAt != null && lastCountedAt != null ? lastCountedAt - firstCountedAt : 0;
  // Within one second the limit allows a burst of 5 requests: a rate over less says nothing sustained.
  const ceilingRatio =
    span >= MIN_SPAN_MS && leadsAccepted !== undefined
      ? round((leadsAccepted - firstAcceptedLeads) / (span / 1000) / CEILING_LEADS_PER_SECOND, 3)
      : null;
  return {
    requests,
    http429,
    http429Share: requests > 0 ? round(http429 / requests, 3) : null,
    dropped: since(after.dropped, before?.dropped),
    // Chromium sends these again by itself: their repeats are not the engine's.
    droppedOnReusedConnection: since(after.droppedOnReusedConnection, before?.droppedOnReusedConnection),
    leadsAccepted: since(leadsAccepted, before?.leadsAccepted),
    writtenTwice,
    ceilingRatio,
  };
}

export function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}
