import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "../../../utils/csv/decode";
import { encodeWindows1251 } from "../../fixtures/csv/generate";

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);

describe("decodeCsvBytes", () => {
  it.each([
    ["UTF-8 without a BOM", utf8("Имя;Телефон\r\nЁлка;1"), "utf-8", false, "Имя;Телефон\r\nЁлка;1"],
    ["UTF-8 with a BOM", withBom(utf8("Имя,Телефон")), "utf-8", true, "Имя,Телефон"],
    // "Имя;Телефон" as Russian Excel saves it: Windows-1251, one byte per letter.
    [
      "Windows-1251",
      Uint8Array.of(0xc8, 0xec, 0xff, 0x3b, 0xd2, 0xe5, 0xeb, 0xe5, 0xf4, 0xee, 0xed),
      "windows-1251",
      false,
      "Имя;Телефон",
    ],
    ["Windows-1251 ё and №", Uint8Array.of(0xb8, 0xa8, 0xb9), "windows-1251", false, "ёЁ№"],
    ["ASCII only", utf8("phone,email"), "utf-8", false, "phone,email"],
    ["empty", new Uint8Array(), "utf-8", false, ""],
    ["a BOM alone", Uint8Array.of(0xef, 0xbb, 0xbf), "utf-8", true, ""],
  ])("%s", (_, bytes, encoding, bom, text) => {
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding, bom });
  });

  it("reads the committed Windows-1251 sample, Cyrillic intact", () => {
    const bytes = readFileSync(path.resolve("tests/fixtures/csv/leads-cp1251-semicolon.csv"));
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe("windows-1251");
    expect(text.split("\r\n")[0]).toBe("Имя;Телефон;Выручка;Дата;Теги;Комментарий");
    expect(text).toContain("Пётр Ёлкин 2");
  });

  it("reads the committed UTF-8 sample with a BOM, the header's first name without it", () => {
    const bytes = readFileSync(path.resolve("tests/fixtures/csv/leads-utf8-bom-comma.csv"));
    const { text, encoding, bom } = decodeCsvBytes(bytes);
    expect([encoding, bom]).toEqual(["utf-8", true]);
    expect(text.startsWith("Имя,Телефон,")).toBe(true);
  });

  it("round-trips every Cyrillic letter through the test encoder", () => {
    const letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ№«»—";
    expect(decodeCsvBytes(encodeWindows1251(letters)).text).toBe(letters);
  });
});
