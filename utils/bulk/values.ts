/** Reads the values of CSV cells: phones, emails, dates, IDs, tags and custom-field values. Pure. */

import { isCalltouchDate } from "../calltouch/schemas";
import { parseManualContact } from "../contacts";
import { type FieldErrorCode, readValue } from "../custom-fields";
import type { CatalogueField } from "../storage";

/** What a cell of phones or emails holds: the good values (deduplicated, in order) and the bad ones as typed. */
export interface ContactCell {
  values: string[];
  invalid: string[];
}

/** Several phones or emails in one cell are separated by commas, semicolons or line breaks. */
const LIST_SEPARATOR = /[,;\n\r]+/;

/** Phones of a cell as E.164 digits (`8 (999) 000-00-01` → `79990000001`); `region` for numbers without a code. */
export function readPhones(cell: string, region: string): ContactCell {
  return readContacts(cell.split(LIST_SEPARATOR), (part) => {
    const read = parseManualContact(part, region);
    return read.ok && read.contact.kind === "phone" ? read.contact.value : null;
  });
}

/** Emails of a cell, in lower case; spaces separate them too. */
export function readEmails(cell: string): ContactCell {
  return readContacts(cell.split(/[,;\s]+/), (part) => {
    const read = parseManualContact(part);
    return read.ok && read.contact.kind === "email" ? read.contact.value : null;
  });
}

function readContacts(parts: string[], read: (part: string) => string | null): ContactCell {
  const values: string[] = [];
  const invalid: string[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const value = read(part);
    if (value === null) invalid.push(part);
    else if (!values.includes(value)) values.push(value);
  }
  return { values, invalid };
}

/** A calendar date and time of day, as written in the cell (local time). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** False when the cell held a date only (the time is then midnight). */
  hasTime: boolean;
}

const TIME = String.raw`(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?`;
/** `26.11.2026`, `26/11/2026 14:05`, `26-11-2026 14:05:00`, `26.11.26`: the day first, as Russian CRMs write. */
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})${TIME}$`);
/** `2026-11-26`, `2026-11-26 14:05:00`, `2026-11-26T14:05:00.000Z`, `2026-11-26T14:05:00+03:00`. */
const YEAR_FIRST = new RegExp(
  String.raw`^(\d{4})[-./](\d{1,2})[-./](\d{1,2})${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`,
  "i",
);

/**
 * Reads a date as CRMs export it; null when it is not a real date and time. A date with a zone offset
 * (`Z`, `+03:00`) is turned into local time, the time Calltouch is asked about.
 */
export function parseCrmDate(cell: string): DateParts | null {
  const text = cell.trim();
  const dayFirst = DAY_FIRST.exec(text);
  const yearFirst = dayFirst ? null : YEAR_FIRST.exec(text);
  const match = dayFirst ?? yearFirst;
  if (!match) return null;
  const n = (i: number) => (match[i] === undefined ? 0 : Number(match[i]));
  let year = dayFirst ? n(3) : n(1);
  if (dayFirst && match[3]?.length === 2) year += 2000;
  const parts: DateParts = {
    year,
    month: n(2),
    day: dayFirst ? n(1) : n(3),
    hour: n(4),
    minute: n(5),
    second: n(6),
    hasTime: match[4] !== undefined,
  };
  if (!isRealDate(parts)) return null;
  const zone = yearFirst?.[7];
  return zone ? toLocal(parts, zone) : parts;
}

function isRealDate(p: DateParts): boolean {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  return (
    d.getUTCFullYear() === p.year &&
    d.getUTCMonth() === p.month - 1 &&
    d.getUTCDate() === p.day &&
    p.hour < 24 &&
    p.minute < 60 &&
    p.second < 60
  );
}

function toLocal(p: DateParts, zone: string): DateParts {
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const at = new Date(
    Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - offsetMinutes * 60_000,
  );
  return {
    year: at.getFullYear(),
    month: at.getMonth() + 1,
    day: at.getDate(),
    hour: at.getHours(),
    minute: at.getMinutes(),
    second: at.getSeconds(),
    hasTime: p.hasTime,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The date as matching parameters take it: `dd-mm-yyyy hh:mm:ss`. A date without a time means the start
 * of that day, as a spreadsheet reads it.
 */
export function toCalltouchDate(p: DateParts): string {
  return `${pad(p.day)}-${pad(p.month)}-${pad(p.year, 4)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The date as a custom field of type date takes it: `yyyy-mm-dd`. */
export function toIsoDate(p: DateParts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** A matching date from a cell (`26.11.2026 14:05` → `26-11-2026 14:05:00`), or null. */
export function readMatchingDate(cell: string): string | null {
  const parts = parseCrmDate(cell);
  if (!parts) return null;
  const text = toCalltouchDate(parts);
  return isCalltouchDate(text) ? text : null;
}

/** A call or request ID: a positive whole number (as a number while it is exact, else as digits). */
export function readId(cell: string): number | string | null {
  const text = cell.trim();
  if (!/^[1-9]\d*$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : text;
}

/**
 * A custom-field value read by the field's type: numbers as people type them (`1 250,50`), dates in CRM
 * formats (sent as `yyyy-mm-dd`), list values matched to the field's options regardless of case.
 */
export function readFieldValue(
  field: CatalogueField,
  cell: string,
): { ok: true; value: string | number } | { ok: false; error: FieldErrorCode } {
  const text = cell.trim();
  if (field.type === "date") {
    const parts = parseCrmDate(text);
    return parts ? { ok: true, value: toIsoDate(parts) } : { ok: false, error: "date" };
  }
  if (field.type === "list") {
    const option = field.options.find((o) => o.toLocaleLowerCase() === text.toLocaleLowerCase());
    return readValue(field, option ?? text);
  }
  return readValue(field, text);
}
