// `npm run demo`: builds the extension, starts the sandbox API with its seeded leads and opens Chromium
// with the extension already pointed at the sandbox, over the amoCRM fixture card (`--lang ru` for the
// Russian UI). `--headless` takes the scene by itself in English and Russian: a popup send, a context-menu
// tag and a finished bulk import, then the popup at 400×600 and every page at 1280×800 saved to
// demo-screenshots/<locale>-<screen>.png; it prints the files and exits.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { serveFixtures } from "../tests/e2e/crm-server";
import { CARD_URL, LOCALES, type Locale, popupOverCard, startScene } from "../tests/e2e/scene";
import { startSandbox } from "../tests/sandbox/server.mjs";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), {
  headless: false,
  port: 8787,
  out: "demo-screenshots",
  lang: "en",
});
const log = (...parts: unknown[]) => console.log("[demo]", ...parts);
/** Rows of the demo's bulk import; the sandbox's cabinet holds a lead for each. */
const BULK_ROWS = 24;

if (!LOCALES.includes(args.lang)) throw new Error(`--lang must be one of ${LOCALES.join(", ")}`);
log("building the extension");
if ((await run("npx", BUILD_DEV)) !== 0) process.exit(1);

const sandbox = await startSandbox({ port: args.port, log: !args.headless, generated: BULK_ROWS }).catch(() =>
  startSandbox({ port: 0, generated: BULK_ROWS }),
);
log(`sandbox API at ${sandbox.url} (token sandbox-token, SiteId 12345)`);
// The fixture amoCRM card, served under its real host name, so the popup and the menu have a lead to show.
const fixtures = await serveFixtures();
try {
  if (args.headless) {
    const files: string[] = [];
    for (const locale of LOCALES) files.push(...(await shoot(locale)));
    log(`${files.length} screenshots:`);
    for (const file of files) console.log(file);
  } else {
    await interactive(args.lang as Locale);
  }
} finally {
  await sandbox.close();
  fixtures.close();
}

async function interactive(locale: Locale): Promise<void> {
  const scene = await startScene({
    locale,
    sandboxUrl: sandbox.url,
    fixturesPort: fixtures.port,
    headless: false,
  });
  await scene.openCard();
  await scene.openPage("options.html");
  log(`Chromium is open with the extension set up and an amoCRM lead card at ${CARD_URL}:`);
  log(
    "click the extension's toolbar button on that tab, or right-click a phone → Tag this lead. Ctrl+C stops.",
  );
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await scene.close();
}

/** Fills the scene in `locale` and saves its screens; resolves with the files written. */
async function shoot(locale: Locale): Promise<string[]> {
  const out = path.resolve(args.out);
  await mkdir(out, { recursive: true });
  // Each language starts from a fresh cabinet: values already written are kept without overwrite, and a
  // request whose every lead is refused the same way pauses the queue.
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
  const scene = await startScene({ locale, sandboxUrl: sandbox.url, fixturesPort: fixtures.port });
  const files: string[] = [];
  const save = async (page: Page, name: string) => {
    const file = path.join(args.out, `${locale}-${name}.png`);
    await page.screenshot({ path: path.resolve(file) });
    files.push(file);
  };
  try {
    const { crm, tabId } = await scene.openCard({ dressed: true });
    // The popup as it opens (Chrome shows its first 600 px), then filled in and sent.
    const popup = await scene.openPopup(tabId);
    await save(popup, "popup");
    await popupOverCard(crm, popup);
    await save(crm, "popup-over-crm");
    await scene.fillPopup(popup);
    await scene.sendFromPopup(popup);
    await save(popup, "popup-sent");
    log(
      `${locale}: context menu → "Deal won" on +7 916 123-45-67: ${await scene.tagFromMenu(tabId, "+7 916 123-45-67")}`,
    );

    await save(await scene.finishBulkImport(BULK_ROWS), "bulk");
    const history = await scene.openPage("lead-history.html");
    await history
      .getByRole("row")
      .nth(BULK_ROWS / 2)
      .waitFor();
    await save(history, "history");
    const options = await scene.openPage("options.html");
    await options.waitForLoadState("networkidle");
    await save(options, "options");
  } finally {
    await scene.close();
  }
  return files;
}
