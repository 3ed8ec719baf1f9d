import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiSession, startSandboxSession } from "../e2e/api-session";
import { waitFor } from "../e2e/sandbox-client";
import { expectExactSend, phoneOps, settledJob } from "../e2e/send-cases";
import { type FirefoxSession, launchFirefoxExtension } from "./harness";

const LEADS = 1000;
let setting: ApiSession<FirefoxSession>;
let inspect: ApiSession["inspect"];
let session: FirefoxSession;

beforeAll(async () => {
  setting = await startSandboxSession({ token: "tok", siteId: "777", generated: LEADS }, (sandboxOrigin) =>
    launchFirefoxExtension({ grantOrigins: [sandboxOrigin] }),
  );
  ({ session, inspect } = setting);
});

afterAll(async () => {
  await setting?.close();
});

beforeEach(async () => {
  await inspect.reset();
});

/** The toolbar badge. MV2 has no `action`: the background sets it through `browserAction`. */
const badgeText = () =>
  session.inBackground((background) => {
    if ("action" in background.chrome) throw new Error("an MV2 background page should have no `action`");
    return new Promise<string>((resolve) => background.chrome.browserAction.getBadgeText({}, resolve));
  }, null);

describe("sending through the Firefox background page", () => {
  it("sends the exact body with the cabinet's headers, and records what Calltouch matched", () =>
    expectExactSend(session, inspect));

  it(`delivers all ${LEADS} leads when the background page restarts in the middle, without a 429`, async () => {
    const ops = phoneOps(LEADS, (matching, i) => ({
      method: "customFields",
      item: { matching, addCustomFields: { customFields: [{ field: "product", value: `p-${i}` }] } },
    }));
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
    const done = await settledJob(session, "restart");
    const stats = await inspect.stats();
    expect(done.filter((op) => op.state === "done")).toHaveLength(LEADS);
    expect(stats.uniquePhonesReceived).toBe(LEADS);
    expect(stats.http429).toBe(0);
    expect(stats.maxRequestsInAnyWindow).toBeLessThanOrEqual(5);
    await waitFor(async () => ((await badgeText()) === "" ? true : undefined), 5_000, "the badge to clear");
  });
});
