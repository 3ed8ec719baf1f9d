import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { plural } from "../../utils/i18n";
import { useFakeI18n } from "../components/fake-i18n";

beforeEach(() => {
  fakeBrowser.reset();
});

describe("plural", () => {
  it.each([
    [1, "Отправить 1 строку"],
    [3, "Отправить 3 строки"],
    [5, "Отправить 5 строк"],
    [11, "Отправить 11 строк"],
    [21, "Отправить 21 строку"],
    [104, "Отправить 104 строки"],
  ])("ru: %i → %s", (count, text) => {
    useFakeI18n("ru");
    expect(plural("bulkStart", count)).toBe(text);
  });

  it.each([
    [1, "Send 1 row"],
    [2, "Send 2 rows"],
    [0, "Send 0 rows"],
  ])("en: %i → %s", (count, text) => {
    useFakeI18n("en");
    expect(plural("bulkStart", count)).toBe(text);
  });

  it("passes the other values after the count", () => {
    useFakeI18n("ru");
    expect(plural("bulkRowsProgress", 21, ["7"])).toBe("отправлено 7 из 21 строки");
    expect(plural("bulkRowsProgress", 200, ["120"])).toBe("отправлено 120 из 200 строк");
  });
});
