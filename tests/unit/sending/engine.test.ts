import { beforeEach, describe, expect, it } from "vitest";
import {
  type CalltouchClient,
  createCalltouchClient,
  type SendResult,
} from "../../../utils/calltouch/client";
import type { Method } from "../../../utils/calltouch/schemas";
import { closeDb, getDb } from "../../../utils/db";
import { MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "../../../utils/sending/backoff";
import { createSendEngine, type EngineSummary } from "../../../utils/sending/engine";
import { BASE_MARGIN_MS, createKvLimiterStore, createRateLimiter } from "../../../utils/sending/limiter";
import { nextMoscowMidnight, QUOTA_RECHECK_MS } from "../../../utils/sending/outcome";
import { createOpQueue } from "../../../utils/sending/queue";
import { DAMAGED_OP_ERROR, emptyCounts, type OpState } from "../../../utils/sending/types";
import {
  addedResult,
  createFakeClient,
  createVirtualClock,
  createVirtualEngine,
  errorAnswer,
  type FakeCall,
  itemFor,
  maxInWindow,
  maxPerSecondBucket,
  newOps,
  okAnswer,
  resetDb,
  type VirtualClock,
} from "./helpers";

/** The window + margin of a worker whose answers take longer than the margin's cap. */
const SPAN = 1000 + BASE_MARGIN_MS;

type Answer = (call: FakeCall, index: number) => SendResult | Promise<SendResult>;

interface SetUpOptions {
  answer?: Answer;
  latencyMs?: number;
  runId?: string;
  idleWaitMs?: number;
  client?: CalltouchClient | null;
  /** How far the wall clock is from the engine's own (set by the user or NTP since the worker started). */
  wallOffsetMs?: number;
}

let clock: VirtualClock;

/** One worker instance: queue, limiter and engine over the shared database, with a fake client. */
function setUpWorker({
  answer,
  latencyMs = 0,
  runId = "worker-1",
  idleWaitMs,
  client,
  wallOffsetMs = 0,
}: SetUpOptions = {}) {
  const queue = createOpQueue({ now: clock.now });
  const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, store: createKvLimiterStore() });
  const fake = createFakeClient(clock, answer, latencyMs);
  const summaries: EngineSummary[] = [];
  const credentials = { client: client === undefined ? (fake as CalltouchClient) : client };
  const engine = createSendEngine({
    queue,
    limiter,
    getClient: async () => credentials.client,
    now: clock.now,
    wallNow: () => clock.now() + wallOffsetMs,
    sleep: clock.sleep,
    random: () => 0.5,
    runId,
    ...(idleWaitMs === undefined ? {} : { idleWaitMs }),
    onChange: (summary) => summaries.push(summary),
  });
  const pump = () => clock.run(engine.pump());
  /** Pumps again whenever the engine asks to be woken, as the background's alarm does. */
  const pumpWithAlarms = async () => {
    let summary = await pump();
    while (summary.nextWakeAt !== null) {
      clock.set(Math.max(clock.now(), summary.nextWakeAt));
      summary = await pump();
    }
    return summary;
  };
  return { queue, limiter, fake, engine, summaries, credentials, pump, pumpWithAlarms };
}

const counts = (partial: Partial<Record<OpState, number>>) => ({ ...emptyCounts(), ...partial });

/** Answers with `failure` for the first `times` requests, then succeeds. */
const failFirst =
  (times: number, failure: () => SendResult): Answer =>
  (call, index) =>
    index < times ? failure() : okAnswer(call.items);

beforeEach(async () => {
  await resetDb();
  clock = createVirtualClock();
});

