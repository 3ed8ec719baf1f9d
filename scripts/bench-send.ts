// `npm run bench:send`: N distinct leads through the built extension (real worker, storage and queue)
// against the sandbox or any Calltouch-compatible server, plus the naive one-lead-per-request baseline.
// Last line: JSON with the figures.
import { existsSync } from "node:fs";
import { BUILT_EXTENSION, launchExtension } from "../tests/e2e/harness";
import { spawnSandbox } from "../tests/sandbox/server.mjs";
import { createCalltouchClient, send } from "../utils/calltouch/client";
import { LIMITS } from "../utils/calltouch/limits";
import type { LeadOperation } from "../utils/calltouch/schemas";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), {
  leads: 5000,
  api: "",
  token: "",
  siteId: "",
  baseline: true,
  baselineLeads: 100,
  phoneBase: 79990000000,
  chunk: 500,
  field: "deal_stage",
});
const CEILING = LIMITS.maxItemsPerRequest * LIMITS.requestsPerSecond;
const log = (...parts: unknown[]) => console.error("[bench:send]", ...parts);

if (!existsSync(BUILT_EXTENSION)) {
  log("building the extension");
  if ((await run("npx", BUILD_DEV)) !== 0) process.exit(1);
}

const ownSandbox = args.api
  ? null
  : await spawnSandbox({ generated: args.leads + args.baselineLeads, token: "bench-token", siteId: "4242" });
const api = ownSandbox?.url ?? args.api;
const token = args.token || (ownSandbox ? "bench-token" : "");
const siteId = args.siteId || (ownSandbox ? "4242" : "");
if (!token || !siteId) {
  console.error("--api needs --token and --site-id");
  process.exit(2);
}
log(`API ${api}${ownSandbox ? " (sandbox started by the bench)" : ""}, ${args.leads} leads`);

const phone = (i: number) => String(args.phoneBase + i);
const operation = (i: number): LeadOperation => ({
  method: "customFields",
  item: {
    matching: [{ type: "leadContact", leadContactParams: { phones: [phone(i)] } }],
    addCustomFields: { overwrite: true, customFields: [{ field: args.field, value: `bench-${i}` }] },
  },
});

const session = await launchExtension({ grantOrigins: [new URL(api).origin] });
try {
  const saved = await session.call("saveCredentials", { token, siteId, apiBaseUrl: api });
  if (!saved.ok) throw new Error(`credentials refused: ${JSON.stringify(saved.errors)}`);
  const before = await session.call("getQueueStatus");

  // The bulk page's path: an extension page sends enqueue messages of up to `chunk` operations, built in
  // the page (as the bulk page builds them from a parsed CSV), one after another.
  const page = await session.openPage("options.html");
  const started = performance.now();
  const refused = await page.evaluate(
    async ({ leads, chunk, phoneBase, field }) => {
      for (let from = 0; from < leads; from += chunk) {
        const ops = [];
        for (let i = from; i < Math.min(leads, from + chunk); i++) {
          const phone = String(phoneBase + i);
          ops.push({
            label: phone,
            operation: {
              method: "customFields",
              item: {
                matching: [{ type: "leadContact", leadContactParams: { phones: [phone] } }],
                addCustomFields: { overwrite: true, customFields: [{ field, value: `bench-${i}` }] },
              },
            },
          });
        }
        const data = { source: "bench", jobId: "bench", ops };
        const reply = await chrome.runtime.sendMessage({
          id: from,
          type: "enqueue",
          data,
          timestamp: Date.now(),
        });
        if (!reply?.res?.ok) return JSON.stringify(reply);
      }
      return null;
    },
    { leads: args.leads, chunk: args.chunk, phoneBase: args.phoneBase, field: args.field },
  );
  if (refused) throw new Error(`enqueue refused: ${refused}`);
  let status = await session.call("getQueueStatus");
  while (status.counts.queued + status.counts.sending > 0 && !status.paused) {
    await new Promise((r) => setTimeout(r, 20));
    status = await session.call("getQueueStatus");
  }
  const seconds = (performance.now() - started) / 1000;
  if (status.paused) log(`the queue paused: ${status.paused.reason}: ${status.paused.message}`);

  const ops = await session.call("getJob", { jobId: "bench" });
  const delivered = ops.filter((op) => op.state === "done" || op.state === "notMatched").length;
  const requests = status.totals.requests - before.totals.requests;
  const http429 = status.totals.rateLimited - before.totals.rateLimited;
  if (ownSandbox) {
    const stats = await (await fetch(`${api}/__sandbox/stats`)).json();
    log(
      `sandbox: ${stats.uniquePhonesReceived} distinct phones received, ${stats.http429} × 429, max ${stats.maxRequestsInAnyWindow} requests in any second`,
    );
  }
  log(`${delivered}/${args.leads} delivered in ${seconds.toFixed(2)} s over ${requests} requests`);

  let baselineLeadsPerSecond: number | null = null;
  if (args.baseline) {
    baselineLeadsPerSecond = await naiveBaseline();
    log(`naive baseline: ${baselineLeadsPerSecond.toFixed(2)} leads/s`);
  }
  const leadsPerSecond = args.leads / seconds;
  const result = {
    leads: args.leads,
    seconds: round(seconds),
    leadsPerSecond: round(leadsPerSecond),
    ceilingRatio: round(leadsPerSecond / CEILING, 3),
    requests,
    http429,
    lost: args.leads - delivered,
    baselineLeadsPerSecond: baselineLeadsPerSecond === null ? null : round(baselineLeadsPerSecond),
  };
  console.log(JSON.stringify(result));
} finally {
  await session.close();
  await ownSandbox?.close();
}

/**
 * How public scripts do it: one lead per request, one after another, paced to 5 requests/s; a 429 is
 * waited out and the lead sent again, so that every lead arrives.
 */
async function naiveBaseline(): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500));
  const client = createCalltouchClient({ baseUrl: api, token, siteId });
  // A little under 5 per second: a script that paces itself exactly at the limit still draws 429s.
  const gap = 1000 / LIMITS.requestsPerSecond + 50;
  const started = performance.now();
  let rateLimited = 0;
  for (let i = 0; i < args.baselineLeads; ) {
    const at = performance.now();
    const result = await send(client, "customFields", [operation(args.leads + i).item]);
    if (!result.ok && result.error.kind === "rateLimited") rateLimited++;
    else i++;
    const wait = gap - (performance.now() - at);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  if (rateLimited > 0) log(`naive baseline drew ${rateLimited} × 429`);
  return args.baselineLeads / ((performance.now() - started) / 1000);
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}
