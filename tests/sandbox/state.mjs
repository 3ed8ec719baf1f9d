// @ts-check
import { normalizePhone } from "./formats.mjs";
import { createSeed } from "./seed.mjs";
import { createStore } from "./store.mjs";

/** @typedef {import("./store.mjs").Store} Store */
/** @typedef {import("./store.mjs").MatchingRow} MatchingRow */

/**
 * @typedef {object} SandboxConfig
 * @property {string} token
 * @property {string} siteId
 * @property {number} rateLimit accepted requests per client IP per second; 0 turns the limit off
 * @property {number} generated
 * @property {string[]} customFields API names of the custom fields that exist in the cabinet
 * @property {number} quotaRequests successful requests allowed before the points quota error
 * @property {boolean} log
 */

/** @typedef {"500" | "502" | "delay" | "drop" | "malformed" | "quota" | "auth"} FaultMode */
/** @typedef {{ mode: FaultMode, remaining: number, delayMs: number }} Fault */

/**
 * @typedef {object} LogEntry
 * @property {number} seq
 * @property {string} time ISO date of arrival
 * @property {string} method
 * @property {string} path
 * @property {import("node:http").IncomingHttpHeaders} headers names lower-cased
 * @property {unknown} body parsed JSON, or the raw text when it is not JSON
 * @property {number | null} status null when a "drop" fault closed the connection
 * @property {unknown} response parsed JSON, or the raw text of a "malformed" fault
 */

/**
 * @typedef {object} Counters
 * @property {Record<string, number>} byStatus
 * @property {number} dropped
 * @property {number} successful requests answered 200 by the API itself (spend quota)
 * @property {number} leadsReceived
 * @property {Set<string>} phonesReceived
 * @property {number[]} acceptedTimes accepted requests of every client within the last second
 * @property {number[]} receivedTimes all requests of every client within the last second
 * @property {number} maxAcceptedInWindow
 * @property {number} maxReceivedInWindow
 */

/**
 * @typedef {object} SandboxState
 * @property {SandboxConfig} config
 * @property {Store} store
 * @property {LogEntry[]} log
 * @property {number} nextSeq keeps growing across resets so `?since=` never sees a number twice
 * @property {Fault[]} faults
 * @property {Map<string, number[]>} windows accepted request times per client IP
 * @property {Counters} counters
 */

const WINDOW_MS = 1000;

/**
 * @param {SandboxConfig} config
 * @returns {SandboxState}
 */
export function createState(config) {
  return { config, nextSeq: 1, ...freshData(config) };
}

/**
 * Clears the log, statistics, written values, faults and rate-limit windows, and re-seeds.
 * The configuration stays as it is.
 * @param {SandboxState} state
 */
export function resetState(state) {
  Object.assign(state, freshData(state.config));
}

/**
 * @param {SandboxConfig} config
 */
function freshData(config) {
  return {
    store: createStore(createSeed({ now: Date.now(), generated: config.generated })),
    /** @type {LogEntry[]} */
    log: [],
    /** @type {Fault[]} */
    faults: [],
    /** @type {Map<string, number[]>} */
    windows: new Map(),
    counters: emptyCounters(),
  };
}

/** @returns {Counters} */
function emptyCounters() {
  return {
    byStatus: {},
    dropped: 0,
    successful: 0,
    leadsReceived: 0,
    phonesReceived: new Set(),
    acceptedTimes: [],
    receivedTimes: [],
    maxAcceptedInWindow: 0,
    maxReceivedInWindow: 0,
  };
}

/**
 * Sliding-window rate limit: a request is accepted unless `rateLimit` requests from the same
 * IP were accepted within the last second. Rejected requests do not fill the window.
 * @param {SandboxState} state
 * @param {string} ip
 * @param {number} now monotonic milliseconds
 * @returns {boolean}
 */
export function admit(state, ip, now) {
  const counters = state.counters;
  counters.maxReceivedInWindow = Math.max(
    counters.maxReceivedInWindow,
    pushTime(counters.receivedTimes, now),
  );
  const times = state.windows.get(ip) ?? [];
  state.windows.set(ip, times);
  slide(times, now);
  const { rateLimit } = state.config;
  if (rateLimit > 0 && times.length >= rateLimit) return false;
  times.push(now);
  counters.maxAcceptedInWindow = Math.max(
    counters.maxAcceptedInWindow,
    pushTime(counters.acceptedTimes, now),
  );
  return true;
}

/**
 * @param {number[]} times ascending
 * @param {number} now
 */
function slide(times, now) {
  const firstRecent = times.findIndex((time) => now - time < WINDOW_MS);
  times.splice(0, firstRecent === -1 ? times.length : firstRecent);
}

/**
 * @param {number[]} times
 * @param {number} now
 * @returns {number} how many times now fall within the window
 */
function pushTime(times, now) {
  slide(times, now);
  times.push(now);
  return times.length;
}

/**
 * @param {SandboxState} state
 * @returns {Fault | null} the fault the next API request suffers, if any
 */
export function takeFault(state) {
  const fault = state.faults[0];
  if (!fault) return null;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults.shift();
  return fault;
}

/**
 * @param {SandboxState} state
 * @param {import("node:http").IncomingMessage} req
 * @param {string} path
 * @param {unknown} body
 * @returns {LogEntry}
 */
export function openLogEntry(state, req, path, body) {
  /** @type {LogEntry} */
  const entry = {
    seq: state.nextSeq++,
    time: new Date().toISOString(),
    method: req.method ?? "",
    path,
    headers: req.headers,
    body,
    status: null,
    response: null,
  };
  state.log.push(entry);
  return entry;
}

/**
 * @param {SandboxState} state
 * @param {LogEntry} entry
 * @param {number | null} status
 * @param {unknown} response
 */
export function closeLogEntry(state, entry, status, response) {
  entry.status = status;
  entry.response = response;
  const counters = state.counters;
  if (status === null) counters.dropped += 1;
  else counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
}

/**
 * Counts a request the API answered 200: it spends quota and feeds the lead statistics.
 * @param {SandboxState} state
 * @param {{ matching: MatchingRow[] }[]} items
 */
export function recordSuccess(state, items) {
  const counters = state.counters;
  counters.successful += 1;
  counters.leadsReceived += items.length;
  for (const item of items) {
    for (const row of item.matching) {
      const params = /** @type {{ phones?: string[] | null }} */ (row[`${row.type}Params`]);
      for (const phone of params.phones ?? []) counters.phonesReceived.add(normalizePhone(phone));
    }
  }
}

/**
 * @param {SandboxState} state
 */
export function statsOf(state) {
  const counters = state.counters;
  return {
    requests: state.log.length,
    byStatus: { ...counters.byStatus },
    http429: counters.byStatus[429] ?? 0,
    dropped: counters.dropped,
    successfulRequests: counters.successful,
    leadsReceived: counters.leadsReceived,
    uniquePhonesReceived: counters.phonesReceived.size,
    maxRequestsInAnyWindow: counters.maxAcceptedInWindow,
    maxReceivedInAnyWindow: counters.maxReceivedInWindow,
  };
}
