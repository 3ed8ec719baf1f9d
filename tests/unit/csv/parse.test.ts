import { describe, expect, it } from "vitest";
import { guessDelimiter, parseCsv } from "../../../utils/csv/parse";

describe("guessDelimiter", () => {
  it.each([
    ["commas", "phone,email,name\n1,a@b.ru,x\n2,c@d.ru,y", ","],
    ["semicolons", "phone;email;name\n1;a@b.ru;x\n2;c@d.ru;y", ";"],
    ["tabs", "phone\temail\n1\ta@b.ru", "\t"],
    // Decimal commas in a semicolon file must not look like a comma delimiter.
    [
      "semicolons with decimal commas",
      "Имя;Телефон;Выручка\nИван;8 999 000-00-01;1 250,50\nПётр;79990000002;3,5",
      ";",
    ],
    ["semicolons with a comma in the header", "Сумма, руб;Телефон;Имя;Теги\n1;2;3;4\n5;6;7;8", ";"],
    ["blank lines between rows", "a;b;c\n\n1;2;3\n\n\n4;5;6\n", ";"],
    ["a single column", "phone\n79990000001\n79990000002", ","],
  ])("%s", (_, text, delimiter) => {
    expect(guessDelimiter(text)).toBe(delimiter);
  });
});

describe("parseCsv", () => {
  it("reads quoted fields with delimiters, line breaks and escaped quotes", () => {
    const text = 'name;comment;phone\r\n"Иванов; Иван";"Сказал ""да""\r\nперезвонить";79990000001\r\n';
    const parsed = parseCsv(text);
    expect(parsed.delimiter).toBe(";");
    expect(parsed.headers).toEqual(["name", "comment", "phone"]);
    expect(parsed.rows).toEqual([
      { index: 0, line: 2, cells: ["Иванов; Иван", 'Сказал "да"\r\nперезвонить', "79990000001"], extra: [] },
    ]);
  });

  it("trims header names and keeps a blank one blank", () => {
    const parsed = parseCsv("  Телефон ;\tEmail\t;;Имя\n1;2;3;4");
    expect(parsed.headers).toEqual(["Телефон", "Email", "", "Имя"]);
  });

  it("skips blank lines and rows of empty fields, keeping spreadsheet row numbers", () => {
    const parsed = parseCsv("\n\nphone;name\n\n79990000001;a\n;\n  \n79990000002;b\n");
    expect(parsed.headers).toEqual(["phone", "name"]);
    expect(parsed.rows.map((r) => [r.index, r.line, r.cells[0]])).toEqual([
      [0, 5, "79990000001"],
      [1, 8, "79990000002"],
    ]);
  });

  it.each([
    ["too few fields", "a;b;c\n1;2\n", { kind: "fieldCount", found: 2, expected: 3 }, ["1", "2", ""], []],
    [
      "too many non-blank fields",
      "a;b\n1;2;3\n",
      { kind: "fieldCount", found: 3, expected: 2 },
      ["1", "2"],
      ["3"],
    ],
    ["an unclosed quote", 'a;b\n1;"2\n', { kind: "quotes" }, ["1", "2\n"], []],
  ])("marks a broken row instead of failing: %s", (_, text, defect, cells, extra) => {
    const [row] = parseCsv(text).rows;
    expect(row).toMatchObject({ defect, cells, extra });
  });

  it("accepts blank fields beyond the header (rows ending with a delimiter)", () => {
    const [row] = parseCsv("a;b\n1;2;\n").rows;
    expect(row).toEqual({ index: 0, line: 2, cells: ["1", "2"], extra: [] });
  });

  it("keeps reading after a broken row", () => {
    const parsed = parseCsv("a;b\n1\n2;3\n4;5\n");
    expect(parsed.rows.map((r) => r.defect?.kind ?? "ok")).toEqual(["fieldCount", "ok", "ok"]);
  });

  it.each([
    ["", true],
    ["\n\n  \n", true],
    ["phone\n", false],
  ])("an empty file (%j) has no header", (text, empty) => {
    const parsed = parseCsv(text);
    expect(parsed.empty).toBe(empty);
    expect(parsed.rows).toEqual([]);
  });

  it("parses 10,000 rows quickly", () => {
    const lines = ["Имя;Телефон;Выручка"];
    for (let i = 0; i < 10_000; i++) lines.push(`Иван ${i};8 (999) 000-00-${i};1 250,50`);
    const started = performance.now();
    const parsed = parseCsv(lines.join("\r\n"));
    expect(parsed.rows).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
