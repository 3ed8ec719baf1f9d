// @ts-check
import { formatCalltouchDate, normalizePhone, parseCalltouchDate } from "./formats.mjs";

/** @typedef {import("./seed.mjs").Seed} Seed */
/** @typedef {import("./seed.mjs").StoredCall} StoredCall */
/** @typedef {import("./seed.mjs").StoredRequest} StoredRequest */
/** @typedef {StoredCall | StoredRequest} StoredLead */

/**
 * The union of every `<type>Params` field, after validation.
 * @typedef {object} MatchingParams
 * @property {number | string} [callId]
 * @property {number | string} [requestId]
 * @property {string[] | null} [phones]
 * @property {string[] | null} [emails]
 * @property {string[] | null} [md5Phones]
 * @property {string | null} [date]
 * @property {number | null} [searchDepth]
 * @property {string | null} [callTypeToMatch]
 * @property {string | null} [requestTypeToMatch]
 * @property {string | null} [leadTypeToMatch]
 * @property {boolean | null} [searchAmongPhonesInText]
 * @property {string[] | null} [tags]
 * @property {string | null} [tagsLogic]
 */

/** @typedef {{ type: string, [params: string]: unknown }} MatchingRow */

/**
 * The seed plus lookup indices, so that a 100-lead request over 10,000 calls stays cheap.
 * @typedef {object} Store
 * @property {StoredCall[]} calls
 * @property {StoredRequest[]} requests
 * @property {Map<number, StoredCall>} callsById
 * @property {Map<number, StoredRequest>} requestsById
 * @property {Map<string, StoredCall[]>} callsByPhone
 * @property {Map<string, StoredCall[]>} callsByMd5
 * @property {Map<string, StoredRequest[]>} requestsByPhone
 * @property {Map<string, StoredRequest[]>} requestsByMd5
 * @property {Map<string, StoredRequest[]>} requestsByEmail
 * @property {Map<string, StoredRequest[]>} requestsByTextPhone
 */

export const DEFAULT_SEARCH_DEPTH_MINUTES = 262800;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * @param {Seed} seed
 * @returns {Store}
 */
export function createStore({ calls, requests }) {
  const store = {
    calls,
    requests,
    callsById: new Map(calls.map((call) => [call.callId, call])),
    requestsById: new Map(requests.map((request) => [request.requestId, request])),
    callsByPhone: groupBy(calls, (call) => [call.phone]),
    callsByMd5: groupBy(calls, (call) => [call.md5Phone]),
    requestsByPhone: groupBy(requests, (request) => request.phones),
    requestsByMd5: groupBy(requests, (request) => request.md5Phones),
    requestsByEmail: groupBy(requests, (request) => request.emails.map((email) => email.toLowerCase())),
    requestsByTextPhone: groupBy(requests, (request) => request.textPhones),
  };
  return store;
}

/**
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string[]} keysOf
 * @returns {Map<string, T[]>}
 */
