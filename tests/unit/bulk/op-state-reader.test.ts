import { describe, expect, it } from "vitest";
import {
  createOpStateReader,
  type ListJobOps,
  RUNNING_PAGE,
  RUNNING_WINDOW,
} from "../../../utils/bulk/op-state-reader";
import type { OpState } from "../../../utils/sending/types";

/**
 * A job of `count` ops (ids 1..count), all queued, listed as `listJobOps` does; `calls` records each page.
 * Ids in `damaged` are listed as unreadable, never as items.
 */
function fakeJob(count: number) {
  const states: OpState[] = Array.from({ length: count }, () => "queued");
  const damaged = new Set<number>();
  const calls: { afterId?: number; limit: number }[] = [];
  let gate: Promise<void> | null = null;
  const list: ListJobOps = async ({ afterId = 0, limit }) => {
    calls.push({ afterId, limit });
    await gate;
    const page = states.slice(afterId, afterId + limit).map((state, k) => ({ id: afterId + k + 1, state }));
    const items = page.filter(({ id }) => !damaged.has(id));
    const unreadable = page.filter(({ id }) => damaged.has(id)).map(({ id }) => id);
    const last = page.at(-1);
    return afterId + limit < count && last ? { items, next: last.id, unreadable } : { items, unreadable };
  };
  return {
    states,
    damaged,
    calls,
    list,
    /** Ops `from`..`to` (ids) settle as `state`. */
    settle(from: number, to: number, state: OpState = "done") {
      for (let id = from; id <= to; id++) states[id - 1] = state;
    },
    final: () => states.filter((s) => !["queued", "sending", "held"].includes(s)).length,
    /** Holds every page until the returned function is called. */
    hold() {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}

const pagesRead = (calls: unknown[]) => calls.length;

describe("createOpStateReader", () => {
  it("reads, while the import runs, the ops settled since the last refresh and one page past them", async () => {
    const job = fakeJob(10_000);
    const reader = createOpStateReader(job.list);
    await reader.refresh(0, false);
    // Nothing settled: one page, not the thousands queued behind it.
    expect(job.calls).toEqual([{ afterId: 0, limit: RUNNING_PAGE }]);

    job.settle(1, 300);
    job.calls.length = 0;
    await reader.refresh(job.final(), false);
    expect(pagesRead(job.calls)).toBe(3);
    expect(reader.stateOf(300)).toBe("done");

    // The next refresh starts after the last op settled in a row.
    job.settle(301, 500, "notMatched");
    job.calls.length = 0;
    await reader.refresh(job.final(), false);
    expect(job.calls[0]?.afterId).toBe(300);
    expect(pagesRead(job.calls)).toBe(2);
    expect(reader.stateOf(500)).toBe("notMatched");
    expect(reader.stateOf(501)).toBe("queued");
  });

  it("reads on past queued pages to an op settled out of order, while the counts say one is not read", async () => {
    const job = fakeJob(10_000);
    const reader = createOpStateReader(job.list);
    job.settle(1, 100);
    job.settle(1_900, 1_950, "failed");
    await reader.refresh(job.final(), false);
    expect(reader.stateOf(1_950)).toBe("failed");
    expect(pagesRead(job.calls)).toBe(Math.ceil(1_950 / RUNNING_PAGE) + 1);
  });

  it("reads no further than the window while running, and a finished import to its end", async () => {
    const job = fakeJob(10_000);
    const reader = createOpStateReader(job.list);
    job.settle(9_000, 9_000);
    await reader.refresh(1, false);
    expect(pagesRead(job.calls)).toBe(RUNNING_WINDOW / RUNNING_PAGE);
    expect(reader.stateOf(9_000)).toBeUndefined();
    job.settle(1, 10_000);
    expect(await reader.refresh(10_000, true)).toBe(true);
    expect(reader.stateOf(10_000)).toBe("done");
  });

  it("reads on while pages hold final ops when it holds out-of-date final states (ops sent again)", async () => {
    const job = fakeJob(5_000);
    const reader = createOpStateReader(job.list);
    // One op still in flight keeps the next refresh's start at 400; 500-510 came back uncertain.
    job.settle(1, 1_000);
    job.settle(400, 400, "sending");
    job.settle(500, 510, "uncertain");
    await reader.refresh(job.final(), false);
    // Sent again, and as many other ops settled by the next answer: the counts did not change.
    const before = job.final();
    job.settle(500, 510, "queued");
    job.settle(1_001, 1_011);
    expect(job.final()).toBe(before);
    await reader.refresh(job.final(), false);
    expect(reader.stateOf(500)).toBe("queued");
    expect(reader.stateOf(1_011)).toBe("done");
  });

  it("counts an op whose record could not be read as failed, and starts the next refresh past it", async () => {
    const job = fakeJob(1_000);
    const reader = createOpStateReader(job.list);
    // Settled up to the damaged op, queued after it: the next refresh starts right after the damaged one.
    job.settle(1, 149);
    job.damaged.add(150);
    await reader.refresh(job.final() + 1, false);
    expect(reader.stateOf(150)).toBe("failed");
    expect(reader.stateOf(151)).toBe("queued");
    job.calls.length = 0;
    job.settle(151, 160);
    await reader.refresh(job.final() + 1, false);
    expect(job.calls[0]?.afterId).toBe(150);
    expect(reader.stateOf(160)).toBe("done");
  });

  it("reads one refresh at a time and folds those asked for meanwhile into one more, never dropped", async () => {
    const job = fakeJob(1_000);
    const reader = createOpStateReader(job.list);
    const open = job.hold();
    const first = reader.refresh(0, false);
    job.settle(1, 100);
    const second = reader.refresh(100, false);
    job.settle(101, 1_000);
    const third = reader.refresh(1_000, true);
    expect(job.calls).toHaveLength(1);
    open();
    expect(await first).toBe(false);
    // The second and third are answered by one refresh with the latest figures.
    expect(await Promise.all([second, third])).toEqual([true, true]);
    expect(reader.reads).toBe(2);
    expect(reader.stateOf(1_000)).toBe("done");
  });

  it("reads nothing more once closed", async () => {
    const job = fakeJob(1_000);
    const reader = createOpStateReader(job.list);
    const open = job.hold();
    const pending = reader.refresh(0, true);
    reader.close();
    open();
    expect(await pending).toBe(false);
    expect(job.calls).toHaveLength(1);
    expect(reader.stateOf(1)).toBeUndefined();
    expect(await reader.refresh(0, true)).toBe(false);
  });
});