describe("createSendEngine: sending", () => {
  it("sends 1,000 ops as 10 requests of 100 and marks each done", async () => {
    const worker = setUpWorker();
    await worker.queue.enqueue(newOps(1000));

    const summary = await worker.pump();

    expect(worker.fake.calls.map((c) => c.items.length)).toEqual(Array(10).fill(100));
    expect(summary).toEqual({ counts: counts({ done: 1000 }), paused: null, nextWakeAt: null });
    const ops = await worker.queue.listByJob("job-1");
    expect(ops.every((op) => op.state === "done" && op.attempts === 1 && op.result?.added)).toBe(true);
    // Every op was sent exactly once, in the order it was queued.
    const sentLabels = worker.fake.calls.flatMap((c) => c.items.map((item) => JSON.stringify(item)));
    expect(sentLabels).toEqual(newOps(1000).map((op) => JSON.stringify(op.item)));
  });

  it.each([800, 1100])(
    "never starts more than 5 requests in any window, and keeps the pace while answers take %i ms",
    async (latencyMs) => {
      const worker = setUpWorker({ latencyMs });
      await worker.queue.enqueue(newOps(2000));

      await worker.pump();

      const starts = worker.fake.calls.map((c) => c.at);
      expect(starts).toHaveLength(20);
      expect(maxInWindow(starts, 1000)).toBe(5);
      expect(maxInWindow(starts, SPAN)).toBe(5);
      expect(maxPerSecondBucket(starts)).toBeLessThanOrEqual(5);
      // Paced by departure: as many requests await an answer as the answer time needs.
      expect(worker.fake.maxConcurrent).toBe(Math.ceil(latencyMs / (SPAN / 5)));
      // 20 departures a fifth of a window apart, whatever the latency (a run's first request does not wait
      // for its answer; only a restarted worker's does).
      expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeCloseTo(19 * (SPAN / 5), 0);
    },
  );

  it("caps the requests awaiting an answer, not the writes after it: a slow db does not slow the pace", async () => {
    const queue = createOpQueue({ now: clock.now });
    // Every answer takes 2 s to write down (a db busy with an import being queued).
    const slowQueue = {
      ...queue,
      complete: async (...args: Parameters<typeof queue.complete>) => {
        await clock.sleep(2000);
        return queue.complete(...args);
      },
    };
    const { engine, fake } = createVirtualEngine(clock, slowQueue, { latencyMs: 100 });
    await queue.enqueue(newOps(2000));

    await clock.run(engine.pump());

    const starts = fake.calls.map((c) => c.at);
    expect(starts).toHaveLength(20);
    // 19 gaps of a fifth of 1 s + the 100 ms round trip, as without the slow writes.
    expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeLessThanOrEqual(19 * (SPAN / 5) + 1);
  });

  it.each([
    { step: "complete", what: "writing an answer down" },
    { step: "markDeparted", what: "recording a departure" },
  ] as const)(
    "stops the wave when $what fails: no other request leaves and the pump reports the error",
    async ({ step }) => {
      const queue = createOpQueue({ now: clock.now });
      const broken = {
        ...queue,
        [step]: async () => {
          throw new Error("QuotaExceededError: the disk is full");
        },
      };
      const { engine, fake } = createVirtualEngine(clock, broken, { latencyMs: 100 });
      await queue.enqueue(newOps(1000));

      await expect(clock.run(engine.pump())).rejects.toThrow("the disk is full");

      // Without a record of its departure a request does not leave; after a lost answer nothing more goes.
      expect(fake.calls).toHaveLength(step === "complete" ? 1 : 0);
      // Nothing is lost: a healthy worker sends every lead, each once.
      await closeDb();
      const next = createVirtualEngine(clock, createOpQueue({ now: clock.now }), { runId: "worker-2" });
      clock.set(clock.now() + 60_000);
      await clock.run(next.engine.pump());
      const sent = [...fake.calls, ...next.fake.calls].flatMap((c) =>
        c.items.map((item) => JSON.stringify(item)),
      );
      expect(new Set(sent).size).toBe(1000);
    },
  );

  it("keeps the limit across a worker restart", async () => {
    const first = setUpWorker({ runId: "worker-1" });
    await first.queue.enqueue(newOps(500));
    await first.pump();
    await closeDb();

    const second = setUpWorker({ runId: "worker-2" });
    await second.queue.enqueue(newOps(500, { from: 500 }));
    await second.pump();

    const starts = [...first.fake.calls, ...second.fake.calls].map((c) => c.at);
    expect(maxInWindow(starts, SPAN)).toBe(5);
  });

  it("sends each method in its own requests", async () => {
    const worker = setUpWorker();
    await worker.queue.enqueue([...newOps(150), ...newOps(30, { method: "comment", from: 150 })]);

    await worker.pump();

    expect(worker.fake.calls.map((c) => [c.method, c.items.length])).toEqual([
      ["customFields", 100],
      ["customFields", 50],
      ["comment", 30],
    ]);
  });

  it("reports after each batch, so the badge can follow", async () => {
    const worker = setUpWorker({ latencyMs: 100 });
    await worker.queue.enqueue(newOps(300));

    await worker.pump();

    const done = worker.summaries.map((s) => s.counts.done);
    // One at the start, one or more while batches come back (reports that overlap are merged), one at the end.
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(done[0]).toBe(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(300);
    // While a request is out, the background is asked to keep an alarm as a watchdog.
    expect(worker.summaries.some((s) => s.counts.sending > 0 && s.nextWakeAt !== null)).toBe(true);
  });

  it("joins a pump that is already running instead of sending twice", async () => {
    const worker = setUpWorker({ latencyMs: 100 });
    await worker.queue.enqueue(newOps(1000));

    const a = worker.engine.pump();
    const b = worker.engine.pump();
    await clock.run(Promise.all([a, b]));

    expect(b).toBe(a);
    expect(worker.fake.calls).toHaveLength(10);
  });

  it("sends ops queued while it waits for a retry at once, not after the wait", async () => {
    const worker = setUpWorker();
    const [delayed] = await worker.queue.enqueue(newOps(1));
    await worker.queue.takeBatch({ runId: "setup", now: clock.now() });
    const t0 = clock.now();
    await worker.queue.complete("setup", [{ id: delayed ?? -1, state: "queued", notBefore: t0 + 10_000 }]);

    const pumping = worker.engine.pump();
    while (clock.pending() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    await worker.queue.enqueue(newOps(5, { from: 1 }));
    const joined = worker.engine.pump();
    const summary = await clock.run(pumping);

    expect(joined).toBe(pumping);
    expect(summary.counts).toEqual(counts({ done: 6 }));
    expect(worker.fake.calls.map((c) => [c.items.length, c.at - t0])).toEqual([
      [5, 0],
      [1, 10_000],
    ]);
  });

  it("takes a queued op whose stored record is damaged out of the queue unsent, and sends the rest", async () => {
    const worker = setUpWorker();
    const ids = await worker.queue.enqueue(newOps(6));
    const db = await getDb();
    // Tampered on disk: a method the API does not have, an op without its item, one without its job.
    const [evil, hollow, orphan] = [ids[1] ?? 0, ids[3] ?? 0, ids[4] ?? 0];
    const raw = async (id: number): Promise<Record<string, unknown>> => ({ ...(await db.get("ops", id)) });
    await db.put("ops", { ...(await raw(evil)), method: "evil" } as never);
    const { item: _gone, ...noItem } = await raw(hollow);
    await db.put("ops", noItem as never);
    const { jobId: _lost, ...noJob } = await raw(orphan);
    await db.put("ops", noJob as never);

    const summary = await worker.pump();

    expect(worker.fake.calls.map((c) => c.items.length)).toEqual([3]);
    // Nothing is left counted as queued: the badge and the pages agree with the store.
    expect(summary.counts).toEqual(counts({ done: 3, failed: 3 }));
    for (const id of [evil, hollow, orphan])
      expect(await raw(id)).toMatchObject({ state: "failed", attempts: 0, error: DAMAGED_OP_ERROR });
  });

  it("records the time of the last successful request", async () => {
    const worker = setUpWorker();
    await worker.queue.enqueue(newOps(1));
    await worker.pump();

    expect(await worker.engine.status()).toMatchObject({
      lastSuccessAt: clock.now(),
      lastError: null,
      running: false,
    });
  });
});

describe("createSendEngine: answers per lead", () => {
  it("marks a lead Calltouch did not find notMatched, and one it refused failed with its reason", async () => {
    const notFound = { ...addedResult, matchedType: null, requestInfo: null, added: false };
    const refused = { ...addedResult, added: false, error: "Custom field deal does not exist" };
    const worker = setUpWorker({ answer: () => ({ ok: true, results: [addedResult, notFound, refused] }) });
    const [done, notMatched, failed] = await worker.queue.enqueue(newOps(3));

    await worker.pump();

    expect(await worker.queue.get(done ?? -1)).toMatchObject({ state: "done", result: addedResult });
    expect(await worker.queue.get(notMatched ?? -1)).toMatchObject({ state: "notMatched", result: notFound });
    expect(await worker.queue.get(failed ?? -1)).toMatchObject({
      state: "failed",
      result: refused,
      error: { kind: "rejected", message: "Custom field deal does not exist" },
    });
  });
});

describe("createSendEngine: validation errors", () => {
  it("fails only the lead a violation names, with its message and field, and sends the others again", async () => {
    const violation = {
      fieldPath: "leads[3].matching[0].leadContactParams.phones[0]",
      message: "This value is not a valid phone number.",
    };
    const worker = setUpWorker({
      answer: failFirst(1, () =>
        errorAnswer("validation", "Calltouch rejected the request.", { violations: [violation] }),
      ),
    });
    const ids = await worker.queue.enqueue(newOps(10));

    const summary = await worker.pump();

    expect(summary.counts).toEqual(counts({ done: 9, failed: 1 }));
    expect(await worker.queue.get(ids[3] ?? -1)).toMatchObject({
      state: "failed",
      error: {
        kind: "validation",
        message: "This value is not a valid phone number.",
        fieldPath: "matching[0].leadContactParams.phones[0]",
      },
    });
    expect(worker.fake.calls.map((c) => c.items.length)).toEqual([10, 9]);
    // Refused for a neighbour's sake: that request does not count against the others.
    expect((await worker.queue.get(ids[0] ?? -1))?.attempts).toBe(1);
  });

  it.each([
    { name: "a violation naming no lead", violations: [{ fieldPath: "leads", message: "Too many leads." }] },
    {
      name: "a violation naming a lead beyond the batch",
      violations: [{ fieldPath: "leads[7]", message: "Too many leads." }],
    },
    { name: "no violation at all", violations: [] },
  ])("fails the whole batch on $name, so nothing is silently lost", async ({ violations }) => {
    const worker = setUpWorker({
      answer: () => errorAnswer("validation", "Calltouch rejected the request.", { violations }),
    });
    await worker.queue.enqueue(newOps(4));

    const summary = await worker.pump();

    expect(summary.counts).toEqual(counts({ failed: 4 }));
    const ops = await worker.queue.listByJob("job-1");
    expect(ops.every((op) => op.error?.kind === "validation" && op.error.message.length > 0)).toBe(true);
    expect(worker.fake.calls).toHaveLength(1);
  });

  it("fails a lead the client refuses before sending, with the field path, and sends the rest", async () => {
    const bodies: unknown[] = [];
    const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { leads: unknown[] };
      bodies.push(body);
      const found = {
        matchedType: "request",
        requestInfo: { requestId: 1, requestNumber: "1" },
        isCustomFieldsAdded: true,
      };
      const answer = { meta: [], data: { leads: body.leads.map(() => found) } };
      return new Response(JSON.stringify(answer), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    };
    const client = createCalltouchClient({
      token: "t",
      siteId: "1",
      fetch: fetch as typeof globalThis.fetch,
    });
    const worker = setUpWorker({ client });
    const ops = newOps(5);
    const bad = ops[3];
    if (bad)
      bad.item = {
        ...itemFor("customFields", 3),
        matching: [{ type: "leadContact", leadContactParams: { phones: ["12"] } }],
      };
    const ids = await worker.queue.enqueue(ops);

    const summary = await worker.pump();

    expect(summary.counts).toEqual(counts({ done: 4, failed: 1 }));
    expect(await worker.queue.get(ids[3] ?? -1)).toMatchObject({
      state: "failed",
      error: { kind: "validation", fieldPath: "matching[0].leadContactParams.phones[0]" },
    });
    expect(bodies).toHaveLength(1);
  });
});

describe("createSendEngine: transient failures", () => {
  it.each([
    { times: 1, retryAfterMs: undefined },
    { times: 3, retryAfterMs: 7_000 },
    { times: MAX_ATTEMPTS + 4, retryAfterMs: undefined },
  ])(
    "requeues on $times × HTTP 429 and sends later, never failing early",
    async ({ times, retryAfterMs }) => {
      const worker = setUpWorker({
        answer: failFirst(times, () =>
          errorAnswer(
            "rateLimited",
            "Too many requests.",
            retryAfterMs ? { status: 429, retryAfterMs } : { status: 429 },
          ),
        ),
      });
      await worker.queue.enqueue(newOps(100));

      const summary = await worker.pumpWithAlarms();

      expect(summary.counts).toEqual(counts({ done: 100 }));
      expect(worker.fake.calls).toHaveLength(times + 1);
      const [first, second] = worker.fake.calls.map((c) => c.at);
      // The limiter holds a random part of a window, and never less than the server asked.
      expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(retryAfterMs ?? 1);
      const [op] = await worker.queue.listByJob("job-1");
      // A 429 is not the lead's fault: only the request that went through counts.
      expect(op?.attempts).toBe(1);
    },
  );

  it("waits out a Retry-After longer than a second with every request, not only the refused one", async () => {
    const worker = setUpWorker({
      answer: failFirst(1, () =>
        errorAnswer("rateLimited", "Too many requests.", { status: 429, retryAfterMs: 30_000 }),
      ),
    });
    await worker.queue.enqueue(newOps(300));

    const summary = await worker.pumpWithAlarms();

    expect(summary.counts).toEqual(counts({ done: 300 }));
    const [refused, ...rest] = worker.fake.calls.map((c) => c.at);
    expect(rest).toHaveLength(3);
    for (const at of rest) expect(at - (refused ?? 0)).toBeGreaterThanOrEqual(30_000);
  });

  it("sends again after a 5xx and then succeeds", async () => {
    const worker = setUpWorker({
      answer: failFirst(2, () => errorAnswer("server", "Calltouch answered HTTP 503.", { status: 503 })),
    });
    await worker.queue.enqueue(newOps(100));

    const summary = await worker.pumpWithAlarms();

    expect(summary.counts).toEqual(counts({ done: 100 }));
    const [op] = await worker.queue.listByJob("job-1");
    expect(op).toMatchObject({ state: "done", attempts: 3 });
    expect(op?.error).toBeUndefined();
  });

  it.each([
    { kind: "network" as const, details: {}, attempts: MAX_ATTEMPTS },
    { kind: "server" as const, details: { status: 502 }, attempts: MAX_ATTEMPTS },
    { kind: "badResponse" as const, details: { status: 200 }, attempts: MAX_UNEXPECTED_ANSWER_ATTEMPTS },
    { kind: "server" as const, details: { status: 404 }, attempts: MAX_UNEXPECTED_ANSWER_ATTEMPTS },
  ])(
    "gives up on $kind $details.status after $attempts requests, with the reason",
    async ({ kind, details, attempts }) => {
      const worker = setUpWorker({ answer: () => errorAnswer(kind, `${kind} went wrong`, details) });
      await worker.queue.enqueue(newOps(20));

      const summary = await worker.pumpWithAlarms();

      expect(summary).toEqual({ counts: counts({ failed: 20 }), paused: null, nextWakeAt: null });
      expect(worker.fake.calls).toHaveLength(attempts);
      const [op] = await worker.queue.listByJob("job-1");
      expect(op).toMatchObject({ state: "failed", attempts, error: { kind, message: `${kind} went wrong` } });
      expect((await worker.engine.status()).lastError).toMatchObject({ kind, message: `${kind} went wrong` });
    },
  );

  it("asks to be woken when the next retry is too far to wait for in the worker", async () => {
    const worker = setUpWorker({
      answer: failFirst(1, () => errorAnswer("network", "offline")),
      idleWaitMs: 0,
    });
    await worker.queue.enqueue(newOps(10));

    const summary = await worker.pump();

    expect(summary.counts).toEqual(counts({ queued: 10 }));
    expect(summary.nextWakeAt).toBeGreaterThan(clock.now());
    expect((await worker.queue.listByJob("job-1"))[0]?.error).toMatchObject({ kind: "network" });
  });

  it.each([
    { wallOffsetMs: 3_600_000, what: "set forward an hour" },
    { wallOffsetMs: -3_600_000, what: "set back an hour" },
  ])("asks for its alarm on the wall clock after the wall clock was $what", async ({ wallOffsetMs }) => {
    const worker = setUpWorker({
      answer: failFirst(1, () => errorAnswer("network", "offline")),
      idleWaitMs: 0,
      wallOffsetMs,
    });
    await worker.queue.enqueue(newOps(10));

    const summary = await worker.pump();

    // The retry is due within the backoff's first minute on the engine's clock; the alarm takes wall time.
    const inWallTime = clock.now() + wallOffsetMs;
    expect(summary.nextWakeAt).toBeGreaterThan(inWallTime);
    expect(summary.nextWakeAt).toBeLessThanOrEqual(inWallTime + 60_000);
  });

  it("during an outage sends one request at a time, each after the last one's answer, even with slow answers", async () => {
    const outageEnd = clock.now() + 30_000;
    const worker = setUpWorker({
      latencyMs: 800,
      answer: (call) =>
        call.at < outageEnd
          ? errorAnswer("server", "Calltouch answered HTTP 503.", { status: 503 })
          : okAnswer(call.items),
    });
    await worker.queue.enqueue(newOps(1000));

    const summary = await worker.pumpWithAlarms();

    expect(summary.counts).toEqual(counts({ done: 1000 }));
    const starts = worker.fake.calls.map((c) => c.at);
    // From the first failure's answer to the end of the outage: probes, each alone.
    const probes = starts.filter((t) => t >= (starts[0] ?? 0) + 800 && t < outageEnd);
    expect(probes.length).toBeGreaterThan(2);
    for (const [i, t] of probes.slice(1).entries()) expect(t - (probes[i] ?? 0)).toBeGreaterThanOrEqual(800);
  });

  it("rides out a two-minute outage without failing anything, probing ever more slowly", async () => {
    const outageEnd = clock.now() + 120_000;
    const worker = setUpWorker({
      answer: (call) => (call.at < outageEnd ? errorAnswer("network", "offline") : okAnswer(call.items)),
    });
    await worker.queue.enqueue(newOps(1000));

    const summary = await worker.pumpWithAlarms();

    expect(summary.counts).toEqual(counts({ done: 1000 }));
    const probes = worker.fake.calls.filter((c) => c.at < outageEnd).map((c) => c.at);
    expect(probes.length).toBeLessThanOrEqual(8);
    const gaps = probes.slice(1).map((t, i) => t - (probes[i] ?? 0));
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
  });
});

describe("createSendEngine: pauses", () => {
  it("pauses on an auth error without failing anything, stays paused across a restart, and resumes", async () => {
    const answers = { auth: true };
    const answer: Answer = (call) =>
      answers.auth ? errorAnswer("auth", "Wrong token", { status: 401 }) : okAnswer(call.items);
    const first = setUpWorker({ answer });
    await first.queue.enqueue(newOps(250));

    const summary = await first.pump();

    expect(summary.paused).toMatchObject({ reason: "auth", message: "Wrong token" });
    expect(summary.nextWakeAt).toBeNull();
    expect(summary.counts).toEqual(counts({ queued: 250 }));
    expect(first.fake.calls).toHaveLength(1);

    await closeDb();
    const second = setUpWorker({ answer, runId: "worker-2" });
    expect((await second.engine.status()).paused).toMatchObject({ reason: "auth" });
    expect((await second.engine.status()).lastError).toMatchObject({ kind: "auth", message: "Wrong token" });
    await second.pump();
    expect(second.fake.calls).toHaveLength(0);

    answers.auth = false;
    await second.engine.resume();
    const resumed = await second.pump();

    expect(resumed).toEqual({ counts: counts({ done: 250 }), paused: null, nextWakeAt: null });
    const ops = await second.queue.listByJob("job-1");
    expect(Math.max(...ops.map((op) => op.attempts))).toBe(1);
  });

  it("does not pause again for an auth error to a request sent before the credentials changed", async () => {
    let engine: ReturnType<typeof setUpWorker>["engine"] | undefined;
    const worker = setUpWorker({
      answer: async (call, index) => {
        if (index > 0) return okAnswer(call.items);
        // The user saves new credentials while the first request, with the old ones, is out.
        await engine?.resume();
        return errorAnswer("auth", "Wrong token", { status: 401 });
      },
    });
    engine = worker.engine;
    await worker.queue.enqueue(newOps(10));

    const summary = await worker.pump();

    expect(summary).toEqual({ counts: counts({ done: 10 }), paused: null, nextWakeAt: null });
    expect(worker.fake.calls).toHaveLength(2);
  });

  it("pauses until the next midnight when the daily points are spent, then resumes by itself", async () => {
    const answers = { quota: true };
    const worker = setUpWorker({
      answer: (call) =>
        answers.quota ? errorAnswer("quota", "Points are spent", { status: 402 }) : okAnswer(call.items),
    });
    await worker.queue.enqueue(newOps(100));
    const midnight = nextMoscowMidnight(clock.now());

    const summary = await worker.pump();

    expect(summary.paused).toMatchObject({ reason: "quota", until: midnight });
    expect(summary.nextWakeAt).toBe(midnight);
    expect(summary.counts).toEqual(counts({ queued: 100 }));

    clock.set(midnight - 1);
    await worker.pump();
    expect(worker.fake.calls).toHaveLength(1);

    answers.quota = false;
    clock.set(midnight);
    expect((await worker.pump()).counts).toEqual(counts({ done: 100 }));
  });

  it("after a quota answer to its probe just past midnight, probes again a quarter of an hour later with one request", async () => {
    const answers = { quota: true };
    const worker = setUpWorker({
      answer: (call) =>
        answers.quota ? errorAnswer("quota", "Points are spent", { status: 402 }) : okAnswer(call.items),
    });
    await worker.queue.enqueue(newOps(300));
    const midnight = nextMoscowMidnight(clock.now());
    await worker.pump();

    // The points are not renewed yet at midnight (or this clock runs ahead): one probe, a short pause.
    clock.set(midnight + 5_000);
    const early = await worker.pump();
    expect(worker.fake.calls).toHaveLength(2);
    expect(early.paused).toMatchObject({ reason: "quota", until: midnight + 5_000 + QUOTA_RECHECK_MS });

    answers.quota = false;
    clock.set(midnight + 5_000 + QUOTA_RECHECK_MS);
    expect((await worker.pump()).counts).toEqual(counts({ done: 300 }));
    // The request after each pause went alone: 1 + 1 refused, then 3 that went through.
    expect(worker.fake.calls).toHaveLength(5);
  });

  it.each([
    { paused: true, firstAlone: true },
    { paused: false, firstAlone: false },
  ])(
    "after resume() with a pause lifted: $paused, the first request waits for its answer before the rest: $firstAlone",
    async ({ paused, firstAlone }) => {
      const answers = { auth: paused };
      const worker = setUpWorker({
        latencyMs: 800,
        answer: (call) =>
          answers.auth ? errorAnswer("auth", "Wrong token", { status: 401 }) : okAnswer(call.items),
      });
      await worker.queue.enqueue(newOps(300));
      if (paused) await worker.pump();
      const before = worker.fake.calls.length;
      answers.auth = false;
      await worker.engine.resume();

      await worker.pump();

      const [first, second] = worker.fake.calls.slice(before).map((c) => c.at);
      expect((second ?? 0) - (first ?? 0)).toBe(firstAlone ? 800 : SPAN / 5);
    },
  );

  it("a quota pause also ends on resume()", async () => {
    const answers = { quota: true };
    const worker = setUpWorker({
      answer: (call) => (answers.quota ? errorAnswer("quota", "Points are spent") : okAnswer(call.items)),
    });
    await worker.queue.enqueue(newOps(10));
    await worker.pump();

    answers.quota = false;
    await worker.engine.resume();

    expect((await worker.pump()).counts).toEqual(counts({ done: 10 }));
  });

  it("waits for credentials without touching the ops, and sends once they are saved", async () => {
    const worker = setUpWorker({ client: null });
    await worker.queue.enqueue(newOps(10));

    const summary = await worker.pump();

    expect(summary.paused).toMatchObject({ reason: "noCredentials" });
    expect(summary.counts).toEqual(counts({ queued: 10 }));
    expect((await worker.queue.listByJob("job-1"))[0]?.attempts).toBe(0);

    worker.credentials.client = worker.fake;
    expect((await worker.pump()).counts).toEqual(counts({ done: 10 }));
  });
});

describe("createSendEngine: worker restarts", () => {
  /** A worker whose first request is answered and whose later ones never are; it dies with them in flight. */
  async function dieMidSend(method: Method, total: number) {
    const never = new Promise<SendResult>(() => undefined);
    const dying = setUpWorker({
      answer: (call, index) => (index === 0 ? okAnswer(call.items) : never),
      runId: "worker-1",
    });
    await dying.queue.enqueue(newOps(total, { method }));
    void dying.engine.pump();
    await clock.run(
      (async () => {
        while (dying.fake.calls.length < 5) await clock.sleep(10);
      })(),
    );
    // A dead worker does nothing more: freeze its queue, let what it already started finish, then close.
    const frozen = () => new Promise<never>(() => undefined);
    Object.assign(dying.queue, { takeBatch: frozen, markDeparted: frozen, complete: frozen });
    await clock.run(clock.sleep(50));
    await closeDb();
    // The fake worker goes on in this test's clock, as a dead one would not: only what it sent so far counts.
    return { ...dying, sentBeforeDeath: dying.fake.calls.slice() };
  }

  it("loses nothing when the worker dies mid-send: cut-off custom fields are sent again", async () => {
    const dying = await dieMidSend("customFields", 1000);

    const restarted = setUpWorker({ runId: "worker-2" });
    const summary = await restarted.pump();

    expect(summary.counts).toEqual(counts({ done: 1000 }));
    const resent = new Set(restarted.fake.calls.flatMap((c) => c.items.map((item) => JSON.stringify(item))));
    for (const call of dying.sentBeforeDeath.slice(1)) {
      for (const item of call.items) expect(resent.has(JSON.stringify(item))).toBe(true);
    }
    // The restarted worker knew the dead one's departures: the server never sees a sixth in a second.
    const starts = [...dying.sentBeforeDeath, ...restarted.fake.calls].map((c) => c.at);
    expect(maxInWindow(starts, 1000)).toBe(5);
  });

  it("never resends a comment whose request was in flight when the worker died: it is uncertain", async () => {
    const dying = await dieMidSend("comment", 1000);
    const inFlight = dying.sentBeforeDeath
      .slice(1)
      .flatMap((c) => c.items.map((item) => JSON.stringify(item)));

    const restarted = setUpWorker({ runId: "worker-2" });
    const summary = await restarted.pump();

    expect(summary.counts).toEqual(counts({ done: 1000 - inFlight.length, uncertain: inFlight.length }));
    const resent = restarted.fake.calls.flatMap((c) => c.items.map((item) => JSON.stringify(item)));
    expect(resent.filter((item) => inFlight.includes(item))).toEqual([]);
    const uncertain = (await restarted.queue.listByJob("job-1")).filter((op) => op.state === "uncertain");
    expect(uncertain.map((op) => JSON.stringify(op.item)).sort()).toEqual([...inFlight].sort());
    expect(uncertain[0]?.error?.kind).toBe("unknownOutcome");
  });
});

describe("createSendEngine: exactly once where it matters", () => {
  it("flags comments whose request got no answer as uncertain and never resends them; custom fields are retried", async () => {
    const worker = setUpWorker({ answer: failFirst(2, () => errorAnswer("network", "Failed to fetch")) });
    await worker.queue.enqueue(newOps(100, { method: "comment" }));
    await worker.queue.enqueue(newOps(100, { method: "customFields", jobId: "fields", from: 100 }));

    const summary = await worker.pumpWithAlarms();

    expect(summary.counts).toEqual(counts({ uncertain: 100, done: 100 }));
    const commentCalls = worker.fake.calls.filter((c) => c.method === "comment");
    expect(commentCalls).toHaveLength(1);
    const [op] = await worker.queue.listByJob("job-1");
    expect(op).toMatchObject({ state: "uncertain", attempts: 1, error: { kind: "unknownOutcome" } });
  });

  it("pauses the queue with Calltouch's reason when every lead of a request is refused for it", async () => {
    const refused = { ...addedResult, added: false, error: 'Custom field "lead_qualty" not found' };
    const worker = setUpWorker({ answer: (call) => ({ ok: true, results: call.items.map(() => refused) }) });
    await worker.queue.enqueue(newOps(1000));

    const summary = await worker.pump();

    // One request spent, not ten: the rest waits for the user to fix the field and resume.
    expect(worker.fake.calls).toHaveLength(1);
    expect(summary.paused).toMatchObject({ reason: "refused", message: refused.error });
    expect(summary.counts).toEqual(counts({ failed: 100, queued: 900 }));
    await worker.engine.resume();
    expect((await worker.pump()).paused).toMatchObject({ reason: "refused" });
    expect(worker.fake.calls).toHaveLength(2);
  });
});

describe("the hold the pages show", () => {
  it.each([
    { kind: "server" as const, details: { status: 503 } },
    { kind: "network" as const, details: {} },
    { kind: "rateLimited" as const, details: { status: 429, retryAfterMs: 60_000 } },
  ])("reports a hold after $kind until it passes", async ({ kind, details }) => {
    const worker = setUpWorker({
      answer: failFirst(1, () => errorAnswer(kind, "down", details)),
      idleWaitMs: 0,
    });
    await worker.queue.enqueue(newOps(5));
    expect((await worker.engine.status()).hold).toBeNull();

    await worker.pump();

    const { hold } = await worker.engine.status();
    expect(hold).toMatchObject({ kind });
    expect(hold?.until).toBeGreaterThan(clock.now());
    clock.set((hold?.until ?? 0) + 1);
    expect((await worker.engine.status()).hold).toBeNull();
  });

  it("reports no hold after a 429 without Retry-After: the limiter's short wait is its own", async () => {
    const worker = setUpWorker({
      answer: failFirst(1, () => errorAnswer("rateLimited", "Too many requests.", { status: 429 })),
      idleWaitMs: 0,
    });
    await worker.queue.enqueue(newOps(5));
    await worker.pump();
    expect((await worker.engine.status()).hold).toBeNull();
  });
});