function groupBy(items, keysOf) {
  /** @type {Map<string, T[]>} */
  const groups = new Map();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

/**
 * Tries the rows in priority order and stops at the first that finds a lead.
 * @param {Store} store
 * @param {MatchingRow[]} matching
 * @param {number} now
 * @returns {{ type: string, lead: StoredLead } | null}
 */
export function findLead(store, matching, now) {
  for (const row of matching) {
    const params = /** @type {MatchingParams} */ (row[`${row.type}Params`]);
    const lead = findByRow(store, row.type, params, now);
    if (lead) return { type: row.type, lead };
  }
  return null;
}

/**
 * @param {Store} store
 * @param {string} type
 * @param {MatchingParams} params
 * @param {number} now
 * @returns {StoredLead | null}
 */
function findByRow(store, type, params, now) {
  switch (type) {
    case "call":
      return byId(store.callsById, params.callId, params);
    case "request":
      return byId(store.requestsById, params.requestId, params);
    case "callContact":
      return pick(callCandidates(store, params), params, params.callTypeToMatch, now);
    case "requestContact":
      return pick(requestCandidates(store, params), params, params.requestTypeToMatch, now);
    case "leadContact": {
      const candidates = [...callCandidates(store, params), ...requestCandidates(store, params)];
      return pick(candidates, params, params.leadTypeToMatch, now);
    }
    default:
      return null;
  }
}

/**
 * @template {StoredLead} T
 * @param {Map<number, T>} index
 * @param {number | string | undefined} id
 * @param {MatchingParams} params
 * @returns {T | null}
 */
function byId(index, id, params) {
  const lead = index.get(Number(id));
  return lead && hasTags(lead, params) ? lead : null;
}

/**
 * @param {Store} store
 * @param {MatchingParams} params
 * @returns {Set<StoredCall>}
 */
function callCandidates(store, params) {
  /** @type {Set<StoredCall>} */
  const found = new Set();
  for (const phone of params.phones ?? []) addAll(found, store.callsByPhone.get(normalizePhone(phone)));
  for (const hash of params.md5Phones ?? []) addAll(found, store.callsByMd5.get(hash));
  return found;
}

/**
 * @param {Store} store
 * @param {MatchingParams} params
 * @returns {Set<StoredRequest>}
 */
function requestCandidates(store, params) {
  /** @type {Set<StoredRequest>} */
  const found = new Set();
  for (const raw of params.phones ?? []) {
    const phone = normalizePhone(raw);
    addAll(found, store.requestsByPhone.get(phone));
    if (params.searchAmongPhonesInText) addAll(found, store.requestsByTextPhone.get(phone));
  }
  for (const email of params.emails ?? []) addAll(found, store.requestsByEmail.get(email.toLowerCase()));
  for (const hash of params.md5Phones ?? []) addAll(found, store.requestsByMd5.get(hash));
  return found;
}

/**
 * @template T
 * @param {Set<T>} target
 * @param {T[] | undefined} items
 */
function addAll(target, items) {
  for (const item of items ?? []) target.add(item);
}

/**
 * Keeps candidates within [date - searchDepth, date + 1 day] that carry the wanted tags, then
 * takes the one nearest to `date`; the "Uniq" strategies prefer leads flagged unique.
 * @param {Iterable<StoredLead>} candidates
 * @param {MatchingParams} params
 * @param {string | null | undefined} typeToMatch
 * @param {number} now
 * @returns {StoredLead | null}
 */
function pick(candidates, params, typeToMatch, now) {
  const date = (params.date && parseCalltouchDate(params.date)) || now;
  const earliest = date - (params.searchDepth ?? DEFAULT_SEARCH_DEPTH_MINUTES) * MINUTE_MS;
  const latest = date + DAY_MS;
  const eligible = [...candidates].filter(
    (lead) => lead.time >= earliest && lead.time <= latest && hasTags(lead, params),
  );
  const wantsUniq = typeToMatch === "nearestUniq" || typeToMatch === "nearestUniqLead";
  const unique = wantsUniq ? eligible.filter((lead) => lead.uniq) : [];
  return nearest(unique.length > 0 ? unique : eligible, date);
}

/**
 * @param {StoredLead[]} leads
 * @param {number} date
 * @returns {StoredLead | null}
 */
function nearest(leads, date) {
  /** @type {StoredLead | null} */
  let best = null;
  for (const lead of leads) {
    if (!best || Math.abs(lead.time - date) < Math.abs(best.time - date)) best = lead;
  }
  return best;
}

/**
 * @param {StoredLead} lead
 * @param {MatchingParams} params
 */
function hasTags(lead, params) {
  const tags = params.tags ?? [];
  if (tags.length === 0) return true;
  return params.tagsLogic === "or"
    ? tags.some((tag) => lead.tags.has(tag))
    : tags.every((tag) => lead.tags.has(tag));
}

/**
 * @param {StoredLead} lead
 */
export function leadInfo(lead) {
  if (lead.kind === "call") {
    const { callId, callReferenceId, sipCallId } = lead;
    return { callInfo: { callId, callReferenceId, sipCallId }, requestInfo: null };
  }
  const { requestId, requestNumber } = lead;
  return { callInfo: null, requestInfo: { requestId, requestNumber } };
}

/**
 * Writes the fields unless one of them does not exist in the cabinet, or, without `overwrite`, one of
 * them already has a value on the lead, as the vendor refuses it: then nothing is written.
 * @param {StoredLead} lead
 * @param {{ overwrite?: boolean | null, customFields?: { field: string, value: string | number }[] | null } | undefined} payload
 * @param {readonly string[]} cabinetFields
 * @returns {string | null} the error to report for this lead
 */
export function writeCustomFields(lead, payload, cabinetFields) {
  const fields = payload?.customFields ?? [];
  const missing = fields.find(({ field }) => !cabinetFields.includes(field));
  if (missing) return `Custom field "${missing.field}" not found`;
  const kept = payload?.overwrite ? undefined : fields.find(({ field }) => lead.customFields.has(field));
  if (kept) return `Custom field "${kept.field}" already has a value`;
  for (const { field, value } of fields) lead.customFields.set(field, value);
  lead.written = true;
  return null;
}

/**
 * @param {StoredLead} lead
 * @param {{ overwrite?: boolean | null, tags: { tag: string }[] }} payload
 * @returns {null}
 */
export function writeTags(lead, payload) {
  if (payload.overwrite) lead.tags.clear();
  for (const { tag } of payload.tags) lead.tags.add(tag);
  lead.written = true;
  return null;
}

/**
 * @param {StoredLead} lead
 * @param {string} comment
 * @returns {null}
 */
export function writeComment(lead, comment) {
  lead.comments.push(comment);
  lead.written = true;
  return null;
}

/**
 * @param {Store} store
 * @param {string} kind "call" or "request" (plurals accepted)
 * @param {number} id
 * @returns {StoredLead | undefined}
 */
export function getLead(store, kind, id) {
  if (kind === "call" || kind === "calls") return store.callsById.get(id);
  if (kind === "request" || kind === "requests") return store.requestsById.get(id);
  return undefined;
}

/**
 * A JSON-friendly view of a stored lead for the inspection API.
 * @param {StoredLead} lead
 */
export function describeLead(lead) {
  const common = {
    date: new Date(lead.time).toISOString(),
    calltouchDate: formatCalltouchDate(lead.time),
    uniq: lead.uniq,
    tags: [...lead.tags],
    customFields: Object.fromEntries(lead.customFields),
    comments: [...lead.comments],
  };
  if (lead.kind === "call") {
    const { kind, callId, callReferenceId, sipCallId, phone, md5Phone } = lead;
    return { kind, callId, callReferenceId, sipCallId, phone, md5Phone, ...common };
  }
  const { kind, requestId, requestNumber, phones, md5Phones, emails, text } = lead;
  return { kind, requestId, requestNumber, phones, md5Phones, emails, text, ...common };
}
