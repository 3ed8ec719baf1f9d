// @vitest-environment node
import { describe, expect, it } from "vitest";
import { browserFigures, fairness, type ServerStats, serverFigures } from "../../scripts/bench-figures";

const stats = (over: Partial<ServerStats> = {}): ServerStats => ({
  requests: 0,
  http429: 0,
  dropped: 0,
  leadsAccepted: 0,
  firstAcceptedLeads: 0,
  firstCountedAt: null,
  lastCountedAt: null,
  writtenTwice: { customfield: 0, tag: 0, comment: 0 },
  ...over,
});

describe("browserFigures", () => {
  it("counts each final state, the leads still queued, and as lost the others", () => {
    const states = ["done", "done", "notMatched", "failed", "uncertain", "queued", "sending", "cancelled"];
    expect(browserFigures({ leads: 8, seconds: 2, drained: false, states, requests: 3, http429: 1 })).toEqual(
      {
        leads: 8,
        seconds: 2,
        leadsPerSecond: 2.5,
        drained: false,
        done: 2,
        notMatched: 1,
        failed: 1,
        uncertain: 1,
        pending: 2,
        lost: 1,
        requests: 3,
        http429: 1,
      },
    );
  });

  it("counts an op the queue no longer lists as lost", () => {
    expect(
      browserFigures({ leads: 3, seconds: 1, drained: true, states: ["done"], requests: 1, http429: 0 }).lost,
    ).toBe(2);
  });
});

describe("fairness", () => {
  it.each([
    [[100, 50], 0.5],
    [[120], 1],
    [[0, 0], null],
    [[], null],
  ])("of %j is %s", (rates, expected) => {
    expect(fairness(rates)).toBe(expected);
  });
});

describe("serverFigures", () => {
  it("takes the throughput as the server counted it, leaving out the first request's leads", () => {
    const after = stats({
      requests: 12,
      http429: 3,
      leadsAccepted: 900,
      firstAcceptedLeads: 100,
      firstCountedAt: 1000,
      lastCountedAt: 3000,
    });
    expect(serverFigures(stats(), after)).toMatchObject({
      requests: 12,
      http429: 3,
      http429Share: 0.25,
      leadsAccepted: 900,
      ceilingRatio: 0.8,
    });
  });

  it.each([
    ["a run shorter than a second", stats(), { firstCountedAt: 0, lastCountedAt: 999 }],
    ["a server that accepted requests before the run", stats({ firstCountedAt: 5 }), {}],
  ])("has no ceilingRatio for %s", (_, before, over) => {
    const after = stats({ leadsAccepted: 500, firstCountedAt: 0, lastCountedAt: 5000, ...over });
    expect(serverFigures(before, after)?.ceilingRatio).toBeNull();
  });

  it("reports the run's part of the counters of a server that was used before", () => {
    const before = stats({ requests: 10, http429: 2, writtenTwice: { customfield: 1, tag: 0, comment: 4 } });
    const after = stats({ requests: 15, http429: 2, writtenTwice: { customfield: 1, tag: 2, comment: 5 } });
    expect(serverFigures(before, after)).toMatchObject({
      requests: 5,
      http429: 0,
      http429Share: 0,
      writtenTwice: { customfield: 0, tag: 2, comment: 1 },
    });
  });

  it("leaves out what an older server does not report, and everything without stats", () => {
    expect(serverFigures(null, { requests: 4, http429: 1 })).toEqual({
      requests: 4,
      http429: 1,
      http429Share: 0.25,
      dropped: null,
      droppedOnReusedConnection: null,
      leadsAccepted: null,
      writtenTwice: null,
      ceilingRatio: null,
    });
    expect(serverFigures(null, null)).toBeNull();
  });
});
