// `npm run bench:send`: distinct leads through the built extension (real worker, storage and queue) in one
// or several browsers at once, against the sandbox (in its own process, with the network it is told to
// emulate) or any Calltouch-compatible server, plus the naive one-lead-per-request baseline.
// Progress goes to stderr; the last line of stdout is JSON with the figures.
//
//   npx tsx scripts/bench-send.ts [--leads 5000] [--browsers 1] [--method customfield|tag|comment]
//     [--latency 300-900] [--jitter 20-120] [--drop-rate 0.15] [--count-rejected] [--no-keep-alive] [--seed N]
//     [--timeout-s 300] [--no-baseline] [--api URL --token T --site-id S] [--extension DIR] [--trace FILE]
//
// `--leads` is per browser; every browser has leads of its own (disjoint phone ranges) and all of them
// share the sandbox's one 127.0.0.1 window, as an office behind one NAT shares Calltouch's per-IP limit.
// `--extension` runs another build (e.g. main's, copied aside) against the same flags, for a baseline measured
// on the same machine in the same hour; `--trace` writes the sandbox's timing of every request (ms) as JSON.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { type ExtensionSession, launchExtension } from "../tests/e2e/harness";
import { parseDropRate, parseRange } from "../tests/sandbox/network.mjs";
import { spawnSandbox } from "../tests/sandbox/server.mjs";
import { createCalltouchClient, send } from "../utils/calltouch/client";
import { LIMITS } from "../utils/calltouch/limits";
import type { LeadOperation, Method } from "../utils/calltouch/schemas";
import {
  type BrowserRun,
  browserFigures,
  CEILING_LEADS_PER_SECOND,
  fairness,
  round,
  type ServerStats,
  ServerStatsSchema,
  serverFigures,
} from "./bench-figures";
import { BUILD_DEV, parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), {
  leads: 5000,
  browsers: 1,
  method: "customfield",
  api: "",
  token: "",
  siteId: "",
  latency: "",
  jitter: "",
  dropRate: "",
  countRejected: false,
  keepAlive: true,
  seed: "",
  timeoutS: 300,
  baseline: true,
  baselineLeads: 100,
  phoneBase: 79990000000,
  chunk: 500,
  field: "deal_stage",
  extension: "",
  trace: "",
});
const log = (...parts: unknown[]) => console.error("[bench:send]", ...parts);

/** The bench's method names (as the sandbox's paths say them) and the extension's. */
const METHODS = { customfield: "customFields", tag: "tags", comment: "comment" } as const satisfies Record<
  string,
  Method
>;
const POLL_MS = 25;
const PROGRESS_MS = 5000;
/** Closing the browsers and the sandbox after the timeout may take this long before the watchdog fires. */
const WATCHDOG_GRACE_MS = 120_000;

if (!(args.method in METHODS)) usage(`--method must be one of ${Object.keys(METHODS).join(", ")}`);
const method = METHODS[args.method as keyof typeof METHODS];
if (!Number.isInteger(args.browsers) || args.browsers < 1) usage("--browsers must be a whole number >= 1");
if (!Number.isInteger(args.leads) || args.leads < 1) usage("--leads must be a whole number >= 1");
if (!(args.timeoutS > 0)) usage("--timeout-s must be a number of seconds > 0");
const network = {
  latency: args.latency ? parseRange(args.latency, "--latency") : undefined,
  jitter: args.jitter ? parseRange(args.jitter, "--jitter") : undefined,
  dropRate: args.dropRate ? parseDropRate(args.dropRate, "--drop-rate") : undefined,
  countRejected: args.countRejected,
  keepAlive: args.keepAlive,
  seed: args.seed ? Number(args.seed) : undefined,
};
if (
  args.api &&
  (network.latency || network.jitter || network.dropRate || network.countRejected || !network.keepAlive)
) {
  usage(
    "--latency, --jitter, --drop-rate, --count-rejected and --no-keep-alive shape the bench's own sandbox",
  );
}
const withBaseline = args.baseline && args.browsers === 1;

if (args.extension && !existsSync(args.extension)) usage(`--extension: no build at ${args.extension}`);
// Built from the tree as it is unless another build is given: a build left over from an earlier commit
// would be measured instead.
if (!args.extension) {
  log("building the extension");
  if ((await run("npx", BUILD_DEV)) !== 0) process.exit(1);
}

const ownSandbox = args.api
  ? null
  : await spawnSandbox({
      generated: args.browsers * args.leads + (withBaseline ? args.baselineLeads : 0),
      token: "bench-token",
      siteId: "4242",
      ...network,
    });
