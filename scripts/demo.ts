// `npm run demo`: builds the extension, starts the sandbox API with its seeded leads and opens Chromium
// with the extension already pointed at the sandbox. `--headless` walks the same path by itself and
// saves a screenshot of each screen to demo-screenshots/.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { serveFixtures } from "../tests/e2e/crm-server";
import { launchExtension } from "../tests/e2e/harness";
import { startSandbox } from "../tests/sandbox/server.mjs";
import type { Background } from "../utils/background/service";
import type { Catalogue, Preset } from "../utils/storage";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { headless: false, port: 8787, out: "demo-screenshots" });
const log = (...parts: unknown[]) => console.log("[demo]", ...parts);

log("building the extension");
if ((await run("npx", BUILD_DEV)) !== 0) process.exit(1);

const sandbox = await startSandbox({ port: args.port, log: !args.headless }).catch(() =>
  startSandbox({ port: 0 }),
);
log(`sandbox API at ${sandbox.url} (token sandbox-token, SiteId 12345)`);

// The fixture amoCRM card, served under its real host name, so the popup and the menu have a lead to show.
const fixtures = await serveFixtures();
const crmUrl = "http://demo.amocrm.ru/amocrm/leads/detail/24001207";
const session = await launchExtension({
  grantOrigins: [sandbox.url, "http://demo.amocrm.ru"],
  headless: args.headless,
  args: [`--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${fixtures.port}`],
});
const saved = await session.call("saveCredentials", {
  token: "sandbox-token",
  siteId: "12345",
  apiBaseUrl: sandbox.url,
});
if (!saved.ok) throw new Error(`could not set up the extension: ${JSON.stringify(saved.errors)}`);
const catalogue: Catalogue = [
  {
    id: "deal_stage",
    apiName: "deal_stage",
    label: "Deal stage",
    type: "list",
    options: ["new", "won", "lost"],
  },
  { id: "product", apiName: "product", label: "Product", type: "text", options: [] },
  { id: "revenue", apiName: "revenue", label: "Revenue", type: "number", options: [] },
  { id: "birthday", apiName: "birthday", label: "Birthday", type: "date", options: [] },
];
const worker = await session.worker();
const presets: Preset[] = [
  {
    id: "won",
    name: "Deal won",
    overwrite: true,
    fields: [{ apiName: "deal_stage", value: "won" }],
    matching: [{ type: "leadContact" }],
  },
];
await session.setItems({
  catalogue,
  presets,
  detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
});
const crm = await session.context.newPage();
await crm.goto(crmUrl);

const options = await session.openPage("options.html");
if (!args.headless) {
  log(`Chromium is open with the extension set up and an amoCRM lead card at ${crmUrl}:`);
  log(
    "click the extension's toolbar button on that tab, or right-click a phone → Tag this lead. Ctrl+C stops.",
  );
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
} else {
  const out = path.resolve(args.out);
  await mkdir(out, { recursive: true });
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    log(`saved ${path.join(args.out, `${name}.png`)}`);
  };
  await options.waitForLoadState("networkidle");
  await shot(options, "01-options");
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, crmUrl);
  await shot(crm, "02-crm-lead-card");
  const popup = await session.openPage(`popup.html?tabId=${tabId}`);
  await popup.setViewportSize({ width: 420, height: 900 });
  await popup.getByRole("checkbox", { name: "+7 915 777-11-22" }).waitFor();
  await shot(popup, "03-popup-contacts");
  await popup.getByLabel("Deal stage").selectOption("won");
  await popup.getByLabel("Revenue").fill("1 250 000");
  await popup.getByRole("button", { name: "Send to Calltouch" }).click();
  await popup
    .getByText(/call \d+/)
    .first()
    .waitFor({ timeout: 20_000 });
  await shot(popup, "04-popup-result");
  const notice = await worker.evaluate(async (id) => {
    const background = (globalThis as unknown as { calltouchTagger: Background }).calltouchTagger;
    return background.handleMenuClick({ menuItemId: "preset:won", selectionText: "+7 916 123-45-67" }, id);
  }, tabId);
  log(`context menu → preset "Deal won" on +7 916 123-45-67: ${notice?.message}`);
  await options.reload();
  await options.waitForLoadState("networkidle");
  await shot(options, "05-options-after-send");
}
await session.close();
await sandbox.close();
fixtures.close();
