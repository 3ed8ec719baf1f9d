// `npm run test:security`: the hostile-input suite (tests/security): the unit part, then the browser part
// against the development build, and a table of every attack, what happened and whether it held.
// Exit code 0 only when every attack was tried and held.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { BUILD_DEV, findChromium, run } from "./lib.mjs";

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const OUT = ".tmp/security";
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const vitest = (config, file) => [
  "vitest",
  "run",
  ...config,
  "tests/security",
  "--reporter=dot",
  "--reporter=json",
  `--outputFile.json=${OUT}/${file}`,
];

const parts = [{ name: "unit", file: "unit.json", ran: (await run(npx, vitest([], "unit.json"))) >= 0 }];
const chromium = findChromium();
if (chromium) {
  if ((await run(npx, BUILD_DEV)) !== 0) process.exit(1);
  await run(npx, vitest(["-c", "vitest.e2e.config.ts"], "e2e.json"));
  parts.push({ name: "browser", file: "e2e.json", ran: true });
} else {
  const message =
    "Chromium not found (set CHROMIUM_PATH or `apt-get install -y chromium`): browser attacks not tried";
  if (process.env.CI === "true") {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
  console.warn(`\n!!!!!!!! ${message} !!!!!!!!`);
  parts.push({ name: "browser", file: "e2e.json", ran: false });
}

const rows = [];
let missing = 0;
for (const part of parts) {
  let report;
  try {
    report = JSON.parse(readFileSync(`${OUT}/${part.file}`, "utf8"));
  } catch {
    missing++;
    continue;
  }
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const [attack, outcome = ""] = test.title.split(" → ");
      rows.push({
        where: `${part.name}: ${test.ancestorTitles.join(" / ")}`,
        attack,
        outcome,
        status: test.status,
      });
    }
  }
}

const cell = (text) => {
  const flat = String(text).replace(/\|/g, "\\|").replace(/\s+/g, " ");
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
};
console.log("\n| # | where | attack | what happened | result |\n| - | - | - | - | - |");
rows.forEach((row, i) => {
  const result = row.status === "passed" ? "pass" : row.status === "failed" ? "**FAIL**" : row.status;
  console.log(`| ${i + 1} | ${cell(row.where)} | ${cell(row.attack)} | ${cell(row.outcome)} | ${result} |`);
});
const passed = rows.filter((r) => r.status === "passed").length;
const failed = rows.filter((r) => r.status === "failed").length;
const skipped = rows.length - passed - failed;
console.log(
  `\n${rows.length} attacks: ${passed} held, ${failed} failed, ${skipped} skipped${missing ? `; ${missing} part(s) did not report` : ""}.`,
);
process.exit(failed === 0 && missing === 0 && skipped === 0 && parts.every((p) => p.ran) ? 0 : 1);
