/** Where a Calltouch validation error belongs in the popup: its `fieldPath` read against what was sent. */
import type { OpError } from "../../utils/sending/types";
import { inputOfParam, type RowInput } from "./matching-rows";

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

/**
 * The violations of a failed op, placed. The background keeps the first violation's path in
 * `fieldPath` and appends the others to the message as `path: message`, joined by `; `.
 */
export function placeViolations(error: OpError): PlacedViolation[] {
  if (error.kind !== "validation") return [];
  const [first = "", ...rest] = error.message.split("; ");
  const placed: PlacedViolation[] = [];
  const firstTarget = error.fieldPath ? targetOf(error.fieldPath) : null;
  if (firstTarget) placed.push({ target: firstTarget, message: first });
  for (const part of rest) {
    const match = /^([\w.[\]]+): (.+)$/.exec(part);
    const target = match?.[1] ? targetOf(match[1]) : null;
    if (target && match?.[2]) placed.push({ target, message: match[2] });
  }
  return placed;
}
