// Small helpers shared by the project's Node scripts (test runner, demo, benchmarks).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The command that builds the development flavour (loopback API addresses, test hooks) into
 * `.output/chrome-mv3-dev` (`BUILT_EXTENSION` in tests/e2e/harness.ts): e2e tests, the demo and the benchmarks use it.
 */
export const BUILD_DEV = ["wxt", "build", "--mode", "development"];

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** The Chromium to drive: CHROMIUM_PATH, else the usual install paths; null when there is none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

const FIREFOX_CANDIDATES = ["/usr/bin/firefox-esr", "/usr/bin/firefox"];

/** The Firefox to drive: FIREFOX_PATH, else the usual install paths (Debian's firefox-esr first); null when there is none. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return FIREFOX_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Runs a command with inherited stdio; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument: ${arg}`);
    const key = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (
      key.startsWith("no") &&
      key.length > 2 &&
      typeof defaults[key[2].toLowerCase() + key.slice(3)] === "boolean"
    ) {
      out[key[2].toLowerCase() + key.slice(3)] = false;
    } else if (typeof defaults[key] === "boolean") {
      out[key] = true;
    } else if (key in defaults) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      out[key] = typeof defaults[key] === "number" ? Number(value) : value;
    } else {
      throw new Error(`Unknown option: ${arg}`);
    }
  }
  return out;
}
