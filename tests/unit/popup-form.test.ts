import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { newRow, type RowDraft } from "../../components/matching-rows";
import {
  checkForm,
  EMPTY_FORM,
  errorsAfterEdit,
  type FormContext,
  type FormErrors,
  NO_ERRORS,
  type PopupForm,
  placeServerErrors,
} from "../../components/popup/popup-form";
import type { PopupContact } from "../../utils/contacts";
import type { Catalogue } from "../../utils/storage";
import { useFakeI18n } from "../components/fake-i18n";

const CATALOGUE: Catalogue = [
  { id: "1", apiName: "product", label: "Product", type: "text", options: [] },
  { id: "2", apiName: "amount", label: "Amount", type: "number", options: [] },
];
const PHONE: PopupContact = { kind: "phone", value: "79157771122", inCard: true };
const CONTEXT: FormContext = { catalogue: CATALOGUE, contacts: [PHONE], region: "RU" };
const form = (change: Partial<PopupForm>): PopupForm => ({
  ...EMPTY_FORM,
  selected: ["phone:79157771122"],
  ...change,
});

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
});

describe("checkForm", () => {
  it.each<[string, Partial<PopupForm>, FormContext, Partial<FormErrors>]>([
    [
      "no contact for the default matching",
      { tags: "vip" },
      { ...CONTEXT, contacts: [] },
      { contacts: "Select at least one contact or add one by hand: Calltouch finds the lead by them." },
    ],
    ["an empty rule list", { rows: [], tags: "vip" }, CONTEXT, { matching: "Add at least one rule." }],
    ["nothing to send", {}, CONTEXT, { fieldList: "Fill in at least one field, tags or a comment." }],
    [
      "a number field that is not a number",
      { fields: { amount: "ten" } },
      CONTEXT,
      { fields: { amount: "Enter a number, e.g. 1 250,50." } },
    ],
    [
      "too many tags",
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") },
      CONTEXT,
      { tags: "At most 20 tags can be sent for one lead." },
    ],
  ])("refuses %s, by its input", (_, change, context, expected) => {
    const checked = checkForm(form(change), context);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.invalid).toBe(true);
    expect(checked.errors).toMatchObject(expected);
    expect(checked.errors.form).toBeTruthy();
  });

  it("builds one op per filled part with the default matching, labelled by the selected contacts", () => {
    const checked = checkForm(
      form({ fields: { amount: "1,250.50", product: " " }, tags: "vip, vip", comment: " Called " }),
      CONTEXT,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const { plan } = checked;
    expect(plan.operations.map((op) => op.method)).toEqual(["customFields", "tags", "comment"]);
    expect(plan.operations[0]?.item).toMatchObject({
      addCustomFields: { overwrite: false, customFields: [{ field: "amount", value: 1250.5 }] },
    });
    expect(plan.operations[1]?.item).toMatchObject({ addTags: { tags: [{ tag: "vip" }] } });
    expect(plan.label).toBe("+7 915 777-11-22");
    expect(plan.rowKeys).toBeNull();
    expect(plan.fieldNames).toEqual(["amount"]);
    expect(plan.matching).toEqual([{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }]);
  });

  it("labels a lead matched by ID rules with the rules when no contact is selected", () => {
    const row: RowDraft = { ...newRow(""), type: "call", id: "1001" };
    const checked = checkForm(form({ selected: [], rows: [row], tags: "vip" }), { ...CONTEXT, contacts: [] });
    expect(checked.ok && checked.plan.label).toBe("Call by its ID: 1001");
    expect(checked.ok && checked.plan.rowKeys).toEqual([row.key]);
  });
});

describe("errorsAfterEdit", () => {
  const ALL: FormErrors = {
    contacts: "c",
    matching: "m",
    rows: { r1: { phones: "p", date: "d", row: "x" } },
    fields: { amount: "a", product: "b" },
    fieldList: "fl",
    overwrite: "o",
    tags: "t",
    comment: "cm",
    form: "f",
  };
  const previous = form({ fields: { amount: "ten", product: "" } });

  it.each<[string, Partial<PopupForm>, Partial<FormErrors>]>([
    ["the selection", { selected: [] }, { contacts: undefined }],
    ["the matching reset", { rows: null }, { matching: undefined, rows: {} }],
    [
      "a field value",
      { fields: { amount: "10", product: "" } },
      { fields: { product: "b" }, fieldList: undefined },
    ],
    ["the overwrite switch", { overwrite: true }, { overwrite: undefined }],
    ["the tags", { tags: "vip" }, { tags: undefined, fieldList: undefined }],
    ["the tags' overwrite switch", { tagsOverwrite: true }, { tags: undefined }],
    ["the comment", { comment: "x" }, { comment: undefined, fieldList: undefined }],
  ])("an edit of %s clears its own errors and the line above Send", (_, patch, cleared) => {
    expect(errorsAfterEdit(ALL, previous, patch)).toEqual({ ...ALL, form: undefined, ...cleared });
  });

  it("an edit of one row input clears that input's and the row's error", () => {
    const next = errorsAfterEdit(ALL, previous, { rows: [] }, { key: "r1", input: "phones" });
    expect(next.rows).toEqual({ r1: { date: "d" } });
    expect(next.matching).toBeUndefined();
  });
});

describe("placeServerErrors", () => {
  const validation = (fieldPath: string, message = "Bad") => ({
    error: { kind: "validation" as const, message, fieldPath },
  });

  it("is null without a validation error", () => {
    expect(placeServerErrors([{ error: { kind: "server", message: "HTTP 500" } }], EMPTY_SHAPE)).toBeNull();
  });

  it.each<[string, string, Partial<FormErrors>]>([
    ["a sent field", "addCustomFields.customFields[0].value", { fields: { amount: "Bad" } }],
    ["a field beyond those sent", "addCustomFields.customFields[3].value", { fieldList: "Bad" }],
    ["the overwrite switch", "addCustomFields.overwrite", { overwrite: "Bad" }],
    ["the tags", "addTags.tags[0].tag", { tags: "Bad" }],
    ["the comment", "addComment", { comment: "Bad" }],
    ["the matching as a whole", "matching", { matching: "Bad" }],
  ])("puts an error about %s by its input", (_, fieldPath, expected) => {
    const placed = placeServerErrors([validation(fieldPath)], { ...EMPTY_SHAPE, fieldNames: ["amount"] });
    expect(placed?.errors).toEqual({ ...NO_ERRORS, ...expected });
    expect(placed?.openEditor).toBe(false);
  });

  it("opens the default matching as rows when the error is on one of its rows", () => {
    const placed = placeServerErrors([validation("matching[0].leadContactParams.phones[0]")], {
      rowKeys: null,
      matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
      fieldNames: [],
    });
    const key = placed?.rows?.[0]?.key ?? "";
    expect(placed?.openEditor).toBe(true);
    expect(placed?.errors.rows).toEqual({ [key]: { phones: "Bad" } });
  });
});

const EMPTY_SHAPE = { rowKeys: null, matching: [], fieldNames: [] };
