import { describe, expect, it } from "vitest";
import {
  type ColumnRole,
  checkMapping,
  fitRoles,
  guessRoles,
  headerSignature,
  isColumnRole,
  stem,
} from "../../../utils/bulk/mapping";
import type { Catalogue } from "../../../utils/storage";
import { CATALOGUE } from "./catalogue";

describe("headerSignature", () => {
  it("ignores case and spacing, not order", () => {
    expect(headerSignature([" Телефон", "EMAIL  адрес"])).toBe(headerSignature(["телефон", "email адрес"]));
    expect(headerSignature(["a", "b"])).not.toBe(headerSignature(["b", "a"]));
    expect(headerSignature(["a", "b"])).not.toBe(headerSignature(["a", "b", ""]));
  });
});

describe("guessRoles", () => {
  it.each([
    ["Телефон", "phone"],
    ["Мобильный телефон", "phone"],
    ["Номер телефона", "phone"],
    ["Phone", "phone"],
    ["Тел.", "phone"],
    ["E-mail", "email"],
    ["Эл. почта", "email"],
    // A date is never guessed as the lead's date: the user picks it.
    ["Дата создания", "ignore"],
    ["Created at", "ignore"],
    ["Дата", "ignore"],
    ["ID звонка", "callId"],
    ["Call ID", "callId"],
    ["call_id", "callId"],
    ["Номер заявки", "requestId"],
    ["Request ID", "requestId"],
    ["Теги", "tags"],
    ["Tags", "tags"],
    ["Комментарий", "comment"],
    ["Примечание", "comment"],
    ["Выручка", "field:revenue"],
    ["REVENUE", "field:revenue"],
    ["birthday", "field:birthday"],
    ["Дата рождения", "ignore"],
    ["Ответственный", "ignore"],
    ["", "ignore"],
  ])("%j → %s", (header, role) => {
    expect(guessRoles([header], CATALOGUE)).toEqual([role]);
  });

  it("gives a single-use role to the first column only; phones may come from several columns", () => {
    expect(
      guessRoles(["Телефон", "Дата", "Мобильный", "Дата звонка", "Выручка", "revenue"], CATALOGUE),
    ).toEqual(["phone", "ignore", "phone", "ignore", "field:revenue", "ignore"]);
  });
});

describe("matching columns to catalogue fields by label", () => {
  const DEALS: Catalogue = [
    { id: "1", apiName: "deal_stage", label: "Стадия сделки", type: "list", options: ["Новая"] },
    { id: "2", apiName: "deal_sum", label: "Сумма сделки", type: "number", options: [] },
    { id: "3", apiName: "manager_name", label: "Имя менеджера", type: "text", options: [] },
    { id: "4", apiName: "manager_phone", label: "Телефон менеджера", type: "text", options: [] },
    { id: "5", apiName: "source_site", label: "Источник сайт", type: "text", options: [] },
    { id: "6", apiName: "source_ad", label: "Источник реклама", type: "text", options: [] },
    { id: "7", apiName: "closed_at", label: "Дата закрытия", type: "date", options: [] },
    { id: "8", apiName: "product", label: "Product", type: "text", options: [] },
  ];
  it.each([
    ["Стадия", "field:deal_stage"],
    ["стадии", "field:deal_stage"],
    ["СТАДИЯ СДЕЛКИ", "field:deal_stage"],
    ["Стадию сделки", "field:deal_stage"],
    ["Сумма", "field:deal_sum"],
    ["Суммы", "field:deal_sum"],
    ["deal_sum", "field:deal_sum"],
    ["Deal stage", "field:deal_stage"],
    ["Products", "field:product"],
    // The usual header names come before a label that begins the same way.
    ["Телефон", "phone"],
    // Several fields begin with it: not guessed.
    ["Источник", "ignore"],
    // A date column feeds a date field of that name, never the lead's date.
    ["Дата закрытия", "field:closed_at"],
    ["Дата создания", "ignore"],
    // Too short to say anything.
    ["Ст", "ignore"],
    ["Менеджер", "ignore"],
  ])("%j → %s", (header, role) => {
    expect(guessRoles([header], DEALS)).toEqual([role]);
  });

  it("matches a longer header to a shorter label", () => {
    const short: Catalogue = [{ id: "1", apiName: "stage", label: "Стадия", type: "text", options: [] }];
    expect(guessRoles(["Стадия сделки"], short)).toEqual(["field:stage"]);
  });

  it("cuts word endings, not words", () => {
    expect(["стадия", "стадии", "сделки", "сделка", "суммы", "products", "имя"].map(stem)).toEqual([
      "стад",
      "стад",
      "сделк",
      "сделк",
      "сумм",
      "product",
      "имя",
    ]);
  });
});

describe("fitRoles", () => {
  it("keeps a remembered mapping, dropping fields no longer in the catalogue", () => {
    expect(
      fitRoles(["phone", "field:revenue", "field:gone", "nonsense"], ["a", "b", "c", "d"], CATALOGUE),
    ).toEqual(["phone", "field:revenue", "ignore", "ignore"]);
  });
  it("refuses a mapping of another width", () => {
    expect(fitRoles(["phone"], ["a", "b"], CATALOGUE)).toBeNull();
  });
  it("knows the roles", () => {
    expect(isColumnRole("callId", CATALOGUE)).toBe(true);
    expect(isColumnRole("field:name", CATALOGUE)).toBe(true);
    expect(isColumnRole("field:nope", CATALOGUE)).toBe(false);
    expect(isColumnRole("phones", CATALOGUE)).toBe(false);
  });
});

describe("checkMapping", () => {
  const codes = (roles: ColumnRole[]) => checkMapping(roles).map((p) => p.code);
  it.each<[string, ColumnRole[], string[]]>([
    ["phone and a field", ["phone", "field:revenue"], []],
    ["email, date and tags", ["email", "date", "tags"], []],
    ["call ID and a comment", ["callId", "comment"], []],
    ["two phone columns", ["phone", "phone", "comment"], []],
    ["nothing to match by", ["field:revenue", "ignore"], ["noMatching"]],
    ["a date alone cannot match", ["date", "callId", "tags"], ["dateWithoutContact"]],
    ["nothing to add", ["phone", "email"], ["nothingToAdd"]],
    ["a field twice", ["phone", "field:revenue", "field:revenue"], ["duplicate"]],
    ["two comment columns", ["phone", "comment", "comment"], ["duplicate"]],
    ["all ignored", ["ignore", "ignore"], ["noMatching", "nothingToAdd"]],
  ])("%s", (_, roles, expected) => {
    expect(codes(roles)).toEqual(expected);
  });

  it("refuses more custom fields than one request takes", () => {
    const roles: ColumnRole[] = ["phone", ...Array.from({ length: 21 }, (_, i) => `field:f${i}` as const)];
    expect(checkMapping(roles)).toEqual([{ code: "tooManyFields", count: 21, max: 20 }]);
  });
});
