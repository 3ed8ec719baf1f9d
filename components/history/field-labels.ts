/** Field labels for the history: the rows carry custom-field API names, the catalogue knows their labels. */
import type { HistoryRow } from "../../utils/messaging";
import type { Catalogue } from "../../utils/storage";

/** API name → label, for the catalogue fields that have a label. */
export function fieldLabels(catalogue: Catalogue | null): ReadonlyMap<string, string> {
  return new Map(
    (catalogue ?? []).filter((field) => field.label !== "").map((field) => [field.apiName, field.label]),
  );
}

/**
 * What a row sent, in one line: each custom field named by its label (`Deal: D-1; Stage: won`), or by its
 * API name when the catalogue has no label for it; tags and comments as they are.
 */
export function sentText(
  row: Pick<HistoryRow, "fields" | "sent">,
  labels: ReadonlyMap<string, string>,
): string {
  if (row.fields.length === 0) return row.sent;
  return row.fields.map(({ name, value }) => `${labels.get(name) ?? name}: ${value}`).join("; ");
}
