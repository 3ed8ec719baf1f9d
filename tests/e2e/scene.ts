/**
 * The demo scene that `npm run demo -- --headless`, `npm run store:screenshots` and the layout e2e test share:
 * the built extension in one UI language, connected to the sandbox API, with the user's catalogue, a preset
 * and "my numbers", the amoCRM fixture card under its real host name, and the steps that fill the pages
 * (a send from the popup, a finished bulk import) so that no screen is empty.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import type { Background } from "../../utils/background/service";
import type { Catalogue, Preset } from "../../utils/storage";
import { generateLeadsCsv, HEADER_ROLES } from "../fixtures/csv/generate";
import { type ExtensionSession, launchExtension } from "./harness";

export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

/** The pages' size in the issue's walk-through and the store listing. */
export const PAGE_SIZE = { width: 1280, height: 800 };
/** The most Chrome shows of a popup. */
export const POPUP_SIZE = { width: 400, height: 600 };
/** The amoCRM fixture card (tests/fixtures/crm/amocrm.html) as the browser asks for it. */
export const CARD_URL = "http://acme.amocrm.ru/amocrm/leads/detail/24001207";
/** The card's first phone: the popup has loaded once it is offered. */
export const CARD_PHONE = "+7 915 777-11-22";
/** The company's own lines on the card: "my numbers", never offered as the lead's. */
export const COMPANY_NUMBERS = ["8 800 555-35-35", "+74951203535"];
/** With these on "my numbers" too, the card offers two contacts: its first phone and the email. */
export const CARD_OTHER_PHONES = [
  "+7 916 123-45-67",
  "+7 495 640-12-34",
  "+7 926 111-22-33",
  "+7 903 222-33-44",
  "+7 926 444-55-66",
];

// The fixture card is bare markup (it exists for the detector's tests): dressed a little for pictures.
const CARD_STYLE = `
  body { margin: 0; background: #eef1f5; font: 14px/1.45 system-ui, sans-serif; color: #1f2937; }
  .nav__menu { position: fixed; inset: 0 auto 0 0; width: 76px; background: #1e3a5f; padding-top: 12px; }
  .nav__menu__item { display: block; color: #cbd5e1; font-size: 11px; text-align: center; padding: 10px 4px; text-decoration: none; }
  .nav__menu__item_active { color: #fff; background: #2d5282; }
  #page_holder { margin-left: 76px; }
  .card-holder__fields { width: 360px; background: #fff; min-height: 100vh; padding: 16px 20px; box-sizing: border-box; }
  .card-fields__top-name { font-size: 18px; font-weight: 600; }
  .card-fields__top-info { color: #64748b; font-size: 12px; margin-bottom: 8px; }
  .linked-form__field { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
  .linked-form__field__label { width: 110px; color: #64748b; font-size: 12px; }
  input, textarea { font: inherit; border: 0; border-bottom: 1px solid #e2e8f0; padding: 2px 0; width: 200px; }
  .linked-form { border-top: 1px solid #e2e8f0; margin-top: 10px; padding-top: 8px; }
  .card-holder__feed { flex: 1; padding: 16px 24px; }
  .feed-note-wrapper { background: #fff; border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; max-width: 360px; }
  .feed-note__date { color: #64748b; font-size: 12px; }
  .widgets-sidebar, .modal { display: none; }
`;

const LOCALES_DIR = path.resolve(import.meta.dirname, "../../public/_locales");

/** A UI string as the extension shows it in `locale` (buttons are found by their words). */
export function message(locale: Locale, key: string, ...substitutions: string[]): string {
  const file = path.join(LOCALES_DIR, locale, "messages.json");
  const entry = JSON.parse(readFileSync(file, "utf8"))[key] as
    | { message: string; placeholders?: Record<string, { content: string }> }
    | undefined;
  if (!entry) throw new Error(`no message ${key} in ${locale}`);
  return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
    return substitutions[Number(content.slice(1)) - 1] ?? "";
  });
}

