/** Field labels for the history: the rows carry custom-field API names, the catalogue knows their labels. */
import type { Method } from "../../utils/calltouch/schemas";
import type { Catalogue } from "../../utils/storage";

/** API name → label, for the catalogue fields that have a label. */
export function fieldLabels(catalogue: Catalogue | null): ReadonlyMap<string, string> {
  return new Map(
    (catalogue ?? []).filter((field) => field.label !== "").map((field) => [field.apiName, field.label]),
  );
}

/** A new pair starts after `; ` where an API name and `=` follow; a `; ` inside a value stays in it. */
const PAIR_START = /; (?=[^\s;=]+=)/;

/**
 * A row's `sent` text (`deal=D-1; stage=won`, language-neutral) with each custom field named by its label
 * (`Deal: D-1; Stage: won`), or by its API name when the catalogue has no label for it. Tags and comments
 * are returned as they are.
 */
export function labelSent(sent: string, method: Method, labels: ReadonlyMap<string, string>): string {
  if (method !== "customFields" || sent === "") return sent;
  return sent
    .split(PAIR_START)
    .map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) return pair;
      const name = pair.slice(0, at);
      return `${labels.get(name) ?? name}: ${pair.slice(at + 1)}`;
    })
    .join("; ");
}
