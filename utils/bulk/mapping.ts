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
];

/**
 * Header names of dates. A CRM's "created" date is rarely the moment of the call, and a lead date that
 * misses narrows the search to nothing: such a column is never guessed as the lead date (the user may pick
 * it), only matched to a catalogue field of the same name.
 */
const DATE_HEADER = /date|дата|время|created|создан|birth|рожд/;

/** Russian and English word endings, longest first, cut to compare words regardless of case and number. */
const ENDINGS = [
  "иями",
  "ями",
  "ами",
  "ого",
  "его",
  "ому",
  "ему",
  "ыми",
  "ими",
  "ией",
  "ие",
  "ия",
  "ий",
  "ии",
  "ию",
  "ой",
  "ей",
  "ый",
  "ая",
  "яя",
  "ое",
  "ее",
  "ые",
  "ых",
  "их",
  "ым",
  "им",
  "ом",
  "ем",
  "ам",
  "ям",
  "ах",
  "ях",
  "ов",
  "ев",
  "а",
  "я",
  "о",
  "е",
  "ы",
  "и",
  "у",
  "ю",
  "ь",
  "й",
  "s",
];
/** Shorter stems say too little to match on. */
const MIN_STEM = 3;

/** A word without its ending (`стадии`, `стадия` → `стад`), never shorter than `MIN_STEM`. */
export function stem(word: string): string {
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM)
      return word.slice(0, -ending.length);
  }
  return word;
}

/** The stems of a name: lower case, `ё` as `е`, split at anything that is not a letter or a digit. */
const stems = (name: string): string[] =>
  name
    .toLocaleLowerCase()
    .replaceAll("ё", "е")
    .split(/[^\p{L}\d]+/u)
    .filter(Boolean)
    .map(stem);

/** True when `a` is a leading part of `b` (or equal), stem by stem. */
const isPrefix = (a: readonly string[], b: readonly string[]) =>
  a.length > 0 && a.length <= b.length && a.every((s, i) => s === b[i]);

/** The field whose API name or label is the header, regardless of case and spacing. */
function exactField(header: string, catalogue: Catalogue) {
  const name = normalise(header);
  if (!name) return undefined;
  return catalogue.find((f) => normalise(f.apiName) === name || (f.label && normalise(f.label) === name));
}

/**
 * The catalogue field a header names: the same API name or label regardless of case and spacing; else the
 * one field whose label (or API name) begins with the header's words or is the beginning of them, word
 * endings aside (`Стадия` → `Стадия сделки`, `Суммы сделки` → `Сумма`). Null when none or several fit.
 */
export function matchField(header: string, catalogue: Catalogue) {
  const exact = exactField(header, catalogue);
  if (exact) return exact;
  const words = stems(header);
  if (words.join("").length < MIN_STEM) return null;
  const fits = catalogue.filter((field) =>
    [field.label, field.apiName].some((text) => {
      const other = stems(text);
      return isPrefix(words, other) || isPrefix(other, words);
    }),
  );
  return fits.length === 1 ? (fits[0] ?? null) : null;
}

/**
 * A first mapping for a file never seen before: a column named exactly like a catalogue field feeds that
 * field; then the usual names of phones, emails, IDs, tags and comments in English and Russian; then a
 * field whose label begins like the header (see `matchField`); the rest, dates included, is ignored.
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
    const exact = exactField(header, catalogue);
    if (exact) return take(fieldRole(exact.apiName));
    const guess = DATE_HEADER.test(name) ? undefined : GUESSES.find(([, pattern]) => pattern.test(name));
    if (guess) return take(guess[0]);
    const field = matchField(header, catalogue);
    return field ? take(fieldRole(field.apiName)) : "ignore";
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
