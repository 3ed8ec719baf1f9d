/**
 * The popup as a new user meets it, at Chrome's popup size (400×600): Send in view without scrolling in
 * English and in Russian, and a draft that stays with its lead.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Catalogue } from "../../utils/storage";
import { startSandbox } from "../sandbox/server.mjs";
import { serveFixtures } from "./crm-server";
import { type ExtensionSession, launchExtension } from "./harness";

const CATALOGUE: Catalogue = [
  { id: "stage", apiName: "deal_stage", label: "Deal stage", type: "list", options: ["new", "won", "lost"] },
  { id: "revenue", apiName: "revenue", label: "Revenue", type: "number", options: [] },
  { id: "product", apiName: "product", label: "Product", type: "text", options: [] },
];

const AMO_LEAD = "http://acme.amocrm.ru/amocrm/leads/detail/24001207";
const BITRIX_DEAL = "http://acme.bitrix24.ru/bitrix24/crm/deal/kanban/";

interface Setting {
  session: ExtensionSession;
  close(): Promise<void>;
}

const open: Setting[] = [];

/**
 * The extension in Chromium speaking `lang`, credentials saved, the catalogue and "my numbers" set. The
 * harness's `lang` passes `--lang` and Playwright's `locale`: that alone makes chrome.i18n answer in
 * Russian (checked with LANGUAGE unset and LANG=C.UTF-8), so no environment variable is needed.
 */
async function start(lang: "en-US" | "ru", latencyMs = 0): Promise<Setting> {
  const sandbox = await startSandbox({ token: "tok", siteId: "777", latency: [latencyMs, latencyMs] });
  const fixtures = await serveFixtures();
  const session = await launchExtension({
    lang,
    grantOrigins: [sandbox.url, "http://acme.amocrm.ru", "http://acme.bitrix24.ru"],
    args: [
      `--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${fixtures.port}, MAP *.bitrix24.ru 127.0.0.1:${fixtures.port}`,
    ],
  });
  await session.call("saveCredentials", { token: "tok", siteId: "777", apiBaseUrl: sandbox.url });
  await session.setItems({
    catalogue: CATALOGUE,
    catalogue$: { v: 2 },
    detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
  });
  const setting = {
    session,
    async close() {
      await session.close();
      await sandbox.close();
      fixtures.close();
    },
  };
  open.push(setting);
  return setting;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((setting) => setting.close()));
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((setting) => setting.close()));
});

/** Opens the CRM page in a tab and the popup for that tab in a 400×600 window, as Chrome shows it. */
async function popupFor(session: ExtensionSession, url: string): Promise<Page> {
  const crm = await session.context.newPage();
  await crm.goto(url);
  const worker = await session.worker();
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

/** True when the element's box lies wholly inside the 400×600 viewport, the page not scrolled. */
async function insideViewport(page: Page, name: string): Promise<boolean> {
  const box = await page.getByRole("button", { name, exact: true }).boundingBox();
  if (!box) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= 400 && box.y + box.height <= 600;
}

/** The widest the page can scroll sideways: 0 when nothing sticks out of the 400 px popup. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("the popup at 400×600", () => {
  it.each([
    {
      lang: "en-US" as const,
      send: "Send to Calltouch",
      contact: "+7 915 777-11-22",
      heading: "Lead's contacts",
    },
    {
      lang: "ru" as const,
      send: "Отправить в Calltouch",
      contact: "+7 915 777-11-22",
      heading: "Контакты лида",
    },
  ])("shows Send without scrolling ($lang)", async ({ lang, send, contact, heading }) => {
    // A slow Calltouch keeps leads in the queue, so that the footer shows its counts (the widest it gets).
    const { session } = await start(lang, 60_000);
    await session.call("enqueue", {
      source: "popup",
      ops: Array.from({ length: 12 }, (_, i) => ({
        label: `lead ${i}`,
        operation: {
          method: "customFields" as const,
          item: {
            matching: [
              { type: "leadContact" as const, leadContactParams: { phones: [`7915777${String(1000 + i)}`] } },
            ],
            addCustomFields: { overwrite: false, customFields: [{ field: "product", value: "Kitchen" }] },
          },
        },
      })),
    });
    const popup = await popupFor(session, AMO_LEAD);
    await expect.poll(() => popup.getByRole("checkbox", { name: contact }).isVisible()).toBe(true);
    expect(await popup.getByRole("heading", { name: heading }).isVisible()).toBe(true);
    // The header names the lead by the page's title.
    expect(await popup.getByRole("heading", { level: 1 }).textContent()).toContain("СтройМаркет");
    await expect.poll(() => insideViewport(popup, send)).toBe(true);
    expect(await popup.evaluate(() => window.scrollY)).toBe(0);
    expect(await sidewaysScroll(popup)).toBe(0);
    const footer = popup.locator(".popup__footer");
    await expect
      .poll(() => footer.textContent())
      .toMatch(lang === "ru" ? /В очереди: 1[12]/ : /In the queue: 1[12]/);
    const width = (await footer.boundingBox())?.width ?? Number.POSITIVE_INFINITY;
    expect(width).toBeLessThanOrEqual(400);
    for (const link of await footer.getByRole("button").all()) {
      const box = await link.boundingBox();
      expect(box && box.x + box.width <= 400).toBe(true);
    }
    await popup.screenshot({ path: `/tmp/popup-ux-${lang}.png` });
  });
});

describe("drafts", () => {
  it("keep to their lead: another lead's popup starts empty, the first lead's draft comes back", async () => {
    const { session } = await start("en-US");
    const amo = await popupFor(session, AMO_LEAD);
    await amo.getByLabel("Product").fill("Kitchen");
    await amo.getByRole("textbox", { name: "Tags" }).fill("test");
    await expect
      .poll(async () => ((await session.getItem("popupDraft")) as { fields?: unknown } | undefined)?.fields)
      .toEqual({ product: "Kitchen" });
    await amo.close();

    const bitrix = await popupFor(session, BITRIX_DEAL);
    await expect
      .poll(() => bitrix.getByRole("checkbox", { name: "+7 915 777-11-22" }).isVisible())
      .toBe(true);
    expect(await bitrix.getByLabel("Product").inputValue()).toBe("");
    expect(await bitrix.getByRole("textbox", { name: "Tags" }).inputValue()).toBe("");
    expect(await bitrix.getByText(/Unsent draft/).count()).toBe(0);
    await bitrix.close();

    const back = await popupFor(session, AMO_LEAD);
    await expect.poll(() => back.getByLabel("Product").inputValue()).toBe("Kitchen");
    expect(await back.getByRole("textbox", { name: "Tags" }).inputValue()).toBe("test");
    expect(await back.getByText(/^Unsent draft from/).isVisible()).toBe(true);
    await back.close();
  });
});
