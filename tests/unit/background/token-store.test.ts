import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { clearToken, readSavedToken, saveToken, tokenHint } from "../../../utils/background/token-store";
import { DEFAULT_API_BASE_URL } from "../../../utils/calltouch/limits";
import { saveSettings } from "../../../utils/storage";

beforeEach(() => {
  fakeBrowser.reset();
});

describe("token", () => {
  it("is saved, read and cleared in IndexedDB", async () => {
    await clearToken();
    expect(await readSavedToken()).toBeNull();
    await saveToken("abcd-1a2b");
    expect((await readSavedToken())?.token).toBe("abcd-1a2b");
    await clearToken();
    expect(await readSavedToken()).toBeNull();
  });

  it("is kept out of storage.local", async () => {
    await saveSettings({ siteId: "123", apiBaseUrl: DEFAULT_API_BASE_URL });
    await saveToken("secret-token-1a2b");
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("secret-token");
  });

  it("is shown only as a masked hint", () => {
    expect(tokenHint("secret-token-1a2b")).toBe("••••1a2b");
  });
});
