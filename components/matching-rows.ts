/**
 * The matching editor's rows, in the popup (concrete rules) and in a preset (a template the menu fills with
 * the selected contacts): what the user types (strings, free-form while editing), turned into the
 * `matching` rows Calltouch reads (checked with `MatchingRowSchema`) or into a stored template row.
 * Pure: tested without a DOM.
 */
import { z } from "zod";
import { DEFAULT_SEARCH_DEPTH_MINUTES } from "../utils/calltouch/limits";
import {
  MATCHING_TYPES,
  type MatchingRow,
  MatchingRowSchema,
  type MatchingType,
} from "../utils/calltouch/schemas";
import { phoneDigits } from "../utils/contacts";
import { errorText } from "../utils/i18n";
import { parseTags } from "../utils/lead-operations";
import type { LeadContacts } from "../utils/matching";
import type { MatchingTemplateRow } from "../utils/storage";
import { SEARCH_DEPTHS, TYPES_TO_MATCH } from "./matching-choices";
import { md5 } from "./popup/md5";

/** One row as edited. Phones, emails and tags are comma-separated lists. */
export interface RowDraft {
  /** Identity in the editor (keys, focus, error mapping); never sent. */
  key: string;
  type: MatchingType;
  /** `callId` or `requestId`. */
  id: string;
  /** While true, phones and emails are the selected contacts and follow the selection. */
  follow: boolean;
  phones: string;
  emails: string;
  /** Send the phones as `md5Phones` instead (callContact, requestContact). */
  md5: boolean;
  /** `dd-mm-yyyy hh:mm:ss`; empty: not sent. */
  date: string;
  /** Minutes; empty: not sent (Calltouch searches 6 months back). */
  searchDepth: string;
  /** The user chose "Other…" for the search depth: a number input is shown. */
  depthCustom: boolean;
  tags: string;
  tagsLogic: "" | "and" | "or";
  /** The row's `*TypeToMatch`; empty: not sent (Calltouch takes the nearest). */
  typeToMatch: string;
  /** The user chose "Other…" for the type to match: a text input is shown. */
  matchCustom: boolean;
  /** `searchAmongPhonesInText` (leadContact). */
  searchInText: boolean;
}

/** Which inputs a matching type has. */
export interface TypeInputs {
  id?: "callId" | "requestId";
  contacts?: boolean;
  emails?: boolean;
  md5?: boolean;
  tags?: boolean;
  typeToMatch?: "callTypeToMatch" | "requestTypeToMatch" | "leadTypeToMatch";
  searchInText?: boolean;
}

export const TYPE_INPUTS: Record<MatchingType, TypeInputs> = {
  call: { id: "callId", tags: true },
  request: { id: "requestId", tags: true },
  callContact: { contacts: true, md5: true, tags: true, typeToMatch: "callTypeToMatch" },
  requestContact: { contacts: true, emails: true, md5: true, typeToMatch: "requestTypeToMatch" },
  leadContact: {
    contacts: true,
    emails: true,
    tags: true,
    typeToMatch: "leadTypeToMatch",
    searchInText: true,
  },
};

/** The inputs of a row an error can point at; `row` is the row as a whole. */
export type RowInput =
  | "type"
  | "id"
  | "phones"
  | "emails"
  | "date"
  | "searchDepth"
  | "tags"
  | "tagsLogic"
  | "typeToMatch"
  | "searchInText"
  | "row";

/** What is wrong with an input, as a code the UI words (`needContacts`: no phone or email at all). */
export type RowErrorCode =
  | Exclude<RowInput, "type" | "searchInText" | "row">
  | "needPhones"
  | "needContacts"
  | "invalid";

export type RowErrors = Partial<Record<RowInput, RowErrorCode>>;

/** The errors of a row in words, by input. */
export type RowInputErrors = Partial<Record<RowInput, string>>;

/** The types a preset's template offers: those the menu fills with the selected contacts. */
export const TEMPLATE_TYPES = [
  "leadContact",
  "callContact",
  "requestContact",
] as const satisfies readonly MatchingType[];

