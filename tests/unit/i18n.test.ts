import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { errorText, t, uiLanguage } from "../../utils/i18n";
import { LOCALES, type Messages, useFakeI18n } from "../components/fake-i18n";

const placeholdersOf = (messages: Messages) =>
  Object.fromEntries(
    Object.entries(messages).map(([key, entry]) => [
      key,
      Object.entries(entry.placeholders ?? {})
        .map(([name, { content }]) => `${name}=${content}`)
        .sort(),
    ]),
  );

/** `$NAME$` references in the message text, lower-cased as Chrome matches them. */
const referencesOf = (message: string) =>
  [...message.matchAll(/\$([\w@]+)\$/g)].map((m) => m[1]?.toLowerCase());

describe("locales", () => {
  const { en, ru } = LOCALES;

  it("ru has exactly the keys of en", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it("ru declares the same placeholders as en", () => {
    expect(placeholdersOf(ru)).toEqual(placeholdersOf(en));
  });

  it.each(Object.entries(LOCALES))(
    "%s: every message is non-blank and uses only declared placeholders",
    (_, messages) => {
      for (const [key, entry] of Object.entries(messages)) {
        expect(entry.message.trim(), key).not.toBe("");
        const declared = Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase());
        expect(referencesOf(entry.message).sort(), key).toEqual(declared.sort());
      }
    },
  );

  it.each(Object.entries(LOCALES))(
    "%s: no message or description closes a comment (WXT copies both into JSDoc of its generated types)",
    (_, messages) => {
      for (const [key, entry] of Object.entries(messages))
        expect(`${entry.message} ${entry.description ?? ""}`, key).not.toContain("*/");
    },
  );

  it("keys are camelCase and valid Chrome message names", () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it("has the names the manifest and the context menu use", () => {
    expect(en.extName?.message).toBe("Calltouch Lead Tagger");
    expect(ru.extName?.message).toBe("Calltouch: разметка лидов");
    expect(en.menuTagLead?.message).toBe("Tag this lead");
    expect(ru.menuTagLead?.message).toBe("Отметить лид в Calltouch");
    expect(en.extDescription?.message).toBeTruthy();
    expect(ru.extDescription?.message).toBeTruthy();
  });
});

describe("t", () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it("returns the message with its substitutions", () => {
    useFakeI18n("en");
    expect(t("tokenSavedHint", "••••1a2b")).toBe("A token is saved (••••1a2b). Leave empty to keep it.");
    expect(t("fieldMoved", ["deal", "2", "3"])).toBe("deal moved to place 2 of 3.");
  });

  it("speaks Russian when the browser does", () => {
    useFakeI18n("ru");
    expect(t("siteIdLabel")).toBe("ID личного кабинета (SiteId)");
    expect(uiLanguage()).toBe("ru");
  });

  it("falls back to the key when a message is missing, so nothing renders blank", () => {
    vi.spyOn(fakeBrowser.i18n, "getMessage").mockReturnValue("");
    expect(t("extName")).toBe("extName");
  });

  it("falls back to the key where browser.i18n is not available", () => {
    expect(t("extName")).toBe("extName");
  });

  it.each([
    ["siteIdDigits", "The SiteId may contain digits only."],
    [
      "insecureUrl",
      "The address must start with https:// (http:// is allowed only for localhost and 127.0.0.1).",
    ],
    ["apiNameDuplicate", "A field with this API name already exists."],
    ["The token was rejected.", "The token was rejected."],
    ["unknownCode", "unknownCode"],
  ])("errorText(%j) is %j", (code, text) => {
    useFakeI18n("en");
    expect(errorText(code)).toBe(text);
  });
});
