import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Method } from "../../../utils/calltouch/schemas";
import { closeDb, getDb } from "../../../utils/db";
import { monotonicNow } from "../../../utils/sending/clock";
import { createOpQueue, type OpQueue } from "../../../utils/sending/queue";
import { DAMAGED_OP_ERROR, emptyCounts } from "../../../utils/sending/types";
import { addedResult, itemFor, newOps, START } from "./helpers";
import { setUpQueue } from "./queue-fixture";

const notFoundResult = { ...addedResult, matchedType: null, requestInfo: null, added: false };

describe("createOpQueue", () => {
  const { clock, queue, drain, countedByHand } = setUpQueue();

  describe("counts", () => {
    it("stay equal to the ops' real states through every change, also after a restart", async () => {
      await queue.counts();
      await queue.enqueue(newOps(250));
      const [first, second] = await drain();
      await queue.complete("run-1", [
        ...(first ?? [])
          .slice(0, 60)
          .map((op) => ({ id: op.id, state: "done" as const, result: addedResult })),
        ...(first ?? []).slice(60).map((op) => ({
          id: op.id,
          state: "failed" as const,
          error: { kind: "rejected" as const, message: "no" },
        })),
        ...(second ?? [])
          .slice(0, 10)
          .map((op) => ({ id: op.id, state: "notMatched" as const, result: notFoundResult })),
      ]);
      expect(await queue.counts()).toEqual(await countedByHand());

      await queue.retry("allFailed");
      await queue.recoverStale("run-2");
      await queue.enqueue(newOps(5, { from: 250 }));
      expect(await queue.counts()).toEqual(await countedByHand());

      await closeDb();
      expect(await createOpQueue().counts()).toEqual({
        queued: 185,
        sending: 0,
        done: 60,
        notMatched: 10,
        failed: 0,
        uncertain: 0,
        held: 0,
        cancelled: 0,
      });
    });
  });

  describe("jobs", () => {
    const zero = emptyCounts();

    it("counts one job's ops by state, apart from other jobs", async () => {
      await queue.enqueue(newOps(150, { jobId: "import" }));
      await queue.enqueue(newOps(20, { jobId: "popup", from: 150 }));
      const [batch] = await drain();
      await queue.complete(
        "run-1",
        (batch ?? []).slice(0, 30).map((op) => ({ id: op.id, state: "done" as const, result: addedResult })),
      );
      expect(await queue.jobProgress("import")).toEqual({
        jobId: "import",
        total: 150,
        counts: { ...zero, sending: 120, done: 30 },
        paused: false,
      });
      expect((await queue.jobProgress("popup")).counts).toEqual({ ...zero, sending: 20 });
    });

    it("holds a paused job's ops, sends the others, and queues them again on resume", async () => {
      await queue.enqueue(newOps(50, { jobId: "import" }));
      await queue.enqueue(newOps(5, { jobId: "popup", from: 50 }));
      expect((await queue.pauseJob("import")).counts).toEqual({ ...zero, held: 50 });
      const batches = await drain();
      expect(batches.flat().map((op) => op.jobId)).toEqual(Array(5).fill("popup"));

      const resumed = await queue.resumeJob("import");
      expect(resumed).toMatchObject({ paused: false, counts: { ...zero, queued: 50 } });
      expect((await drain("run-2")).flat()).toHaveLength(50);
    });

    it.each([
      ["holds", "paused", (q: OpQueue) => q.pauseJob("import"), { held: 10 }],
      ["cancels", "cancelled", (q: OpQueue) => q.cancelJob("import"), { cancelled: 10 }],
    ] as const)(
      "%s an op of a %s job that comes back to the queue after a failed request",
      async (_verb, _stopped, stop, left) => {
        await queue.enqueue(newOps(10, { jobId: "import" }));
        const [batch] = await drain();
        await stop(queue);
        await queue.complete(
          "run-1",
          (batch ?? []).map((op) => ({ id: op.id, state: "queued" as const, notBefore: clock.time })),
        );
        expect(await drain("run-2")).toEqual([]);
        expect((await queue.jobProgress("import")).counts).toEqual({ ...zero, ...left });
      },
    );

    it("cancels what is not sent yet and lets the requests under way finish", async () => {
      await queue.enqueue(newOps(150, { jobId: "import" }));
      const first = await queue.takeBatch({ runId: "run-1", now: clock.time });
      const cancelled = await queue.cancelJob("import");
      expect(cancelled.counts).toEqual({ ...zero, sending: 100, cancelled: 50 });
      await queue.complete(
        "run-1",
        first.map((op) => ({ id: op.id, state: "done" as const, result: addedResult })),
      );
      expect((await queue.jobProgress("import")).counts).toEqual({ ...zero, done: 100, cancelled: 50 });
      expect(await drain("run-2")).toEqual([]);
      expect(await queue.retry("allFailed")).toBe(0);
    });

    it("lists a job's ops in order, a page at a time", async () => {
      await queue.enqueue(newOps(5, { jobId: "other" }));
      const ids = await queue.enqueue(newOps(25, { jobId: "import", from: 5 }));
      const first = await queue.listJob("import", { limit: 10 });
      const second = await queue.listJob("import", { afterId: first.next, limit: 10 });
      const third = await queue.listJob("import", { afterId: second.next, limit: 10 });
      expect([...first.items, ...second.items, ...third.items].map((op) => op.id)).toEqual(ids);
      expect(third.next).toBeUndefined();
    });
  });

  describe("enqueue and takeBatch", () => {
    it("a new worker sends at once an op whose retry time lies further ahead than any hold (timed before the clock was set back)", async () => {
      const [stale, fresh] = await queue.enqueue(newOps(2));
      const db = await getDb();
      const write = async (id: number | undefined, notBefore: number) => {
        const op = await db.get("ops", id ?? -1);
        if (op) await db.put("ops", { ...op, notBefore });
      };
      // An hour ahead: more than twice the longest Retry-After; 10 minutes ahead: a real hold.
      await write(stale, clock.time + 60 * 60_000);
      await write(fresh, clock.time + 10 * 60_000);
      await queue.recoverStale("run-1");
      expect(await queue.nextWakeAt()).toBe(clock.time);
      const batch = await queue.takeBatch({ runId: "run-1" });
      expect(batch.map((op) => op.id)).toEqual([stale]);
      expect(await queue.nextWakeAt()).toBe(clock.time + 10 * 60_000);
    });

    it("after the wall clock was set forward, new ops are due at once and still dated by the wall clock", async () => {
      // Ten minutes: within any real hold, so only the clock they are stamped on makes them due.
      const offsetMs = 10 * 60_000;
      // The queue as the worker makes it (its default clocks); the engine asks with its own, monotonic one.
      const wall = vi
        .spyOn(Date, "now")
        .mockImplementation(() => performance.timeOrigin + performance.now() + offsetMs);
      try {
        const workerQueue = createOpQueue();
        const [id] = await workerQueue.enqueue(newOps(3));
        const stored = await workerQueue.get(id ?? -1);
        // What the history shows and filters by is the time on the wall clock the user sees.
        expect(Math.abs((stored?.createdAt ?? 0) - Date.now())).toBeLessThan(1000);
        expect(await workerQueue.takeBatch({ runId: "run-1", now: monotonicNow() })).toHaveLength(3);
      } finally {
        wall.mockRestore();
      }
    });

    it("stores new ops as queued, due now, with no attempts", async () => {
      const ids = await queue.enqueue(newOps(3));
      expect(ids).toHaveLength(3);
      const op = await queue.get(ids[0] ?? -1);
      expect(op).toMatchObject({
        state: "queued",
        attempts: 0,
        notBefore: START,
        label: "lead-0",
        jobId: "job-1",
      });
      expect(await queue.counts()).toEqual({
        queued: 3,
        sending: 0,
        done: 0,
        notMatched: 0,
        failed: 0,
        uncertain: 0,
        held: 0,
        cancelled: 0,
      });
    });

    it("packs 250 ops of three methods into batches of at most 100 ops of one method", async () => {
      const methods: [Method, number][] = [
        ["customFields", 130],
        ["comment", 70],
        ["tags", 50],
      ];
      let from = 0;
      for (const [method, count] of methods) {
        await queue.enqueue(newOps(count, { method, from, jobId: method }));
        from += count;
      }

      const batches = await drain();

      for (const batch of batches) {
        expect(batch.length).toBeLessThanOrEqual(100);
        expect(new Set(batch.map((op) => op.method)).size).toBe(1);
      }
      expect(batches.map((b) => [b[0]?.method, b.length])).toEqual([
        ["customFields", 100],
        ["customFields", 30],
        ["comment", 70],
        ["tags", 50],
      ]);
      const ids = batches.flat().map((op) => op.id);
      expect(new Set(ids).size).toBe(250);
    });

    it("mixes jobs of one method in a request, oldest first", async () => {
      await queue.enqueue(newOps(60, { jobId: "a" }));
      await queue.enqueue(newOps(60, { jobId: "b", from: 60 }));
      const [first] = await drain();
      expect(first?.length).toBe(100);
      expect(first?.map((op) => op.label)).toEqual(Array.from({ length: 100 }, (_, i) => `lead-${i}`));
    });

    it("marks taken ops sending for the run; an attempt counts only once a request carried them", async () => {
      await queue.enqueue(newOps(2));
      const batch = await queue.takeBatch({ runId: "run-7", now: clock.time });
      expect(batch.map((op) => [op.state, op.runId, op.attempts])).toEqual([
        ["sending", "run-7", 0],
        ["sending", "run-7", 0],
      ]);
      expect(await queue.get(batch[0]?.id ?? -1)).toMatchObject({ state: "sending", runId: "run-7" });
      expect((await queue.counts()).sending).toBe(2);
    });

    it("sends ops that write the same field to the same lead one at a time, oldest first", async () => {
      const stage = (value: string, field = "deal") => ({
        jobId: "popup",
        source: "popup" as const,
        method: "customFields" as const,
        item: { ...itemFor("customFields", 1), addCustomFields: { customFields: [{ field, value }] } },
        label: value,
      });
      const [older, newer, otherField] = await queue.enqueue([
        stage("v1"),
        stage("v2"),
        stage("x", "product"),
      ]);
      const first = await queue.takeBatch({ runId: "r", now: clock.time });
      expect(first.map((op) => op.id)).toEqual([older, otherField]);
      // The older value fails and waits for its retry: the newer one waits behind it, not in front.
      await queue.complete("r", [{ id: older ?? -1, state: "queued", notBefore: clock.time + 5_000 }]);
      expect(await queue.takeBatch({ runId: "r", now: clock.time + 1_000 })).toEqual([]);
      expect((await queue.takeBatch({ runId: "r", now: clock.time + 5_000 })).map((op) => op.id)).toEqual([
        older,
      ]);
      await queue.complete("r", [{ id: older ?? -1, state: "done" }]);
      expect((await queue.takeBatch({ runId: "r", now: clock.time + 5_000 })).map((op) => op.id)).toEqual([
        newer,
      ]);
    });

    it("honours notBefore and reports the next wake-up", async () => {
      const [id] = await queue.enqueue(newOps(1));
      const [taken] = await queue.takeBatch({ runId: "r", now: clock.time });
      await queue.complete("r", [{ id: taken?.id ?? -1, state: "queued", notBefore: START + 5_000 }]);

      expect(await queue.nextWakeAt()).toBe(START + 5_000);
      expect(await queue.takeBatch({ runId: "r", now: START + 4_999 })).toEqual([]);
      expect((await queue.takeBatch({ runId: "r", now: START + 5_000 })).map((op) => op.id)).toEqual([id]);
      expect(await queue.nextWakeAt()).toBeNull();
    });

    it("gives a small batch when asked", async () => {
      await queue.enqueue(newOps(10));
      expect(await queue.takeBatch({ runId: "r", now: clock.time, max: 4 })).toHaveLength(4);
    });

    it("resolves enqueue only once the ops can be read by a fresh connection", async () => {
      await queue.enqueue(newOps(5));
      await closeDb();
      expect((await createOpQueue().counts()).queued).toBe(5);
    });
  });

  describe("recoverStale", () => {
    it("puts ops of a dead run back, and leaves the live run's ops alone", async () => {
      await queue.enqueue(newOps(150));
      const dead = await queue.takeBatch({ runId: "dead", now: clock.time });
      const live = await queue.takeBatch({ runId: "live", now: clock.time });

      expect(await queue.recoverStale("live")).toBe(dead.length);

      expect(await queue.counts()).toMatchObject({ queued: 100, sending: live.length });
      const recovered = await queue.get(dead[0]?.id ?? -1);
      // Its request never left: nothing was counted.
      expect(recovered).toMatchObject({ state: "queued", attempts: 0 });
      expect(recovered?.runId).toBeUndefined();
      expect(recovered?.unknownOutcome).toBeUndefined();
      // Recovered ops are sent again before anything newer.
      expect((await queue.takeBatch({ runId: "live", now: clock.time }))[0]?.id).toBe(dead[0]?.id);
    });

    it.each([
      ["comment", "uncertain"],
      ["tags", "uncertain"],
      ["customFields", "queued"],
    ] as const)("a %s whose request left before the worker died becomes %s", async (method, state) => {
      await queue.enqueue(newOps(3, { method }));
      const [left, ...waiting] = await queue.takeBatch({ runId: "dead", now: clock.time, max: 3 });
      await queue.markDeparted("dead", [left?.id ?? -1], clock.time);

      expect(await queue.recoverStale("next")).toBe(3);

      expect(await queue.get(left?.id ?? -1)).toMatchObject({ state, attempts: 1, unknownOutcome: true });
      for (const op of waiting)
        expect(await queue.get(op.id)).toMatchObject({ state: "queued", attempts: 0 });
      expect((await queue.counts())[state]).toBe(state === "queued" ? 3 : 1);
    });

    it("fails a dead run's op whose stored record is damaged, and recovers the rest", async () => {
      // Kept counters from here on: the counts below are the tallies', not a count of the ops.
      await queue.counts();
      await queue.enqueue(newOps(3, { method: "comment" }));
      const [evil, hollow, fine] = await queue.takeBatch({ runId: "dead", now: clock.time, max: 3 });
      await queue.markDeparted("dead", [evil?.id ?? -1, hollow?.id ?? -1, fine?.id ?? -1], clock.time);
      const db = await getDb();
      const raw = async (id: number): Promise<Record<string, unknown>> => ({ ...(await db.get("ops", id)) });
      // Tampered on disk while the request was out: a method the API does not have, an op without its item.
      await db.put("ops", { ...(await raw(evil?.id ?? -1)), method: "evil" } as never);
      const { item: _gone, ...noItem } = await raw(hollow?.id ?? -1);
      await db.put("ops", noItem as never);

      expect(await queue.recoverStale("next")).toBe(3);

      for (const op of [evil, hollow])
        expect(await raw(op?.id ?? -1)).toMatchObject({ state: "failed", error: DAMAGED_OP_ERROR });
      expect(await queue.get(fine?.id ?? -1)).toMatchObject({ state: "uncertain", unknownOutcome: true });
      // Nothing is left counted as sending: the badge and the pages agree with the store.
      expect(await queue.counts()).toMatchObject({ queued: 0, sending: 0, failed: 2, uncertain: 1 });
    });

    it("takes every op of a dead run as having left when a departure record cannot be read", async () => {
      await queue.enqueue(newOps(2, { method: "comment" }));
      const [left, waiting] = await queue.takeBatch({ runId: "dead", now: clock.time, max: 2 });
      const key = await queue.markDeparted("dead", [left?.id ?? -1], clock.time);
      const db = await getDb();
      await db.put("departures", { runId: "dead", ids: "tampered" } as never, key);

      await queue.recoverStale("next");

      // Either may have been written: neither is sent again by itself.
      for (const op of [left, waiting])
        expect(await queue.get(op?.id ?? -1)).toMatchObject({ state: "uncertain", unknownOutcome: true });
    });

    it("forgets a departure once its answer is written", async () => {
      await queue.enqueue(newOps(1, { method: "comment" }));
      const [op] = await queue.takeBatch({ runId: "r", now: clock.time });
      const departure = await queue.markDeparted("r", [op?.id ?? -1], clock.time);
      await queue.complete(
        "r",
        [{ id: op?.id ?? -1, state: "failed", attempts: 1, error: { kind: "rejected", message: "no" } }],
        departure,
      );
      await queue.retry([op?.id ?? -1]);
      await queue.takeBatch({ runId: "r", now: clock.time });
      // The same op taken again by a run that then dies without a request leaving: no stale departure.
      await queue.recoverStale("next");
      expect(await queue.get(op?.id ?? -1)).toMatchObject({ state: "queued" });
    });
  });

  describe("complete", () => {
    it("writes results and states of a batch", async () => {
      await queue.enqueue(newOps(3));
      const [a, b, c] = await queue.takeBatch({ runId: "r", now: clock.time });
      clock.time += 1_000;
      const written = await queue.complete("r", [
        { id: a?.id ?? -1, state: "done", result: addedResult },
        { id: b?.id ?? -1, state: "notMatched", result: notFoundResult },
        { id: c?.id ?? -1, state: "failed", error: { kind: "network", message: "offline" } },
      ]);

      expect(written).toBe(3);
      expect(await queue.get(a?.id ?? -1)).toMatchObject({
        state: "done",
        result: addedResult,
        updatedAt: clock.time,
      });
      expect(await queue.get(b?.id ?? -1)).toMatchObject({ state: "notMatched" });
      expect(await queue.get(c?.id ?? -1)).toMatchObject({ state: "failed", error: { kind: "network" } });
      expect((await queue.get(a?.id ?? -1))?.runId).toBeUndefined();
    });

    it("ignores the answer of a run whose ops were taken over", async () => {
      await queue.enqueue(newOps(1));
      const [op] = await queue.takeBatch({ runId: "old", now: clock.time });
      await queue.recoverStale("new");
      await queue.takeBatch({ runId: "new", now: clock.time });

      expect(
        await queue.complete("old", [
          { id: op?.id ?? -1, state: "failed", error: { kind: "auth", message: "x" } },
        ]),
      ).toBe(0);
      expect(await queue.get(op?.id ?? -1)).toMatchObject({ state: "sending", runId: "new" });
    });

    it("keeps the last error on an op waiting for a retry, and clears it once done", async () => {
      await queue.enqueue(newOps(1));
      const [op] = await queue.takeBatch({ runId: "r", now: clock.time });
      const id = op?.id ?? -1;
      await queue.complete("r", [{ id, state: "queued", error: { kind: "server", message: "HTTP 503" } }]);
      expect(await queue.get(id)).toMatchObject({ state: "queued", error: { message: "HTTP 503" } });

      await queue.takeBatch({ runId: "r", now: clock.time });
      await queue.complete("r", [{ id, state: "done", result: addedResult }]);
      expect((await queue.get(id))?.error).toBeUndefined();
    });
  });

  describe("retry", () => {
    async function settleAll(states: ("failed" | "notMatched" | "done")[]) {
      await queue.enqueue(newOps(states.length));
      const batch = await queue.takeBatch({ runId: "r", now: clock.time });
      await queue.complete(
        "r",
        batch.map((op, i) => ({
          id: op.id,
          state: states[i] ?? "done",
          result: states[i] === "notMatched" ? notFoundResult : addedResult,
          ...(states[i] === "failed" ? { error: { kind: "rejected" as const, message: "no field" } } : {}),
        })),
      );
      return batch.map((op) => op.id);
    }

    it.each([
      { target: "allFailed" as const, retried: 2, left: { failed: 0, notMatched: 1, done: 1 } },
      { target: "allNotMatched" as const, retried: 1, left: { failed: 2, notMatched: 0, done: 1 } },
    ])("$target requeues only those", async ({ target, retried, left }) => {
      await settleAll(["failed", "notMatched", "failed", "done"]);
      expect(await queue.retry(target)).toBe(retried);
      expect(await queue.counts()).toMatchObject({ ...left, queued: retried });
    });

    it("requeues chosen ids with attempts reset and error cleared, keeping the result; never a done op", async () => {
      const [failedId = -1, notMatchedId = -1, doneId = -1] = await settleAll([
        "failed",
        "notMatched",
        "done",
      ]);
      clock.time += 60_000;

      expect(await queue.retry([failedId, notMatchedId, doneId, 999_999])).toBe(2);

      const failed = await queue.get(failedId);
      expect(failed).toMatchObject({
        state: "queued",
        attempts: 0,
        notBefore: clock.time,
        result: addedResult,
      });
      expect(failed?.error).toBeUndefined();
      expect(await queue.get(notMatchedId)).toMatchObject({ state: "queued", result: notFoundResult });
      expect(await queue.get(doneId)).toMatchObject({ state: "done" });
    });
  });

  describe("reading the history", () => {
    beforeEach(async () => {
      await queue.enqueue(newOps(5, { jobId: "a" }));
      await queue.enqueue(newOps(4, { jobId: "b", from: 5 }));
    });

    it("lists a job's ops", async () => {
      expect((await queue.listByJob("b")).map((op) => op.label)).toEqual([
        "lead-5",
        "lead-6",
        "lead-7",
        "lead-8",
      ]);
      expect(await queue.listByJob("none")).toEqual([]);
    });

    it("pages newest first with a cursor", async () => {
      const first = await queue.page({ limit: 4 });
      const second = await queue.page({ limit: 4, before: first.next });
      const third = await queue.page({ limit: 4, before: second.next });

      const labels = [first, second, third].flatMap((p) => p.items.map((op) => op.label));
      expect(labels).toEqual(Array.from({ length: 9 }, (_, i) => `lead-${8 - i}`));
      expect(third.next).toBeUndefined();
    });

    it("pages by offset", async () => {
      const page = await queue.page({ limit: 2, offset: 3 });
      expect(page.items.map((op) => op.label)).toEqual(["lead-5", "lead-4"]);
    });

    it("pages one state, newest first, with a cursor", async () => {
      const batch = await queue.takeBatch({ runId: "r", now: clock.time, max: 6 });
      await queue.complete(
        "r",
        batch.map((op) => ({ id: op.id, state: "done", result: addedResult })),
      );

      const first = await queue.page({ limit: 4, state: "done" });
      const second = await queue.page({ limit: 4, state: "done", before: first.next });
      const queued = await queue.page({ limit: 10, state: "queued" });

      expect(first.items.map((op) => op.label)).toEqual(["lead-5", "lead-4", "lead-3", "lead-2"]);
      expect(second.items.map((op) => op.label)).toEqual(["lead-1", "lead-0"]);
      expect(second.next).toBeUndefined();
      expect(queued.items.map((op) => op.label)).toEqual(["lead-8", "lead-7", "lead-6"]);
    });
  });
});
