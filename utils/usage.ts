/**
 * Counts what the extension sends: requests, leads and 429s, in total and per day. Calltouch spends
 * API points per request, so these counts tell the user what their work costs.
 */
import type { CalltouchClient } from "./calltouch/client";
import { getDb } from "./db";

export interface UsageCounters {
  requests: number;
  leads: number;
  /** Requests answered HTTP 429. */
  rateLimited: number;
}

export interface Usage {
  totals: UsageCounters;
  /** Per local day, `yyyy-mm-dd` → counters. */
  days: Record<string, UsageCounters>;
}

const KEY = "usage";
const DAYS_KEPT = 60;
const zero = (): UsageCounters => ({ requests: 0, leads: 0, rateLimited: 0 });

/** The local calendar day of `time`, as `yyyy-mm-dd`. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Reads the counters (zeros before the first request). */
export async function readUsage(): Promise<Usage> {
  const stored = (await (await getDb()).get("kv", KEY)) as Usage | undefined;
  return stored ?? { totals: zero(), days: {} };
}

/** Adds one request's figures to the counters, in one transaction. */
export async function recordRequest(leads: number, rateLimited: boolean, now = Date.now()): Promise<void> {
  const db = await getDb();
  const tx = db.transaction("kv", "readwrite");
  const usage = ((await tx.store.get(KEY)) as Usage | undefined) ?? { totals: zero(), days: {} };
  const day = dayKey(now);
  const today = usage.days[day] ?? zero();
  for (const counters of [usage.totals, today]) {
    counters.requests += 1;
    counters.leads += leads;
    counters.rateLimited += rateLimited ? 1 : 0;
  }
  usage.days[day] = today;
  for (const old of Object.keys(usage.days).sort().slice(0, -DAYS_KEPT)) delete usage.days[old];
  await tx.store.put(usage, KEY);
  await tx.done;
}

/** Wraps a client so that every request that reached the server is counted. */
export function withUsageCounting(client: CalltouchClient): CalltouchClient {
  return {
    prepare: client.prepare,
    async post(request) {
      const result = await client.post(request);
      if (result.ok || result.error.kind !== "network") {
        // Not awaited: the answer goes back to the rate limiter at once. A count lost to a failed write
        // costs no lead, so the failure is dropped.
        recordRequest(request.count, !result.ok && result.error.kind === "rateLimited").catch(
          () => undefined,
        );
      }
      return result;
    },
  };
}
