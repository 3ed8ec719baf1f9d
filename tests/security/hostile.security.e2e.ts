/**
 * The hostile-input suite, browser part: the built extension in Chromium, a page's content-script world
 * doing what a compromised one could, and API servers that redirect. Test names read "attack → outcome".
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnqueueRequest } from "../../utils/messaging";
import { type ApiSession, type Sandbox, startApiSession } from "../e2e/api-session";
import { serveFixtures } from "../e2e/crm-server";
import type { ExtensionSession } from "../e2e/harness";
import { inspectSandbox, waitFor } from "../e2e/sandbox-client";
import { byPhone, settledJob } from "../e2e/send-cases";
import { EVIL_PRESET } from "./hostile-values";

/** A server that records every request it gets (the place a thief would want the token sent). */
async function startCollector(handle?: (req: IncomingMessage) => { status: number; location?: string }) {
  const seen: { url: string; token: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", token: req.headers["access-token"] as string | undefined });
    const answer = handle?.(req) ?? { status: 200 };
    if (answer.location) res.setHeader("Location", answer.location);
    res.statusCode = answer.status;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => server.close() };
}

const op = (phone: string): EnqueueRequest["ops"][number] => ({
  label: phone,
  operation: {
    method: "customFields",
    item: { matching: byPhone(phone), addCustomFields: { customFields: [{ field: "stage", value: "won" }] } },
  },
});

let setting: ApiSession;
let sandbox: Sandbox;
let session: ExtensionSession;
let collector: Awaited<ReturnType<typeof startCollector>>;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
let pageUrl: string;

beforeAll(async () => {
  setting = await startApiSession({ token: "tok", siteId: "777" });
  ({ sandbox, session } = setting);
  collector = await startCollector();
  fixtures = await serveFixtures();
  pageUrl = `http://127.0.0.1:${fixtures.port}/plain`;
});

afterAll(async () => {
  await setting?.close();
  collector?.close();
  fixtures?.close();
});

/**
 * Opens a web page's tab and runs `func(...args)` in its content-script world, with a content script's
 * rights, through the worker's `scripting.executeScript`; returns what `func` resolved to.
 */
async function inContentScript<A extends unknown[]>(func: (...args: A) => Promise<string>, ...args: A) {
  const tab = await session.context.newPage();
  await tab.goto(pageUrl);
  const worker = await session.worker();
  // One expression with `func`'s text and the arguments in it (JSON): a function passed to `evaluate`
  // cannot carry another one into the worker.
  const result = await worker.evaluate(`(async () => {
    const [target] = await chrome.tabs.query({ url: ${JSON.stringify(pageUrl)} });
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId: target?.id ?? -1 },
      args: ${JSON.stringify(args)},
      func: ${func.toString()},
    });
    return String(injection?.result);
  })()`);
  await tab.close();
  return result as string;
}

describe("a compromised content-script world", () => {
  it("rewrites API URL, SiteId, presets, retention and bulk jobs in storage.local → no request leaves for its host, nothing is deleted, the options page says so", async () => {
    await session.call("enqueue", { source: "test", jobId: "before", ops: [op("79157771122")] });
    await settledJob(session, "before");
    const finished = async () => {
      const { done, notMatched, failed } = (await session.call("getQueueStatus")).counts;
      return done + notMatched + failed;
    };
    const historyBefore = await finished();
    const written = await inContentScript(
      (api: string, preset: typeof EVIL_PRESET) =>
        chrome.storage.local
          .set({
            settings: { siteId: "1", apiBaseUrl: api },
            presets: [preset],
            retention: { maxCount: 0, maxAgeDays: 0 },
            bulkJobs: [{ jobId: "evil", fileName: "x.csv", runs: [] }],
          })
          .then(() => "written"),
      collector.url,
      EVIL_PRESET,
    );
    expect(written).toBe("written");

    await session.call("enqueue", { source: "test", jobId: "after", ops: [op("79157771133")] });
    const [after] = await settledJob(session, "after");
    expect(after?.state).not.toBe("failed");
    expect(collector.seen).toHaveLength(0);
    const requests = await inspectSandbox(sandbox.url).requests();
    expect(requests.some((r) => JSON.stringify(r.body).includes("79157771133"))).toBe(true);

    const retention = await session.call("getRetention");
    await session.call("setRetention", retention);
    expect(await finished()).toBe(historyBefore + 1);
    expect(await session.getItem("presets")).toBeUndefined();
    expect(await session.getItem("bulkJobs")).toBeUndefined();

    const options = await session.openPage("options.html");
    await options.getByText(/A script of a web page tried to change the extension's stored data/).waitFor();
    await options.close();
  });

  it("sends the background a privileged message (saveCredentials) → refused", async () => {
    const answer = await inContentScript(
      (api: string) =>
        chrome.runtime
          .sendMessage({
            id: 1,
            type: "saveCredentials",
            timestamp: Date.now(),
            data: { token: "stolen", siteId: "1", apiBaseUrl: api },
          })
          .then(
            (reply) => JSON.stringify(reply),
            (error: Error) => `rejected: ${error.message}`,
          ),
      collector.url,
    );
    expect(answer).toContain("Only the extension's own pages may ask for this.");
    expect((await session.call("getCredentialsStatus")).apiBaseUrl).toBe(sandbox.url);
  });

  it("reads storage.local and indexedDB → sees neither the token nor any setting", async () => {
    const seen = await inContentScript(() =>
      Promise.all([chrome.storage.local.get(null), indexedDB.databases()]).then((x) => JSON.stringify(x)),
    );
    expect(seen).toContain("[");
    expect(seen).not.toContain("tok");
    expect(seen).not.toContain("777");
  });
});

describe("an API that redirects", () => {
  it("answers 307 to another host → the request is not followed, the token reaches no one else, the op says why", async () => {
    const thief = await startCollector();
    const redirector = await startCollector(() => ({ status: 307, location: `${thief.url}/steal` }));
    try {
      const saved = await session.call("saveCredentials", {
        token: "tok",
        siteId: "777",
        apiBaseUrl: redirector.url,
      });
      expect(saved.ok).toBe(true);
      await session.call("enqueue", { source: "test", jobId: "redirect", ops: [op("79157771144")] });
      const message = await waitFor(
        async () => (await session.call("getJob", { jobId: "redirect" }))[0]?.error?.message,
        60_000,
        "the redirect error",
      );
      expect(message).toMatch(/redirect.*not followed/);
      expect(redirector.seen.length).toBeGreaterThan(0);
      expect(thief.seen).toHaveLength(0);
    } finally {
      await session.call("saveCredentials", { token: "tok", siteId: "777", apiBaseUrl: sandbox.url });
      thief.close();
      redirector.close();
    }
  });
});
