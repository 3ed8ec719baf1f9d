/** Where a Calltouch validation error belongs in the popup: its `fieldPath` read against what was sent. */
import type { LeadItem } from "../../utils/calltouch/schemas";
import { explainError, reasonText } from "../../utils/op-error-text";
import type { OpError } from "../../utils/sending/types";
import { inputOfParam, type RowInput } from "../matching-rows";

/** The input a `fieldPath` points at. */
export type ErrorTarget =
  | { area: "row"; index: number; input: RowInput }
  | { area: "matching" }
  | { area: "field"; index: number }
  | { area: "fields" }
  | { area: "overwrite" }
  | { area: "tags" }
  | { area: "comment" };

/**
 * Reads a `fieldPath` relative to the lead (`matching[0].leadContactParams.phones[0]`,
 * `addCustomFields.customFields[1].value`, `addTags.tags[0].tag`, `addComment`); a leading `leads[i].` or
 * `comments[i].` is tolerated. Null when it points elsewhere.
 */
export function targetOf(fieldPath: string): ErrorTarget | null {
  const path = fieldPath.replace(/^(?:leads|comments)\[\d+\]\.?/, "");
  const row = /^matching\[(\d+)\](?:\.(\w+)Params(?:\.(\w+))?)?/.exec(path);
  if (row) {
    return { area: "row", index: Number(row[1]), input: row[2] ? inputOfParam(row[3]) : "row" };
  }
  if (/^matching\b/.test(path)) return { area: "matching" };
  const field = /^addCustomFields\.customFields\[(\d+)\]/.exec(path);
  if (field) return { area: "field", index: Number(field[1]) };
  if (/^addCustomFields\.overwrite\b/.test(path)) return { area: "overwrite" };
  if (/^addCustomFields\b/.test(path)) return { area: "fields" };
  if (/^addTags\b/.test(path)) return { area: "tags" };
  if (/^addComment\b/.test(path)) return { area: "comment" };
  return null;
}

/** One server message, in the user's words, and where it belongs. */
export interface PlacedViolation {
  target: ErrorTarget;
  message: string;
}

/** True when the error can be placed next to an input: a validation error, or a refused field. */
export function isPlaceable(error: OpError | undefined): error is OpError {
  return error?.kind === "validation" || (error?.kind === "rejected" && !!explainError(error).field);
}

/**
 * The problems of a failed op that point at an input, each in the user's words next to it: validation
 * errors by their `fieldPath`, and a field Calltouch refused ("Custom field "x" not found") by its place in
 * the item sent.
 */
export function placeViolations(error: OpError, item?: LeadItem): PlacedViolation[] {
  if (error.kind === "rejected") {
    const { field, text } = explainError(error);
    const sent = item && "addCustomFields" in item ? (item.addCustomFields?.customFields ?? []) : [];
    const index = sent.findIndex((f) => f.field === field);
    return index < 0 ? [] : [{ target: { area: "field", index }, message: text }];
  }
  if (error.kind !== "validation") return [];
  const violations = error.violations ?? [{ fieldPath: error.fieldPath, message: error.message }];
  return violations.flatMap(({ fieldPath, message }) => {
    const target = fieldPath ? targetOf(fieldPath) : null;
    if (!target) return [];
    const explained = explainError({ kind: "validation", message, fieldPath }, { item });
    return [{ target, message: explained.details && !reasonText(message) ? message : explained.text }];
  });
}
