import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { newRow, type RowDraft, rowToMatching, validateRow } from "../../components/matching-rows";
import { md5 } from "../../components/popup/md5";
import { placeViolations, targetOf } from "../../components/popup/server-errors";
import { formatPhone, parseManualContact } from "../../utils/contacts";
import { isIsoDate } from "../../utils/custom-field-values";
import { buildCustomFields } from "../../utils/custom-fields";
import type { Catalogue } from "../../utils/storage";
import { useFakeI18n } from "../components/fake-i18n";

const nodeMd5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("md5", () => {
  it.each([
    "",
    "a",
    "abc",
    "79157771122",
    "x".repeat(55),
    "x".repeat(56),
    "x".repeat(64),
    "x".repeat(1000),
    "телефон",
  ])("matches node:crypto for %j", (text) => {
    expect(md5(text)).toBe(nodeMd5(text));
  });
});

describe("contacts typed by hand", () => {
  it.each([
    ["8 (915) 777-11-22", { kind: "phone", value: "79157771122" }],
    ["+7 915 777-11-22", { kind: "phone", value: "79157771122" }],
    ["915 777 11 22", { kind: "phone", value: "79157771122" }],
    ["+375 29 123-45-67", { kind: "phone", value: "375291234567" }],
    [" Ivan.Petrov@Example.COM ", { kind: "email", value: "ivan.petrov@example.com" }],
  ])("%j → %j", (text, contact) => {
    expect(parseManualContact(text)).toEqual({
      ok: true,
      contact: { ...contact, inCard: false, manual: true },
    });
  });

  it.each([
    ["", "manualEmpty"],
    ["915 77", "manualPhone"],
    ["1234567890123456", "manualPhone"],
    ["call 8 915 777 11 22", "manualPhone"],
    ["ivan@", "manualEmail"],
    ["ivan@example", "manualEmail"],
  ])("%j is refused (%s)", (text, error) => {
    expect(parseManualContact(text)).toEqual({ ok: false, error });
  });

  it("gives a national number the country code of the region", () => {
    expect(parseManualContact("212 555 0100", "US")).toMatchObject({ contact: { value: "12125550100" } });
  });

  it.each([
    ["79157771122", "+7 915 777-11-22"],
    ["375291234567", "+375291234567"],
  ])("formats %s as %s", (digits, text) => {
    expect(formatPhone(digits)).toBe(text);
  });
});

