/**
 * Launches the built Firefox extension (MV2) in Debian's Firefox ESR with puppeteer-core over WebDriver
 * BiDi (no browser downloads here) and gives tests the same handles as the Chromium harness: extension
 * pages, the background's message protocol, code run in the background page, and a background restart.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { browser as webExtensionApi } from "wxt/browser";
import { findFirefox } from "../../scripts/lib.mjs";
import type { Background } from "../../utils/background/service";
import { hostPermissionPattern } from "../../utils/calltouch/base-url";
import type { ProtocolMap } from "../../utils/messaging";
import { CHANGE_MESSAGE, PRIVATE_DB, PRIVATE_STORE } from "../../utils/private-store";
import { type PrivateStoreRequest, privateStoreInPage } from "../e2e/private-store-page";
import { type HostMap, startHostProxy } from "./host-proxy";

export { findFirefox };

/** The build the Firefox tests load (`wxt build -b firefox`). */
export const BUILT_FIREFOX_EXTENSION = path.resolve(".output/firefox-mv2-dev");

/**
 * The extension's internal UUID, fixed in advance (pref `extensions.webextensions.uuids`) so that its
 * pages have a known address: `moz-extension://<UUID>/options.html`.
 */
export const EXTENSION_UUID = "5c1b2f4e-7d7a-4c55-9a43-0f2d3c6b8e11";
/** The origin of the extension's pages. */
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxLaunchOptions {
  /**
   * Origins to grant as host permissions. An MV2 manifest's `permissions` grants its hosts at install, so
   * the copy of the build that the test loads lists them there (a headless test cannot click a prompt).
   */
  grantOrigins?: string[];
  /** Host names served from local ports, as Chromium's `--host-resolver-rules` (through a local proxy). */
  mapHosts?: HostMap;
  extensionPath?: string;
  /** Default true. */
  headless?: boolean;
}

/** The background page's window, with the hook the tests call (the context menu's handler). */
export type BackgroundWindow = typeof globalThis & {
  calltouchTagger: Background;
  browser: typeof webExtensionApi;
};

