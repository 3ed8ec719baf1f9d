// `npm test`: unit and component tests, then builds and the e2e tests in real Chromium and real Firefox.
// On CI (CI=true) a missing browser fails the run; elsewhere its e2e part is skipped loudly. The e2e tests
// load the development build (loopback sandbox allowed, test hook present), never the store build.
import { BUILD_DEV, findChromium, findFirefox, run } from "./lib.mjs";

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const step = async (name, args) => {
  console.log(`\n=== ${name}`);
  const code = await run(npx, args);
  if (code !== 0) {
    console.error(`\n${name} failed (exit ${code})`);
    process.exit(code);
  }
};
const missing = (message) => {
  if (process.env.CI === "true") {
    console.error(`\nFAIL: ${message}: the e2e tests cannot run.`);
    process.exit(1);
  }
  console.warn(`\n!!!!!!!! e2e skipped: ${message} !!!!!!!!\n`);
};

await step("unit and component tests", ["vitest", "run"]);

const chromium = findChromium();
const firefox = findFirefox();
// Both are looked for first: on CI a missing Firefox fails at once, not after the Chromium suite.
if (!firefox) missing("Firefox not found (set FIREFOX_PATH or `apt-get install -y firefox-esr`)");

if (chromium) {
  await step("development build (chrome-mv3-dev)", BUILD_DEV);
  await step(`e2e tests (${chromium})`, ["vitest", "run", "-c", "vitest.e2e.config.ts"]);
} else {
  missing("Chromium not found (set CHROMIUM_PATH or `apt-get install -y chromium`)");
}

if (firefox) {
  await step("development build (firefox-mv2-dev)", [...BUILD_DEV, "-b", "firefox"]);
  await step(`e2e tests (${firefox})`, ["vitest", "run", "-c", "vitest.firefox.config.ts"]);
}
