/**
 * The layout at the sizes people see, in English and Russian: the popup at 400×600 (the most Chrome shows
 * of a popup) over an amoCRM card with two contacts and three custom fields, and the pages at 1280×800.
 * Send must be on the popup's first screen, and no screen may scroll sideways: neither the popup after a
 * send (its queue counts), nor the options, the bulk page with a finished import or the history with rows.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../sandbox/server.mjs";
import { serveFixtures } from "./crm-server";
import { inspectSandbox, waitFor } from "./sandbox-client";
import {
  CARD_OTHER_PHONES,
  CARD_PHONE,
  COMPANY_NUMBERS,
  catalogueFor,
  LOCALES,
  type Locale,
  message,
  PAGE_SIZE,
  POPUP_SIZE,
  type Scene,
  startScene,
} from "./scene";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
/** Enough for a page of history rows; few, so that the import takes a second. */
const BULK_ROWS = 8;

let sandbox: Sandbox;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;

beforeAll(async () => {
  sandbox = await startSandbox({ generated: BULK_ROWS });
  fixtures = await serveFixtures();
});

afterAll(async () => {
  await sandbox?.close();
  fixtures?.close();
});

/** Three fields: a list, a number and a text (the bulk import fills the name and the revenue). */
const threeFields = (locale: Locale) => catalogueFor(locale).filter((field) => field.id !== "product");

/**
 * What makes `page` scroll sideways: [] when it does not, else the document's widths and the elements
 * whose right edge passes the viewport (the deepest ones: their parents only carry them).
 */
function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const wide = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5,
    );
    const deepest = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    return [
      `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`,
      ...deepest.slice(0, 5).map((el) => {
        const classes = el.getAttribute("class") ? `.${el.getAttribute("class")?.split(" ").join(".")}` : "";
        return `${el.tagName.toLowerCase()}${classes} right=${Math.round(el.getBoundingClientRect().right)}`;
      }),
    ];
  });
}

describe.each(LOCALES)("the layout in %s", (locale) => {
  let scene: Scene;

  beforeAll(async () => {
    // A fresh cabinet per language: values already written are kept without overwrite.
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
    scene = await startScene({
      locale,
      sandboxUrl: sandbox.url,
      fixturesPort: fixtures.port,
      catalogue: threeFields(locale),
      myNumbers: [...COMPANY_NUMBERS, ...CARD_OTHER_PHONES],
    });
  });

  afterAll(async () => {
    await scene?.close();
  });

  it("shows Send on the popup's first 600 px", async () => {
    const { tabId } = await scene.openCard();
    const popup = await scene.openPopup(tabId);
    // The scene as described: the card's two contacts and the three fields.
    expect(await popup.getByRole("checkbox", { name: /^\+7 |@/ }).count()).toBe(2);
    await expect.poll(() => popup.getByRole("checkbox", { name: CARD_PHONE }).isChecked()).toBe(true);
    for (const field of scene.catalogue) expect(await popup.getByLabel(field.label).count()).toBe(1);

    const box = await popup.getByRole("button", { name: message(locale, "popupSend") }).boundingBox();
    const bottom = (box?.y ?? 0) + (box?.height ?? 0);
    console.log(
      `layout(${locale}): Send at y=${Math.round(box?.y ?? -1)}–${Math.round(bottom)} of a ${POPUP_SIZE.height} px popup`,
    );
    expect(await popup.evaluate(() => window.scrollY)).toBe(0);
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(POPUP_SIZE.height);
    await popup.close();
  });

  it("does not scroll the popup sideways, with the queue's count in its footer and after a send", async () => {
    const { tabId } = await scene.openCard();
    // A lead tagged from the context menu waits in the queue (Calltouch answers late), so the popup's
    // footer carries the queue's count: 529 px wide in Russian in the issue.
    await inspectSandbox(sandbox.url).fault("delay", 1, 5_000);
    const tagged = scene.tagFromMenu(tabId, "+7 999 000-00-01");
    await waitFor(
      async () => {
        const { counts } = await scene.session.call("getQueueStatus");
        return counts.queued + counts.sending > 0 ? true : undefined;
      },
      10_000,
      "the menu's lead in the queue",
    );
    try {
      const popup = await scene.openPopup(tabId);
      await popup.getByText(message(locale, "popupQueueWaiting", "1")).waitFor();
      expect(await popup.evaluate(() => window.innerWidth)).toBe(POPUP_SIZE.width);
      expect(await sideways(popup)).toEqual([]);

      await scene.fillPopup(popup);
      await scene.sendFromPopup(popup);
      expect(await sideways(popup)).toEqual([]);
    } finally {
      // The next tests need an idle queue.
      await tagged;
    }
  });

  it("does not scroll the options page sideways", async () => {
    const options = await scene.openPage("options.html");
    // Loaded: the stored settings are in the form.
    await expect.poll(() => options.getByLabel(message(locale, "siteIdLabel")).inputValue()).toBe("12345");
    expect(await options.evaluate(() => window.innerWidth)).toBe(PAGE_SIZE.width);
    expect(await sideways(options)).toEqual([]);
  });

  it("does not scroll the bulk page with a finished import, nor the history with its rows, sideways", async () => {
    const bulk = await scene.finishBulkImport(BULK_ROWS);
    expect(await sideways(bulk)).toEqual([]);

    const history = await scene.openPage("lead-history.html");
    // A header row and the import's rows.
    await history.getByRole("row").nth(BULK_ROWS).waitFor();
    expect(await sideways(history)).toEqual([]);
  });
});
