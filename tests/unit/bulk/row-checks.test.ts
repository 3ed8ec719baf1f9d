import { describe, expect, it } from "vitest";
import type { ColumnRole } from "../../../utils/bulk/mapping";
import { checkImportRows, summarizeWarnings } from "../../../utils/bulk/row-checks";
import type { ImportSettings } from "../../../utils/bulk/rows";
import { parseCsv } from "../../../utils/csv/parse";
import type { Catalogue } from "../../../utils/storage";

const CATALOGUE: Catalogue = [{ id: "1", apiName: "name", label: "Имя", type: "text", options: [] }];
const ROLES: ColumnRole[] = ["phone", "email", "field:name"];
const SETTINGS: ImportSettings = { roles: ROLES, catalogue: CATALOGUE, overwrite: false, region: "RU" };

const check = (line: string) => checkImportRows(parseCsv(`phone;email;name\r\n${line}\r\n`), SETTINGS)[0];

describe("contacts that cannot be read", () => {
  it("sends a row with a bad email by its phone, with a warning", () => {
    const result = check("+7 999 000-00-01;ivan@;Иван");
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ code: "email", column: 1, value: "ivan@" }],
    });
    if (!result?.ok) throw new Error("not sent");
    expect(result.plan.ops[0]?.item.matching).toEqual([
      { type: "leadContact", leadContactParams: { phones: ["79990000001"] } },
    ]);
  });

  it("sends a row with a bad phone by its email, and keeps the good phone of a cell", () => {
    expect(check("12-34;ivan@example.com;Иван")).toMatchObject({
      ok: true,
      warnings: [{ code: "phone", value: "12-34" }],
    });
    const both = check("12-34, 8 999 000-00-02;;Иван");
    expect(both).toMatchObject({ ok: true, warnings: [{ code: "phone", value: "12-34" }] });
    if (!both?.ok) throw new Error("not sent");
    expect(both.plan.ops[0]?.item.matching[0]).toEqual({
      type: "leadContact",
      leadContactParams: { phones: ["79990000002"] },
    });
  });

  it.each([
    ["no other contact", "12-34;;Иван", ["phone"]],
    ["a bad email alone", ";ivan@;Иван", ["email"]],
    ["another problem too", "+7 999 000-00-01;ivan@;", ["email", "nothingToAdd"]],
  ])("still refuses a row with %s, naming every problem", (_, line, codes) => {
    const result = check(line);
    expect(result?.ok).toBe(false);
    if (result?.ok === false) expect(result.issues.map((i) => i.code)).toEqual(codes);
  });

  it("leaves a clean row as the strict check reads it", () => {
    expect(check("+7 999 000-00-01;ivan@example.com;Иван")).not.toHaveProperty("warnings");
  });

  it("counts the rows sent with a warning", () => {
    const parsed = parseCsv(
      "phone;email;name\r\n+79990000001;a@;A\r\n+79990000002;b@example.com;B\r\n+79990000003;c@;C\r\n",
    );
    expect(summarizeWarnings(parsed, checkImportRows(parsed, SETTINGS))).toEqual([
      { code: "email", rows: 2, lines: [2, 4] },
    ]);
  });
});