export interface FirefoxSession {
  browser: Browser;
  /** Opens an extension page (`options.html`, `popup.html?tabId=3`) in a new tab. */
  openPage(file: string): Promise<Page>;
  /** Opens a web page in a new tab and waits for its load. */
  openTab(url: string): Promise<Page>;
  /** The browser's id of the tab showing `url`. */
  tabIdOf(url: string): Promise<number>;
  /** Sends one protocol message to the background from an extension page, as the UI does. */
  call<K extends keyof ProtocolMap>(
    type: K,
    ...data: Parameters<ProtocolMap[K]>
  ): Promise<ReturnType<ProtocolMap[K]>>;
  /**
   * Runs `fn` with the background page's window (`runtime.getBackgroundPage()`, MV2): the way in for what a
   * Chromium test does in the service worker. `fn` runs in an extension page, so it must be self-contained.
   */
  inBackground<A, R>(fn: (background: BackgroundWindow, arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Restarts the background page (`runtime.reload()`, as an update does) and waits for the new one. */
  restartBackground(): Promise<void>;
  /**
   * Writes settings into the extension's private store, as the options page does, and tells the
   * background (settings no longer live in `storage.local`, which content scripts can write).
   */
  setItems(items: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Navigates `page` to an extension page and waits until its document is complete. */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  // Not awaited: WebDriver never hears of the load of an extension page, so `goto` would time out.
  void page.goto(url, { timeout: 30_000 }).catch(() => undefined);
  // Polled by hand: an evaluation that meets the document being replaced fails, and is simply tried again.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const loaded = await page
      .evaluate((expected) => location.href === expected && document.readyState === "complete", url)
      .catch(() => false);
    if (loaded) return;
    if (Date.now() > deadline) throw new Error(`${url} did not load`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts Firefox with a private copy of the built extension, installed as a temporary add-on. */
export async function launchFirefoxExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxSession> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error("Firefox not found: set FIREFOX_PATH or apt-get install firefox-esr");
  const root = await mkdtemp(path.join("/tmp", "ffx-"));
  const extensionPath = path.join(root, "ext");
  await cp(options.extensionPath ?? BUILT_FIREFOX_EXTENSION, extensionPath, { recursive: true });
  const manifestPath = path.join(extensionPath, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const addonId: string = manifest.browser_specific_settings.gecko.id;
  if (options.grantOrigins?.length) {
    manifest.permissions = [...manifest.permissions, ...options.grantOrigins.map(hostPermissionPattern)];
    await writeFile(manifestPath, JSON.stringify(manifest));
  }
  const proxy = options.mapHosts ? await startHostProxy(options.mapHosts) : null;
  // A cold Firefox on a busy 2-core runner now and then takes longer than puppeteer's 30 s to print its
  // WebDriver endpoint: wait longer, and start once more with a fresh profile if it still does not come.
  const launch = (attempt: number) =>
    puppeteer.launch({
      browser: "firefox",
      executablePath,
      timeout: 40_000,
      headless: options.headless ?? true,
      userDataDir: path.join(root, attempt === 0 ? "profile" : `profile-${attempt}`),
      env: {
        ...process.env,
        HOME: root,
        TMPDIR: root,
        // Lets WebDriver navigate a tab to a moz-extension:// page (refused otherwise since Firefox 140).
        MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: "1",
      },
      extraPrefsFirefox: {
        "extensions.webextensions.uuids": JSON.stringify({ [addonId]: EXTENSION_UUID }),
        // An optional permission asked for during a click is granted without the prompt a test cannot click.
        "extensions.webextOptionalPermissionPrompts": false,
        "intl.locale.requested": "en-US",
        ...(proxy
          ? {
              "network.proxy.type": 1,
              "network.proxy.http": "127.0.0.1",
              "network.proxy.http_port": proxy.port,
              // Loopback (the sandbox API) stays direct: Firefox does not send it through a proxy by default.
              "network.proxy.allow_hijacking_localhost": false,
            }
          : {}),
      },
    });
  const firefox = await launch(0).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === "TimeoutError")) throw error;
    return launch(1);
  });
  await firefox.installExtension(extensionPath);
  // Firefox ESR 140.12 refuses a new tab after some pages were closed ("TabManager.getTabBrowser(...) is
  // undefined": the window it would open the tab in is gone); a new window then takes the page.
  const newPage = () =>
    firefox.newPage().catch((error: unknown) => {
      if (!(error instanceof Error && error.message.includes("getTabBrowser"))) throw error;
      return firefox.newPage({ type: "window" });
    });
  let controlPage: Page | undefined;
  const control = async () => {
    if (!controlPage || controlPage.isClosed()) {
      controlPage = await newPage();
      await gotoExtensionPage(controlPage, `${EXTENSION_ORIGIN}/options.html`);
    }
    return controlPage;
  };
  const inBackground: FirefoxSession["inBackground"] = async (fn, arg) => {
    const page = await control();
    // One expression with the function's text and the argument in it (JSON): `new Function` would be
    // refused by the extension page's content security policy.
    const expression = `(async () => (${fn.toString()})(await browser.runtime.getBackgroundPage(), ${JSON.stringify(arg)}))()`;
    return page.evaluate(expression) as Promise<Awaited<ReturnType<typeof fn>>>;
  };

  const setItems: FirefoxSession["setItems"] = async (items) => {
    const page = await control();
    const request: PrivateStoreRequest = {
      names: { db: PRIVATE_DB, store: PRIVATE_STORE, change: CHANGE_MESSAGE },
      write: items,
    };
    // One expression with the data in it (JSON): the page's content security policy refuses `new Function`.
    await page.evaluate(`(${privateStoreInPage.toString()})(${JSON.stringify(request)})`);
  };

  const session: FirefoxSession = {
    browser: firefox,
    setItems,
    async openPage(file) {
      const page = await newPage();
      await gotoExtensionPage(page, `${EXTENSION_ORIGIN}/${file}`);
      return page;
    },
    async openTab(url) {
      const page = await newPage();
      await page.goto(url);
      return page;
    },
    async tabIdOf(url) {
      const id = await inBackground(
        async (background, u) => (await background.browser.tabs.query({ url: u }))[0]?.id,
        url,
      );
      if (id === undefined) throw new Error(`no tab shows ${url}`);
      return id;
    },
    async call(type, ...data) {
      const page = await control();
      const message = { id: Date.now(), type, data: data[0], timestamp: Date.now() };
      const reply = await page.evaluate((m) => browser.runtime.sendMessage(m), message);
      if (!reply || reply.err) throw new Error(`${type} failed: ${JSON.stringify(reply?.err ?? "no reply")}`);
      return reply.res;
    },
    inBackground,
    async restartBackground() {
      await inBackground((background) => void Object.assign(background, { replacedByRestart: true }), null);
      const page = await control();
      // The reload closes every extension page, this one too, so it is not awaited.
      await page.evaluate(() => void setTimeout(() => browser.runtime.reload(), 50));
      controlPage = undefined;
      const deadline = Date.now() + 20_000;
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        // A page opened while the extension reloads may be closed under us: try again.
        const fresh = await inBackground(
          (background) => !("replacedByRestart" in background) && "calltouchTagger" in background,
          null,
        ).catch(() => false);
        if (fresh) return;
        controlPage = undefined;
        if (Date.now() > deadline) throw new Error("the background page did not come back");
      }
    },
    async close() {
      await firefox.close();
      proxy?.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return session;
}
