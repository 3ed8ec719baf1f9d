// `npm test`: unit and component tests, then a build and the e2e tests in real Chromium.
// On CI (CI=true) a missing Chromium fails the run; elsewhere the e2e part is skipped loudly.
import { BUILD_DEV, findChromium, run } from "./lib.mjs";

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const step = async (name, args) => {
  console.log(`\n=== ${name}`);
  const code = await run(npx, args);
  if (code !== 0) {
    console.error(`\n${name} failed (exit ${code})`);
    process.exit(code);
  }
};

await step("unit and component tests", ["vitest", "run"]);

const chromium = findChromium();
if (!chromium) {
  const message = "Chromium not found (set CHROMIUM_PATH or `apt-get install -y chromium`)";
  if (process.env.CI === "true") {
    console.error(`\nFAIL: ${message}: the e2e tests cannot run.`);
    process.exit(1);
  }
  console.warn(`\n!!!!!!!! e2e skipped: ${message} !!!!!!!!\n`);
  process.exit(0);
}

await step("development build (chrome-mv3-dev)", BUILD_DEV);
await step(`e2e tests (${chromium})`, ["vitest", "run", "-c", "vitest.e2e.config.ts"]);