describe("custom field values", () => {
  it.each([
    ["1990-01-01", true],
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["01-01-1990", false],
  ])("isIsoDate(%j) is %s", (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  const catalogue: Catalogue = [
    { id: "1", apiName: "product", label: "", type: "text", options: [] },
    { id: "2", apiName: "amount", label: "", type: "number", options: [] },
    { id: "3", apiName: "stage", label: "", type: "list", options: ["new"] },
  ];

  it("sends filled fields only and remembers which field each sent index is", () => {
    expect(buildCustomFields(catalogue, { product: "  ", amount: "10,5", stage: "new" })).toEqual({
      fields: [
        { field: "amount", value: 10.5 },
        { field: "stage", value: "new" },
      ],
      sentNames: ["amount", "stage"],
      errors: {},
      problem: null,
    });
  });

  it("reports values of the wrong type, and nothing filled", () => {
    expect(buildCustomFields(catalogue, { amount: "ten", stage: "old" }).errors).toEqual({
      amount: "number",
      stage: "option",
    });
    expect(buildCustomFields(catalogue, {}).problem).toBe("none");
  });
});

describe("matching rows", () => {
  const selected = { phones: ["79157771122"], emails: ["a@b.ru"] };
  const row = (change: Partial<RowDraft>): RowDraft => ({ ...newRow(""), searchDepth: "", ...change });

  it("sends phones as MD5 of the 11-digit number when asked", () => {
    const draft = row({ type: "requestContact", follow: false, phones: "8 915 777-11-22", md5: true });
    expect(rowToMatching(draft, selected)).toEqual({
      type: "requestContact",
      requestContactParams: { md5Phones: [nodeMd5("79157771122")], requestTypeToMatch: "nearest" },
    });
  });

  it("follows the selected contacts and sends every parameter that is set", () => {
    const draft = row({
      date: "01-10-2020 12:00:00",
      searchDepth: "120",
      tags: "t1, t2",
      tagsLogic: "or",
      typeToMatch: "nearestUniq",
      searchInText: true,
    });
    expect(validateRow(draft, selected)).toEqual({
      ok: true,
      row: {
        type: "leadContact",
        leadContactParams: {
          phones: ["79157771122"],
          emails: ["a@b.ru"],
          searchAmongPhonesInText: true,
          date: "01-10-2020 12:00:00",
          tags: ["t1", "t2"],
          tagsLogic: "or",
          leadTypeToMatch: "nearestUniq",
          searchDepth: 120,
        },
      },
    });
  });

  it.each([
    [{ type: "call" as const, id: "abc" }, { id: "id" }],
    [{ date: "31-02-2025 10:00:00" }, { date: "date" }],
    [{ searchDepth: "1.5" }, { searchDepth: "searchDepth" }],
    [{ follow: false, phones: "123", emails: "" }, { phones: "phones" }],
    [{ follow: false, phones: "", emails: "" }, { phones: "needContacts" }],
    [{ type: "callContact" as const, follow: false, phones: "", emails: "a@b.ru" }, { phones: "needPhones" }],
    [{ follow: false, phones: "", emails: "not-an-email" }, { emails: "emails" }],
  ])("%j is refused with %j", (change, errors) => {
    expect(validateRow(row(change), selected)).toEqual({ ok: false, errors });
  });
});

describe("server errors", () => {
  it.each([
    ["matching[0].leadContactParams.phones[0]", { area: "row", index: 0, input: "phones" }],
    ["leads[0].matching[2].callParams.callId", { area: "row", index: 2, input: "id" }],
    ["matching[1]", { area: "row", index: 1, input: "row" }],
    ["matching", { area: "matching" }],
    ["addCustomFields.customFields[1].value", { area: "field", index: 1 }],
    ["addCustomFields.customFields", { area: "fields" }],
    ["addCustomFields.overwrite", { area: "overwrite" }],
    ["somethingElse", null],
  ])("%s points at %j", (path, target) => {
    expect(targetOf(path)).toEqual(target);
  });

  it("places every violation of the lead next to its input", () => {
    expect(
      placeViolations({
        kind: "validation",
        message: "Bad value.; matching[0].leadContactParams.date: Bad date.",
        fieldPath: "addCustomFields.customFields[0].value",
        violations: [
          { fieldPath: "addCustomFields.customFields[0].value", message: "Bad value." },
          { fieldPath: "matching[0].leadContactParams.date", message: "Bad date." },
        ],
      }),
    ).toEqual([
      { target: { area: "field", index: 0 }, message: "Bad value." },
      { target: { area: "row", index: 0, input: "date" }, message: "Bad date." },
    ]);
  });
});

describe("placeViolations in the user's words", () => {
  const item = {
    matching: [{ type: "leadContact" as const, leadContactParams: { phones: ["79157771122"] } }],
    addCustomFields: {
      customFields: [
        { field: "product", value: "Kitchen" },
        { field: "lead_qualty", value: "hot" },
      ],
    },
  };

  beforeEach(() => {
    fakeBrowser.reset();
    useFakeI18n("ru");
  });

  it("puts a field Calltouch does not know next to the field sent", () => {
    expect(
      placeViolations({ kind: "rejected", message: 'Custom field "lead_qualty" not found' }, item),
    ).toEqual([
      {
        target: { area: "field", index: 1 },
        message:
          "В Calltouch нет пользовательского поля «lead_qualty». Проверьте его API-имя в каталоге полей.",
      },
    ]);
    expect(placeViolations({ kind: "rejected", message: "Lead not found" }, item)).toEqual([]);
  });

  it("translates a validation message it knows, and keeps one it does not", () => {
    expect(
      placeViolations(
        {
          kind: "validation",
          message: "This value is not a valid number.",
          violations: [
            {
              fieldPath: "addCustomFields.customFields[0].value",
              message: "This value is not a valid number.",
            },
            { fieldPath: "matching[0].leadContactParams.phones[0]", message: "Phone is odd." },
          ],
        },
        item,
      ),
    ).toEqual([
      { target: { area: "field", index: 0 }, message: "Calltouch не принял поле «product»: это не число." },
      { target: { area: "row", index: 0, input: "phones" }, message: "Phone is odd." },
    ]);
  });
});
