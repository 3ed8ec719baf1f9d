import { describe, expect, it } from "vitest";
import { type BuildFiles, chromeManifestProblems } from "../../scripts/chrome-manifest";

const MESSAGES = {
  extName: { message: "Calltouch Lead Tagger" },
  extDescription: { message: "Tags leads." },
};
const GOOD = {
  manifest_version: 3,
  name: "__MSG_extName__",
  description: "__MSG_extDescription__",
  version: "0.1.0",
  icons: { "16": "icon/16.png", "48": "icon/48.png", "128": "icon/128.png" },
  default_locale: "en",
  permissions: ["storage", "activeTab"],
  host_permissions: ["https://api.calltouch.ru/*"],
  optional_host_permissions: ["https://*/*", "http://127.0.0.1/*"],
  action: { default_popup: "popup.html" },
  background: { service_worker: "background.js" },
  options_ui: { page: "options.html" },
};
const BUILT = new Set([
  "icon/16.png",
  "icon/48.png",
  "icon/128.png",
  "popup.html",
  "background.js",
  "options.html",
]);

const files = (overrides: Partial<BuildFiles> = {}): BuildFiles => ({
  exists: (file) => BUILT.has(file),
  messages: (locale) => (locale === "en" || locale === "ru" ? MESSAGES : null),
  locales: ["en", "ru"],
  ...overrides,
});

describe("chromeManifestProblems", () => {
  it("finds nothing wrong with a sound MV3 manifest", () => {
    expect(chromeManifestProblems(GOOD, files())).toEqual([]);
  });

  it.each([
    ["an MV2 version", { manifest_version: 2 }, "manifest_version must be 3."],
    [
      "a version with letters",
      { version: "1.0-beta" },
      'version "1.0-beta" must be 1 to 4 dot-separated integers.',
    ],
    ["browser_action", { browser_action: {} }, '"browser_action" does not belong in an MV3 manifest.'],
    [
      "gecko settings",
      { browser_specific_settings: {} },
      '"browser_specific_settings" does not belong in an MV3 manifest.',
    ],
    ["background scripts", { background: { scripts: ["b.js"] } }, "background.service_worker is missing."],
    [
      "no 128 icon",
      { icons: { "16": "icon/16.png", "48": "icon/48.png" } },
      "icons has no 128×128 icon (the Web Store needs 128).",
    ],
    ["a popup not built", { action: { default_popup: "nope.html" } }, '"nope.html" is named but not built.'],
    [
      "a misspelt permission",
      { permissions: ["storage", "contextMenu"] },
      'permission "contextMenu" is not one Chrome knows.',
    ],
    [
      "a host with a port",
      { host_permissions: ["http://127.0.0.1:8787"] },
      'host_permissions "http://127.0.0.1:8787" is not a match pattern.',
    ],
    [
      "unsafe-eval",
      { content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval'" } },
      "content_security_policy allows unsafe-eval.",
    ],
  ])("reports %s", (_, change, problem) => {
    expect(chromeManifestProblems({ ...GOOD, ...change }, files())).toContain(problem);
  });

  it("reads names and descriptions from every locale and holds them to the Web Store's limits", () => {
    const long = { ...MESSAGES, extDescription: { message: "x".repeat(133) } };
    const problems = chromeManifestProblems(GOOD, files({ messages: (l) => (l === "ru" ? long : MESSAGES) }));
    expect(problems).toEqual(["description in ru is 133 characters (most 132)."]);
    expect(chromeManifestProblems(GOOD, files({ messages: () => ({}) }))).toContain(
      'name: _locales/en has no message "extName".',
    );
  });
});
