/** The custom fields a user fills in: typed values read and checked per catalogue type. Pure. */
import { LIMITS } from "./calltouch/limits";
import type { CustomField } from "./calltouch/schemas";
import { isIsoDate, parseDecimal } from "./custom-field-values";
import type { Catalogue, CatalogueField } from "./storage";

/** Field API name → value as typed (a date as `yyyy-mm-dd`, a list value as its option). */
export type FieldValues = Record<string, string>;

/** What is wrong with a value, as a code the UI words. */
export type FieldErrorCode = "number" | "date" | "option";

/** One value read by its field's type: what to send, or why it cannot be sent. */
export function readValue(
  field: CatalogueField,
  raw: string,
): { ok: true; value: string | number } | { ok: false; error: FieldErrorCode } {
  const text = raw.trim();
  switch (field.type) {
    case "number": {
      const number = parseDecimal(text);
      return number === null ? { ok: false, error: "number" } : { ok: true, value: number };
    }
    case "date":
      return isIsoDate(text) ? { ok: true, value: text } : { ok: false, error: "date" };
    case "list":
      return field.options.includes(text) ? { ok: true, value: text } : { ok: false, error: "option" };
    default:
      return { ok: true, value: text };
  }
}

export interface BuiltFields {
  /** The filled fields, in catalogue order. */
  fields: CustomField[];
  /** The API name of each sent field, by its index in `fields`: server errors point at these indexes. */
  sentNames: string[];
  /** API name → what is wrong with its value. */
  errors: Record<string, FieldErrorCode>;
  /** Nothing filled in, or more fields than one request takes. */
  problem: "none" | "tooMany" | null;
}

/** The custom fields to send: empty ones are left out, the others read by type. */
export function buildCustomFields(catalogue: Catalogue, values: FieldValues): BuiltFields {
  const built: BuiltFields = { fields: [], sentNames: [], errors: {}, problem: null };
  for (const field of catalogue) {
    const raw = values[field.apiName] ?? "";
    if (!raw.trim()) continue;
    const read = readValue(field, raw);
    if (!read.ok) {
      built.errors[field.apiName] = read.error;
      continue;
    }
    built.fields.push({ field: field.apiName, value: read.value });
    built.sentNames.push(field.apiName);
  }
  const filled = built.fields.length + Object.keys(built.errors).length;
  if (filled === 0) built.problem = "none";
  else if (filled > LIMITS.maxCustomFields) built.problem = "tooMany";
  return built;
}
