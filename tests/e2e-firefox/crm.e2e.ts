/**
 * The popup and the context menu in Firefox on the amoCRM fixture card, served under its real host name
 * (`acme.amocrm.ru`, through the harness's host proxy) with the sandbox API behind the extension.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Catalogue, Preset } from "../../utils/storage";
import { serveFixtures } from "../e2e/crm-server";
import { inspectSandbox } from "../e2e/sandbox-client";
import { CARD_FIELDS_BODY, expectCardContacts } from "../e2e/send-cases";
import { startSandbox } from "../sandbox/server.mjs";
import { type FirefoxSession, launchFirefoxExtension } from "./harness";
import { button, control, waitForText } from "./query";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const CARD_URL = "http://acme.amocrm.ru/amocrm/leads/detail/24001207";
let sandbox: Sandbox;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
let inspect: ReturnType<typeof inspectSandbox>;
let session: FirefoxSession;

const CATALOGUE: Catalogue = [
  { id: "stage", apiName: "deal_stage", label: "Deal stage", type: "list", options: ["new", "won", "lost"] },
  { id: "revenue", apiName: "revenue", label: "Revenue", type: "number", options: [] },
];

const PRESET: Preset = {
  id: "won",
  name: "Deal won",
  overwrite: true,
  fields: [{ apiName: "deal_stage", value: "won" }],
  matching: [{ type: "leadContact", searchDepth: 262800 }],
};

beforeAll(async () => {
  sandbox = await startSandbox({ token: "tok", siteId: "777" });
  inspect = inspectSandbox(sandbox.url);
  fixtures = await serveFixtures();
  session = await launchFirefoxExtension({
    grantOrigins: [sandbox.url, "http://acme.amocrm.ru"],
    mapHosts: { "*.amocrm.ru": fixtures.port },
  });
  await session.call("saveCredentials", { token: "tok", siteId: "777", apiBaseUrl: sandbox.url });
  await session.setItems({
    catalogue: CATALOGUE,
    presets: [PRESET],
    detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
  });
});

afterAll(async () => {
  await session?.close();
  await sandbox?.close();
  fixtures?.close();
});

beforeEach(async () => {
  await inspect.reset();
});

describe("the popup in Firefox on an amoCRM lead card", () => {
  it("shows the card's contacts, sends the filled fields, and shows what Calltouch matched", async () => {
    await session.openTab(CARD_URL);
    const tabId = await session.tabIdOf(CARD_URL);
    const popup = await session.openPage(`popup.html?tabId=${tabId}`);

    const card = await control(popup, "+7 915 777-11-22");
    expect(await card.evaluate((box) => box.checked)).toBe(true);
    expect(await (await control(popup, "i.petrov@stroymarket.ru")).evaluate((box) => box.checked)).toBe(true);
    // The company's own line is on the ignore list: never offered.
    expect(await popup.evaluate(() => document.body.textContent?.includes("8 800 555-35-35"))).toBe(false);

    // Keep only the first phone, as a user narrowing the lead down would.
    const others = await popup.$$("input[type=checkbox]:checked");
    for (const box of others) {
      const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "");
      if (!label.includes("+7 915 777-11-22")) await box.click();
    }
    await (await control(popup, "Deal stage")).select("won");
    const revenue = await control(popup, "Revenue");
    await revenue.type("1 250 000,50");
    await (await button(popup, "Send to Calltouch")).click();

    await waitForText(popup, /call 1001/);
    const [request, ...more] = await inspect.requests();
    expect(more).toHaveLength(0);
    expect(request?.body).toEqual(CARD_FIELDS_BODY);
  });
});

describe("the context menu in Firefox", () => {
  /** Clicks a preset through the background page's handler, as Firefox's `menus.onClicked` listener would. */
  const clickMenu = (click: { menuItemId: string; selectionText?: string }, tabId?: number) =>
    session.inBackground(
      (background, { click, tabId }) => background.calltouchTagger.handleMenuClick(click, tabId),
      { click, tabId },
    );

  it("applies a preset to the selected phone and reports what Calltouch wrote", async () => {
    const notice = await clickMenu({ menuItemId: "preset:won", selectionText: "+7 (915) 777-11-22" });
    expect(notice).toEqual({ title: "Deal won: +79157771122", message: "Written to call 1001." });
    const [request] = await inspect.requests();
    expect(request?.body).toEqual({
      leads: [
        {
          matching: [
            { type: "leadContact", leadContactParams: { phones: ["79157771122"], searchDepth: 262800 } },
          ],
          addCustomFields: { overwrite: true, customFields: [{ field: "deal_stage", value: "won" }] },
        },
      ],
    });
  });

  it("falls back to the open card's contacts when nothing is selected", async () => {
    const page = await session.openTab(`${CARD_URL}?menu`);
    const tabId = await session.tabIdOf(`${CARD_URL}?menu`);
    await clickMenu({ menuItemId: "preset:won" }, tabId);
    await page.close();
    const [request] = await inspect.requests();
    expectCardContacts(request);
  });
});
