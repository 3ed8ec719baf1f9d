// @ts-check
import { parseArgs } from "node:util";
import { parseDropRate, parseRange } from "./network.mjs";
import { startSandbox } from "./server.mjs";

const USAGE =
  "Usage: node tests/sandbox/cli.mjs [--port 8787] [--host 127.0.0.1] [--token T] [--site-id S] " +
  "[--generated N] [--no-rate-limit] [--latency MIN-MAX] [--jitter MIN-MAX] [--drop-rate P] " +
  "[--count-rejected] [--no-keep-alive] [--seed N] [--log]\n" +
  "Env (a flag wins): SANDBOX_LATENCY, SANDBOX_JITTER (ms, MIN-MAX), SANDBOX_DROP_RATE (0..1)";

/**
 * @param {string[]} args
 * @returns {import("./server.mjs").SandboxOptions}
 */
function optionsFrom(args) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string" },
      token: { type: "string" },
      "site-id": { type: "string" },
      generated: { type: "string", default: "0" },
      "no-rate-limit": { type: "boolean", default: false },
      latency: { type: "string" },
      jitter: { type: "string" },
      "drop-rate": { type: "string" },
      "count-rejected": { type: "boolean", default: false },
      "no-keep-alive": { type: "boolean", default: false },
      seed: { type: "string" },
      log: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    port: wholeNumber("--port", values.port),
    host: values.host,
    token: values.token,
    siteId: values["site-id"],
    generated: wholeNumber("--generated", values.generated),
    rateLimit: values["no-rate-limit"] ? 0 : undefined,
    latency: setting(values.latency, "--latency", "SANDBOX_LATENCY", parseRange),
    jitter: setting(values.jitter, "--jitter", "SANDBOX_JITTER", parseRange),
    dropRate: setting(values["drop-rate"], "--drop-rate", "SANDBOX_DROP_RATE", parseDropRate),
    countRejected: values["count-rejected"],
    keepAlive: !values["no-keep-alive"],
    seed: values.seed === undefined ? undefined : integer("--seed", values.seed),
    log: values.log,
  };
}

/**
 * @param {string} flag
 * @param {string} value
 */
function wholeNumber(flag, value) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`${flag} expects a whole number, got "${value}"`);
  }
  return number;
}

/**
 * A network setting from its flag, else from its environment variable (so that a test runner can set it
 * for every sandbox it starts), else undefined.
 * @template T
 * @param {string | undefined} flagValue
 * @param {string} flag
 * @param {string} variable
 * @param {(text: string, name: string) => T} parse
 * @returns {T | undefined}
 */
function setting(flagValue, flag, variable, parse) {
  if (flagValue !== undefined) return parse(flagValue, flag);
  const fromEnv = process.env[variable];
  return fromEnv === undefined || fromEnv === "" ? undefined : parse(fromEnv, variable);
}

/**
 * @param {string} flag
 * @param {string} value
 */
function integer(flag, value) {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Error(`${flag} expects an integer, got "${value}"`);
  return number;
}

async function main() {
  const sandbox = await startSandbox(optionsFrom(process.argv.slice(2)));
  const { token, siteId, latency, jitter, dropRate, countRejected, keepAlive } = sandbox.state.config;
  const network = `latency=${latency.join("-")} ms, jitter=${jitter.join("-")} ms, dropRate=${dropRate}`;
  console.log(
    `Calltouch sandbox listening on ${sandbox.url} (token=${token}, siteId=${siteId}, ${network}` +
      `${countRejected ? ", 429s fill the window" : ""}${keepAlive ? "" : ", no keep-alive"})`,
  );
  const stop = () => {
    sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
