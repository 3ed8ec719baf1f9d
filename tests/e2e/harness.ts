/**
 * Launches the built extension in Debian's Chromium with playwright-core (no browser downloads here)
 * and gives tests a few handles: the worker, extension pages, and the background's message protocol.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import { findChromium } from "../../scripts/lib.mjs";
import { hostPermissionPattern } from "../../utils/calltouch/base-url";
import type { ProtocolMap } from "../../utils/messaging";
import { CHANGE_MESSAGE, PRIVATE_DB, PRIVATE_STORE } from "../../utils/private-store";
import { privateStoreInPage } from "./private-store-page";

export { findChromium };

/** The development flavour that the e2e tests, the demo and the benchmarks build (`BUILD_DEV`) and load. */
export const BUILT_EXTENSION = path.resolve(".output/chrome-mv3-dev");

export interface LaunchOptions {
  /**
   * API origins to grant as host permissions (e.g. the sandbox's `http://127.0.0.1:PORT`). A user grants
   * these with the permission prompt that the options page opens; a headless test cannot click that
   * prompt, so the copy of the built extension that the test loads lists them in its manifest instead.
   */
  grantOrigins?: string[];
  /** Extra Chromium flags (e.g. `--host-resolver-rules=...`). */
  args?: string[];
  extensionPath?: string;
  /** Default true; the demo opens a visible window. */
  headless?: boolean;
  /** Chromium's UI language, which the extension's strings follow; default `en-US`. */
  lang?: string;
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker (a fresh one after a stop). */
  worker(): Promise<Worker>;
  /** Opens an extension page (`options.html`, `popup.html?tabId=3`) in a new tab. */
  openPage(file: string): Promise<Page>;
  /** Sends one protocol message to the background from an extension page, as the UI does. */
  call<K extends keyof ProtocolMap>(
    type: K,
    ...data: Parameters<ProtocolMap[K]>
  ): Promise<ReturnType<ProtocolMap[K]>>;
  /**
   * Stores settings as the extension's pages do (its private IndexedDB, key → value, e.g. `catalogue`,
   * `presets`, `detection`) and announces each change, so the background rebuilds its menu.
   */
  setItems(items: Record<string, unknown>): Promise<void>;
  /** A value of the private store, as stored (undefined when none). */
  getItem(key: string): Promise<unknown>;
  /** Stops every service worker (as Chrome does when idle); the next event wakes a fresh one. */
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

/** Starts Chromium with a private copy of the built extension. */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("Chromium not found: set CHROMIUM_PATH or apt-get install chromium");
  // Chromium's socket paths must stay short: keep every temp folder under /tmp.
  const root = await mkdtemp(path.join("/tmp", "ctx-"));
  const extensionPath = path.join(root, "ext");
  await cp(options.extensionPath ?? BUILT_EXTENSION, extensionPath, { recursive: true });
  if (options.grantOrigins?.length) {
    const manifestPath = path.join(extensionPath, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.host_permissions = [
      ...(manifest.host_permissions ?? []),
      ...options.grantOrigins.map(hostPermissionPattern),
    ];
    await writeFile(manifestPath, JSON.stringify(manifest));
  }
  const env = { ...process.env, TMPDIR: root, XDG_CONFIG_HOME: root, XDG_CACHE_HOME: root, HOME: root };
  const context = await chromium.launchPersistentContext(path.join(root, "profile"), {
    executablePath,
    headless: options.headless ?? true,
    locale: options.lang,
    env,
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      `--lang=${options.lang ?? "en-US"}`,
      ...(options.args ?? []),
    ],
  });
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(firstWorker.url()).host;
  let controlPage: Page | undefined;
  const control = async () => {
    if (!controlPage || controlPage.isClosed()) {
      controlPage = await context.newPage();
      await controlPage.goto(`chrome-extension://${extensionId}/options.html`);
    }
    return controlPage;
  };
  const names = { db: PRIVATE_DB, store: PRIVATE_STORE, change: CHANGE_MESSAGE };

  const session: ExtensionSession = {
    context,
    extensionId,
    async worker() {
      const live = context.serviceWorkers().find((w) => w.url().includes(extensionId));
      return live ?? (await context.waitForEvent("serviceworker"));
    },
    async openPage(file) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    async call(type, ...data) {
      const page = await control();
      const message = { id: Date.now(), type, data: data[0], timestamp: Date.now() };
      const reply = await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
      if (!reply || reply.err) throw new Error(`${type} failed: ${JSON.stringify(reply?.err ?? "no reply")}`);
      return reply.res;
    },
    async setItems(items) {
      await (await control()).evaluate(privateStoreInPage, { names, write: items });
    },
    async getItem(key) {
      return (await control()).evaluate(privateStoreInPage, { names, read: key });
    },
    async stopWorkers() {
      const page = controlPage && !controlPage.isClosed() ? controlPage : await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await cdp.detach();
    },
    async close() {
      await context.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return session;
}
