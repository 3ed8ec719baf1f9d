import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../sandbox/server.mjs";
import { type ExtensionSession, launchExtension } from "./harness";
import { OptionsPage } from "./pages/options";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;
let session: ExtensionSession;
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox({ token: "secret-token-1a2b", siteId: "4242" });
  // A plain web page on loopback, for a content script to run in.
  site = createServer((_, res) => res.end("<!doctype html><title>CRM</title><p>Lead card</p>"));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  session = await launchExtension({ grantOrigins: [sandbox.url] });
});

afterAll(async () => {
  await session?.close();
  await sandbox?.close();
  site?.close();
});

describe("the options page", () => {
  it("saves the credentials typed into it, and never shows the token again", async () => {
    const options = await OptionsPage.open(session);
    await options.fillToken("secret-token-1a2b");
    await options.fillSiteId("42x");
    await options.fillApiAddress(sandbox.url);
    await options.save();
    await expect.poll(() => options.shows("The SiteId may contain digits only.")).toBe(true);

    await options.fillSiteId("4242");
    await options.save();
    await expect.poll(() => options.shows("Connection settings saved.")).toBe(true);
    // Save checks the credentials with one empty batch, which the sandbox refuses by validation only.
    await expect.poll(() => options.shows(/^Connected · checked/)).toBe(true);
    const checks = sandbox.state.log.filter((entry) => JSON.stringify(entry.body) === '{"leads":[]}');
    expect(checks.map((entry) => entry.status)).toEqual([400]);

    const status = await session.call("getCredentialsStatus");
    expect(status).toMatchObject({
      hasToken: true,
      tokenHint: "••••1a2b",
      siteId: "4242",
      apiBaseUrl: sandbox.url,
    });
    await options.page.reload();
    await expect.poll(() => options.shows("A token is saved (••••1a2b). Leave empty to keep it.")).toBe(true);
    expect(await options.tokenValue()).toBe("");
  });

  it("saves a wrong token, but says Token refused, on this page and the next", async () => {
    const options = await OptionsPage.open(session);
    await options.fillToken("wrong-token-9z9z");
    await options.save();
    await expect.poll(() => options.shows(/^Token refused · checked/)).toBe(true);
    await expect.poll(() => options.shows("Connection settings saved.")).toBe(true);
    expect((await session.call("getCredentialsStatus")).connection?.state).toBe("tokenRefused");

    const other = await OptionsPage.open(session);
    await expect.poll(() => other.shows(/^Token refused · checked/)).toBe(true);
    await other.page.close();

    await options.fillToken("secret-token-1a2b");
    await options.save();
    await expect.poll(() => options.shows(/^Connected · checked/)).toBe(true);
  });

  it("keeps the token out of reach of content scripts", async () => {
    const tab = await session.context.newPage();
    await tab.goto(siteUrl);
    const worker = await session.worker();
    const seen = await worker.evaluate(async (url) => {
      const [target] = await chrome.tabs.query({ url });
      if (!target?.id) throw new Error("tab not found");
      // Runs in the content-script world of the page, with a content script's rights.
      const [injection] = await chrome.scripting.executeScript({
        target: { tabId: target.id },
        func: async () => {
          const local = await chrome.storage.local.get(null).catch((e: Error) => ({ error: e.message }));
          const databases = await indexedDB.databases();
          return JSON.stringify({ local, databases });
        },
      });
      return String(injection?.result);
    }, siteUrl);
    // Neither the token nor the settings: storage.local holds nothing, the databases are the extension's.
    expect(seen).not.toContain("4242");
    expect(seen).not.toContain("secret-token");
    expect(seen).not.toContain("1a2b");
  });

  it("shows the auth error of the last request, and the paused queue", async () => {
    await session.call("saveCredentials", { token: "wrong-token", siteId: "4242", apiBaseUrl: sandbox.url });
    const queued = await session.call("enqueue", {
      source: "test",
      ops: [
        {
          label: "79157771122",
          operation: {
            method: "customFields",
            item: { matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }] },
          },
        },
      ],
    });
    expect(queued.ok).toBe(true);
    await expect.poll(async () => (await session.call("getQueueStatus")).paused?.reason).toBe("auth");
    const options = await OptionsPage.open(session);
    await expect.poll(() => options.shows(/Check your Access-Token and SiteId/)).toBe(true);
    const status = await session.call("getQueueStatus");
    expect(status.counts).toMatchObject({ queued: 1, failed: 0 });
  });
});
