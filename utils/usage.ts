/**
 * Counts what the extension sends: requests, leads and 429s, in total and per day. Calltouch spends
 * API points per request, so these counts tell the user what their work costs.
 */
import { z } from "zod";
import type { CalltouchClient } from "./calltouch/client";
import { getDb } from "./db";
import { parseStored } from "./parse-stored";

const count = z.number().int().nonnegative();

const UsageCountersSchema = z.object({
  requests: count,
  leads: count,
  /** Requests answered HTTP 429. */
  rateLimited: count,
});
export type UsageCounters = z.infer<typeof UsageCountersSchema>;

/** The counters as stored in the db's `kv` under `usage`. */
const UsageSchema = z.object({
  totals: UsageCountersSchema,
  /** Per local day, `yyyy-mm-dd` → counters. */
  days: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), UsageCountersSchema),
});
export type Usage = z.infer<typeof UsageSchema>;

const KEY = "usage";
const DAYS_KEPT = 60;
const zero = (): UsageCounters => ({ requests: 0, leads: 0, rateLimited: 0 });

/** The local calendar day of `time`, as `yyyy-mm-dd`. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const empty = (): Usage => ({ totals: zero(), days: {} });

/** The stored counters: zeros before the first request, or when the stored value is unreadable (logged). */
function usageOf(stored: unknown): Usage {
  return stored === undefined ? empty() : (parseStored(UsageSchema, stored, `kv:${KEY}`) ?? empty());
}

/** Reads the counters (zeros before the first request). */
export async function readUsage(): Promise<Usage> {
  return usageOf(await (await getDb()).get("kv", KEY));
}

/** Adds one request's figures to the counters, in one transaction. */
export async function recordRequest(leads: number, rateLimited: boolean, now = Date.now()): Promise<void> {
  const db = await getDb();
  const tx = db.transaction("kv", "readwrite");
  const usage = usageOf(await tx.store.get(KEY));
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
