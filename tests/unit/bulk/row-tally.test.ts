import { describe, expect, it } from "vitest";
import type { OpRun } from "../../../utils/bulk/op-rows";
import { emptyTally, rowsLeftSeconds, tallyRows } from "../../../utils/bulk/row-tally";
import { FinalOpStateSchema, isFinal, OP_STATES, type OpState } from "../../../utils/sending/types";

// Rows 0-3 have a custom-field op (ids 1-4); rows 0 and 2 have a tags op too (ids 5, 6).
const RUNS: OpRun[] = [
  [1, 0, 4],
  [5, 0, 1],
  [6, 2, 1],
];
const states = (list: Record<number, OpState>) => (id: number) => list[id];

describe("tallyRows", () => {
  it.each<[string, Record<number, OpState>, boolean, Partial<ReturnType<typeof tallyRows>>]>([
    ["nothing read yet", {}, false, { rows: 4, settled: 0, updated: 0 }],
    [
      "a row waits for its last op",
      { 1: "done", 2: "done", 3: "done", 4: "done", 5: "queued" },
      false,
      { settled: 2, updated: 2 },
    ],
    [
      "a paused job's held ops keep their rows waiting",
      { 1: "done", 2: "held", 3: "held", 4: "done", 5: "done", 6: "held" },
      false,
      { settled: 2, updated: 2 },
    ],
    [
      "the worst op names the row",
      { 1: "done", 2: "notMatched", 3: "done", 4: "done", 5: "failed", 6: "uncertain" },
      false,
      { settled: 4, updated: 1, notFound: 1, failed: 1, uncertain: 1 },
    ],
    [
      "ops the history no longer holds",
      { 2: "done", 4: "done" },
      true,
      { settled: 4, updated: 2, forgotten: 2 },
    ],
  ])("%s", (_, list, finished, expected) => {
    expect(tallyRows(RUNS, 4, states(list), finished)).toMatchObject(expected);
  });

  it("counts rows never queued of a finished (cancelled) import as cancelled", () => {
    expect(tallyRows([[1, 0, 2]], 5, states({ 1: "done", 2: "cancelled" }), true)).toMatchObject({
      rows: 5,
      settled: 5,
      updated: 1,
      cancelled: 4,
    });
  });
});

describe("rowsLeftSeconds", () => {
  it("tells the time left for the rows not settled yet at a rate, or nothing without a rate", () => {
    const rows = { ...emptyTally(10_000), settled: 9_500 };
    expect(rowsLeftSeconds(rows, 100)).toBe(5);
    expect(rowsLeftSeconds(rows, null)).toBeNull();
  });
});

describe("isFinal", () => {
  it("is true exactly for the states FinalOpStateSchema names", () => {
    for (const state of OP_STATES)
      expect(isFinal({ state }), state).toBe(FinalOpStateSchema.safeParse(state).success);
    expect(OP_STATES.filter((state) => !isFinal({ state }))).toEqual(["queued", "sending", "held"]);
  });
});
