import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../sandbox/server.mjs";
import { type ExtensionSession, launchExtension } from "./harness";

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
    const page = await session.openPage("options.html");
    await page.getByLabel("Access-Token").fill("secret-token-1a2b");
    await page.getByLabel("Cabinet ID (SiteId)").fill("42x");
    await page.getByText("Advanced").click();
    await page.getByLabel("API address").fill(sandbox.url);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("The SiteId may contain digits only.").isVisible()).toBe(true);

    await page.getByLabel("Cabinet ID (SiteId)").fill("4242");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText("Connection settings saved.").isVisible()).toBe(true);
    // Save checks the credentials with one empty batch, which the sandbox refuses by validation only.
    await expect.poll(() => page.getByText(/^Connected · checked/).isVisible()).toBe(true);
    const checks = sandbox.state.log.filter((entry) => JSON.stringify(entry.body) === '{"leads":[]}');
    expect(checks.map((entry) => entry.status)).toEqual([400]);

    const status = await session.call("getCredentialsStatus");
    expect(status).toMatchObject({
      hasToken: true,
      tokenHint: "••••1a2b",
      siteId: "4242",
      apiBaseUrl: sandbox.url,
    });
    await page.reload();
    await expect
      .poll(() => page.getByText("A token is saved (••••1a2b). Leave empty to keep it.").isVisible())
      .toBe(true);
    expect(await page.getByLabel("Access-Token").inputValue()).toBe("");
  });

  it("saves a wrong token, but says Token refused, on this page and the next", async () => {
    const page = await session.openPage("options.html");
    await page.getByLabel("Access-Token").fill("wrong-token-9z9z");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText(/^Token refused · checked/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Connection settings saved.").isVisible()).toBe(true);
    expect((await session.call("getCredentialsStatus")).connection?.state).toBe("tokenRefused");

    const other = await session.openPage("options.html");
    await expect.poll(() => other.getByText(/^Token refused · checked/).isVisible()).toBe(true);
    await other.close();

    await page.getByLabel("Access-Token").fill("secret-token-1a2b");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByText(/^Connected · checked/).isVisible()).toBe(true);
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
    const page = await session.openPage("options.html");
    await expect
      .poll(() =>
        page
          .getByText(/Check your Access-Token and SiteId/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    const status = await session.call("getQueueStatus");
    expect(status.counts).toMatchObject({ queued: 1, failed: 0 });
  });
});
