/**
 * The popup's form as typed, checked into what Send enqueues, with an error text next to each input it
 * concerns; and the errors an edit clears or a server's refusal places. Pure: tested without a DOM.
 */
import { LIMITS } from "../../utils/calltouch/limits";
import type { LeadOperation, MatchingRow } from "../../utils/calltouch/schemas";
import { contactText, leadContactsOf, type PopupContact } from "../../utils/contacts";
import { buildCustomFields, type FieldValues } from "../../utils/custom-fields";
import { t } from "../../utils/i18n";
import { buildLeadOperations, leadLabel, parseTags, rejectionText } from "../../utils/lead-operations";
import { buildMatching, DEFAULT_TEMPLATE, type LeadContacts } from "../../utils/matching";
import type { OpRecord } from "../../utils/sending/types";
import { type Catalogue, MAX_COMMENT_LENGTH } from "../../utils/storage";
import type { RowErrorTexts } from "../MatchingRowEditor";
import { type RowDraft, type RowInput, rowFromMatching, TYPE_INPUTS, validateRow } from "../matching-rows";
import { typeName } from "../matching-words";
import { isPlaceable, placeViolations } from "./server-errors";
import { fieldErrorText, rowErrorText } from "./wording";

/** What the user edits, as the draft stores it. */
export interface PopupForm {
  /** Selected contacts as `kind:value`. */
  selected: string[];
  /** The edited matching; null: the default, built from the selected contacts. */
  rows: RowDraft[] | null;
  /** Field API name → value as typed. */
  fields: FieldValues;
  overwrite: boolean;
  /** Tags as typed (comma-separated). */
  tags: string;
  tagsOverwrite: boolean;
  comment: string;
}

export const EMPTY_FORM: PopupForm = {
  selected: [],
  rows: null,
  fields: {},
  overwrite: false,
  tags: "",
  tagsOverwrite: false,
  comment: "",
};

/** Error texts by input; `form` is the line above Send. */
export interface FormErrors {
  contacts?: string;
  matching?: string;
  rows: RowErrorTexts;
  /** By field API name. */
  fields: Record<string, string>;
  fieldList?: string;
  overwrite?: string;
  tags?: string;
  comment?: string;
  form?: string;
}

export const NO_ERRORS: FormErrors = { rows: {}, fields: {} };

/** What was sent, so that the server's errors can be put next to the inputs they concern. */
export interface SentShape {
  /** The editor row of each sent matching row; null when the default matching was sent. */
  rowKeys: string[] | null;
  matching: MatchingRow[];
  /** The catalogue field (API name) of each sent custom field. */
  fieldNames: string[];
}

/** A checked form: the operations to enqueue, the label the history shows, and the shape sent. */
export interface SendPlan extends SentShape {
  operations: LeadOperation[];
  label: string;
}

export type FormCheck =
  | { ok: true; plan: SendPlan }
  /** `invalid`: inputs to fix (focus the first); else an unexpected refusal, said above Send. */
  | { ok: false; errors: FormErrors; invalid: boolean };

/** What the form is checked against. */
export interface FormContext {
  catalogue: Catalogue;
  /** The selected contacts, in the order listed. */
  contacts: readonly PopupContact[];
  region: string;
}

/** Checks every input (each problem by its input) and builds the lead's operations. */
export function checkForm(form: PopupForm, context: FormContext): FormCheck {
  const lead = leadContactsOf(context.contacts);
  const errors: FormErrors = { rows: {}, fields: {} };

  let matching: MatchingRow[] = [];
  if (form.rows === null) {
    matching = buildMatching(DEFAULT_TEMPLATE, lead);
    if (!matching.length) errors.contacts = t("popupErrorNoContacts");
  } else if (!form.rows.length) {
    errors.matching = t("popupErrorNoRules");
  } else {
    for (const row of form.rows) {
      const checked = validateRow(row, lead, context.region);
      if (checked.ok) matching.push(checked.row);
      else
        errors.rows[row.key] = Object.fromEntries(
          Object.entries(checked.errors).map(([input, code]) => [input, rowErrorText(code)]),
        );
    }
  }

  const built = buildCustomFields(context.catalogue, form.fields);
  for (const [name, code] of Object.entries(built.errors)) errors.fields[name] = fieldErrorText(code);
  if (built.problem === "tooMany")
    errors.fieldList = t("popupErrorTooManyFields", String(LIMITS.maxCustomFields));
  const tags = parseTags(form.tags);
  if (tags.length > LIMITS.maxTags) errors.tags = t("popupErrorTooManyTags", String(LIMITS.maxTags));
  const comment = form.comment.trim();
  if (comment.length > MAX_COMMENT_LENGTH)
    errors.comment = t("popupErrorCommentTooLong", String(MAX_COMMENT_LENGTH));
  // Fields are optional: the lead needs at least one of fields, tags or a comment.
  if (built.problem === "none" && tags.length === 0 && !comment)
    errors.fieldList = t("popupErrorNothingToSend");

  if (hasInputErrors(errors))
    return { ok: false, errors: { ...errors, form: t("popupFormHasErrors") }, invalid: true };

  const operations = buildLeadOperations({
    matching,
    fields: built.fields,
    overwrite: form.overwrite,
    tags,
    tagsOverwrite: form.tagsOverwrite,
    comment,
  });
  if (!operations.ok) {
    const issue = operations.issue;
    const message = issue.code === "rejected" ? rejectionText(issue) : issue.code;
    return { ok: false, errors: { ...NO_ERRORS, form: t("popupErrorUnexpected", message) }, invalid: false };
  }
  const label =
    leadLabel(context.contacts.map(contactText)) || leadLabel((form.rows ?? []).map(describeRow), "; ");
  return {
    ok: true,
    plan: {
      operations: operations.operations,
      label,
      rowKeys: form.rows ? form.rows.map((r) => r.key) : null,
      matching,
      fieldNames: built.sentNames,
    },
  };
}