/** A counted string (`bulkStartOne`…`bulkStartOther`), in the plural form `locale` uses for `count`. */
export function countedMessage(locale: Locale, key: string, count: number): string {
  const form = new Intl.PluralRules(locale).select(count);
  return message(locale, `${key}${form[0]?.toUpperCase()}${form.slice(1)}`, String(count));
}

/** The user's custom fields, as a Russian or an English team would have typed them. */
export function catalogueFor(locale: Locale): Catalogue {
  const ru = locale === "ru";
  return [
    {
      id: "stage",
      apiName: "deal_stage",
      label: ru ? "Этап сделки" : "Deal stage",
      type: "list",
      options: ru ? ["новая", "выиграна", "проиграна"] : ["new", "won", "lost"],
    },
    { id: "revenue", apiName: "revenue", label: ru ? "Выручка" : "Revenue", type: "number", options: [] },
    { id: "product", apiName: "product", label: ru ? "Продукт" : "Product", type: "text", options: [] },
    { id: "name", apiName: "name", label: ru ? "Имя" : "Name", type: "text", options: [] },
  ];
}

function presetsFor(locale: Locale): Preset[] {
  const ru = locale === "ru";
  return [
    {
      id: "won",
      name: ru ? "Сделка выиграна" : "Deal won",
      overwrite: true,
      fields: [{ apiName: "deal_stage", value: ru ? "выиграна" : "won" }],
      matching: [{ type: "leadContact" }],
    },
  ];
}

export interface SceneOptions {
  locale: Locale;
  /** The sandbox API (its default token and SiteId are saved). */
  sandboxUrl: string;
  /** The port of tests/e2e/crm-server.ts, which answers for every *.amocrm.ru host. */
  fixturesPort: number;
  /** Default `catalogueFor(locale)`. */
  catalogue?: Catalogue;
  /** "My numbers"; default the company's lines on the card. */
  myNumbers?: string[];
  /** Default true; the interactive demo opens a window. */
  headless?: boolean;
}

export interface Scene {
  session: ExtensionSession;
  locale: Locale;
  catalogue: Catalogue;
  /** The amoCRM card in a 1280×800 tab and that tab's id (the popup is opened for it). */
  openCard(options?: { dressed?: boolean }): Promise<{ crm: Page; tabId: number }>;
  /** The popup for `tabId` at `size` (default 400×600), once it offers the card's first phone. */
  openPopup(tabId: number, size?: { width: number; height: number }): Promise<Page>;
  /** An extension page (`options.html`) at 1280×800. */
  openPage(file: string): Promise<Page>;
  /** Fills the popup's first two fields (stage "won", revenue) as a user would. */
  fillPopup(popup: Page): Promise<void>;
  /** Sends the filled popup and waits for Calltouch's answer (the sandbox's call 1001). */
  sendFromPopup(popup: Page): Promise<void>;
  /** Tags a phone with the "Deal won" preset, as the context menu does. */
  tagFromMenu(tabId: number, phone: string): Promise<string | undefined>;
  /** Imports a generated CRM export of `rows` rows on the bulk page and waits until it has finished. */
  finishBulkImport(rows: number): Promise<Page>;
  close(): Promise<void>;
}

