// `npm run store:screenshots`: the store listings' screenshots, 1280×800, in English and Russian, taken on
// the demo path (the built extension in headless Chromium against the sandbox API, the amoCRM fixture card
// under its real host name): the popup over a lead card, the options, a finished bulk import and the
// history. Saved to .output/store/screenshots/<locale>/. `--no-build` uses the current .output/chrome-mv3-dev.
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { serveFixtures } from "../tests/e2e/crm-server";
import { type ExtensionSession, launchExtension } from "../tests/e2e/harness";
import { generateLeadsCsv } from "../tests/fixtures/csv/generate";
import { startSandbox } from "../tests/sandbox/server.mjs";
import type { Background } from "../utils/background/service";
import type { Catalogue, Preset } from "../utils/storage";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { build: true, out: ".output/store/screenshots" });
const ROOT = path.resolve(import.meta.dirname, "..");
const SIZE = { width: 1280, height: 800 };
const POPUP = { width: 400, height: 740 };
const CARD_URL = "http://acme.amocrm.ru/amocrm/leads/detail/24001207";
const BULK_ROWS = 48;
const LOCALES = ["en", "ru"] as const;
type Locale = (typeof LOCALES)[number];
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
const log = (...parts: unknown[]) => console.log("[store:screenshots]", ...parts);

/** A UI string as the extension shows it in `locale` (the buttons are found by their words). */
function message(locale: Locale, key: string, ...substitutions: string[]): string {
  const file = path.join(ROOT, "public/_locales", locale, "messages.json");
  const entry = JSON.parse(readFileSync(file, "utf8"))[key] as {
    message: string;
    placeholders?: Record<string, { content: string }>;
  };
  return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
    return substitutions[Number(content.slice(1)) - 1] ?? "";
  });
}

/** The user's own data, as a Russian or an English team would have typed it. */
function catalogueFor(locale: Locale): Catalogue {
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

async function openSized(session: ExtensionSession, file: string): Promise<Page> {
  const page = await session.openPage(file);
  await page.setViewportSize(SIZE);
  return page;
}

async function shoot(page: Page, dir: string, name: string): Promise<void> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`saved ${path.relative(ROOT, file)}`);
}

/** The popup as the browser shows it: its picture over the lead card, under the toolbar button. */
async function popupOverCard(crm: Page, popup: Page): Promise<void> {
  const picture = (await popup.screenshot({ clip: { x: 0, y: 0, ...POPUP } })).toString("base64");
  await crm.evaluate(
    ({ picture, width }) => {
      const img = document.createElement("img");
      img.src = `data:image/png;base64,${picture}`;
      img.style.cssText = `position:fixed;top:8px;right:16px;width:${width}px;z-index:2147483647;border:1px solid #c7c7c7;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28)`;
      document.body.append(img);
      return img.decode();
    },
    { picture, width: POPUP.width },
  );
}

async function takeLocale(locale: Locale, sandboxUrl: string, fixturesPort: number): Promise<void> {
  const dir = path.resolve(args.out, locale);
  await mkdir(dir, { recursive: true });
  // Each language starts from a fresh cabinet: the other's values would be kept (no overwrite), and a
  // request whose every lead is refused the same way pauses the queue.
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: "POST" });
  const session = await launchExtension({
    grantOrigins: [sandboxUrl, "http://acme.amocrm.ru"],
    args: [`--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${fixturesPort}`],
    lang: locale,
  });
  try {
    await session.call("saveCredentials", {
      token: "sandbox-token",
      siteId: "12345",
      apiBaseUrl: sandboxUrl,
    });
    const worker = await session.worker();
    // Settings live in the extension's private store, as the options page writes them.
    await session.setItems({
      catalogue: catalogueFor(locale),
      presets: presetsFor(locale),
      detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
    });

    // 1. The popup over the amoCRM card, its fields filled in.
    const crm = await session.context.newPage();
    await crm.setViewportSize(SIZE);
    await crm.goto(CARD_URL);
    // The fixture card is bare markup (it exists for the detector's tests): dressed a little for the picture.
    await crm.addStyleTag({ content: CARD_STYLE });
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, CARD_URL);
    const popup = await session.openPage(`popup.html?tabId=${tabId}`);
    await popup.setViewportSize(POPUP);
    await popup.getByRole("checkbox", { name: "+7 915 777-11-22" }).waitFor();
    const catalogue = catalogueFor(locale);
    await popup.getByLabel(catalogue[0]?.label ?? "").selectOption(catalogue[0]?.options[1] ?? "");
    await popup.getByLabel(catalogue[1]?.label ?? "").fill("1 250 000");
    await popupOverCard(crm, popup);
    await shoot(crm, dir, "1-popup-on-crm-card");
    // Sent, so that the history has the popup's lead too.
    await popup.getByRole("button", { name: message(locale, "popupSend") }).click();
    await popup.getByText(/1001/).first().waitFor({ timeout: 20_000 });
    await worker.evaluate(async (id) => {
      const background = (globalThis as unknown as { calltouchTagger: Background }).calltouchTagger;
      await background.handleMenuClick({ menuItemId: "preset:won", selectionText: "+7 916 123-45-67" }, id);
    }, tabId);

    // 2. A finished bulk import of a CRM export.
    const csv = generateLeadsCsv({ rows: BULK_ROWS, invalidEvery: 0, tagsEvery: 6, commentEvery: 8 });
    const bulk = await openSized(session, "bulk.html");
    await bulk
      .getByLabel(message(locale, "bulkFileLabel"))
      .setInputFiles({ name: "amocrm-export.csv", mimeType: "text/csv", buffer: csv.bytes });
    const roles: Record<string, string> = {
      Имя: "field:name",
      Телефон: "phone",
      Выручка: "field:revenue",
      Дата: "date",
      Теги: "tags",
      Комментарий: "comment",
    };
    for (const header of csv.headers) {
      await bulk.getByRole("combobox", { name: header, exact: true }).selectOption(roles[header] ?? "");
    }
    // 48 takes the "many" form in Russian ("Отправить 48 строк") and the plural in English.
    await bulk.getByRole("button", { name: message(locale, "bulkStartMany", String(BULK_ROWS)) }).click();
    await bulk.getByRole("button", { name: message(locale, "bulkDownload") }).waitFor({ timeout: 60_000 });
    await shoot(bulk, dir, "3-bulk-import");

    // 3. The history of everything sent, and the options with the usage.
    const history = await openSized(session, "lead-history.html");
    await history.getByRole("row").nth(12).waitFor();
    await history.locator("#history-heading").evaluate((heading) => heading.scrollIntoView());
    await shoot(history, dir, "4-history");
    const options = await openSized(session, "options.html");
    await options.waitForLoadState("networkidle");
    // The user's custom fields and presets (the connection card above shows the sandbox's address).
    await options
      .locator("section.card")
      .nth(1)
      .evaluate((card) => card.scrollIntoView());
    await shoot(options, dir, "2-options");
  } finally {
    await session.close();
  }
}

if (args.build && (await run("npx", BUILD_DEV)) !== 0) process.exit(1);
const sandbox = await startSandbox({ generated: BULK_ROWS });
const fixtures = await serveFixtures();
try {
  for (const locale of LOCALES) await takeLocale(locale, sandbox.url, fixtures.port);
} finally {
  await sandbox.close();
  fixtures.close();
}
