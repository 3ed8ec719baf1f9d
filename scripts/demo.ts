// `npm run demo`: builds the extension, starts the sandbox API with its seeded leads and opens Chromium
// with the extension already pointed at the sandbox. `--headless` walks the same path by itself and
// saves a screenshot of each screen to demo-screenshots/.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchExtension } from "../tests/e2e/harness";
import { startSandbox } from "../tests/sandbox/server.mjs";
import type { Catalogue } from "../utils/storage";
import { parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { headless: false, port: 8787, out: "demo-screenshots" });
const log = (...parts: unknown[]) => console.log("[demo]", ...parts);

log("building the extension");
if ((await run("npx", ["wxt", "build"])) !== 0) process.exit(1);

const sandbox = await startSandbox({ port: args.port, log: !args.headless }).catch(() =>
  startSandbox({ port: 0 }),
);
log(`sandbox API at ${sandbox.url} (token sandbox-token, SiteId 12345)`);

const session = await launchExtension({ grantOrigins: [sandbox.url], headless: args.headless });
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
await worker.evaluate(
  (value) => chrome.storage.local.set({ catalogue: value, catalogue$: { v: 2 } }),
  catalogue,
);

const options = await session.openPage("options.html");
if (!args.headless) {
  log("Chromium is open with the extension set up. Press Ctrl+C to stop.");
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
  const sent = await session.call("enqueue", {
    source: "test",
    jobId: "demo",
    ops: [
      {
        label: "+7 915 777-11-22",
        operation: {
          method: "customFields",
          item: {
            matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
            addCustomFields: { overwrite: true, customFields: [{ field: "deal_stage", value: "won" }] },
          },
        },
      },
    ],
  });
  if (!sent.ok) throw new Error(sent.error);
  let job = await session.call("getJob", { jobId: "demo" });
  while (job.some((op) => op.state === "queued" || op.state === "sending")) {
    await new Promise((r) => setTimeout(r, 100));
    job = await session.call("getJob", { jobId: "demo" });
  }
  log(
    `lead ${job[0]?.label}: ${job[0]?.state}, matched ${job[0]?.result?.matchedType} ${job[0]?.result?.callInfo?.callId ?? ""}`,
  );
  await options.reload();
  await options.waitForLoadState("networkidle");
  await shot(options, "02-options-after-send");
}
await session.close();
await sandbox.close();
