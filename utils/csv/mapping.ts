/** Which CSV column feeds which input: matching inputs, catalogue custom fields, tags or a comment. Pure. */
import { LIMITS } from "../calltouch/limits";
import type { Catalogue } from "../storage";

/** The inputs Calltouch finds a lead by. */
export const MATCHING_ROLES = ["phone", "email", "date", "callId", "requestId"] as const;
export type MatchingRole = (typeof MATCHING_ROLES)[number];

/** What one column is used for; `field:<apiName>` is a custom field of the catalogue. */
export type ColumnRole = "ignore" | MatchingRole | "tags" | "comment" | `field:${string}`;

/** Roles several columns may share: their values are put together (a phone and a mobile column). */
const SHARED_ROLES: ReadonlySet<ColumnRole> = new Set(["ignore", "phone", "email"]);

/** The role of a catalogue field. */
export const fieldRole = (apiName: string): ColumnRole => `field:${apiName}`;

/** The catalogue field's API name of a role, or null for the other roles. */
export function fieldOfRole(role: ColumnRole): string | null {
  return role.startsWith("field:") ? role.slice("field:".length) : null;
}

/** True when `value` names a role (`field:` ones only for fields of the catalogue). */
export function isColumnRole(value: string, catalogue: Catalogue): value is ColumnRole {
  const field = fieldOfRole(value as ColumnRole);
  if (field !== null) return catalogue.some((f) => f.apiName === field);
  return value === "ignore" || value === "tags" || value === "comment" || isMatchingRole(value);
}

function isMatchingRole(value: string): value is MatchingRole {
  return (MATCHING_ROLES as readonly string[]).includes(value);
}

const normalise = (header: string) => header.trim().toLocaleLowerCase().replace(/\s+/g, " ");

/** The key a mapping is remembered by: the file's header names, in order, regardless of case and spacing. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(normalise).join("\u001f");
}

/** `pattern` as a whole word (JavaScript's `\b` knows Latin letters only). */
const word = (pattern: string) => `(?<![\\p{L}\\d])(?:${pattern})(?![\\p{L}\\d])`;
const ID = word("id|ид|№|номер|number");

const GUESSES: readonly [Exclude<ColumnRole, `field:${string}`>, RegExp][] = [
  ["callId", new RegExp(`^call_?id$|(call|звон).*${ID}|${ID}.*(call|звон)`, "u")],
  ["requestId", new RegExp(`^request_?id$|(request|заявк).*${ID}|${ID}.*(request|заявк)`, "u")],
  ["phone", new RegExp(`phone|телефон|mobile|мобильн|сотов|${word("тел")}`, "u")],
  ["email", /e-?mail|почт/],
  ["tags", /^(tags?|теги?|метки?|ярлыки?)$/],
  ["comment", /comment|коммент|примечан|^notes?$/],
  // A birthday is a custom field, not the lead's date.
  ["date", /^(?!.*(birth|рожд)).*(date|дата|время|created|создан)/],
];

/**
 * A first mapping for a file never seen before: a column named like a catalogue field (API name or label)
 * feeds that field; others are recognised by usual header names in English and Russian; the rest is ignored.
 */
export function guessRoles(headers: readonly string[], catalogue: Catalogue): ColumnRole[] {
  const taken = new Set<ColumnRole>();
  const take = (role: ColumnRole): ColumnRole => {
    if (!SHARED_ROLES.has(role) && taken.has(role)) return "ignore";
    taken.add(role);
    return role;
  };
  return headers.map((header) => {
    const name = normalise(header);
    if (!name) return "ignore";
    const field = catalogue.find(
      (f) => normalise(f.apiName) === name || (f.label && normalise(f.label) === name),
    );
    if (field) return take(fieldRole(field.apiName));
    const guess = GUESSES.find(([, pattern]) => pattern.test(name));
    return guess ? take(guess[0]) : "ignore";
  });
}

/**
 * A remembered mapping fitted to the file and today's catalogue: a field that left the catalogue is
 * ignored; null when the remembered mapping has another number of columns.
 */
export function fitRoles(saved: readonly string[], headers: readonly string[], catalogue: Catalogue) {
  if (saved.length !== headers.length) return null;
  return saved.map((role): ColumnRole => (isColumnRole(role, catalogue) ? role : "ignore"));
}

/** What makes a mapping unusable, as a code the page words. */
export type MappingProblem =
  | { code: "noMatching" }
  | { code: "dateWithoutContact" }
  | { code: "nothingToAdd" }
  | { code: "duplicate"; role: ColumnRole; columns: number[] }
  | { code: "tooManyFields"; count: number; max: number };

/** Checks a mapping as a whole; an empty list means rows can be read with it. */
export function checkMapping(roles: readonly ColumnRole[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const used = new Set(roles);
  if (!used.has("phone") && !used.has("email") && !used.has("callId") && !used.has("requestId"))
    problems.push({ code: "noMatching" });
  else if (used.has("date") && !used.has("phone") && !used.has("email"))
    problems.push({ code: "dateWithoutContact" });
  const fields = [...used].filter((role) => fieldOfRole(role) !== null);
  if (fields.length === 0 && !used.has("tags") && !used.has("comment"))
    problems.push({ code: "nothingToAdd" });
  for (const role of used) {
    if (SHARED_ROLES.has(role)) continue;
    const columns = roles.flatMap((r, i) => (r === role ? [i] : []));
    if (columns.length > 1) problems.push({ code: "duplicate", role, columns });
  }
  if (fields.length > LIMITS.maxCustomFields)
    problems.push({ code: "tooManyFields", count: fields.length, max: LIMITS.maxCustomFields });
  return problems;
}
