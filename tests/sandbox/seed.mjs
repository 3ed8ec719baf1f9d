// @ts-check
import { md5Phone, phonesInText } from "./formats.mjs";

/**
 * @typedef {object} SeedCall
 * @property {number} callId
 * @property {string | null} callReferenceId
 * @property {string} sipCallId
 * @property {string} phone normalised, 11 digits
 * @property {number} minutesAgo relative to the moment the sandbox is seeded
 * @property {string[]} tags
 * @property {boolean} uniq whether Calltouch flagged the call as unique
 */

/**
 * @typedef {object} SeedRequest
 * @property {number} requestId
 * @property {string} requestNumber
 * @property {string[]} phones normalised, 11 digits
 * @property {string[]} emails
 * @property {string} text free text of the form, may contain phones
 * @property {number} minutesAgo
 * @property {string[]} tags
 * @property {boolean} uniq
 */

/**
 * @typedef {object} LeadRecord fields shared by stored calls and requests
 * @property {number} time epoch milliseconds
 * @property {boolean} uniq
 * @property {Set<string>} tags
 * @property {Map<string, string | number>} customFields
 * @property {string[]} comments
 * @property {boolean} written whether any API call wrote to the lead
 */

/**
 * @typedef {LeadRecord & { kind: "call", callId: number, callReferenceId: string | null,
 *   sipCallId: string, phone: string, md5Phone: string }} StoredCall
 */

/**
 * @typedef {LeadRecord & { kind: "request", requestId: number, requestNumber: string,
 *   phones: string[], md5Phones: string[], emails: string[], text: string, textPhones: string[] }} StoredRequest
 */

/** @typedef {{ calls: StoredCall[], requests: StoredRequest[] }} Seed */

const HOUR = 60;
const DAY = 24 * HOUR;

/** First synthetic call ID of `generated` calls; far above the hand-written seed. */
export const GENERATED_CALL_ID_BASE = 100000;
export const GENERATED_PHONE_BASE = 79990000000;
const GENERATED_MINUTES_AGO = 5;

/** @type {readonly SeedCall[]} */
export const SEED_CALLS = Object.freeze([
  // Two calls from one phone: "nearest" to now must pick 1001 (2 hours ago), not 1002 (3 days ago).
  call(1001, "79157771122", 2 * HOUR, { ref: "ref-1001", tags: ["t1", "t2"], uniq: true }),
  call(1002, "79157771122", 3 * DAY, { tags: ["t1"], uniq: true }),
  // Nearest is 1003 but only 1004 is unique: "nearestUniq" must pick 1004.
  call(1003, "79158881122", 1 * HOUR, { ref: "ref-1003", uniq: false }),
  call(1004, "79158881122", 5 * DAY, { tags: ["t2"], uniq: true }),
  call(1005, "79161234567", 10 * DAY, { tags: ["t1"], uniq: true }),
  call(1006, "79162345678", 30 * DAY, { tags: ["t2"], uniq: true }),
  // Older than the default searchDepth of 262800 minutes (182.5 days).
  call(1007, "79163456789", 300 * DAY, { uniq: true }),
  call(1008, "74951234567", 5 * HOUR, { ref: "ref-1008", tags: ["t1", "t2"], uniq: true }),
  // No unique call for this phone: "nearestUniq" falls back to the nearest, 1009.
  call(1009, "79164567890", 20 * DAY, { uniq: false }),
  call(1010, "79164567890", 21 * DAY, { uniq: false }),
]);

/** @type {readonly SeedRequest[]} */
export const SEED_REQUESTS = Object.freeze([
  request(1257513, "79157771122", 1 * DAY, {
    number: "1257513",
    emails: ["ivan@example.com"],
    tags: ["t1", "t2"],
  }),
  request(1257514, null, 6 * HOUR, { number: "form-1257514", emails: ["name@server.com"] }),
  request(1257515, "79158881122", 2 * DAY, { tags: ["t1"], uniq: false }),
  request(1257516, "79171112233", 4 * DAY, { emails: ["petr@example.com"], tags: ["t2"] }),
  // No phone field: only `searchAmongPhonesInText` finds it by 79265554433.
  request(1257517, null, 3 * HOUR, { text: "Перезвоните мне на +7 (926) 555-44-33 после обеда" }),
  request(1257518, "79181234567", 10 * DAY, {
    number: "form-42",
    emails: ["client@example.org"],
    tags: ["t1", "t2"],
  }),
  // Older but unique twin of 1257515: "nearestUniq" picks it, "nearest" picks 1257515.
  request(1257519, "79158881122", 6 * DAY, { uniq: true }),
]);

