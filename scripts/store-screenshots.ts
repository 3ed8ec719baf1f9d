// `npm run store:screenshots`: the store listings' screenshots, 1280×800, in English and Russian, taken on
// the demo's scene (tests/e2e/scene.ts: the built extension in headless Chromium against the sandbox API,
// the amoCRM fixture card under its real host name): the popup over a lead card, the options, a finished
// bulk import and the history. Saved to .output/store/screenshots/<locale>/. `--no-build` uses the current
// .output/chrome-mv3-dev.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { serveFixtures } from "../tests/e2e/crm-server";
import { LOCALES, type Locale, popupOverCard, startScene } from "../tests/e2e/scene";
import { startSandbox } from "../tests/sandbox/server.mjs";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { build: true, out: ".output/store/screenshots" });
const ROOT = path.resolve(import.meta.dirname, "..");
/** Taller than Chrome's 600 px: the listing shows the filled fields under the contacts. */
const POPUP = { width: 400, height: 740 };
const BULK_ROWS = 48;
const log = (...parts: unknown[]) => console.log("[store:screenshots]", ...parts);

async function shoot(page: Page, dir: string, name: string): Promise<void> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`saved ${path.relative(ROOT, file)}`);
}

async function takeLocale(locale: Locale, sandboxUrl: string, fixturesPort: number): Promise<void> {
  const dir = path.resolve(args.out, locale);
  await mkdir(dir, { recursive: true });
  // Each language starts from a fresh cabinet: the other's values would be kept (no overwrite), and a
  // request whose every lead is refused the same way pauses the queue.
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: "POST" });
  const scene = await startScene({ locale, sandboxUrl, fixturesPort });
  try {
    // 1. The popup over the amoCRM card, its fields filled in.
    const { crm, tabId } = await scene.openCard({ dressed: true });
    const popup = await scene.openPopup(tabId, POPUP);
    await scene.fillPopup(popup);
    await popup.evaluate(() => window.scrollTo(0, 0));
    await popupOverCard(crm, popup, POPUP);
    await shoot(crm, dir, "1-popup-on-crm-card");
    // Sent, so that the history has the popup's lead too.
    await scene.sendFromPopup(popup);
    await scene.tagFromMenu(tabId, "+7 916 123-45-67");

    // 2. A finished bulk import of a CRM export (48 takes the "many" form in Russian).
    await shoot(await scene.finishBulkImport(BULK_ROWS), dir, "3-bulk-import");

    // 3. The history of everything sent, and the options with the usage.
    const history = await scene.openPage("lead-history.html");
    await history.getByRole("row").nth(12).waitFor();
    await history.locator("#history-heading").evaluate((heading) => heading.scrollIntoView());
    await shoot(history, dir, "4-history");
    const options = await scene.openPage("options.html");
    await options.waitForLoadState("networkidle");
    // The user's custom fields and presets (the connection card above shows the sandbox's address).
    await options
      .locator("section.card")
      .nth(1)
      .evaluate((card) => card.scrollIntoView());
    await shoot(options, dir, "2-options");
  } finally {
    await scene.close();
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
