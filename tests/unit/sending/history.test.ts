import { describe, expect, it, vi } from "vitest";
import { usageReport } from "../../../utils/background/service";
import { getDb } from "../../../utils/db";
import { type HistoryQuery, toHistoryRow } from "../../../utils/sending/history";
import type { NewOp, OpRecord } from "../../../utils/sending/types";
import { addedResult, itemFor, newOps, START } from "./helpers";
import { setUpQueue } from "./queue-fixture";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Finished = "done" | "notMatched" | "failed";

describe("history", () => {
  const { clock, queue, drain, allOps, countedByHand } = setUpQueue();

  /** Queues `ops` and settles them as `states` say (one state per op, in order). */
  async function settle(ops: NewOp[], states: Finished[]) {
    await queue.enqueue(ops);
    for (const batch of await drain("r")) {
      await queue.complete(
        "r",
        batch.map((op) => {
          const state = states[ops.findIndex((o) => o.label === op.label)] ?? "done";
          return {
            id: op.id,
            state,
            attempts: op.attempts + 1,
            result:
              state === "notMatched" ? { ...addedResult, requestInfo: null, added: false } : addedResult,
            ...(state === "failed" ? { error: { kind: "rejected" as const, message: "bad field" } } : {}),
          };
        }),
      );
    }
  }

  /** Every match of `query`, following `next` through partial pages; also how many calls it took. */
  async function searchAll(query: Omit<HistoryQuery, "before">) {
    const items: OpRecord[] = [];
    let calls = 0;
    let before: number | undefined;
    do {
      const page = await queue.search({ ...query, before });
      calls++;
      expect(page.items.length).toBeLessThanOrEqual(query.limit);
      items.push(...page.items);
      before = page.next;
    } while (before !== undefined);
    return { items, calls };
  }

  const STATES: Finished[] = ["done", "failed", "notMatched", "done", "failed"];
  const mixed = (count: number, from = 0) =>
    settle(
      newOps(count, { from }),
      Array.from({ length: count }, (_, i) => STATES[(from + i) % STATES.length] ?? "done"),
    );

  /** Ops the retention policy may delete: delivered ones. */
  const DELIVERED: Finished[] = ["done", "notMatched", "done"];
  const delivered = (count: number, from = 0) =>
    settle(
      newOps(count, { from }),
      Array.from({ length: count }, (_, i) => DELIVERED[(from + i) % DELIVERED.length] ?? "done"),
    );

  describe("search", () => {
    it("pages the whole history newest first with the cursor, each op once", async () => {
      await mixed(23);
      const { items } = await searchAll({ limit: 5 });
      expect(items.map((op) => op.label)).toEqual(Array.from({ length: 23 }, (_, i) => `lead-${22 - i}`));
    });

    it("says there is no next page when the last page is exactly full", async () => {
      await mixed(10);
      const page = await queue.search({ limit: 10 });
      expect(page.items).toHaveLength(10);
      expect(page.next).toBeUndefined();
    });

    it.each(["failed", "notMatched", "done"] as const)(
      "filters by state %s through the index",
      async (state) => {
        await mixed(40);
        const { items } = await searchAll({ limit: 3, state });
        const expected = (await allOps()).filter((op) => op.state === state).map((op) => op.id);
        expect(items.map((op) => op.id)).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      },
    );

    it("filters by the time ops were created: from inclusive, to exclusive", async () => {
      for (let day = 0; day < 10; day++) {
        clock.time = START + day * DAY;
        await queue.enqueue(newOps(3, { from: day * 3 }));
      }
      const { items } = await searchAll({ limit: 4, from: START + 2 * DAY, to: START + 5 * DAY });
      expect(items.map((op) => op.label)).toEqual([
        "lead-14",
        "lead-13",
        "lead-12",
        "lead-11",
        "lead-10",
        "lead-9",
        "lead-8",
        "lead-7",
        "lead-6",
      ]);
      expect((await queue.search({ limit: 10, to: START })).items).toEqual([]);
      expect((await queue.search({ limit: 100, from: START + 10 * DAY })).items).toEqual([]);
      expect((await queue.search({ limit: 100, to: START + 100 * DAY })).items).toHaveLength(30);
    });

    it("combines state, dates and cursor", async () => {
      for (let day = 0; day < 6; day++) {
        clock.time = START + day * DAY;
        await mixed(5, day * 5);
      }
      const query = { state: "failed" as const, from: START + DAY, to: START + 4 * DAY };
      const { items } = await searchAll({ limit: 2, ...query });
      const expected = (await allOps()).filter(
        (op) => op.state === "failed" && op.createdAt >= query.from && op.createdAt < query.to,
      );
      expect(items.map((op) => op.id)).toEqual(expected.map((op) => op.id));
      expect(expected).toHaveLength(6);
    });

    const labelled = (labels: string[]): NewOp[] =>
      labels.map((label, i) => ({ ...newOps(1, { from: i })[0], label }) as NewOp);

    it.each([
      ["Ivan@Example.ru", ["ivan@example.ru, +7 915 000-00-01"]],
      ["IVAN", ["ivan@example.ru, +7 915 000-00-01"]],
      ["8 (915) 000-00-02", []],
      ["915 000-00-02", ["+7 (915) 000-00-02"]],
      ["79150000002", ["+7 (915) 000-00-02"]],
      ["000-00-0", ["+7 (915) 000-00-02", "ivan@example.ru, +7 915 000-00-01"]],
      ["lead-0", []],
    ])("text %j matches %j", async (text, expected) => {
      await queue.enqueue(
        labelled(["ivan@example.ru, +7 915 000-00-01", "+7 (915) 000-00-02", "anna@x.org"]),
      );
      const { items } = await searchAll({ limit: 10, text });
      expect(items.map((op) => op.label)).toEqual(expected);
    });

    it("finds an op by the call or request ID Calltouch matched, or the ID it was matched by", async () => {
      await settle(newOps(2), ["done", "done"]);
      await queue.enqueue([
        {
          jobId: "j",
          source: "test",
          method: "tags",
          label: "call",
          item: {
            matching: [{ type: "call", callParams: { callId: 4242 } }],
            addTags: { tags: [{ tag: "x" }] },
          },
        },
      ]);
      expect((await queue.search({ limit: 10, text: "1257513" })).items).toHaveLength(2);
      expect((await queue.search({ limit: 10, text: "4242" })).items.map((op) => op.label)).toEqual(["call"]);
    });

    it("stops at its scan limit and says where to go on, so one call stays short", async () => {
      await queue.enqueue(newOps(25));
      const first = await queue.search({ limit: 5, text: "lead-3", scanLimit: 10 });
      expect(first).toMatchObject({ items: [], partial: true, scanned: 10 });
      expect(first.next).toBe(16);
      const { items, calls } = await searchAll({ limit: 5, text: "lead-3", scanLimit: 10 });
      expect(items.map((op) => op.label)).toEqual(["lead-3"]);
      expect(calls).toBe(3);
      const full = await queue.search({ limit: 2, text: "lead-2", scanLimit: 10 });
      expect(full).toMatchObject({ next: 24, scanned: 2 });
      expect(full.partial).toBeUndefined();
    });

    it("reads no further than the page needs", async () => {
      await queue.enqueue(newOps(50));
      expect((await queue.search({ limit: 5 })).scanned).toBe(5);
      expect(
        (await queue.search({ limit: 5, state: "queued", before: 10 })).items.map((op) => op.id),
      ).toEqual([9, 8, 7, 6, 5]);
    });
  });

  describe("a damaged record", () => {
    /** Five ops, the third written over in the database as a bad migration or another tool might. */
    async function withDamagedThird() {
      await mixed(5);
      const db = await getDb();
      const third = await db.get("ops", 3);
      // The cast is the point: the record no longer fits its type.
      await db.put("ops", { ...third, item: { matching: "79157771122" } } as unknown as OpRecord);
    }

    it("is left out of every read, with the reason logged, and the rest still comes", async () => {
      await withDamagedThird();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        const labels = ["lead-4", "lead-3", "lead-1", "lead-0"];
        const found = await queue.search({ limit: 10 });
        expect(found.items.map((op) => op.label)).toEqual(labels);
        // Counted, so that the history page can say one entry was left out.
        expect(found).toMatchObject({ scanned: 5, unreadable: 1 });
        const page = await queue.page({ limit: 10 });
        expect(page.items.map((op) => op.label)).toEqual(labels);
        // Named, so that a bulk result file can mark its row.
        expect(page.unreadable).toEqual([3]);
        expect((await queue.listJob("job-1", { limit: 10 })).unreadable).toEqual([3]);
        expect((await queue.listByJob("job-1")).map((op) => op.label)).toEqual([...labels].reverse());
        expect(await queue.get(3)).toBeUndefined();
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('"ops/3"'), expect.anything());
      } finally {
        warn.mockRestore();
      }
    });

    it("does not stop paging: the page after it starts below it", async () => {
      await withDamagedThird();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      try {
        const first = await queue.search({ limit: 2 });
        expect(first.items.map((op) => op.label)).toEqual(["lead-4", "lead-3"]);
        const second = await queue.search({ limit: 2, before: first.next });
        expect(second.items.map((op) => op.label)).toEqual(["lead-1", "lead-0"]);
        const page = await queue.page({ limit: 3 });
        expect(page.items.map((op) => op.label)).toEqual(["lead-4", "lead-3", "lead-1"]);
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe("prune", () => {
    /** 30 finished ops (ids 1–30), 5 queued (31–35), 5 sending (36–40), each batch a minute apart. */
    async function history() {
      await delivered(30);
      clock.time += MINUTE;
      await queue.enqueue(newOps(5, { from: 30, jobId: "waiting" }));
      clock.time += MINUTE;
      await queue.enqueue(newOps(5, { from: 35, jobId: "in-flight" }));
      const sending = await queue.takeBatch({ runId: "live", now: clock.time, max: 100 });
      // The queued ops were taken too; put them back so that both states are present.
      await queue.complete(
        "live",
        sending.filter((op) => op.jobId === "waiting").map((op) => ({ id: op.id, state: "queued" as const })),
      );
    }

    async function expectCountersTrue() {
      expect(await queue.counts()).toEqual(await countedByHand());
      for (const jobId of ["job-1", "waiting", "in-flight"]) {
        const progress = await queue.jobProgress(jobId);
        expect(progress.counts, jobId).toEqual(await countedByHand(jobId));
      }
    }

    it.each([1000, 7])(
      "by count deletes the oldest finished ops, in transactions of %i",
      async (batchSize) => {
        await history();
        await queue.counts();
        await queue.jobProgress("job-1");
        expect(await queue.prune({ maxCount: 25, maxAgeMs: 365 * DAY, now: clock.time, batchSize })).toBe(15);
        const left = await allOps();
        expect(left).toHaveLength(25);
        expect(Math.min(...left.map((op) => op.id))).toBe(16);
        await expectCountersTrue();
      },
    );

    it("never deletes queued or sending ops, even when they alone exceed the count", async () => {
      await history();
      expect(await queue.prune({ maxCount: 1, maxAgeMs: 0, now: clock.time + DAY, batchSize: 4 })).toBe(30);
      const left = await allOps();
      expect(left.map((op) => op.state).sort()).toEqual([
        ...Array(5).fill("queued"),
        ...Array(5).fill("sending"),
      ]);
      await expectCountersTrue();
    });

    it.each([1000, 3])(
      "by age deletes finished ops not changed since the cut-off (batches of %i)",
      async (batchSize) => {
        await delivered(10);
        clock.time += 10 * DAY;
        await delivered(6, 10);
        clock.time += DAY;
        // An old op retried today is young again.
        await queue.retry([2]);
        await queue.counts();
        expect(await queue.prune({ maxCount: 100_000, maxAgeMs: 5 * DAY, now: clock.time, batchSize })).toBe(
          9,
        );
        const left = await allOps();
        expect(left.map((op) => op.id).sort((a, b) => a - b)).toEqual([2, 11, 12, 13, 14, 15, 16]);
        expect(left.find((op) => op.id === 2)?.state).toBe("queued");
        await expectCountersTrue();
      },
    );

    it("keeps counting right when the counters were never stored", async () => {
      await history();
      expect(await queue.prune({ maxCount: 35, maxAgeMs: 365 * DAY, now: clock.time })).toBe(5);
      await expectCountersTrue();
      expect(await queue.counts()).toMatchObject({ queued: 5, sending: 5 });
    });

    it("never deletes a failed or uncertain op: the user still has to act on it", async () => {
      await settle(newOps(6), ["failed", "failed", "done", "done", "notMatched", "done"]);
      const [first] = await queue.takeBatch({ runId: "x", now: clock.time, max: 0 });
      expect(first).toBeUndefined();
      await queue.enqueue(newOps(2, { from: 6, method: "comment" }));
      const comments = await queue.takeBatch({ runId: "dead", now: clock.time, max: 100 });
      await queue.markDeparted(
        "dead",
        comments.map((op) => op.id),
        clock.time,
      );
      await queue.recoverStale("alive");
      clock.time += 30 * DAY;
      expect(await queue.prune({ maxCount: 0, maxAgeMs: DAY, now: clock.time, batchSize: 3 })).toBe(4);
      expect((await allOps()).map((op) => op.state).sort()).toEqual([
        "failed",
        "failed",
        "uncertain",
        "uncertain",
      ]);
      await expectCountersTrue();
    });

    it("deletes nothing within the limits", async () => {
      await history();
      expect(await queue.prune({ maxCount: 100_000, maxAgeMs: 365 * DAY, now: clock.time })).toBe(0);
      expect(await allOps()).toHaveLength(40);
    });
  });

  describe("rows", () => {
    it("shows what was sent, what Calltouch found and why an op failed", async () => {
      await settle(
        [
          { ...newOps(1)[0], label: "a" } as NewOp,
          { jobId: "j", source: "menu", method: "tags", item: itemFor("tags", 1), label: "b" },
          { jobId: "j", source: "bulk", method: "comment", item: itemFor("comment", 2), label: "c" },
        ],
        ["done", "notMatched", "failed"],
      );
      const rows = (await allOps()).map(toHistoryRow);
      expect(
        rows.map(({ label, sent, state, requestId, error }) => ({ label, sent, state, requestId, error })),
      ).toEqual([
        { label: "c", sent: "Lead 2", state: "failed", requestId: "1257513", error: "bad field" },
        { label: "b", sent: "vip", state: "notMatched", requestId: null, error: null },
        { label: "a", sent: "deal=D-0", state: "done", requestId: "1257513", error: null },
      ]);
      expect(rows[2]).toMatchObject({
        method: "customFields",
        matchedType: "leadContact",
        callId: null,
        attempts: 1,
      });
    });
  });
});

describe("toHistoryRow", () => {
  const op = (over: Partial<OpRecord>): OpRecord => ({
    id: 7,
    jobId: "j",
    source: "popup",
    method: "customFields",
    item: itemFor("customFields", 1),
    state: "done",
    attempts: 1,
    notBefore: START + 60_000,
    createdAt: START,
    updatedAt: START,
    label: "+7 915",
    ...over,
  });
  const long = "x".repeat(300);

  it.each<[string, Partial<OpRecord>, Partial<ReturnType<typeof toHistoryRow>>]>([
    [
      "custom fields as name/value pairs, in the order sent",
      {
        item: {
          matching: [],
          addCustomFields: {
            customFields: [
              { field: "deal", value: "D-1; stage=won" },
              { field: "budget", value: 1250.5 },
            ],
          },
        },
      },
      {
        fields: [
          { name: "deal", value: "D-1; stage=won" },
          { name: "budget", value: "1250.5" },
        ],
        sent: "deal=D-1; stage=won; budget=1250.5",
      },
    ],
    [
      "a value shortened to 200 characters",
      { item: { matching: [], addCustomFields: { customFields: [{ field: "deal", value: long }] } } },
      { fields: [{ name: "deal", value: `${"x".repeat(199)}…` }] },
    ],
    ["no fields for tags", { method: "tags", item: itemFor("tags", 1) }, { fields: [], sent: "vip" }],
    [
      "no fields for a comment",
      { method: "comment", item: itemFor("comment", 2) },
      { fields: [], sent: "Lead 2" },
    ],
    [
      "a validation error with its field path",
      {
        state: "failed",
        error: {
          kind: "validation",
          message: "Value too long",
          fieldPath: "addCustomFields.customFields[0].value",
          violations: [{ fieldPath: "addCustomFields.customFields[0].value", message: "Value too long" }],
        },
      },
      {
        failure: {
          kind: "validation",
          fieldPath: "addCustomFields.customFields[0].value",
          message: "Value too long",
        },
        error: "Value too long",
        notBefore: null,
      },
    ],
    [
      "an error without a field path",
      { state: "uncertain", error: { kind: "unknownOutcome", message: "Failed to fetch" } },
      { failure: { kind: "unknownOutcome", fieldPath: null, message: "Failed to fetch" } },
    ],
    [
      "what Calltouch said of a lead it kept, as text only",
      { result: { ...addedResult, added: false, error: "kept" } },
      { failure: null, error: "kept" },
    ],
    [
      "a queued retry's attempts and when it goes",
      { state: "queued", attempts: 2, error: { kind: "server", message: "HTTP 502" } },
      {
        attempts: 2,
        notBefore: START + 60_000,
        failure: { kind: "server", fieldPath: null, message: "HTTP 502" },
      },
    ],
    ["no next try once settled", { state: "done" }, { notBefore: null, failure: null, error: null }],
  ])("%s", (_, over, expected) => {
    expect(toHistoryRow(op(over))).toMatchObject(expected);
  });
});

describe("usageReport", () => {
  it("lists the last 30 local days, today first, with zeros for quiet days", () => {
    const now = new Date(2025, 2, 31, 10, 0).getTime();
    const busy = { requests: 3, leads: 250, rateLimited: 1 };
    const report = usageReport(
      {
        totals: { requests: 9, leads: 800, rateLimited: 1 },
        days: { "2025-03-31": busy, "2025-03-02": busy },
      },
      now,
    );
    expect(report.today).toEqual(busy);
    expect(report.days).toHaveLength(30);
    expect(report.days[0]).toEqual({ day: "2025-03-31", counters: busy });
    expect(report.days[29]).toEqual({ day: "2025-03-02", counters: busy });
    expect(report.days[1]?.counters).toEqual({ requests: 0, leads: 0, rateLimited: 0 });
    expect(report.totals.leads).toBe(800);
  });
});