/** True when some input has an error (the line above Send aside). */
export function hasInputErrors(errors: FormErrors): boolean {
  return Boolean(
    errors.contacts ||
      errors.matching ||
      errors.fieldList ||
      errors.tags ||
      errors.comment ||
      Object.keys(errors.rows).length ||
      Object.keys(errors.fields).length,
  );
}

/** The matching row and input an edit of the rows touched. */
export interface RowChange {
  key: string;
  input: RowInput;
}

/**
 * The errors left after the user changed `patch` of `previous`: each edited input's own error, the errors
 * about the whole list it belongs to, and the line above Send go.
 */
export function errorsAfterEdit(
  errors: FormErrors,
  previous: PopupForm,
  patch: Partial<PopupForm>,
  rowChange?: RowChange,
): FormErrors {
  const next: FormErrors = { ...errors, form: undefined };
  if ("selected" in patch) next.contacts = undefined;
  if ("rows" in patch) {
    next.matching = undefined;
    if (patch.rows === null) next.rows = {};
    else if (rowChange) {
      const { [rowChange.input]: _, row: __, ...rest } = errors.rows[rowChange.key] ?? {};
      next.rows = { ...errors.rows, [rowChange.key]: rest };
    }
  }
  if (patch.fields) {
    const edited = patch.fields;
    next.fields = Object.fromEntries(
      Object.entries(errors.fields).filter(([name]) => edited[name] === previous.fields[name]),
    );
    next.fieldList = undefined;
  }
  if ("overwrite" in patch) next.overwrite = undefined;
  if ("tags" in patch || "tagsOverwrite" in patch) next.tags = undefined;
  if ("tags" in patch || "comment" in patch) next.fieldList = undefined;
  if ("comment" in patch) next.comment = undefined;
  return next;
}

/** The form's errors after a settled lead's validation errors were placed, and the rows to open, if any. */
export interface PlacedErrors {
  errors: FormErrors;
  /** The default matching, opened as rows so that an error shows by its input; null: rows unchanged. */
  rows: RowDraft[] | null;
  /** Open the matching editor: an error is on one of its rows. */
  openEditor: boolean;
}

/** Places the validation errors of a settled lead next to the inputs they name; null when there is none. */
export function placeServerErrors(
  ops: readonly (Pick<OpRecord, "error"> & Partial<Pick<OpRecord, "item">>)[],
  shape: SentShape,
): PlacedErrors | null {
  if (!ops.some((op) => isPlaceable(op.error))) return null;
  const placed = ops.flatMap((op) => (isPlaceable(op.error) ? placeViolations(op.error, op.item) : []));
  const errors: FormErrors = { rows: {}, fields: {} };
  let rowKeys = shape.rowKeys;
  let rows: RowDraft[] | null = null;
  let openEditor = false;
  if (!rowKeys && placed.some((p) => p.target.area === "row")) {
    // The default matching was sent: open it in the editor so the error shows by its input.
    rows = shape.matching.map(rowFromMatching);
    rowKeys = rows.map((r) => r.key);
    openEditor = true;
  }
  for (const { target, message } of placed) {
    if (target.area === "row") {
      const key = rowKeys?.[target.index];
      if (key) {
        errors.rows[key] = { ...errors.rows[key], [target.input]: message };
        openEditor = true;
      } else errors.matching = message;
    } else if (target.area === "field") {
      const name = shape.fieldNames[target.index];
      if (name) errors.fields[name] = message;
      else errors.fieldList = message;
    } else if (target.area === "matching") errors.matching = message;
    else if (target.area === "fields") errors.fieldList = message;
    else if (target.area === "tags") errors.tags ??= message;
    else if (target.area === "comment") errors.comment ??= message;
    else errors.overwrite = message;
  }
  return { errors, rows, openEditor };
}

/** The editor rows of the default matching (one row that follows the selected contacts). */
export function defaultRows(lead: LeadContacts): RowDraft[] {
  const built = buildMatching(DEFAULT_TEMPLATE, lead);
  return (built.length ? built : [{ type: "leadContact" as const, leadContactParams: {} }]).map(
    rowFromMatching,
  );
}

/** True when the rows are the default, untouched: one leadContact row following the selection. */
export function isDefaultRows(rows: readonly RowDraft[]): boolean {
  const [row, ...rest] = rows;
  return (
    !!row &&
    rest.length === 0 &&
    row.type === "leadContact" &&
    row.follow &&
    !row.date.trim() &&
    !row.searchDepth.trim() &&
    !row.tags.trim() &&
    !row.typeToMatch.trim() &&
    !row.searchInText
  );
}

/** One line of the matching summary. */
export function describeRow(row: RowDraft): string {
  const inputs = TYPE_INPUTS[row.type];
  const name = typeName(row.type);
  if (inputs.id) return `${name}: ${row.id.trim() || "—"}`;
  const contacts = [row.phones, inputs.emails ? row.emails : ""].filter((s) => s.trim()).join(", ");
  return `${name}: ${row.follow ? t("popupSummarySelected") : contacts || "—"}`;
}