const api = ownSandbox?.url ?? args.api;
const token = args.token || (ownSandbox ? "bench-token" : "");
const siteId = args.siteId || (ownSandbox ? "4242" : "");
if (!token || !siteId) usage("--api needs --token and --site-id");
log(
  `API ${api}${ownSandbox ? " (sandbox started by the bench)" : ""}, ${args.browsers} browser(s) × ` +
    `${args.leads} leads, method ${args.method}`,
);

// Whatever happens below, the bench ends: a hung browser must not hold a shared machine for half an hour.
const watchdog = setTimeout(
  () => {
    log(
      `watchdog: still running ${args.timeoutS} s + ${WATCHDOG_GRACE_MS / 1000} s after the start; giving up`,
    );
    console.log(JSON.stringify({ error: "watchdog", method: args.method, browsers: args.browsers }));
    void ownSandbox?.close();
    process.exit(1);
  },
  args.timeoutS * 1000 + WATCHDOG_GRACE_MS,
);
watchdog.unref();

/** Lead `index` of the whole run: browser b owns indices [b × leads, (b + 1) × leads). */
function operation(index: number): LeadOperation {
  const matching = [{ type: "leadContact" as const, leadContactParams: { phones: [phone(index)] } }];
  switch (method) {
    case "customFields":
      return {
        method,
        item: {
          matching,
          addCustomFields: {
            overwrite: true,
            customFields: [{ field: args.field, value: `bench-${index}` }],
          },
        },
      };
    case "tags":
      return { method, item: { matching, addTags: { overwrite: false, tags: [{ tag: "bench" }] } } };
    case "comment":
      return { method, item: { matching, addComment: `bench comment ${index}` } };
  }
}

function phone(index: number): string {
  return String(args.phoneBase + index);
}

const sessions: ExtensionSession[] = [];
try {
  // One after another: launching several Chromiums at once on a small machine only slows each launch.
  for (let b = 0; b < args.browsers; b++) {
    const session = await launchExtension({
      grantOrigins: [new URL(api).origin],
      extensionPath: args.extension || undefined,
    });
    sessions.push(session);
    const saved = await session.call("saveCredentials", { token, siteId, apiBaseUrl: api });
    if (!saved.ok) throw new Error(`credentials refused: ${JSON.stringify(saved.errors)}`);
  }
  const statsBefore = await readServerStats();
  const started = performance.now();
  const deadline = started + args.timeoutS * 1000;
  const runs = await Promise.all(sessions.map((session, b) => runBrowser(session, b, started, deadline)));
  const statsAfter = await readServerStats();
  if (args.trace) await writeTrace(args.trace);

  const browsers = runs.map(browserFigures);
  const seconds = Math.max(...runs.map((r) => r.seconds));
  const leads = args.browsers * args.leads;
  const sum = (pick: (b: (typeof browsers)[number]) => number) => browsers.reduce((n, b) => n + pick(b), 0);
  const leadsPerSecond = sum((b) => b.done + b.notMatched + b.failed + b.uncertain) / seconds;
  const server = serverFigures(statsBefore, statsAfter);
  if (server) {
    log(
      `server: ${server.requests} requests, ${server.http429} × 429, ${server.dropped ?? "?"} dropped ` +
        `(${server.droppedOnReusedConnection ?? "?"} on a reused connection), ` +
        `${server.leadsAccepted ?? "?"} leads accepted, written twice ${JSON.stringify(server.writtenTwice)}`,
    );
  } else {
    log("server: no /__sandbox/stats, server-side figures left out");
  }
  for (const [b, figures] of browsers.entries()) log(`browser ${b}: ${JSON.stringify(figures)}`);

  let baselineLeadsPerSecond: number | null = null;
  if (withBaseline) {
    baselineLeadsPerSecond = await naiveBaseline(leads);
    log(`naive baseline: ${baselineLeadsPerSecond.toFixed(2)} leads/s`);
  }
  const result = {
    method: args.method,
    browsers: args.browsers,
    leads,
    seconds: round(seconds),
    leadsPerSecond: round(leadsPerSecond),
    ceilingRatio: server?.ceilingRatio ?? null,
    clientCeilingRatio: round(leadsPerSecond / CEILING_LEADS_PER_SECOND, 3),
    drained: runs.every((r) => r.drained),
    requests: sum((b) => b.requests),
    http429: sum((b) => b.http429),
    http429Share: server?.http429Share ?? null,
    lost: sum((b) => b.lost),
    pending: sum((b) => b.pending),
    uncertain: sum((b) => b.uncertain),
    failed: sum((b) => b.failed),
    writtenTwice: server?.writtenTwice ?? null,
    dropped: server?.dropped ?? null,
    droppedOnReusedConnection: server?.droppedOnReusedConnection ?? null,
    fairness: fairness(browsers.map((b) => b.leadsPerSecond)),
    network: ownSandbox
      ? {
          latency: network.latency ?? null,
          jitter: network.jitter ?? null,
          dropRate: network.dropRate ?? 0,
          countRejected: network.countRejected,
          keepAlive: network.keepAlive,
        }
      : null,
    perBrowser: browsers,
    baselineLeadsPerSecond: baselineLeadsPerSecond === null ? null : round(baselineLeadsPerSecond),
  };
  console.log(JSON.stringify(result));
} finally {
  await Promise.all(sessions.map((session) => session.close()));
  await ownSandbox?.close();
  clearTimeout(watchdog);
}

