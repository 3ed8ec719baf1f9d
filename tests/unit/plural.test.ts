import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { plural } from "../../utils/i18n";
import { useFakeI18n } from "../components/fake-i18n";

beforeEach(() => {
  fakeBrowser.reset();
});

describe("plural", () => {
  it.each([
    ["ru", 1, "Отправить 1 строку"],
    ["ru", 3, "Отправить 3 строки"],
    ["ru", 5, "Отправить 5 строк"],
    ["ru", 11, "Отправить 11 строк"],
    ["ru", 21, "Отправить 21 строку"],
    ["ru", 104, "Отправить 104 строки"],
    ["en", 1, "Send 1 row"],
    ["en", 2, "Send 2 rows"],
    ["en", 0, "Send 0 rows"],
  ] as const)("%s: %i → %s", (locale, count, text) => {
    useFakeI18n(locale);
    expect(plural("bulkStart", count)).toBe(text);
  });

  it("passes the other values after the count", () => {
    useFakeI18n("ru");
    expect(plural("bulkRowsProgress", 21, ["7"])).toBe("отправлено 7 из 21 строки");
    expect(plural("bulkRowsProgress", 200, ["120"])).toBe("отправлено 120 из 200 строк");
  });
});
