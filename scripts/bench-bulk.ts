// `npx tsx scripts/bench-bulk.ts [--rows 10000] [--api URL --token T --site-id S]`: the bulk page driven as a
// person does it (a generated Windows-1251 CSV uploaded, columns mapped, invalid rows left out, Send), against
// the sandbox (in its own process) or any Calltouch-compatible server, with the JS heap of the bulk page and of
// the service worker sampled every 200 ms. Last line: JSON with the figures.
import type { CDPSession, Page } from "playwright-core";
import { type ExtensionSession, launchExtension } from "../tests/e2e/harness";
import { generateLeadsCsv, HEADERS } from "../tests/fixtures/csv/generate";
import { spawnSandbox } from "../tests/sandbox/server.mjs";
import { LIMITS } from "../utils/calltouch/limits";
import type { Catalogue } from "../utils/storage";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), {
  rows: 10_000,
  api: "",
  token: "",
  siteId: "",
  phoneBase: 79_990_000_000,
  /** Every n-th row is invalid (left out with consent); 0 for none. */
  invalidEvery: 1000,
  /** API names of the two custom fields the file fills (they must exist in the cabinet). */
  nameField: "name",
  revenueField: "revenue",
});
const CEILING = LIMITS.maxItemsPerRequest * LIMITS.requestsPerSecond;
const SAMPLE_MS = 200;
const log = (...parts: unknown[]) => console.error("[bench:bulk]", ...parts);

// Always built from the tree as it is: a build left over from an earlier commit would be measured instead.
log("building the extension");
if ((await run("npx", BUILD_DEV)) !== 0) process.exit(1);

const ownSandbox = args.api
  ? null
  : await spawnSandbox({ generated: args.rows, token: "bench-token", siteId: "4242" });
const api = ownSandbox?.url ?? args.api;
const token = args.token || (ownSandbox ? "bench-token" : "");
const siteId = args.siteId || (ownSandbox ? "4242" : "");
if (!token || !siteId) {
  console.error("--api needs --token and --site-id");
  process.exit(2);
}

const csv = generateLeadsCsv({ rows: args.rows, invalidEvery: args.invalidEvery, phoneBase: args.phoneBase });
const valid = csv.valid.length;
log(`API ${api}${ownSandbox ? " (sandbox started by the bench)" : ""}, ${args.rows} rows (${valid} valid)`);

const catalogue: Catalogue = [
  { id: "name", apiName: args.nameField, label: "Имя", type: "text", options: [] },
  { id: "revenue", apiName: args.revenueField, label: "Выручка", type: "number", options: [] },
];

