import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../utils/csv/parse";
import { csvLines, exportDelimiter, neutraliseFormulae } from "../../../utils/csv/write";

describe("neutraliseFormulae", () => {
  it.each([
    ["plain", "plain"],
    ["=1+2", "'=1+2"],
    ['=HYPERLINK("http://evil.example","Open")', `'=HYPERLINK("http://evil.example","Open")`],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+A1*2", "'+A1*2"],
    ["-2+3", "'-2+3"],
    ["\t=1", "\t'=1"],
    ["\r=1", "\r'=1"],
    ["＝1+1", "'＝1+1"],
    ["+7 (915) 777-11-22", "+7 (915) 777-11-22"],
    ["-5", "-5"],
    ["+79157771122, ivan@mail.ru", "+79157771122, ivan@mail.ru"],
    ["Иван;=HYPERLINK(1)", "Иван;'=HYPERLINK(1)"],
    ["a, =1+1", "a, '=1+1"],
    ["+7;=cmd|' /C calc'!A0", "+7;'=cmd|' /C calc'!A0"],
    ["note\n@evil", "note\n'@evil"],
    ["x = 1", "x = 1"],
    ["ivan@mail.ru", "ivan@mail.ru"],
  ])("%j → %j", (value, written) => {
    expect(neutraliseFormulae(value)).toBe(written);
  });
});

describe("csvLines", () => {
  it("quotes a cell holding either separator, a quote or a line break, whichever delimiter is used", () => {
    const rows = [["a;b", "c,d", 'say "hi"', "two\nlines", "plain"]];
    expect(csvLines(rows, ",")).toBe('"a;b","c,d","say ""hi""","two\nlines",plain\r\n');
    expect(csvLines(rows, ";")).toBe('"a;b";"c,d";"say ""hi""";"two\nlines";plain\r\n');
  });

  it("reads back to the same cells, formulas defused", () => {
    const rows = [
      ["Имя", "Телефон"],
      ["=HYPERLINK(1)", "+7 915 777-11-22"],
      ["Иван;=1+1", "x"],
    ];
    const parsed = parseCsv(csvLines(rows, ";"));
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ["'=HYPERLINK(1)", "+7 915 777-11-22"],
      ["Иван;'=1+1", "x"],
    ]);
  });
});

describe("exportDelimiter", () => {
  it.each([
    ["auto", "ru", ";"],
    ["auto", "ru-RU", ";"],
    ["auto", "en-US", ","],
    ["auto", "de", ","],
    [",", "ru", ","],
    [";", "en", ";"],
  ] as const)("%s in %s → %s", (choice, language, delimiter) => {
    expect(exportDelimiter(choice, language)).toBe(delimiter);
  });
});
