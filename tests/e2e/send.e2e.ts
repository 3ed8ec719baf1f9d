import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiSession, startApiSession } from "./api-session";
import type { ExtensionSession } from "./harness";
import { inFlight, waitFor } from "./sandbox-client";
import { byPhone, expectExactSend, phoneOps, settledJob } from "./send-cases";

const LEADS = 1000;
let setting: ApiSession;
let inspect: ApiSession["inspect"];
let session: ExtensionSession;

beforeAll(async () => {
  setting = await startApiSession({ token: "tok", siteId: "777", generated: LEADS });
  ({ session, inspect } = setting);
});

afterAll(async () => {
  await setting?.close();
});

beforeEach(async () => {
  await inspect.reset();
});

const jobDone = (jobId: string) => settledJob(session, jobId);

/** One custom-field op for each of the generated leads, the value `<prefix>-<i>`. */
const productOps = (prefix: string) =>
  phoneOps(LEADS, (matching, i) => ({
    method: "customFields",
    item: {
      matching,
      // A request cut by a stop may be sent again; without overwrite, Calltouch refuses the repeat.
      addCustomFields: { overwrite: true, customFields: [{ field: "product", value: `${prefix}-${i}` }] },
    },
  }));

describe("sending through the background", () => {
  it("sends the exact body with the cabinet's headers, and records what Calltouch matched", () =>
    expectExactSend(session, inspect));

  it("marks a lead Calltouch cannot find as not matched, and sends tags and comments to their methods", async () => {
    const matching = byPhone("70000000001");
    await session.call("enqueue", {
      source: "test",
      jobId: "mixed",
      ops: [
        { label: "unknown", operation: { method: "customFields", item: { matching } } },
        {
          label: "tag",
          operation: {
            method: "tags",
            item: {
              matching: [{ type: "call", callParams: { callId: 1001 } }],
              addTags: { tags: [{ tag: "vip" }] },
            },
          },
        },
        {
          label: "comment",
          operation: {
            method: "comment",
            item: { matching: [{ type: "call", callParams: { callId: 1001 } }], addComment: "Called back" },
          },
        },
      ],
    });
    const ops = await jobDone("mixed");
    expect(ops.map((op) => op.state)).toEqual(["notMatched", "done", "done"]);
    const paths = (await inspect.requests()).map((r) => r.path).sort();
    expect(paths).toEqual([
      "/lead-service/v1/api/comment/lead/add",
      "/lead-service/v1/api/customfield/lead/add",
      "/lead-service/v1/api/tag/lead/add",
    ]);
  });

  it(`delivers all ${LEADS} leads when the worker is stopped in the middle, at most one 429`, async () => {
    const ops = productOps("p");
    await session.call("enqueue", { source: "test", jobId: "restart", ops });
    // Stop the worker once the first requests are out and before the rest are.
    await waitFor(
      async () => ((await inspect.stats()).requests >= 2 ? true : undefined),
      20_000,
      "first requests",
    );
    const before = await inspect.stats();
    await (await session.worker()).evaluate(() => Object.assign(globalThis, { oldWorker: true }));
    await session.stopWorkers();
    expect(before.uniquePhonesReceived).toBeLessThan(LEADS);

    // The next message (the popup polling, here) wakes a fresh worker, which takes the queue over.
    const done = await jobDone("restart");
    const stats = await inspect.stats();
    const fresh = await session.worker();
    expect(await fresh.evaluate(() => "oldWorker" in globalThis)).toBe(false);
    expect(done.filter((op) => op.state === "done")).toHaveLength(LEADS);
    expect(stats.uniquePhonesReceived).toBe(LEADS);
    // As with three stops (below): on a loaded machine Chromium may hold the fresh worker's first requests
    // and let them go together, and the server counts one too many; it is sent again and nothing is lost.
    expect(stats.http429).toBeLessThanOrEqual(1);
    expect(stats.maxRequestsInAnyWindow).toBeLessThanOrEqual(5);
  });

  it("is woken by its alarm to finish a send when nothing else wakes it", async () => {
    const ops = phoneOps(LEADS, (matching) => ({ method: "customFields", item: { matching } }));
    await session.call("enqueue", { source: "test", jobId: "alarm", ops });
    await waitFor(
      async () => ((await inspect.stats()).requests >= 1 ? true : undefined),
      20_000,
      "first request",
    );
    await session.stopWorkers();
    const cut = await inspect.stats();
    expect(cut.uniquePhonesReceived).toBeLessThan(LEADS);

    // No page talks to the extension now: only the alarm (30 s at the most) can wake the worker.
    const stats = await waitFor(
      async () => {
        const now = await inspect.stats();
        return now.uniquePhonesReceived === LEADS ? now : undefined;
      },
      75_000,
      "the alarm to wake the worker",
    );
    expect(stats.http429).toBe(0);
  });

  it(`delivers all ${LEADS} leads with the worker stopped three times mid-send`, async () => {
    const ops = productOps("q");
    // Slow answers keep requests in flight, so that each stop cuts some off.
    await inspect.fault("delay", 40, 700);
    await session.call("enqueue", { source: "test", jobId: "three-stops", ops });
    for (let stop = 1; stop <= 3; stop++) {
      await waitFor(
        async () => {
          const stats = await inspect.stats();
          return stats.requests >= 2 * stop && inFlight(stats) > 0 ? true : undefined;
        },
        30_000,
        `requests in flight before stop ${stop}`,
      );
      await session.stopWorkers();
      // A page's message wakes a fresh worker, which takes the queue over.
      await session.call("getQueueStatus");
    }
    const done = await jobDone("three-stops");
    const stats = await inspect.stats();
    expect(done.filter((op) => op.state === "done")).toHaveLength(LEADS);
    expect(stats.uniquePhonesReceived).toBe(LEADS);
    // Three restarts with answers held back 700 ms: now and then the server counts one request too many
    // (a known open problem of restarts, see the README); that request is sent again and nothing is lost.
    expect(stats.http429).toBeLessThanOrEqual(1);
  });

  it("never resends comments that were in flight when the worker stopped: they are flagged uncertain", async () => {
    const COMMENTS = 300;
    const ops = phoneOps(COMMENTS, (matching, i) => ({
      method: "comment",
      item: { matching, addComment: `Called back, ${i}` },
    }));
    // The first request goes alone and is answered at once; the next ones take 3 s to answer.
    await inspect.fault("delay", 1, 0);
    await inspect.fault("delay", 20, 3000);
    await session.call("enqueue", { source: "test", jobId: "comments-cut", ops });
    const atStop = await waitFor(
      async () => {
        const stats = await inspect.stats();
        return inFlight(stats) >= 2 ? stats : undefined;
      },
      30_000,
      "comment requests in flight",
    );
    await session.stopWorkers();
    await session.call("getQueueStatus");

    const settled = await jobDone("comments-cut");
    const uncertain = settled.filter((op) => op.state === "uncertain");
    const done = settled.filter((op) => op.state === "done");
    // Each request carries 100 comments: the ones in flight at the stop are the uncertain ones.
    expect(uncertain.length).toBeGreaterThanOrEqual(100 * inFlight(atStop));
    expect(uncertain.length + done.length).toBe(COMMENTS);
    expect(uncertain.every((op) => op.error?.kind === "unknownOutcome")).toBe(true);
    // The server wrote each comment once: none was sent again.
    await waitFor(async () => (inFlight(await inspect.stats()) === 0 ? true : undefined), 10_000, "answers");
    const { calls } = await inspect.touchedLeads();
    const written = calls.flatMap((lead) => lead.comments);
    expect(written).toHaveLength(COMMENTS);
    expect(new Set(written).size).toBe(COMMENTS);
  });
});
