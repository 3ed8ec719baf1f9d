/** Where a Calltouch validation error belongs in the popup: its `fieldPath` read against what was sent. */
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

/** One server message and where it belongs. */
export interface PlacedViolation {
  target: ErrorTarget;
  message: string;
}

/** The violations of a failed op that point at an input, each placed next to it. */
export function placeViolations(error: OpError): PlacedViolation[] {
  if (error.kind !== "validation") return [];
  const violations = error.violations ?? [{ fieldPath: error.fieldPath, message: error.message }];
  return violations.flatMap(({ fieldPath, message }) => {
    const target = fieldPath ? targetOf(fieldPath) : null;
    return target ? [{ target, message }] : [];
  });
}