/**
 * @param {number} callId
 * @param {string} phone
 * @param {number} minutesAgo
 * @param {{ ref?: string, tags?: string[], uniq: boolean }} extra
 * @returns {SeedCall}
 */
function call(callId, phone, minutesAgo, extra) {
  return Object.freeze({
    callId,
    callReferenceId: extra.ref ?? null,
    sipCallId: `sip-${callId}`,
    phone,
    minutesAgo,
    tags: extra.tags ?? [],
    uniq: extra.uniq,
  });
}

/**
 * @param {number} requestId
 * @param {string | null} phone
 * @param {number} minutesAgo
 * @param {{ number?: string, emails?: string[], text?: string, tags?: string[], uniq?: boolean }} extra
 * @returns {SeedRequest}
 */
function request(requestId, phone, minutesAgo, extra) {
  return Object.freeze({
    requestId,
    requestNumber: extra.number ?? String(requestId),
    phones: phone ? [phone] : [],
    emails: extra.emails ?? [],
    text: extra.text ?? "",
    minutesAgo,
    tags: extra.tags ?? [],
    uniq: extra.uniq ?? true,
  });
}

/**
 * Builds a fresh, mutable copy of the seed dated relative to `now`.
 * `generated` adds that many distinct unique calls from 79990000000 + i, a few minutes old,
 * so a benchmark can send that many distinct leads that all match.
 * @param {{ now?: number, generated?: number }} [options]
 * @returns {Seed}
 */
export function createSeed({ now = Date.now(), generated = 0 } = {}) {
  const calls = SEED_CALLS.map((template) => storeCall(template, now));
  for (let i = 0; i < generated; i++) calls.push(storeCall(generatedCall(i), now));
  const requests = SEED_REQUESTS.map((template) => storeRequest(template, now));
  return { calls, requests };
}

/**
 * @param {number} index
 * @returns {SeedCall}
 */
function generatedCall(index) {
  const callId = GENERATED_CALL_ID_BASE + index;
  return {
    callId,
    callReferenceId: null,
    sipCallId: `sip-${callId}`,
    phone: String(GENERATED_PHONE_BASE + index),
    minutesAgo: GENERATED_MINUTES_AGO,
    tags: [],
    uniq: true,
  };
}

/**
 * @param {number} minutesAgo
 * @param {number} now
 * @param {{ uniq: boolean, tags: string[] }} template
 * @returns {LeadRecord}
 */
function record(minutesAgo, now, template) {
  return {
    time: now - minutesAgo * 60_000,
    uniq: template.uniq,
    tags: new Set(template.tags),
    customFields: new Map(),
    comments: [],
    written: false,
  };
}

/**
 * @param {SeedCall} template
 * @param {number} now
 * @returns {StoredCall}
 */
function storeCall(template, now) {
  return {
    kind: "call",
    callId: template.callId,
    callReferenceId: template.callReferenceId,
    sipCallId: template.sipCallId,
    phone: template.phone,
    md5Phone: md5Phone(template.phone),
    ...record(template.minutesAgo, now, template),
  };
}

/**
 * @param {SeedRequest} template
 * @param {number} now
 * @returns {StoredRequest}
 */
function storeRequest(template, now) {
  return {
    kind: "request",
    requestId: template.requestId,
    requestNumber: template.requestNumber,
    phones: [...template.phones],
    md5Phones: template.phones.map(md5Phone),
    emails: [...template.emails],
    text: template.text,
    textPhones: phonesInText(template.text),
    ...record(template.minutesAgo, now, template),
  };
}
