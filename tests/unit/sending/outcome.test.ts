import { describe, expect, it } from "vitest";
import { CalltouchError } from "../../../utils/calltouch/errors";
import { MAX_ATTEMPTS } from "../../../utils/sending/backoff";
import { nextLocalMidnight, planUpdates, splitViolations } from "../../../utils/sending/outcome";
import type { OpRecord } from "../../../utils/sending/types";
import { addedResult, itemFor, START } from "./helpers";

const op = (id: number, attempts = 1): OpRecord => ({
  id,
  jobId: "job",
  source: "test",
  method: "customFields",
  item: itemFor("customFields", id),
  state: "sending",
  attempts,
  notBefore: START,
  createdAt: START,
  updatedAt: START,
  runId: "run",
  label: `lead-${id}`,
});

const fail = (kind: CalltouchError["kind"], details: CalltouchError["details"] = {}) => ({
  ok: false as const,
  error: new CalltouchError(kind, `${kind}!`, details),
});

describe("splitViolations", () => {
  it.each([
    {
      path: "leads[3].matching[0].leadContactParams.phones[0]",
      item: 3,
      field: "matching[0].leadContactParams.phones[0]",
    },
    { path: "comments[0].addComment", item: 0, field: "addComment" },
    { path: "leads[12]", item: 12, field: undefined },
    {
      path: "leads[99].addCustomFields.customFields[19].value",
      item: 99,
      field: "addCustomFields.customFields[19].value",
    },
  ])("$path names item $item, field $field", ({ path, item, field }) => {
    const { byItem, general } = splitViolations([{ fieldPath: path, message: "bad" }], 100);
    expect(general).toEqual([]);
    expect(byItem.get(item)).toEqual([{ message: "bad", ...(field ? { fieldPath: field } : {}) }]);
  });

  it.each(["leads", "", "data.leads[0]", "leads[100].matching", "leadsX[1]"])(
    "%j names no item of 100",
    (path) => {
      const { byItem, general } = splitViolations([{ fieldPath: path, message: "bad" }], 100);
      expect(byItem.size).toBe(0);
      expect(general).toHaveLength(1);
    },
  );
});

describe("planUpdates", () => {
  const now = START + 5_000;

  it("keeps every message when one lead breaks several rules", () => {
    const violations = [
      { fieldPath: "leads[1].matching", message: "Too many rows." },
      { fieldPath: "leads[1].addCustomFields.customFields[0].field", message: "Unknown field." },
    ];
    const [, second] = planUpdates([op(1), op(2)], fail("validation", { violations }), { now });
    expect(second).toEqual({
      id: 2,
      state: "failed",
      error: {
        kind: "validation",
        fieldPath: "matching",
        message: "Too many rows.; addCustomFields.customFields[0].field: Unknown field.",
        violations: [
          { fieldPath: "matching", message: "Too many rows." },
          { fieldPath: "addCustomFields.customFields[0].field", message: "Unknown field." },
        ],
      },
    });
  });

  it.each([
    { kind: "auth" as const, notBefore: now },
    { kind: "quota" as const, notBefore: now },
    { kind: "rateLimited" as const, notBefore: now + 3_000 },
  ])("puts ops back uncounted on $kind", ({ kind, notBefore }) => {
    expect(planUpdates([op(1, 4)], fail(kind), { now, holdUntil: now + 3_000 })).toEqual([
      { id: 1, state: "queued", notBefore, attempts: 3 },
    ]);
  });

  it.each([
    { attempts: 1, state: "queued" },
    { attempts: MAX_ATTEMPTS - 1, state: "queued" },
    { attempts: MAX_ATTEMPTS, state: "failed" },
  ])("after network failure number $attempts the op is $state", ({ attempts, state }) => {
    const [update] = planUpdates([op(1, attempts)], fail("network"), { now, random: () => 0.5 });
    expect(update).toMatchObject({ state, error: { kind: "network", message: "network!" } });
    if (state === "queued") expect(update?.notBefore).toBeGreaterThan(now);
  });

  it("never retries before the engine's hold ends", () => {
    const [update] = planUpdates([op(1)], fail("server", { status: 503 }), {
      now,
      random: () => 0,
      holdUntil: now + 9_000,
    });
    expect(update?.notBefore).toBe(now + 9_000);
  });

  it("fails an op the answer has no result for", () => {
    const [, second] = planUpdates([op(1), op(2)], { ok: true, results: [addedResult] }, { now });
    expect(second).toMatchObject({ state: "failed", error: { kind: "badResponse" } });
  });
});

describe("nextLocalMidnight", () => {
  it.each([
    [new Date(2025, 5, 2, 9, 0), new Date(2025, 5, 3, 0, 0)],
    [new Date(2025, 5, 2, 0, 0), new Date(2025, 5, 3, 0, 0)],
    [new Date(2025, 11, 31, 23, 59, 59), new Date(2026, 0, 1, 0, 0)],
  ])("after %s comes %s", (from, midnight) => {
    expect(nextLocalMidnight(from.getTime())).toBe(midnight.getTime());
  });
});
