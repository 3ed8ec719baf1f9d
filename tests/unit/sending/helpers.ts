/** Test doubles for the send engine: a virtual clock, a scripted Calltouch client, ops and db reset. */
import { type CalltouchClient, type SendResult, validateBody } from "../../../utils/calltouch/client";
import { CalltouchError, type CalltouchErrorKind } from "../../../utils/calltouch/errors";
import { type LeadItem, type LeadResult, METHODS, type Method } from "../../../utils/calltouch/schemas";
import { closeDb, DB_NAME } from "../../../utils/db";
import { createSendEngine } from "../../../utils/sending/engine";
import { createKvLimiterStore, createRateLimiter } from "../../../utils/sending/limiter";
import type { OpQueue } from "../../../utils/sending/queue";
import type { NewOp } from "../../../utils/sending/types";

/** Monday 2 June 2025, 09:00 local time: far from midnight, so quota tests are stable. */
export const START = new Date(2025, 5, 2, 9, 0, 0).getTime();

export interface VirtualClock {
  now(): number;
  /** Resolves when `run` has moved the clock `ms` further. */
  sleep(ms: number): Promise<void>;
  set(t: number): void;
  /** Sleeps that have not ended yet. */
  pending(): number;
  /** Awaits `promise`, moving the clock to the next sleeper whenever the code under test is waiting. */
  run<T>(promise: Promise<T>): Promise<T>;
}

/**
 * A clock that only moves when the code under test is blocked on its sleeps. fake-indexeddb does its work
 * in `setImmediate` tasks; `run` counts those, so time never jumps while a transaction is under way.
 */
export function createVirtualClock(start = START): VirtualClock {
  let time = start;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];

  return {
    now: () => time,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        timers.push({ at: time + Math.max(0, ms), seq: seq++, resolve });
      }),
    set(t) {
      time = t;
    },
    pending: () => timers.length,
    async run(promise) {
      let settled = false;
      const mark = () => {
        settled = true;
      };
      promise.then(mark, mark);
      const io = trackImmediates();
      try {
        while (!settled) {
          await io.idle();
          if (settled) break;
          timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
          const next = timers.shift();
          if (!next) throw new Error("Stuck: the code under test waits for something other than the clock.");
          time = Math.max(time, next.at);
          next.resolve();
        }
      } finally {
        io.restore();
      }
      return promise;
    },
  };
}

/** Wraps `setImmediate` to know when no task is pending: every promise chain is then blocked. */
function trackImmediates() {
  const original = globalThis.setImmediate;
  let pending = 0;
  const tracked = (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    pending++;
    return original(() => {
      pending--;
      callback(...args);
    });
  };
  globalThis.setImmediate = tracked as typeof setImmediate;
  const tick = () => new Promise<void>((resolve) => original(resolve));
  return {
    async idle() {
      do await tick();
      while (pending > 0);
    },
    restore() {
      globalThis.setImmediate = original;
    },
  };
}

/** Deletes the database after closing this context's connection: each test starts empty. */
export async function resetDb(): Promise<void> {
  await closeDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

const matching = (i: number) => [
  { type: "leadContact" as const, leadContactParams: { phones: [`7915${String(i).padStart(7, "0")}`] } },
];

/** A valid item of `method` for lead number `i`. */
export function itemFor(method: Method, i: number): LeadItem {
  switch (method) {
    case "customFields":
      return {
        matching: matching(i),
        addCustomFields: { customFields: [{ field: "deal", value: `D-${i}` }] },
      };
    case "tags":
      return { matching: matching(i), addTags: { tags: [{ tag: "vip" }] } };
    case "comment":
      return { matching: matching(i), addComment: `Lead ${i}` };
  }
}

/** `count` new ops of one method and job, labelled `lead-<n>` from `from`. */
export function newOps(
  count: number,
  {
    method = "customFields",
    jobId = "job-1",
    from = 0,
  }: { method?: Method; jobId?: string; from?: number } = {},
): NewOp[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { jobId, source: "test", method, item: itemFor(method, i), label: `lead-${i}` };
  });
}

export const addedResult: LeadResult = {
  matchedType: "leadContact",
  callInfo: null,
  requestInfo: { requestId: "1257513", requestNumber: "1257513" },
  added: true,
  error: null,
};

/** A successful answer: every item found and updated. */
export const okAnswer = (items: readonly LeadItem[]): SendResult => ({
  ok: true,
  results: items.map(() => addedResult),
});

/** A failed answer of `kind`. */
export const errorAnswer = (
  kind: CalltouchErrorKind,
  message = `${kind} failure`,
  details = {},
): SendResult => ({
  ok: false,
  error: new CalltouchError(kind, message, details),
});

export interface FakeCall {
  method: Method;
  items: readonly LeadItem[];
  /** When the request started, on the virtual clock. */
  at: number;
}

export interface FakeClient extends CalltouchClient {
  calls: FakeCall[];
  /** Most requests awaiting an answer at the same time. */
  maxConcurrent: number;
}

/** A client that records each request and answers with `answer` after `latencyMs` of virtual time. */
export function createFakeClient(
  clock: VirtualClock,
  answer: (call: FakeCall, index: number) => SendResult | Promise<SendResult> = (call) =>
    okAnswer(call.items),
  latencyMs = 0,
): FakeClient {
  let open = 0;
  const client: FakeClient = {
    calls: [],
    maxConcurrent: 0,
    prepare(method, items) {
      const invalid = validateBody(method, { [METHODS[method].listKey]: items });
      if (invalid) return { ok: false, error: invalid };
      return { ok: true, request: { method, body: JSON.stringify(items), count: items.length } };
    },
    async post(request) {
      const call = { method: request.method, items: JSON.parse(request.body) as LeadItem[], at: clock.now() };
      const index = client.calls.push(call) - 1;
      open++;
      client.maxConcurrent = Math.max(client.maxConcurrent, open);
      try {
        if (latencyMs > 0) await clock.sleep(latencyMs);
        return await answer(call, index);
      } finally {
        open--;
      }
    },
  };
  return client;
}

/** The largest number of `times` within any half-open window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** The largest number of `times` within one fixed 1-second bucket, as a server counting per second sees it. */
export function maxPerSecondBucket(times: readonly number[]): number {
  const buckets = new Map<number, number>();
  for (const t of times) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...buckets.values());
}

/**
 * An engine over `queue` on the virtual clock: a fake client answering after `latencyMs`, a limiter whose
 * state lives in the db's kv, random holds at their middle.
 */
export function createVirtualEngine(
  clock: VirtualClock,
  queue: OpQueue,
  { latencyMs = 0, runId }: { latencyMs?: number; runId?: string } = {},
) {
  const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, store: createKvLimiterStore() });
  const fake = createFakeClient(clock, undefined, latencyMs);
  const engine = createSendEngine({
    queue,
    limiter,
    getClient: async () => fake,
    now: clock.now,
    wallNow: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...(runId === undefined ? {} : { runId }),
  });
  return { engine, fake, limiter };
}
