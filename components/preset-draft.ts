/** A preset as the form edits it (every value as typed), and its checked conversion to a `Preset`. */
import { LIMITS } from "../utils/calltouch/limits";
import { isIsoDate, parseDecimal } from "../utils/custom-field-values";
import { errorText } from "../utils/i18n";
import { parseTags } from "../utils/lead-operations";
import { DEFAULT_TEMPLATE } from "../utils/matching";
import {
  type Catalogue,
  type FieldType,
  MAX_COMMENT_LENGTH,
  type Preset,
  PresetSchema,
} from "../utils/storage";
import { type RowDraft, type RowInputErrors, rowFromTemplate, templateFromRow } from "./matching-rows";

export interface FieldDraft {
  apiName: string;
  /** As typed (a list field: the chosen option). */
  text: string;
}

export interface PresetDraft {
  id: string;
  name: string;
  fields: FieldDraft[];
  overwrite: boolean;
  /** Tags to add to the lead, comma-separated as typed. */
  tags: string;
  tagsOverwrite: boolean;
  comment: string;
  rows: RowDraft[];
}

/** Error texts for the user, by input. */
export interface DraftErrors {
  name?: string;
  /** About the list of fields as a whole (nothing to write, too many). */
  fields?: string;
  tags?: string;
  comment?: string;
  /** By API name. */
  values: Record<string, string>;
  /** By row key. */
  rows: Record<string, RowInputErrors>;
}

export const MAX_PRESET_FIELDS = LIMITS.maxCustomFields;
export const MAX_PRESET_TAGS = LIMITS.maxTags;
export const MAX_TEMPLATE_ROWS = LIMITS.maxMatchingRows;

/** The draft of a stored preset, or of a new one (no fields, the default template). */
export function presetDraftOf(preset: Preset | null): PresetDraft {
  return {
    id: preset?.id ?? crypto.randomUUID(),
    name: preset?.name ?? "",
    fields: preset?.fields.map((f) => ({ apiName: f.apiName, text: String(f.value) })) ?? [],
    overwrite: preset?.overwrite ?? false,
    tags: preset?.tags?.join(", ") ?? "",
    tagsOverwrite: preset?.tagsOverwrite ?? false,
    comment: preset?.comment ?? "",
    rows: (preset?.matching ?? DEFAULT_TEMPLATE).map(rowFromTemplate),
  };
}

const BLANK_VALUE_ERRORS: Record<FieldType, string> = {
  text: "presetValueRequired",
  number: "presetValueRequired",
  date: "presetValueDate",
  list: "presetValueChoose",
};

/** The value to store for a field of `type` typed as `text`, or the error code. */
export function fieldValue(type: FieldType, text: string): { value: string | number } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: BLANK_VALUE_ERRORS[type] };
  if (type === "number") {
    const value = parseDecimal(trimmed);
    return value === null ? { error: "presetValueNumber" } : { value };
  }
  if (type === "date") return isIsoDate(trimmed) ? { value: trimmed } : { error: "presetValueDate" };
  return { value: trimmed };
}

/**
 * Checks the draft against the catalogue (each value by its field's type) and `PresetSchema`.
 * Fields no longer in the catalogue are kept as text.
 */
export function presetFromDraft(
  draft: PresetDraft,
  catalogue: Catalogue,
): { ok: true; preset: Preset } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = { values: {}, rows: {} };
  const fields: Preset["fields"] = [];
  for (const field of draft.fields) {
    const type = catalogue.find((f) => f.apiName === field.apiName)?.type ?? "text";
    const result = fieldValue(type, field.text);
    if ("error" in result) errors.values[field.apiName] = errorText(result.error);
    else fields.push({ apiName: field.apiName, value: result.value });
  }
  const tags = parseTags(draft.tags);
  const comment = draft.comment.trim();
  if (tags.length > MAX_PRESET_TAGS) errors.tags = errorText("presetTagsTooMany", String(MAX_PRESET_TAGS));
  if (comment.length > MAX_COMMENT_LENGTH)
    errors.comment = errorText("presetCommentTooLong", String(MAX_COMMENT_LENGTH));
  // Fields are optional when the preset adds tags or a comment.
  if (draft.fields.length === 0 && tags.length === 0 && !comment)
    errors.fields = errorText("presetContentRequired");
  else if (draft.fields.length > MAX_PRESET_FIELDS)
    errors.fields = errorText("presetFieldsTooMany", String(MAX_PRESET_FIELDS));

  const matching = draft.rows.flatMap((row) => {
    const result = templateFromRow(row);
    if (result.ok) return [result.row];
    errors.rows[row.key] = result.errors;
    return [];
  });

  const parsed = PresetSchema.safeParse({
    id: draft.id,
    name: draft.name,
    fields,
    overwrite: draft.overwrite,
    // Tags and comment are stored only when set, so a preset of fields alone keeps its old shape.
    ...(tags.length ? { tags, tagsOverwrite: draft.tagsOverwrite } : {}),
    ...(comment ? { comment } : {}),
    matching,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "name") errors.name ??= errorText(issue.message);
    }
  }
  const failed =
    !parsed.success ||
    errors.name ||
    errors.fields ||
    errors.tags ||
    errors.comment ||
    Object.keys(errors.values).length > 0 ||
    Object.keys(errors.rows).length > 0;
  if (failed || !parsed.success) return { ok: false, errors };
  return { ok: true, preset: parsed.data };
}
