import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_API_BASE_URL } from "../../utils/calltouch/limits";
import { closePrivateStore, moveLegacyItems, PRIVATE_DB } from "../../utils/private-store";

const deletePrivateDb = () =>
  new Promise<void>((resolve) => {
    indexedDB.deleteDatabase(PRIVATE_DB).onsuccess = () => resolve();
  });

import {
  type CatalogueField,
  CatalogueSchema,
  CredentialsFormSchema,
  catalogueItem,
  DEFAULT_SETTINGS,
  parseListOptions,
  presetsItem,
  saveCatalogue,
  saveSettings,
  settingsItem,
} from "../../utils/storage";

const field = (over: Partial<CatalogueField> = {}): CatalogueField => ({
  id: "f1",
  apiName: "deal_amount",
  label: "Deal amount",
  type: "number",
  options: [],
  ...over,
});

/** Stores a value in storage.local as an older version wrote it, then moves it as an update does. */
async function storeOld(key: "settings" | "catalogue" | "presets", value: unknown) {
  await fakeBrowser.storage.local.set({ [key]: value, [`${key}$`]: { v: 1 } });
  await moveLegacyItems();
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe("defaults", () => {
  it("settings fall back to an empty SiteId and the production API", async () => {
    expect(await settingsItem.getValue()).toEqual({ siteId: "", apiBaseUrl: DEFAULT_API_BASE_URL });
    expect(DEFAULT_SETTINGS.apiBaseUrl).toBe("https://api.calltouch.ru");
  });

  it("the catalogue falls back to an empty list", async () => {
    expect(await catalogueItem.getValue()).toEqual([]);
  });
});

describe("writes", () => {
  it("saveSettings stores valid settings and rejects a non-digit SiteId", async () => {
    await saveSettings({ siteId: "4242", apiBaseUrl: "http://127.0.0.1:8787/" });
    expect(await settingsItem.getValue()).toEqual({ siteId: "4242", apiBaseUrl: "http://127.0.0.1:8787" });
    await expect(saveSettings({ siteId: "42a", apiBaseUrl: DEFAULT_API_BASE_URL })).rejects.toThrow();
    expect((await settingsItem.getValue()).siteId).toBe("4242");
  });

  it("saveCatalogue rejects a repeated API name and keeps the stored list", async () => {
    await saveCatalogue([field()]);
    await expect(saveCatalogue([field(), field({ id: "f2" })])).rejects.toThrow();
    expect(await catalogueItem.getValue()).toEqual([field()]);
  });
});

describe("migration from v1", () => {
  const consoleSpies = () =>
    ["log", "info", "debug", "warn", "error"].map((m) => vi.spyOn(console, m as "log"));
  let spies: ReturnType<typeof consoleSpies>;
  beforeEach(() => {
    spies = consoleSpies();
  });
  afterEach(() => {
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("keeps the SiteId and API address of v1 settings", async () => {
    await storeOld("settings", { siteId: 98765, apiUrl: "https://sandbox.example.org/" });
    expect(await settingsItem.getValue()).toEqual({
      siteId: "98765",
      apiBaseUrl: "https://sandbox.example.org",
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("keeps what it can of unreadable settings, silently", async () => {
    await storeOld("settings", { siteId: "12 34", apiUrl: "ftp://nope", stray: true });
    expect(await settingsItem.getValue()).toEqual({ siteId: "1234", apiBaseUrl: DEFAULT_API_BASE_URL });
    await closePrivateStore();
    await deletePrivateDb();
    await storeOld("settings", "garbage");
    expect(await settingsItem.getValue()).toEqual(DEFAULT_SETTINGS);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("keeps every v1 catalogue field that has a name", async () => {
    await storeOld("catalogue", [
      { name: "deal_amount", label: "Deal amount", type: "number" },
      { name: "stage", type: "list", options: "new, won\nlost" },
      { name: "note" },
      { name: "  ", label: "blank name: unusable" },
      { name: "deal_amount", label: "repeat" },
      "not a field",
      { name: "empty_list", type: "list", options: [] },
      { name: "city", options: ["Moscow", "Kazan"] },
    ]);
    const fields = await catalogueItem.getValue();
    expect(fields.map(({ id: _, ...rest }) => rest)).toEqual([
      { apiName: "deal_amount", label: "Deal amount", type: "number", options: [] },
      { apiName: "stage", label: "", type: "list", options: ["new", "won", "lost"] },
      { apiName: "note", label: "", type: "text", options: [] },
      { apiName: "empty_list", label: "", type: "text", options: [] },
      { apiName: "city", label: "", type: "list", options: ["Moscow", "Kazan"] },
    ]);
    expect(CatalogueSchema.safeParse(fields).success).toBe(true);
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
  });

  it("leaves current data alone and drops what a web page writes to storage.local later", async () => {
    await saveCatalogue([field()]);
    await storeOld("catalogue", [{ name: "injected" }]);
    expect(await catalogueItem.getValue()).toEqual([field()]);
    await fakeBrowser.storage.local.set({ catalogue: [{ name: "injected" }] });
    expect(await catalogueItem.getValue()).toEqual([field()]);
  });

  it("keeps the valid presets of a list and drops the others", async () => {
    const preset = {
      id: "p1",
      name: "Qualified",
      fields: [{ apiName: "stage", value: "qualified" }],
      overwrite: false,
      matching: [{ type: "leadContact" }],
    };
    await storeOld("presets", [preset, { id: "p2", name: "", fields: [], matching: [] }, "junk"]);
    expect(await presetsItem.getValue()).toEqual([preset]);
  });
});

describe("CredentialsFormSchema", () => {
  const form = { token: "tok", siteId: "123", apiBaseUrl: DEFAULT_API_BASE_URL, hasSavedToken: false };
  const issues = (input: typeof form) => {
    const result = CredentialsFormSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };

  it.each([
    [{ siteId: "12a" }, "siteId:siteIdDigits"],
    [{ siteId: "" }, "siteId:siteIdRequired"],
    [{ siteId: "1234567890123" }, "siteId:siteIdLength"],
    [{ token: "  " }, "token:tokenRequired"],
    [{ apiBaseUrl: "http://api.example.org" }, "apiBaseUrl:insecureUrl"],
    [{ apiBaseUrl: "not a url" }, "apiBaseUrl:invalidUrl"],
  ])("%j → %s", (change, issue) => {
    expect(issues({ ...form, ...change })[0]).toBe(issue);
  });

  it("outputs the saveCredentials data: trimmed, and without a blank token when one is saved", () => {
    expect(CredentialsFormSchema.parse({ ...form, token: " tok ", siteId: " 42 " })).toStrictEqual({
      token: "tok",
      siteId: "42",
      apiBaseUrl: DEFAULT_API_BASE_URL,
    });
    expect(CredentialsFormSchema.parse({ ...form, token: "", hasSavedToken: true })).toStrictEqual({
      siteId: "123",
      apiBaseUrl: DEFAULT_API_BASE_URL,
    });
  });

  it("accepts http on loopback for the local sandbox", () => {
    expect(issues({ ...form, apiBaseUrl: "http://localhost:8787" })).toEqual([]);
  });
});

describe("parseListOptions", () => {
  it.each([
    ["new, won\nlost", ["new", "won", "lost"]],
    [" a ,, a\n\n b ", ["a", "b"]],
    ["", []],
  ])("%j → %j", (text, options) => {
    expect(parseListOptions(text)).toEqual(options);
  });
});
