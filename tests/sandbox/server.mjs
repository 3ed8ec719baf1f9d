// @ts-check
import { createServer } from "node:http";
import { handleApi } from "./api.mjs";
import { configProblem, handleInspection, INSPECTION_PREFIX } from "./inspect.mjs";
import { NO_DELAY } from "./network.mjs";
import { internalError } from "./responses.mjs";
import { createState } from "./state.mjs";

/** @typedef {import("./state.mjs").SandboxState} SandboxState */
/** @typedef {import("./state.mjs").SandboxConfig} SandboxConfig */

/** API names of the custom fields that exist in the sandbox's cabinet unless told otherwise. */
export const DEFAULT_CUSTOM_FIELDS = Object.freeze([
  "deal_stage",
  "product",
  "revenue",
  "lead_quality",
  "birthday",
  "test_field",
  "name",
  "comment_text",
  "manager",
]);

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 (the default) picks a free port
 * @property {string} [host] default "127.0.0.1"
 * @property {string} [token] expected Access-Token, default "sandbox-token"
 * @property {string} [siteId] expected SiteId, default "12345"
 * @property {number} [rateLimit] accepted requests per IP per 1000 ms, default 5; 0 turns it off
 * @property {number} [generated] synthetic calls from 79990000000 + i to seed, default 0
 * @property {readonly string[]} [customFields] default DEFAULT_CUSTOM_FIELDS
 * @property {number} [quotaRequests] processed requests before the points quota error, default Infinity
 * @property {[number, number]} [latency] processing time in ms, uniform in [min, max]: from admission
 *   (when the leads are written) to the answer; default [0, 0]
 * @property {[number, number]} [jitter] network delay in ms, uniform in [min, max]: from arrival to the
 *   rate limiter's judgement; default [0, 0]
 * @property {number} [dropRate] 0..1: share of processed requests whose connection is cut instead of
 *   answered (the leads were written); default 0
 * @property {boolean} [countRejected] requests answered 429 fill the rate-limit window too; default false
 * @property {boolean} [keepAlive] false answers every request with `Connection: close`; default true
 * @property {number | null} [seed] seeds the delays and drops for reproducible runs; default null
 *   (Math.random)
 * @property {boolean} [log] print a line per API request, default false
 */

/**
 * @typedef {object} Sandbox
 * @property {string} url e.g. "http://127.0.0.1:40123", without a trailing slash
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {SandboxState} state the live state (config, store, log, faults, counters)
 */

/**
 * Starts a local server that emulates the Calltouch lead-service API (custom fields, tags,
 * comments) plus a test-only inspection API under /__sandbox/.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const config = configFrom(options);
  const { latency, jitter, dropRate, countRejected, keepAlive, seed } = config;
  const problem = configProblem({ latency, jitter, dropRate, countRejected, keepAlive, seed });
  if (problem) throw new Error(problem);
  const state = createState(config);
  const shutdown = new AbortController();
  const server = createServer((req, res) => {
    handle(state, req, res, shutdown.signal);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    state,
    close: () => closeServer(server, shutdown),
  };
}

/**
 * @param {SandboxOptions} options
 * @returns {SandboxConfig}
 */
function configFrom(options) {
  return {
    token: options.token ?? "sandbox-token",
    siteId: options.siteId ?? "12345",
    rateLimit: options.rateLimit ?? 5,
    generated: options.generated ?? 0,
    customFields: [...(options.customFields ?? DEFAULT_CUSTOM_FIELDS)],
    quotaRequests: options.quotaRequests ?? Number.POSITIVE_INFINITY,
    latency: options.latency ?? [...NO_DELAY],
    jitter: options.jitter ?? [...NO_DELAY],
    dropRate: options.dropRate ?? 0,
    countRejected: options.countRejected ?? false,
    keepAlive: options.keepAlive ?? true,
    seed: options.seed ?? null,
    log: options.log ?? false,
  };
}

/**
 * @param {SandboxState} state
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {AbortSignal} shutdown
 */
async function handle(state, req, res, shutdown) {
  const url = new URL(req.url ?? "/", "http://sandbox");
  try {
    if (url.pathname.startsWith(INSPECTION_PREFIX)) await handleInspection(state, req, res, url);
    else await handleApi(state, req, res, url.pathname, shutdown);
  } catch {
    if (shutdown.aborted || res.headersSent) res.destroy();
    else
      res
        .writeHead(500, { "Content-Type": "application/json; charset=utf-8" })
        .end(JSON.stringify(internalError()));
  }
}

/**
 * @param {import("node:http").Server} server
 * @param {AbortController} shutdown cancels delays injected by faults
 * @returns {Promise<void>}
 */
function closeServer(server, shutdown) {
  shutdown.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * @typedef {Pick<SandboxOptions, "generated" | "latency" | "jitter" | "dropRate" | "countRejected" | "keepAlive" | "seed">
 *   & { token: string, siteId: string }} SpawnOptions
 */

/**
 * Starts the sandbox in a child process of its own, as a separate server would run: a benchmark's own
 * event loop (Playwright, polling) then does not slow the server down.
 * @param {SpawnOptions} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function spawnSandbox(options) {
  const { spawn } = await import("node:child_process");
  const cli = new URL("./cli.mjs", import.meta.url).pathname;
  const args = [cli, "--port", "0", "--token", options.token, "--site-id", options.siteId];
  if (options.generated) args.push("--generated", String(options.generated));
  if (options.latency) args.push("--latency", options.latency.join("-"));
  if (options.jitter) args.push("--jitter", options.jitter.join("-"));
  if (options.dropRate) args.push("--drop-rate", String(options.dropRate));
  if (options.countRejected) args.push("--count-rejected");
  if (options.keepAlive === false) args.push("--no-keep-alive");
  if (options.seed != null) args.push("--seed", String(options.seed));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      const match = /listening on (\S+)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
  });
  return {
    url: /** @type {string} */ (url),
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve(undefined));
        child.kill("SIGTERM");
      }),
  };
}
