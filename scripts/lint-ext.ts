// `npm run lint:ext`: builds both browsers' extensions, then runs Mozilla's `web-ext lint` (what
// addons.mozilla.org runs on an upload) on the Firefox build and the manifest check on the Chrome build.
// Every warning web-ext may give is either fixed or listed in ACCEPTED below with the reason it stays (the
// README repeats them); an error, a new warning or a manifest problem fails. `--no-build` lints `.output/`.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromeManifestProblems } from "./chrome-manifest";
import { parseArgs, run } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { build: true });
const ROOT = path.resolve(import.meta.dirname, "..");
const FIREFOX = path.join(ROOT, ".output/firefox-mv2");
const CHROME = path.join(ROOT, ".output/chrome-mv3");

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The code around a message's place in a (minified) file, to tell a library's known line from anything new. */
function around(message: LintMessage, width = 120): string {
  if (!message.file || !message.line) return "";
  const line = readFileSync(path.join(FIREFOX, message.file), "utf8").split("\n")[message.line - 1] ?? "";
  const at = (message.column ?? 1) - 1;
  return line.slice(Math.max(0, at - width), at + width);
}

/** The warnings that stay, each recognised by its code and its code's text, with the reason. */
const ACCEPTED: { code: string; matches(m: LintMessage): boolean; reason: string }[] = [
  {
    code: "DANGEROUS_EVAL",
    matches: (m) => around(m).includes("jitless"),
    reason:
      "zod's probe `try { Function(\"\") }`, bundled with zod; it never runs: every entrypoint sets zod's " +
      "jitless mode first (utils/zod-config.ts), and extension pages forbid eval anyway.",
  },
  {
    code: "UNSAFE_VAR_ASSIGNMENT",
    matches: (m) => m.message.includes("innerHTML") && around(m).includes("__html"),
    reason:
      "Preact's support for `dangerouslySetInnerHTML`, bundled with Preact; no component of ours uses it, so " +
      "it never assigns.",
  },
];

/** Runs `web-ext lint` on the Firefox build; resolves with its JSON report. */
function webExtLint(): Promise<{ errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "npx",
      ["web-ext", "lint", "--source-dir", FIREFOX, "--output", "json", "--no-config-discovery"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`web-ext lint gave no JSON report:\n${out}`));
      }
    });
  });
}

if (args.build) {
  for (const build of [
    ["wxt", "build"],
    ["wxt", "build", "-b", "firefox"],
  ]) {
    if ((await run("npx", build, { stdio: ["ignore", "ignore", "inherit"] })) !== 0) process.exit(1);
  }
}

let failed = false;
const report = await webExtLint();
const seen = new Set<string>();
let unaccepted = 0;
console.log(`web-ext lint (${path.relative(ROOT, FIREFOX)}):`);
for (const error of report.errors) {
  console.log(`  ERROR ${error.code} ${error.file ?? ""}: ${error.message}`);
}
for (const warning of report.warnings) {
  const accepted = ACCEPTED.find((a) => a.code === warning.code && a.matches(warning));
  if (accepted) {
    seen.add(accepted.code);
    console.log(`  accepted ${warning.code} ${warning.file ?? ""}: ${accepted.reason}`);
  } else {
    unaccepted++;
    console.log(`  WARNING ${warning.code} ${warning.file ?? ""}:${warning.line ?? ""} ${warning.message}`);
  }
}
for (const notice of report.notices) console.log(`  notice ${notice.code}: ${notice.message}`);
for (const stale of ACCEPTED.filter((a) => !seen.has(a.code))) {
  console.log(`  (no longer seen: ${stale.code}; remove it from ACCEPTED in scripts/lint-ext.ts)`);
}
console.log(
  `  ${report.errors.length} errors, ${report.warnings.length} warnings, ${unaccepted} of them not accepted`,
);
if (report.errors.length > 0 || unaccepted > 0) failed = true;

const manifest = JSON.parse(readFileSync(path.join(CHROME, "manifest.json"), "utf8"));
const localesDir = path.join(CHROME, "_locales");
const problems = chromeManifestProblems(manifest, {
  exists: (file) => existsSync(path.join(CHROME, file)),
  messages: (locale) => {
    const file = path.join(localesDir, locale, "messages.json");
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
  },
  locales: existsSync(localesDir) ? readdirSync(localesDir) : [],
});
console.log(`Chrome manifest check (${path.relative(ROOT, CHROME)}): ${problems.length} problems`);
for (const problem of problems) console.log(`  ${problem}`);
if (problems.length > 0) failed = true;
process.exit(failed ? 1 : 0);
