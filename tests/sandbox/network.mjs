// @ts-check

/**
 * Milliseconds `[min, max]`, drawn uniformly; `[0, 0]` is no delay.
 * @typedef {[number, number]} Range
 */

/** @type {Readonly<Range>} */
export const NO_DELAY = Object.freeze([0, 0]);

/**
 * Why a value is not a delay range, or null when it is one.
 * @param {unknown} value
 * @param {string} name the setting, for the message
 * @returns {string | null}
 */
export function rangeProblem(value, name) {
  const valid =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0) &&
    value[0] <= value[1];
  return valid ? null : `${name} must be [min, max] milliseconds with 0 <= min <= max`;
}

/**
 * Why a value is not a drop rate, or null when it is one.
 * @param {unknown} value
 * @returns {string | null}
 */
export function dropRateProblem(value) {
  return typeof value === "number" && value >= 0 && value <= 1
    ? null
    : "dropRate must be a number from 0 to 1";
}

/**
 * Reads "300-900" (or "300" for a fixed delay) as a range, as the CLI flags and env vars write it.
 * @param {string} text
 * @param {string} name the flag or variable, for the message
 * @returns {Range}
 */
export function parseRange(text, name) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  const range = /** @type {Range} */ (match ? [Number(match[1]), Number(match[2] ?? match[1])] : []);
  if (!match || rangeProblem(range, name)) {
    throw new Error(`${name} expects milliseconds "min-max" with min <= max (e.g. 300-900), got "${text}"`);
  }
  return range;
}

/**
 * Reads a drop rate written as a number from 0 to 1.
 * @param {string} text
 * @param {string} name
 * @returns {number}
 */
export function parseDropRate(text, name) {
  const rate = text.trim() === "" ? Number.NaN : Number(text);
  if (dropRateProblem(rate)) throw new Error(`${name} expects a number from 0 to 1, got "${text}"`);
  return rate;
}

/**
 * A uniform draw from the range.
 * @param {Readonly<Range>} range
 * @param {() => number} random in [0, 1)
 * @returns {number}
 */
export function pickIn([min, max], random) {
  return min === max ? min : min + random() * (max - min);
}

/**
 * Math.random, or a seeded generator (mulberry32) so that a test sees the same delays and drops each run.
 * @param {number | null} seed
 * @returns {() => number} in [0, 1)
 */
export function createRandom(seed) {
  if (seed === null) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
