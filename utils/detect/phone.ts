/**
 * Phone numbers in text: a cheap scan finds runs of digits and separators, our rules throw out what CRM
 * pages are full of (dates, sums, IDs, card numbers), and only the survivors reach libphonenumber.
 */
// libphonenumber-js's `min` metadata (through `core`), not `max`: `max` adds exact number ranges and
// types, ~50 KB gzip in all, while the content script may carry 40 KB gzip in all. `min` still knows
// every country's lengths and leading digits (`+7 123…` is invalid, `+7 707…` is Kazakhstan), and the
// shape and context rules below do the rest. `phone-metadata.json` is `min` without the formatting
// rules, which parsing and validation never read: ~20 KB gzip with the code instead of ~29 KB
// (scripts/update-phone-metadata.ts writes it; tests/unit/detect/phone-parsing.test.ts keeps it equal to
// the installed version and proves the results the same). `findPhoneNumbersInText` is not used: its matcher would cost another ~7 KB gzip
// and run over every text node; our pre-filter is cheaper.
import { type MetadataJson, PhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js/core";
import { followsIdMarker } from "./hints";
import metadataJson from "./phone-metadata.json";
import type { CountryCode } from "./types";

// A JSON import is typed by its content (strings where the library names country codes).
const METADATA = metadataJson as unknown as MetadataJson;

/** Is `code` a region (ISO 3166-1 alpha-2) whose numbers the detector can read? A stored value is checked with it. */
export function isSupportedRegion(code: unknown): code is CountryCode {
  return typeof code === "string" && /^[A-Z]{2}$/.test(code) && Object.hasOwn(METADATA.countries, code);
}

/** What the phone finder needs to know about the text it reads. */
export interface PhoneContext {
  region: CountryCode;
  /** Parsed candidates, so a number repeated on a page is parsed once. */
  cache: Map<string, string | null>;
  /** The text is a phone field's value (tel input or link, phone-labelled input): bare digits count. */
  field: boolean;
  /** Whether a phone word stands near the bare digit run that starts at `index` of `text`. */
  hasEvidence(text: string, index: number): boolean;
}

/** Receives each phone found: E.164 digits without `+`, and the text as written. */
export type PhoneSink = (value: string, display: string) => void;

/** A run of non-space characters inside a candidate (`+7`, `(915)`, `777-11-22`, or a lone dash). */
interface Group {
  start: number;
  end: number;
  digits: number;
}

const PLUS = 43;
const OPEN_BRACKET = 40;
const CLOSE_BRACKET = 41;
const HYPHEN = 45;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15; // E.164
// A run longer than this is a table of numbers, not text with phones in it.
const MAX_GROUPS = 64;
// `+7 (915) 777 - 11 - 22`: no phone is written in more groups.
const MAX_PHONE_GROUPS = 8;
const FORMATTING = /[^\d+]/g;
const ONLY_PHONE_CHARS = /^\s*\+?[\d\s()\u2010-\u2013-]*$/;
const DATE_SHAPE =
  /^(?:\d{4}[-\u2010-\u2013]\d{1,2}[-\u2010-\u2013]\d{1,2}|\d{1,2}[-\u2010-\u2013]\d{1,2}[-\u2010-\u2013]\d{2,4})$/;
const SEPARATOR_RUN = /[\s()\u2010-\u2013-]+/g;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const DIGIT = /\d/;
const STOP_BEFORE = "/\\#№$€£₽@=&?%*^~+";
const STOP_AFTER = "/\\@%‰=&°²³€$₽£";
const UNIT_AFTER = /^\s*(?:₽|руб|р\.|rub|usd|eur|\$|€|£|%|шт|pcs|кг|kg|мм|mm|см|cm|м²|m²)/i;

/**
 * Calls `sink` for every phone number in `text`. Candidates are runs of digits and the separators
 * phones are written with, opened by a digit, `+` or `(`: no dots, slashes or commas (those make dates,
 * IPs, versions and sums), no newlines (two lines are two values). A hand-written scan rather than a
 * regex: it allocates nothing for the many short runs (dates, sums, IDs) of a CRM page.
 */
export function findPhones(text: string, context: PhoneContext, sink: PhoneSink): void {
  const length = text.length;
  for (let i = 0; i < length; ) {
    const code = text.charCodeAt(i);
    let first = i;
    if (code === PLUS) first++;
    if (text.charCodeAt(first) === OPEN_BRACKET) first++;
    if (!isDigit(text.charCodeAt(first))) {
      i++;
      continue;
    }
    let end = first + 1;
    let digits = 1;
    for (let k = end; k < length; k++) {
      const next = text.charCodeAt(k);
      if (isDigit(next)) {
        digits++;
        end = k + 1;
      } else if (!isSeparator(next)) break;
    }
    if (digits >= MIN_DIGITS) readCandidate(text, i, end, context, sink);
    i = end;
  }
}

/** Parses one value known to be a phone (a tel: link, an ignore-list entry): E.164 digits or null. */
export function normalisePhone(
  input: string,
  region: CountryCode,
  cache?: Map<string, string | null>,
): string | null {
  const cleaned = input.replace(/^(?:tel|callto|sip):(?:\/\/)?/i, "").trim();
  const value = parseCached(cleaned, region, cache);
  if (value || !ONLY_PHONE_CHARS.test(cleaned)) return value;
  // A bare international number written without its `+` (`380441234567`).
  const digits = cleaned.replace(/\D/g, "");
  return digits.length > 10 && digits[0] !== "0" && digits[0] !== "8"
    ? parseCached(`+${digits}`, region, cache)
    : null;
}

function readCandidate(
  text: string,
  start: number,
  end: number,
  context: PhoneContext,
  sink: PhoneSink,
): void {
  const groups = splitGroups(text, start, end);
  if (!groups || isCardShaped(groups)) return;
  // `Заказ № 8 915 777 11 22`: the whole run is an identifier; a `+` still opens a phone.
  if (text.charCodeAt(start) !== PLUS && followsIdMarker(text, start)) return;
  readWindows(text, groups, context, sink);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Spaces, brackets and dashes: what phones are written with between their digits. */
function isSeparator(code: number): boolean {
  return (
    isSpace(code) ||
    code === OPEN_BRACKET ||
    code === CLOSE_BRACKET ||
    code === HYPHEN ||
    (code >= 0x2010 && code <= 0x2013)
  );
}

function parseCached(raw: string, region: CountryCode, cache?: Map<string, string | null>): string | null {
  return parseKey(ONLY_PHONE_CHARS.test(raw) ? compact(raw) : raw, region, cache);
}

/** The digits of a candidate (and its leading `+`): formatting does not change a number. */
function compact(raw: string): string {
  return raw.replace(FORMATTING, "");
}

function parseKey(key: string, region: CountryCode, cache?: Map<string, string | null>): string | null {
  let value = cache?.get(key);
  if (value === undefined) {
    value = (key[0] === "+" && validE164(key)) || parseNumber(key, region);
    cache?.set(key, value);
  }
  return value;
}

/**
 * A number written with its country code needs no parsing, only validation: about three times cheaper,
 * which counts on a page of thousands of numbers. Anything it does not accept gets the full parse
 * (which also reads `+7 8 915…`, a national prefix after the country code).
 */
function validE164(key: string): string | null {
  try {
    return new PhoneNumber(key, METADATA).isValid() ? key.slice(1) : null;
  } catch {
    return null; // no known country code, or too short
  }
}

function parseNumber(text: string, region: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(text, region, METADATA);
  return parsed?.isValid() ? parsed.number.slice(1) : null;
}

/** The candidate's groups, or null when it has too many to be text with phones in it. */
function splitGroups(text: string, from: number, to: number): Group[] | null {
  const groups: Group[] = [];
  let start = -1;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const code = i < to ? text.charCodeAt(i) : 32;
    if (isSpace(code)) {
      if (start >= 0 && groups.push({ start, end: i, digits }) > MAX_GROUPS) return null;
      start = -1;
      digits = 0;
    } else {
      if (start < 0) start = i;
      if (isDigit(code)) digits++;
    }
  }
  return groups;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x2007 || code === 0x2009 || code === 0x202f;
}

/**
 * Tries the longest acceptable slice of the candidate first, then shorter ones, so that a phone followed
 * by a time (`+7 915 777-11-22 12:30`) or preceded by a date (`12.03.2024 8 915 777 11 22`) is found.
 */
function readWindows(text: string, groups: Group[], context: PhoneContext, sink: PhoneSink): void {
  let from = 0;
  while (from < groups.length) {
    let next = from + 1;
    if ((groups[from] as Group).digits > 0) {
      for (let to = Math.min(groups.length, from + MAX_PHONE_GROUPS) - 1; to >= from; to--) {
        if (readWindow(text, groups, from, to, context, sink)) {
          next = to + 1;
          break;
        }
      }
    }
    from = next;
  }
}

function readWindow(
  text: string,
  groups: Group[],
  from: number,
  to: number,
  context: PhoneContext,
  sink: PhoneSink,
): boolean {
  const last = groups[to] as Group;
  const digits = phoneLength(groups, from, to);
  if (last.digits === 0 || digits === 0) return false;
  const start = (groups[from] as Group).start;
  const raw = text.slice(start, last.end);
  const plus = raw[0] === "+";
  if (!plus && (DATE_SHAPE.test(raw) || isMoneyShaped(groups, from, to))) return false;
  if (from === 0 && !boundaryBeforeOk(text, start)) return false;
  if (to === groups.length - 1 && !boundaryAfterOk(text, last.end)) return false;
  const formatted = isFormatted(raw);
  if (!formatted && (from > 0 || !bareRunAllowed(text, start, digits, context))) return false;
  // Only a known phone may be read as an international number written without its `+`.
  const value =
    context.field || !formatted
      ? normalisePhone(raw, context.region, context.cache)
      : parseKey(compact(raw), context.region, context.cache);
  if (value) sink(value, raw);
  return value !== null;
}

/** The digits of the slice when it may be a phone (7 to 15, at most one lone digit), else 0. */
function phoneLength(groups: Group[], from: number, to: number): number {
  let digits = 0;
  let singles = 0;
  for (let i = from; i <= to; i++) {
    const d = (groups[i] as Group).digits;
    digits += d;
    if (d === 1) singles++;
  }
  // More than one lone digit is a list or pagination (`7 8 9 10 11`), not a phone.
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS && singles <= 1 ? digits : 0;
}

/** `+7 (915) 777-11-22`, `8 915 777 11 22`, `8-915-777-11-22`: a plus, brackets or two separators. */
function isFormatted(raw: string): boolean {
  if (raw[0] === "+" || raw.includes("(")) return true;
  return (raw.match(SEPARATOR_RUN)?.length ?? 0) >= 2;
}

/** A bare run of digits is a phone only in a phone field, or with ten digits or more next to a phone word. */
function bareRunAllowed(text: string, start: number, digits: number, context: PhoneContext): boolean {
  return context.field || (digits >= 10 && context.hasEvidence(text, start));
}

/** `1 250 000`, `10 000 – 15 000`: thousands groups of a sum. */
function isMoneyShaped(groups: Group[], from: number, to: number): boolean {
  let digitGroups = 0;
  for (let i = from; i <= to; i++) {
    const group = groups[i] as Group;
    if (group.digits === 0) continue;
    const pure = group.digits === group.end - group.start;
    if (!pure || group.digits > 3 || (digitGroups > 0 && group.digits !== 3)) return false;
    digitGroups++;
  }
  return digitGroups >= 2;
}

/** `4276 3800 1234 5678`, IBANs: three groups of four digits make a card or an account, not a phone. */
function isCardShaped(groups: Group[]): boolean {
  let fours = 0;
  for (const group of groups) if (group.digits === 4 && group.end - group.start === 4) fours++;
  return fours >= 3;
}

function boundaryBeforeOk(text: string, start: number): boolean {
  if (start === 0) return true;
  const char = text[start - 1] as string;
  const before = text[start - 2] ?? "";
  if (WORD_CHAR.test(char) || STOP_BEFORE.includes(char)) return false;
  // `12.03.2024`, `12:30`, `1,5`, `ID-123`: glued to a number or a word by punctuation.
  if (".,:".includes(char)) return !DIGIT.test(before);
  if (isDash(char)) return !WORD_CHAR.test(before);
  return true;
}

function boundaryAfterOk(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const char = text[end] as string;
  const after = text[end + 1] ?? "";
  if (WORD_CHAR.test(char) || STOP_AFTER.includes(char)) return false;
  if ((".,:".includes(char) || isDash(char)) && DIGIT.test(after)) return false;
  return !UNIT_AFTER.test(text.slice(end, end + 8));
}

function isDash(char: string): boolean {
  return char === "-" || (char >= "\u2010" && char <= "\u2013");
}