let counter = 0;
/** A key unique in this page. */
export const newRowKey = (): string => `row-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A row as the "Add rule" button creates it: the selected contacts, now, 6 months, the nearest lead. */
export function newRow(date: string): RowDraft {
  return {
    key: newRowKey(),
    type: "leadContact",
    id: "",
    follow: true,
    phones: "",
    emails: "",
    md5: false,
    date,
    searchDepth: String(DEFAULT_SEARCH_DEPTH_MINUTES),
    depthCustom: false,
    tags: "",
    tagsLogic: "",
    typeToMatch: "nearest",
    matchCustom: false,
    searchInText: false,
  };
}

/** The editor row of a built matching row (the default, opened for editing); contact rows follow the selection. */
export function rowFromMatching(row: MatchingRow): RowDraft {
  const draft: RowDraft = { ...newRow(""), searchDepth: "", typeToMatch: "", type: row.type };
  const params: Record<string, unknown> = { ...paramsOf(row) };
  const text = (value: unknown) =>
    Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
  draft.id = text(params.callId ?? params.requestId);
  draft.phones = text(params.phones);
  draft.emails = text(params.emails);
  draft.date = text(params.date);
  draft.searchDepth = text(params.searchDepth);
  draft.depthCustom =
    !!draft.searchDepth && !SEARCH_DEPTHS.some((minutes) => String(minutes) === draft.searchDepth);
  draft.tags = text(params.tags);
  draft.tagsLogic = params.tagsLogic === "and" || params.tagsLogic === "or" ? params.tagsLogic : "";
  const inputs = TYPE_INPUTS[row.type];
  draft.typeToMatch = inputs.typeToMatch ? text(params[inputs.typeToMatch]) : "";
  draft.matchCustom =
    !!draft.typeToMatch && !(TYPES_TO_MATCH as readonly string[]).includes(draft.typeToMatch);
  draft.searchInText = params.searchAmongPhonesInText === true;
  return draft;
}

function paramsOf(row: MatchingRow): object {
  switch (row.type) {
    case "call":
      return row.callParams;
    case "request":
      return row.requestParams;
    case "callContact":
      return row.callContactParams;
    case "requestContact":
      return row.requestContactParams;
    case "leadContact":
      return row.leadContactParams;
  }
}

/** A template row as "Add rule" creates it in a preset: the lead by its contacts, every parameter at Calltouch's default. */
export function newTemplateRow(): RowDraft {
  return { ...newRow(""), searchDepth: "", typeToMatch: "" };
}

/** The editor row of a stored template row. */
export function rowFromTemplate(row: MatchingTemplateRow): RowDraft {
  const depth = row.searchDepth === undefined ? "" : String(row.searchDepth);
  const match = row.typeToMatch ?? "";
  return {
    ...newTemplateRow(),
    type: row.type,
    searchDepth: depth,
    depthCustom: !!depth && !SEARCH_DEPTHS.some((minutes) => String(minutes) === depth),
    typeToMatch: match,
    matchCustom: !!match && !(TYPES_TO_MATCH as readonly string[]).includes(match),
    tags: row.tags?.join(", ") ?? "",
    tagsLogic: row.tagsLogic ?? "",
  };
}

/** The template row to store, or the worded errors of its inputs; the concrete values (IDs, contacts, date) are not part of a template. */
export function templateFromRow(
  row: RowDraft,
): { ok: true; row: MatchingTemplateRow } | { ok: false; errors: RowInputErrors } {
  const type = TEMPLATE_TYPES.find((t) => t === row.type) ?? "leadContact";
  const result: MatchingTemplateRow = { type };
  const errors: RowInputErrors = {};
  const minutes = row.searchDepth.trim();
  if (row.depthCustom && !(/^\d+$/.test(minutes) && Number(minutes) > 0))
    errors.searchDepth = errorText("searchDepthInvalid");
  else if (minutes) result.searchDepth = Number(minutes);
  const match = row.typeToMatch.trim();
  if (match) result.typeToMatch = match;
  else if (row.matchCustom) errors.typeToMatch = errorText("typeToMatchRequired");
  if (TYPE_INPUTS[type].tags) {
    const tags = parseTags(row.tags);
    if (tags.length) {
      result.tags = tags;
      if (row.tagsLogic) result.tagsLogic = row.tagsLogic;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, row: result };
}

/** Splits a comma-, semicolon- or line-separated list; blanks are dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An ID as sent: a number when it is a safe whole number, else the text (the schema then says what is wrong). */
function idValue(text: string): number | string {
  const trimmed = text.trim();
  const number = Number(trimmed);
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(number) ? number : trimmed;
}

/** The phones and emails a row matches by: the selected contacts while it follows them, else its own. */
export function rowContacts(row: RowDraft, selected: LeadContacts): LeadContacts {
  return row.follow ? selected : { phones: splitList(row.phones), emails: splitList(row.emails) };
}

/** The row as Calltouch reads it, unchecked: `validateRow` checks it. */
export function rowToMatching(row: RowDraft, selected: LeadContacts, region = "RU"): unknown {
  const inputs = TYPE_INPUTS[row.type];
  const params: Record<string, unknown> = {};
  if (inputs.id) params[inputs.id] = idValue(row.id);
  if (inputs.contacts) {
    const { phones, emails } = rowContacts(row, selected);
    if (phones.length) {
      // A phone that cannot be read stays as typed, so that the schema refuses it by its input.
      if (inputs.md5 && row.md5)
        params.md5Phones = phones.map((p) => {
          const digits = phoneDigits(p, region);
          return digits ? md5(digits) : p;
        });
      else params.phones = phones;
    }
    if (inputs.emails && emails.length) params.emails = emails;
  }
  if (inputs.searchInText && row.searchInText) params.searchAmongPhonesInText = true;
  if (inputs.contacts && row.date.trim()) params.date = row.date.trim();
  if (inputs.tags) {
    const tags = splitList(row.tags);
    if (tags.length) {
      params.tags = tags;
      if (row.tagsLogic) params.tagsLogic = row.tagsLogic;
    }
  }
  if (inputs.typeToMatch && row.typeToMatch.trim()) params[inputs.typeToMatch] = row.typeToMatch.trim();
  if (inputs.contacts && row.searchDepth.trim()) params.searchDepth = Number(row.searchDepth.trim());
  return { type: row.type, [`${row.type}Params`]: params };
}

/** Which input a parameter of `<type>Params` is edited in. */
export function inputOfParam(param: string | undefined): RowInput {
  switch (param) {
    case "callId":
    case "requestId":
      return "id";
    case "phones":
    case "md5Phones":
      return "phones";
    case "emails":
    case "date":
    case "searchDepth":
    case "tags":
    case "tagsLogic":
      return param;
    case "callTypeToMatch":
    case "requestTypeToMatch":
    case "leadTypeToMatch":
      return "typeToMatch";
    case "searchAmongPhonesInText":
      return "searchInText";
    default:
      return "row";
  }
}

/** The row checked with `MatchingRowSchema`: the row to send, or an error code per input. */
export function validateRow(
  row: RowDraft,
  selected: LeadContacts,
  region = "RU",
): { ok: true; row: MatchingRow } | { ok: false; errors: RowErrors } {
  const parsed = MatchingRowSchema.safeParse(rowToMatching(row, selected, region));
  if (parsed.success) return { ok: true, row: parsed.data };
  const errors: RowErrors = {};
  for (const issue of parsed.error.issues) {
    const input = inputOfParam(typeof issue.path[1] === "string" ? issue.path[1] : undefined);
    if (errors[input]) continue;
    // The params' own rule (reported on `phones` itself, not on one phone): no phone, or no contact at all.
    if (issue.code === "custom" && input === "phones" && issue.path.length === 2)
      errors[input] = row.type === "callContact" ? "needPhones" : "needContacts";
    else errors[input] = input === "row" || input === "searchInText" || input === "type" ? "invalid" : input;
  }
  return { ok: false, errors };
}

const RowDraftSchema = z.object({
  key: z.string().min(1),
  type: z.enum(MATCHING_TYPES),
  id: z.string(),
  follow: z.boolean(),
  phones: z.string(),
  emails: z.string(),
  md5: z.boolean(),
  date: z.string(),
  searchDepth: z.string(),
  depthCustom: z.boolean(),
  tags: z.string(),
  tagsLogic: z.enum(["", "and", "or"]),
  typeToMatch: z.string(),
  matchCustom: z.boolean(),
  searchInText: z.boolean(),
}) satisfies z.ZodType<RowDraft>;

/** The rows of a stored draft that are still readable (a draft of an older popup may differ). */
export function restoreRows(stored: readonly unknown[]): RowDraft[] {
  const rows: RowDraft[] = [];
  for (const entry of stored) {
    const parsed = RowDraftSchema.safeParse(entry);
    if (parsed.success) rows.push(parsed.data);
  }
  return rows;
}