/** Launches the extension in `locale`, connected to the sandbox, with the user's settings stored. */
export async function startScene(options: SceneOptions): Promise<Scene> {
  const { locale } = options;
  const catalogue = options.catalogue ?? catalogueFor(locale);
  const session = await launchExtension({
    grantOrigins: [options.sandboxUrl, "http://acme.amocrm.ru"],
    args: [`--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${options.fixturesPort}`],
    headless: options.headless,
    lang: locale,
  });
  try {
    const saved = await session.call("saveCredentials", {
      token: "sandbox-token",
      siteId: "12345",
      apiBaseUrl: options.sandboxUrl,
    });
    if (!saved.ok) throw new Error(`could not connect the extension: ${JSON.stringify(saved.errors)}`);
    await session.setItems({
      catalogue,
      presets: presetsFor(locale),
      detection: { region: "RU", ignore: options.myNumbers ?? COMPANY_NUMBERS, enabledSites: [] },
    });
  } catch (error) {
    await session.close();
    throw error;
  }
  const openPage = async (file: string) => {
    const page = await session.openPage(file);
    await page.setViewportSize(PAGE_SIZE);
    return page;
  };

  return {
    session,
    locale,
    catalogue,
    async openCard({ dressed = false } = {}) {
      const crm = await session.context.newPage();
      await crm.setViewportSize(PAGE_SIZE);
      await crm.goto(CARD_URL);
      if (dressed) await crm.addStyleTag({ content: CARD_STYLE });
      const worker = await session.worker();
      const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, CARD_URL);
      if (tabId === undefined) throw new Error("the card's tab is not found");
      return { crm, tabId };
    },
    async openPopup(tabId, size = POPUP_SIZE) {
      const popup = await session.context.newPage();
      // Sized before it loads: Chrome lays the popup out at its width from the start.
      await popup.setViewportSize(size);
      await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tabId=${tabId}`);
      await popup.getByRole("checkbox", { name: CARD_PHONE }).waitFor();
      return popup;
    },
    openPage,
    async fillPopup(popup) {
      const [stage, revenue] = catalogue;
      if (!stage || !revenue) throw new Error("the scene's catalogue needs a list and a number field");
      await popup.getByLabel(stage.label).selectOption(stage.options[1] ?? "");
      await popup.getByLabel(revenue.label).fill("1 250 000");
    },
    async sendFromPopup(popup) {
      await popup.getByRole("button", { name: message(locale, "popupSend") }).click();
      await popup.getByText(/1001/).first().waitFor({ timeout: 20_000 });
    },
    async tagFromMenu(tabId, phone) {
      const worker = await session.worker();
      const notice = await worker.evaluate(
        async ({ tabId, phone }) => {
          const background = (globalThis as unknown as { calltouchTagger: Background }).calltouchTagger;
          return background.handleMenuClick({ menuItemId: "preset:won", selectionText: phone }, tabId);
        },
        { tabId, phone },
      );
      return notice?.message;
    },
    async finishBulkImport(rows) {
      const csv = generateLeadsCsv({ rows, invalidEvery: 0, tagsEvery: 6, commentEvery: 8 });
      const bulk = await openPage("bulk.html");
      await bulk
        .getByLabel(message(locale, "bulkFileLabel"))
        .setInputFiles({ name: "amocrm-export.csv", mimeType: "text/csv", buffer: csv.bytes });
      for (const header of csv.headers) {
        await bulk
          .getByRole("combobox", { name: header, exact: true })
          .selectOption(HEADER_ROLES[header] ?? "");
      }
      await bulk.getByRole("button", { name: countedMessage(locale, "bulkStart", rows) }).click();
      await bulk.getByRole("button", { name: message(locale, "bulkDownload") }).waitFor({ timeout: 60_000 });
      return bulk;
    },
    close: () => session.close(),
  };
}

/** Lays the popup's picture over the card, under the toolbar button, as the browser shows it. */
export async function popupOverCard(
  crm: Page,
  popup: Page,
  size: { width: number; height: number } = POPUP_SIZE,
): Promise<void> {
  const picture = (await popup.screenshot({ clip: { x: 0, y: 0, ...size } })).toString("base64");
  await crm.evaluate(
    ({ picture, width }) => {
      const img = document.createElement("img");
      img.src = `data:image/png;base64,${picture}`;
      img.style.cssText = `position:fixed;top:8px;right:16px;width:${width}px;z-index:2147483647;border:1px solid #c7c7c7;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28)`;
      document.body.append(img);
      return img.decode();
    },
    { picture, width: size.width },
  );
}
