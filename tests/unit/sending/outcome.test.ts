import { describe, expect, it } from "vitest";
import { CalltouchError } from "../../../utils/calltouch/errors";
import type { Method } from "../../../utils/calltouch/schemas";
import { MAX_ATTEMPTS } from "../../../utils/sending/backoff";
import {
  nextMoscowMidnight,
  planUpdates,
  quotaPauseUntil,
  refusedAlike,
  splitViolations,
} from "../../../utils/sending/outcome";
import type { OpRecord } from "../../../utils/sending/types";
import { addedResult, itemFor, START } from "./helpers";

/** An op carried by the request being answered; `attempts` counts the requests before this one. */
const op = (id: number, attempts = 0, method: Method = "customFields"): OpRecord => ({
  id,
  jobId: "job",
  source: "test",
  method,
  item: itemFor(method, id),
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
      attempts: 1,
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
    // A 429: back at the head of the queue (its oldest time); the limiter holds the next departure.
    { kind: "rateLimited" as const, notBefore: START },
  ])("puts ops back uncounted on $kind", ({ kind, notBefore }) => {
    expect(planUpdates([op(1, 4)], fail(kind), { now, holdUntil: now + 3_000 })).toEqual([
      { id: 1, state: "queued", notBefore },
    ]);
  });

  it.each([
    { failure: 1, state: "queued" },
    { failure: MAX_ATTEMPTS - 1, state: "queued" },
    { failure: MAX_ATTEMPTS, state: "failed" },
  ])("after network failure number $failure a custom-field op is $state", ({ failure, state }) => {
    const [update] = planUpdates([op(1, failure - 1)], fail("network"), { now, random: () => 0.5 });
    expect(update).toMatchObject({
      state,
      attempts: failure,
      unknownOutcome: true,
      error: { kind: "network", message: "network!" },
    });
    if (state === "queued") expect(update?.notBefore).toBeGreaterThan(now);
  });

  it.each([
    ["comment", "network", {}],
    ["comment", "server", { status: 502 }],
    ["comment", "badResponse", {}],
    ["tags", "network", { timeout: true }],
    ["tags", "server", { status: 500 }],
  ] as const)(
    "a %s whose request may have been processed (%s) is uncertain, never resent",
    (method, kind, details) => {
      const [update] = planUpdates([op(1, 0, method)], fail(kind, details), { now, random: () => 0.5 });
      expect(update).toEqual({
        id: 1,
        state: "uncertain",
        attempts: 1,
        unknownOutcome: true,
        error: { kind: "unknownOutcome", message: `${kind}!` },
      });
    },
  );

  it("a comment refused before it was processed (a 4xx) is retried, not uncertain", () => {
    const [update] = planUpdates([op(1, 0, "comment")], fail("server", { status: 404 }), {
      now,
      random: () => 0,
    });
    expect(update).toMatchObject({ state: "queued", attempts: 1 });
    expect(update?.unknownOutcome).toBeUndefined();
  });

  it("a custom field sent again without overwrite after an unknown outcome is done when Calltouch kept the value", () => {
    const kept = { ...addedResult, added: false, error: 'Custom field "deal" already has a value' };
    const again = { ...op(1, 1), unknownOutcome: true };
    expect(planUpdates([again, op(2)], { ok: true, results: [kept, kept] }, { now })).toEqual([
      { id: 1, state: "done", attempts: 2, result: kept },
      { id: 2, state: "failed", attempts: 1, result: kept, error: { kind: "rejected", message: kept.error } },
    ]);
  });

  it.each([
    'Custom field "deal" not found',
    "Пользовательское поле deal не найдено",
    "Invalid value for field deal",
  ])(
    "a custom field sent again without overwrite after an unknown outcome, refused for another reason (%s), is failed with it",
    (reason) => {
      const refused = { ...addedResult, added: false, error: reason };
      const again = { ...op(1, 1), unknownOutcome: true };
      expect(planUpdates([again], { ok: true, results: [refused] }, { now })).toEqual([
        {
          id: 1,
          state: "failed",
          attempts: 2,
          result: refused,
          error: { kind: "rejected", message: reason },
        },
      ]);
    },
  );

  it.each([null, "Значение поля deal уже заполнено", "Значение поля deal не перезапишется"])(
    "a custom field sent again without overwrite after an unknown outcome is done when the reason is %s",
    (reason) => {
      const kept = { ...addedResult, added: false, error: reason };
      const again = { ...op(1, 1), unknownOutcome: true };
      expect(planUpdates([again], { ok: true, results: [kept] }, { now })).toMatchObject([
        { id: 1, state: "done", attempts: 2 },
      ]);
    },
  );

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

describe("nextMoscowMidnight: Calltouch's day ends at midnight Moscow time (UTC+3)", () => {
  it.each([
    ["2025-06-02T06:00:00Z", "2025-06-02T21:00:00Z"],
    ["2025-06-02T20:59:59Z", "2025-06-02T21:00:00Z"],
    ["2025-06-02T21:00:00Z", "2025-06-03T21:00:00Z"],
    ["2025-06-02T23:30:00Z", "2025-06-03T21:00:00Z"],
    ["2025-12-31T21:30:00Z", "2026-01-01T21:00:00Z"],
  ])("after %s comes %s", (from, midnight) => {
    expect(nextMoscowMidnight(Date.parse(from))).toBe(Date.parse(midnight));
  });
});

describe("quotaPauseUntil: a quota answer pauses until Calltouch's next day, rechecked in its first hours", () => {
  it.each([
    ["2025-06-02T06:00:00Z", "2025-06-02T21:00:00Z"],
    ["2025-06-02T20:59:00Z", "2025-06-02T21:00:00Z"],
    // 00:00:05 in Moscow: the points may not be renewed yet; a quarter of an hour, not a day.
    ["2025-06-02T21:00:05Z", "2025-06-02T21:15:05Z"],
    ["2025-06-02T22:59:00Z", "2025-06-02T23:14:00Z"],
    ["2025-06-02T23:00:00Z", "2025-06-03T21:00:00Z"],
  ])("after a quota answer at %s, until %s", (at, until) => {
    expect(quotaPauseUntil(Date.parse(at))).toBe(Date.parse(until));
  });
});

describe("refusedAlike: the breaker that stops a queue Calltouch refuses wholesale", () => {
  const refused = (message: string) => ({
    ...addedResult,
    added: false,
    error: message,
  });
  const batch = [op(1), op(2), op(3)];

  it("names the reason when every lead of a request was refused for it", () => {
    const field = 'Custom field "lead_qualty" not found';
    const updates = planUpdates(
      batch,
      { ok: true, results: batch.map(() => refused(field)) },
      { now: START },
    );
    expect(refusedAlike(batch, updates)).toBe(field);
  });

  it.each([
    ["two reasons", [refused("a"), refused("b"), refused("a")]],
    ["one lead written", [refused("a"), addedResult, refused("a")]],
    ["one lead not found", [refused("a"), { ...addedResult, matchedType: null, added: false }, refused("a")]],
  ])("stays quiet with %s", (_, results) => {
    const updates = planUpdates(batch, { ok: true, results }, { now: START });
    expect(refusedAlike(batch, updates)).toBeNull();
  });

  it("stays quiet for a request of fewer than 3 leads", () => {
    const two = batch.slice(0, 2);
    const updates = planUpdates(two, { ok: true, results: two.map(() => refused("a")) }, { now: START });
    expect(refusedAlike(two, updates)).toBeNull();
  });
});