/**
 * Enqueues browser b's leads from an extension page (the bulk page's path: enqueue messages of up to
 * `chunk` operations, one after another), then waits for its queue to drain or for the deadline.
 */
async function runBrowser(
  session: ExtensionSession,
  b: number,
  started: number,
  deadline: number,
): Promise<BrowserRun> {
  const before = await session.call("getQueueStatus");
  const first = b * args.leads;
  for (let from = 0; from < args.leads; from += args.chunk) {
    const ops = [];
    for (let i = from; i < Math.min(args.leads, from + args.chunk); i++) {
      ops.push({ label: phone(first + i), operation: operation(first + i) });
    }
    const reply = await session.call("enqueue", { source: "bench", jobId: "bench", ops });
    if (!reply.ok) throw new Error(`browser ${b}: enqueue refused: ${reply.error}`);
  }
  let status = await session.call("getQueueStatus");
  let reported = performance.now();
  while (status.counts.queued + status.counts.sending > 0 && !status.paused && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    status = await session.call("getQueueStatus");
    if (performance.now() - reported >= PROGRESS_MS) {
      reported = performance.now();
      const { queued, sending, done, failed } = status.counts;
      log(`browser ${b}: ${queued} queued, ${sending} sending, ${done} done, ${failed} failed`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const drained = status.counts.queued + status.counts.sending === 0;
  if (status.paused) log(`browser ${b}: the queue paused: ${status.paused.reason}: ${status.paused.message}`);
  else if (!drained) log(`browser ${b}: not drained after ${args.timeoutS} s, reporting what it has`);
  const ops = await session.call("getJob", { jobId: "bench" });
  return {
    leads: args.leads,
    seconds,
    drained,
    // Widened to string: a state the engine adds later (e.g. "uncertain") is counted by its name.
    states: ops.map((op): string => op.state),
    requests: status.totals.requests - before.totals.requests,
    http429: status.totals.rateLimited - before.totals.rateLimited,
  };
}

/** The server's inspection stats, or null when it has none (a real Calltouch, or any other server). */
async function readServerStats(): Promise<ServerStats | null> {
  try {
    const response = await fetch(`${api}/__sandbox/stats`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return null;
    const parsed = ServerStatsSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes when the sandbox received, counted and answered each API request of the run (no bodies). */
async function writeTrace(file: string): Promise<void> {
  const response = await fetch(`${api}/__sandbox/requests`, { signal: AbortSignal.timeout(5000) });
  const entries = z
    .array(
      z.object({
        seq: z.number(),
        arrivedAt: z.number(),
        countedAt: z.number().nullable(),
        answeredAt: z.number().nullable(),
        status: z.number().nullable(),
        reusedConnection: z.boolean(),
      }),
    )
    .parse(await response.json());
  await writeFile(file, `${JSON.stringify(entries)}\n`);
  log(`trace of ${entries.length} requests written to ${file}`);
}

/**
 * How public scripts do it: one lead per request, one after another, paced to 5 requests/s; a 429 is
 * waited out and the lead sent again, so that every lead arrives.
 */
async function naiveBaseline(firstIndex: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500));
  const client = createCalltouchClient({ baseUrl: api, token, siteId });
  // A little under 5 per second: a script that paces itself exactly at the limit still draws 429s.
  const gap = 1000 / LIMITS.requestsPerSecond + 50;
  const startedAt = performance.now();
  let rateLimited = 0;
  for (let i = 0; i < args.baselineLeads; ) {
    const at = performance.now();
    const result = await send(client, method, [operation(firstIndex + i).item]);
    if (!result.ok && result.error.kind === "rateLimited") rateLimited++;
    else i++;
    const wait = gap - (performance.now() - at);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  if (rateLimited > 0) log(`naive baseline drew ${rateLimited} × 429`);
  return args.baselineLeads / ((performance.now() - startedAt) / 1000);
}

function usage(problem: string): never {
  console.error(problem);
  process.exit(2);
}
