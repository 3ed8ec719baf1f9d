import { describe, expect, it } from "vitest";
import {
  parseCrmDate,
  readEmails,
  readFieldValue,
  readId,
  readMatchingDate,
  readPhones,
  toIsoDate,
} from "../../../utils/bulk/values";
import type { CatalogueField } from "../../../utils/storage";

describe("readPhones", () => {
  it.each([
    ["8 (999) 000-00-01", ["79990000001"], []],
    ["+7 999 000 00 01", ["79990000001"], []],
    ["79990000001", ["79990000001"], []],
    ["8-999-000-0001", ["79990000001"], []],
    ["(999) 000-00-01", ["79990000001"], []],
    ["+44 20 7946 0958", ["442079460958"], []],
    ["79990000001, 8 916 123-45-67", ["79990000001", "79161234567"], []],
    ["79990000001;79990000002\n79990000003", ["79990000001", "79990000002", "79990000003"], []],
    ["79990000001, +7 999 000-00-01", ["79990000001"], []],
    ["12-34", [], ["12-34"]],
    ["79990000001, доб. 12", ["79990000001"], ["доб. 12"]],
    ["ivan@example.com", [], ["ivan@example.com"]],
    ["  ,  ; ", [], []],
  ])("%j", (cell, values, invalid) => {
    expect(readPhones(cell, "RU")).toEqual({ values, invalid });
  });

  it("adds the country code of the region to numbers written without one", () => {
    expect(readPhones("999 000-00-01", "KZ").values).toEqual(["79990000001"]);
    expect(readPhones("999 000-00-01", "DE").values).toEqual(["499990000001"]);
  });
});

describe("readEmails", () => {
  it.each([
    ["Ivan@Example.com", ["ivan@example.com"], []],
    ["a@b.ru, c@d.ru; e@f.ru g@h.ru", ["a@b.ru", "c@d.ru", "e@f.ru", "g@h.ru"], []],
    ["a@b.ru, A@B.RU", ["a@b.ru"], []],
    ["not-an-email", [], ["not-an-email"]],
    ["a@b", [], ["a@b"]],
  ])("%j", (cell, values, invalid) => {
    expect(readEmails(cell)).toEqual({ values, invalid });
  });
});

describe("dates", () => {
  it.each([
    ["26.11.2026 14:05", "26-11-2026 14:05:00"],
    ["26.11.2026 14:05:07", "26-11-2026 14:05:07"],
    ["26.11.2026", "26-11-2026 00:00:00"],
    ["6.1.2026 9:05", "06-01-2026 09:05:00"],
    ["26.11.26", "26-11-2026 00:00:00"],
    ["26/11/2026 14:05", "26-11-2026 14:05:00"],
    ["26-11-2026 14:05:00", "26-11-2026 14:05:00"],
    ["26.11.2026, 14:05", "26-11-2026 14:05:00"],
    ["2026-11-26 14:05:00", "26-11-2026 14:05:00"],
    ["2026-11-26 14:05", "26-11-2026 14:05:00"],
    ["2026-11-26", "26-11-2026 00:00:00"],
    ["2026-11-26T14:05:00", "26-11-2026 14:05:00"],
    ["2026.11.26 14:05", "26-11-2026 14:05:00"],
    [" 2026-11-26T14:05:00.123 ", "26-11-2026 14:05:00"],
    ["29.02.2028", "29-02-2028 00:00:00"],
  ])("%j → %j", (cell, expected) => {
    expect(readMatchingDate(cell)).toBe(expected);
  });

  it.each([
    "32.13.2026",
    "29.02.2027",
    "26.11.2026 24:00",
    "26.11.2026 14:60",
    "2026-13-01",
    "yesterday",
    "26.11",
    "14:05",
    "",
  ])("%j is not a date", (cell) => {
    expect(readMatchingDate(cell)).toBeNull();
  });

  it("turns a zoned time into local time", () => {
    const expected = new Date(Date.UTC(2026, 10, 26, 11, 5, 0));
    const local = parseCrmDate("2026-11-26T14:05:00+03:00");
    expect(local).toMatchObject({
      year: expected.getFullYear(),
      month: expected.getMonth() + 1,
      day: expected.getDate(),
      hour: expected.getHours(),
      minute: 5,
    });
    expect(parseCrmDate("2026-11-26T11:05:00Z")).toEqual(local);
  });

  it("writes a date field's value as yyyy-mm-dd", () => {
    const parts = parseCrmDate("01.02.2026 10:00");
    expect(parts && toIsoDate(parts)).toBe("2026-02-01");
  });
});

describe("readId", () => {
  it.each([
    ["1001", 1001],
    [" 42 ", 42],
    ["123456789012345678901", "123456789012345678901"],
    ["0", null],
    ["012", null],
    ["-5", null],
    ["12.5", null],
    ["abc", null],
  ])("%j → %j", (cell, id) => {
    expect(readId(cell)).toBe(id);
  });
});

describe("readFieldValue", () => {
  const field = (type: CatalogueField["type"], options: string[] = []): CatalogueField => ({
    id: "f",
    apiName: "f",
    label: "",
    type,
    options,
  });
  it.each([
    ["number", "1 250,50", { ok: true, value: 1250.5 }],
    ["number", "1\u00a0250,50", { ok: true, value: 1250.5 }],
    ["number", "1,250.50", { ok: true, value: 1250.5 }],
    ["number", "-3", { ok: true, value: -3 }],
    ["number", "n/a", { ok: false, error: "number" }],
    ["number", "12 руб.", { ok: false, error: "number" }],
    ["date", "26.11.2026", { ok: true, value: "2026-11-26" }],
    ["date", "2026-11-26 14:05", { ok: true, value: "2026-11-26" }],
    ["date", "31.11.2026", { ok: false, error: "date" }],
    ["text", "  Иван  ", { ok: true, value: "Иван" }],
  ] as const)("%s %j", (type, cell, result) => {
    expect(readFieldValue(field(type), cell)).toEqual(result);
  });

  it.each([
    ["won", { ok: true, value: "won" }],
    ["WON", { ok: true, value: "won" }],
    ["Выиграна", { ok: true, value: "выиграна" }],
    ["maybe", { ok: false, error: "option" }],
  ])("list %j", (cell, result) => {
    expect(readFieldValue(field("list", ["won", "lost", "выиграна"]), cell)).toEqual(result);
  });
});
