// @ts-check
import { parseArgs } from "node:util";
import { startSandbox } from "./server.mjs";

const USAGE =
  "Usage: node tests/sandbox/cli.mjs [--port 8787] [--host 127.0.0.1] [--token T] [--site-id S] " +
  "[--generated N] [--no-rate-limit] [--log]";

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

async function main() {
  const sandbox = await startSandbox(optionsFrom(process.argv.slice(2)));
  const { token, siteId } = sandbox.state.config;
  console.log(`Calltouch sandbox listening on ${sandbox.url} (token=${token}, siteId=${siteId})`);
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
