// @ts-check
import { createHash } from "node:crypto";

/**
 * Normalises a phone the way Calltouch compares them: digits only, a leading 8 of an
 * 11-digit Russian number becomes 7, and a 10-digit number gets the 7 country code.
 * @param {string} raw
 * @returns {string}
 */
export function normalizePhone(raw) {
  const digits = raw.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("8")) return `7${digits.slice(1)}`;
  if (digits.length === 10) return `7${digits}`;
  return digits;
}

/**
 * @param {string} raw
 * @returns {boolean}
 */
export function isValidPhone(raw) {
  const length = raw.replace(/\D/g, "").length;
  return length >= 10 && length <= 15;
}

/**
 * @param {string} normalizedPhone
 * @returns {string}
 */
export function md5Phone(normalizedPhone) {
  return createHash("md5").update(normalizedPhone).digest("hex");
}

const PHONE_IN_TEXT = /\+?\d[\d\s()-]{8,}\d/g;

/**
 * Finds phone-looking sequences in free text (a form's comment field, for example).
 * @param {string} text
 * @returns {string[]} normalised phones
 */
export function phonesInText(text) {
  return [...text.matchAll(PHONE_IN_TEXT)].map((match) => normalizePhone(match[0])).filter(isPlausible);
}

/** @param {string} phone */
function isPlausible(phone) {
  return phone.length >= 11 && phone.length <= 15;
}

const CALLTOUCH_DATE = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Parses `dd-mm-yyyy hh:mm:ss` in the sandbox's local time zone (the client runs on the same
 * machine in tests). Returns null unless the text names a real calendar date and time.
 * @param {string} text
 * @returns {number | null} epoch milliseconds
 */
export function parseCalltouchDate(text) {
  const parts = CALLTOUCH_DATE.exec(text);
  if (!parts) return null;
  const [, day, month, year, hours, minutes, seconds] = parts;
  const time = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}`).getTime();
  // A round trip rejects dates that JavaScript would silently roll over, such as 31-02.
  return Number.isNaN(time) || formatCalltouchDate(time) !== text ? null : time;
}

/**
 * Formats epoch milliseconds as `dd-mm-yyyy hh:mm:ss` in local time.
 * @param {number} time
 * @returns {string}
 */
export function formatCalltouchDate(time) {
  const date = new Date(time);
  /** @param {number} value */
  const pad = (value) => String(value).padStart(2, "0");
  const day = `${pad(date.getDate())}-${pad(date.getMonth() + 1)}-${date.getFullYear()}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