const session = await launchExtension({ grantOrigins: [new URL(api).origin] });
try {
  const saved = await session.call("saveCredentials", { token, siteId, apiBaseUrl: api });
  if (!saved.ok) throw new Error(`credentials refused: ${JSON.stringify(saved.errors)}`);
  await session.setItems({ catalogue });
  const before = await session.call("getQueueStatus");

  const page = await session.openPage("bulk.html");
  const memory = await sampleMemory(session, page);
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "bench.csv", mimeType: "text/csv", buffer: csv.bytes });
  const roles = ["field:name", "phone", "field:revenue", "date", "ignore", "ignore"];
  for (const [i, header] of HEADERS.entries()) {
    await page.getByRole("combobox", { name: header, exact: true }).selectOption(roles[i] as string);
  }
  if (csv.invalid.length > 0) await page.getByRole("checkbox", { name: /^Leave out the/ }).check();
  const sendButton = page.getByRole("button", { name: `Send ${valid} rows` });
  await sendButton.waitFor();
  const started = performance.now();
  await sendButton.click();

  // The job the page started, then its counts until nothing of it waits.
  let jobId: string | undefined;
  while (!jobId) {
    await new Promise((r) => setTimeout(r, 20));
    jobId = ((await session.getItem("bulkJobs")) as { jobId: string }[] | undefined)?.[0]?.jobId;
  }
  let progress = await session.call("getJobProgress", { jobId });
  for (;;) {
    const { queued, sending, held, done, notMatched, failed } = progress.counts;
    const settled = done + notMatched + failed;
    if (progress.total >= valid && queued + sending + held === 0 && settled >= valid) break;
    const status = await session.call("getQueueStatus");
    if (status.paused) {
      log(`the queue paused: ${status.paused.reason}: ${status.paused.message}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
    progress = await session.call("getJobProgress", { jobId });
  }
  const seconds = (performance.now() - started) / 1000;
  await page.getByRole("button", { name: "Download result CSV" }).waitFor({ timeout: 10_000 });
  const peaks = await memory.stop();

  const after = await session.call("getQueueStatus");
  const delivered = progress.counts.done + progress.counts.notMatched;
  if (ownSandbox) {
    const stats = await (await fetch(`${api}/__sandbox/stats`)).json();
    log(
      `sandbox: ${stats.uniquePhonesReceived} distinct phones received, ${stats.http429} × 429, max ${stats.maxRequestsInAnyWindow} requests in any second`,
    );
  }
  log(
    `${delivered}/${valid} delivered in ${seconds.toFixed(2)} s (${progress.counts.failed} failed); page heap peak ${peaks.bulkPage} MB (Performance.getMetrics JSHeapUsedSize), worker ${peaks.worker} MB (Runtime.getHeapUsage usedSize)`,
  );
  const leadsPerSecond = valid / seconds;
  console.log(
    JSON.stringify({
      rows: args.rows,
      seconds: round(seconds),
      leadsPerSecond: round(leadsPerSecond),
      ceilingRatio: round(leadsPerSecond / CEILING, 3),
      http429: after.totals.rateLimited - before.totals.rateLimited,
      lost: valid - delivered,
      peakMemoryMB: peaks,
    }),
  );
} finally {
  await session.close();
  await ownSandbox?.close();
}

/**
 * Samples the JS heap every 200 ms: the bulk page's with `Performance.getMetrics` on its CDP session, the
 * service worker's with `Runtime.getHeapUsage` (a worker target has no Performance domain), sent to the
 * worker target attached through the page's session (a persistent context has no browser-level session).
 * A worker that was replaced is found and attached again.
 */
async function sampleMemory(session: ExtensionSession, page: Page) {
  const cdp = await session.context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const worker = createWorkerProbe(cdp, session.extensionId);
  const peaks = { bulkPage: 0, worker: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [metrics, heap] = await Promise.all([
        cdp.send("Performance.getMetrics").catch(() => null),
        worker.heapUsed().catch(() => null),
      ]);
      const pageHeap = metrics?.metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      peaks.bulkPage = Math.max(peaks.bulkPage, pageHeap);
      peaks.worker = Math.max(peaks.worker, heap ?? 0);
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await cdp.detach().catch(() => undefined);
      const mb = (bytes: number) => round(bytes / 1024 / 1024);
      return { bulkPage: mb(peaks.bulkPage), worker: mb(peaks.worker) };
    },
  };
}

function createWorkerProbe(cdp: CDPSession, extensionId: string) {
  let sessionId: string | null = null;
  let nextId = 0;
  const pending = new Map<number, (reply: { result?: { usedSize: number }; error?: unknown }) => void>();
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    const reply = JSON.parse(event.message);
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  cdp.on("Target.detachedFromTarget", (event) => {
    if (event.sessionId === sessionId) sessionId = null;
  });
  const attach = async () => {
    const { targetInfos } = await cdp.send("Target.getTargets");
    const target = targetInfos.find((t) => t.type === "service_worker" && t.url.includes(extensionId));
    if (!target) throw new Error("no service worker");
    ({ sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false }));
    return sessionId as string;
  };
  return {
    async heapUsed(): Promise<number> {
      const target = sessionId ?? (await attach());
      const id = ++nextId;
      const reply = await new Promise<{ result?: { usedSize: number } }>((resolve, reject) => {
        pending.set(id, resolve);
        setTimeout(() => {
          pending.delete(id);
          sessionId = null;
          reject(new Error("the worker did not answer"));
        }, 1000);
        cdp
          .send("Target.sendMessageToTarget", {
            sessionId: target,
            message: JSON.stringify({ id, method: "Runtime.getHeapUsage" }),
          })
          .catch(reject);
      });
      return reply.result?.usedSize ?? 0;
    },
  };
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}
