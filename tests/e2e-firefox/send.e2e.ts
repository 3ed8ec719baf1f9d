import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LeadOperation } from "../../utils/calltouch/schemas";
import { inspectSandbox, waitFor } from "../e2e/sandbox-client";
import { startSandbox } from "../sandbox/server.mjs";
import { type FirefoxSession, launchFirefoxExtension } from "./harness";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const LEADS = 1000;
let sandbox: Sandbox;
let inspect: ReturnType<typeof inspectSandbox>;
let session: FirefoxSession;

beforeAll(async () => {
  sandbox = await startSandbox({ token: "tok", siteId: "777", generated: LEADS });
  inspect = inspectSandbox(sandbox.url);
  session = await launchFirefoxExtension({ grantOrigins: [sandbox.url] });
  const saved = await session.call("saveCredentials", {
    token: "tok",
    siteId: "777",
    apiBaseUrl: sandbox.url,
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await session?.close();
  await sandbox?.close();
});

beforeEach(async () => {
  await inspect.reset();
});

const jobDone = (jobId: string) =>
  waitFor(
    async () => {
      const ops = await session.call("getJob", { jobId });
      return ops.length > 0 && ops.every((op) => op.state !== "queued" && op.state !== "sending")
        ? ops
        : undefined;
    },
    60_000,
    `job ${jobId}`,
  );

/** The toolbar badge. MV2 has no `action`: the background sets it through `browserAction`. */
const badgeText = () =>
  session.inBackground((background) => {
    if ("action" in background.chrome) throw new Error("an MV2 background page should have no `action`");
    return new Promise<string>((resolve) => background.chrome.browserAction.getBadgeText({}, resolve));
  }, null);

describe("sending through the Firefox background page", () => {
  it("sends the exact body with the cabinet's headers, and records what Calltouch matched", async () => {
    const operation: LeadOperation = {
      method: "customFields",
      item: {
        matching: [
          { type: "call", callParams: { callId: 999_999 } },
          {
            type: "leadContact",
            leadContactParams: { phones: ["+7 (915) 777-11-22"], leadTypeToMatch: "nearest" },
          },
        ],
        addCustomFields: {
          overwrite: true,
          customFields: [
            { field: "deal_stage", value: "won" },
            { field: "revenue", value: 125000.5 },
          ],
        },
      },
    };
    const queued = await session.call("enqueue", {
      source: "test",
      jobId: "exact",
      ops: [{ operation, label: "+7 (915) 777-11-22" }],
    });
    expect(queued.ok).toBe(true);

    const [op] = await jobDone("exact");
    const [request, ...more] = await inspect.requests();
    expect(more).toHaveLength(0);
    expect(request?.path).toBe("/lead-service/v1/api/customfield/lead/add");
    expect(request?.headers["access-token"]).toBe("tok");
    expect(request?.headers.siteid).toBe("777");
    expect(request?.body).toEqual({ leads: [operation.item] });
    expect(op).toMatchObject({ state: "done", result: { matchedType: "leadContact", added: true } });
    expect(op?.result?.callInfo?.callId).toBe("1001");
  });

  it(`delivers all ${LEADS} leads when the background page restarts in the middle, without a 429`, async () => {
    const ops = Array.from({ length: LEADS }, (_, i) => {
      const phone = String(79_990_000_000 + i);
      return {
        label: phone,
        operation: {
          method: "customFields" as const,
          item: {
            matching: [{ type: "leadContact" as const, leadContactParams: { phones: [phone] } }],
            addCustomFields: { customFields: [{ field: "product", value: `p-${i}` }] },
          },
        },
      };
    });
    await session.call("enqueue", { source: "test", jobId: "restart", ops });
    await waitFor(
      async () => ((await inspect.stats()).requests >= 2 ? true : undefined),
      20_000,
      "first requests",
    );
    // The badge shows the leads still waiting.
    expect(await badgeText()).toMatch(/^\d+(\.\d)?k?$/);

    await session.restartBackground();
    const cut = await inspect.stats();
    expect(cut.uniquePhonesReceived).toBeLessThan(LEADS);

    // The new background page takes the queue over from IndexedDB by itself.
    const done = await jobDone("restart");
    const stats = await inspect.stats();
    expect(done.filter((op) => op.state === "done")).toHaveLength(LEADS);
    expect(stats.uniquePhonesReceived).toBe(LEADS);
    expect(stats.http429).toBe(0);
    expect(stats.maxRequestsInAnyWindow).toBeLessThanOrEqual(5);
    await waitFor(async () => ((await badgeText()) === "" ? true : undefined), 5_000, "the badge to clear");
  });
});
