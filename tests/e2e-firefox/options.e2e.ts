import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../sandbox/server.mjs";
import { type FirefoxSession, launchFirefoxExtension } from "./harness";
import { button, control, fill, waitForText } from "./query";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;
let session: FirefoxSession;

beforeAll(async () => {
  sandbox = await startSandbox({ token: "secret-token-1a2b", siteId: "4242" });
  // No host granted in advance: the options page asks for the sandbox's host as an optional permission.
  session = await launchFirefoxExtension();
});

afterAll(async () => {
  await session?.close();
  await sandbox?.close();
});

describe("the options page in Firefox", () => {
  it("asks for the API's host, saves the credentials typed into it, and never shows the token again", async () => {
    const hostGranted = () =>
      session.inBackground(
        (background, origins) => background.browser.permissions.contains({ origins }),
        ["http://127.0.0.1/*"],
      );
    expect(await hostGranted()).toBe(false);

    const page = await session.openPage("options.html");
    await fill(page, "Access-Token", "secret-token-1a2b");
    await fill(page, "Cabinet ID (SiteId)", "42x");
    await page.click("details summary");
    await fill(page, "API address", sandbox.url);
    await (await button(page, "Save")).click();
    await waitForText(page, "The SiteId may contain digits only.");

    await fill(page, "Cabinet ID (SiteId)", "4242");
    await (await button(page, "Save")).click();
    await waitForText(page, "Connection settings saved.");

    // The optional permission (MV2 `optional_permissions`) was asked for during the click and granted.
    expect(await hostGranted()).toBe(true);
    expect(await session.call("getCredentialsStatus")).toMatchObject({
      hasToken: true,
      tokenHint: "••••1a2b",
      siteId: "4242",
      apiBaseUrl: sandbox.url,
    });
    const again = await session.openPage("options.html");
    await waitForText(again, "A token is saved (••••1a2b). Leave empty to keep it.");
    const token = await (await control(again, "Access-Token")).evaluate((input) => input.value);
    expect(token).toBe("");
  });

  it("enables a CRM site: asks for its hosts and registers the content script there, and undoes both", async () => {
    const AMOCRM = ["https://*.amocrm.ru/*", "https://*.amocrm.com/*", "https://*.kommo.com/*"];
    const state = () =>
      session.inBackground(
        async (background, origins) => ({
          granted: await background.browser.permissions.contains({ origins }),
          matches: (await background.browser.scripting.getRegisteredContentScripts()).flatMap(
            (s) => s.matches,
          ),
        }),
        AMOCRM,
      );
    expect(await state()).toEqual({ granted: false, matches: [] });

    const page = await session.openPage("options.html");
    await (await control(page, "amoCRM / Kommo")).click();
    await waitForText(page, "amoCRM / Kommo: the extension runs there by itself now.");
    await expect.poll(state).toEqual({ granted: true, matches: AMOCRM });

    await (await control(page, "amoCRM / Kommo")).click();
    await waitForText(page, "amoCRM / Kommo: the extension no longer runs there by itself.");
    await expect.poll(state).toEqual({ granted: false, matches: [] });
  });
});
