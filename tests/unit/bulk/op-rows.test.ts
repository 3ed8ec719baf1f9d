import { describe, expect, it } from "vitest";
import { appendRuns, countRunOps, lastRunOp, type OpRun, rowOfOp } from "../../../utils/bulk/op-rows";

describe("op runs", () => {
  it.each<[string, number[], number[], OpRun[]]>([
    ["one message, consecutive rows", [11, 12, 13], [0, 1, 2], [[11, 0, 3]]],
    [
      "a row left out",
      [11, 12, 13],
      [0, 1, 3],
      [
        [11, 0, 2],
        [13, 3, 1],
      ],
    ],
    [
      "ids not consecutive",
      [11, 12, 20],
      [0, 1, 2],
      [
        [11, 0, 2],
        [20, 2, 1],
      ],
    ],
    ["nothing", [], [], []],
  ])("%s", (_, ids, rows, runs) => {
    expect(appendRuns([], ids, rows)).toEqual(runs);
  });

  it("extends the last run across messages, and starts another for a second method", () => {
    let runs = appendRuns([], [1, 2], [0, 1]);
    runs = appendRuns(runs, [3, 4], [2, 3]);
    runs = appendRuns(runs, [5, 6], [1, 3]);
    expect(runs).toEqual([
      [1, 0, 4],
      [5, 1, 1],
      [6, 3, 1],
    ]);
    const row = rowOfOp(runs);
    expect([1, 2, 3, 4, 5, 6, 7, 0].map(row)).toEqual([0, 1, 2, 3, 1, 3, undefined, undefined]);
    expect(countRunOps(runs)).toBe(6);
    expect(lastRunOp(runs)).toBe(6);
    expect(lastRunOp([])).toBeUndefined();
  });

  it("does not change the runs it is given", () => {
    const runs: OpRun[] = [[1, 0, 1]];
    appendRuns(runs, [2], [1]);
    expect(runs).toEqual([[1, 0, 1]]);
  });

  it("stays small for 10,000 rows with a few left out", () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 1000 !== 999);
    const runs = appendRuns(
      [],
      rows.map((_, k) => 100 + k),
      rows,
    );
    expect(runs).toHaveLength(10);
    const row = rowOfOp(runs);
    expect(rows.every((r, k) => row(100 + k) === r)).toBe(true);
  });

  it("refuses ids without rows", () => {
    expect(() => appendRuns([], [1, 2], [0])).toThrow();
  });
});
