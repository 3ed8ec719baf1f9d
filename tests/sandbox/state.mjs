// @ts-check
import { normalizePhone } from "./formats.mjs";
import { createRandom } from "./network.mjs";
import { createSeed } from "./seed.mjs";
import { createStore } from "./store.mjs";

/** @typedef {import("./store.mjs").Store} Store */
/** @typedef {import("./store.mjs").MatchingRow} MatchingRow */
/** @typedef {import("./store.mjs").StoredLead} StoredLead */
/** @typedef {import("./network.mjs").Range} Range */
/** @typedef {import("./validate.mjs").ApiKind} ApiKind */

/**
 * @typedef {object} SandboxConfig
 * @property {string} token
 * @property {string} siteId
 * @property {number} rateLimit accepted requests per client IP per second; 0 turns the limit off
 * @property {number} generated
 * @property {string[]} customFields API names of the custom fields that exist in the cabinet
 * @property {number} quotaRequests processed requests allowed before the points quota error
 * @property {Range} latency processing time: from admission to the answer, ms
 * @property {Range} jitter network delay: from arrival to the rate limiter's judgement, ms
 * @property {number} dropRate share of processed requests whose connection is cut instead of answered
 * @property {boolean} countRejected whether requests answered 429 fill the rate-limit window too
 * @property {boolean} keepAlive false: every answer closes its connection, so no request reuses one
 * @property {number | null} seed seeds the delays and drops; null draws from Math.random
 * @property {boolean} log
 */

/** @typedef {"500" | "502" | "delay" | "drop" | "malformed" | "quota" | "auth"} FaultMode */
/** @typedef {{ mode: FaultMode, remaining: number, delayMs: number }} Fault */

/**
 * @typedef {object} LogEntry
 * @property {number} seq
 * @property {string} time ISO date of arrival
 * @property {number} arrivedAt performance.now() when the request reached the server, before jitter
 * @property {number | null} countedAt performance.now() when the rate limiter judged it, after jitter
 * @property {number | null} answeredAt performance.now() when it was answered or its connection cut
 * @property {string} method
 * @property {string} path
 * @property {import("node:http").IncomingHttpHeaders} headers names lower-cased
 * @property {unknown} body parsed JSON, or the raw text when it is not JSON
 * @property {boolean} reusedConnection it came on a connection that carried an earlier request: when it
 *   is cut without an answer, Chromium sends it again by itself (the extension never sees the first)
 * @property {number | null} status null when the connection was cut (a "drop" fault, or dropRate)
 * @property {boolean} applied whether its leads were processed (answered 200, or cut after the writes)
 * @property {unknown} response parsed JSON, or the raw text of a "malformed" fault
 */

/**
 * @typedef {object} Counters
 * @property {Record<string, number>} byStatus
 * @property {number} dropped
 * @property {number} droppedOnReusedConnection
 * @property {number} successful requests answered 200 by the API itself
 * @property {number} processed requests whose leads were processed, answered or not (spend quota)
 * @property {number} leadsReceived leads of the requests answered 200
 * @property {number} leadsAccepted leads of the processed requests
 * @property {{ at: number, leads: number } | null} firstAccepted the processed request counted first
 * @property {number | null} lastAcceptedAt countedAt of the processed request counted last
 * @property {Map<StoredLead, Set<string>>} writesSeen every write applied to each lead, as "kind:key"
 * @property {Record<ApiKind, Set<StoredLead>>} writtenTwice leads that received the same write again
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
 * @property {() => number} random draws the delays and drops
 * @property {WeakMap<import("node:net").Socket, number>} connections API requests seen on each connection
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
    random: createRandom(config.seed),
    connections: new WeakMap(),
  };
}

/** @returns {Counters} */
function emptyCounters() {
  return {
    byStatus: {},
    dropped: 0,
    droppedOnReusedConnection: 0,
    successful: 0,
    processed: 0,
    leadsReceived: 0,
    leadsAccepted: 0,
    firstAccepted: null,
    lastAcceptedAt: null,
    writesSeen: new Map(),
    writtenTwice: { customfield: new Set(), tag: new Set(), comment: new Set() },
    phonesReceived: new Set(),
    acceptedTimes: [],
    receivedTimes: [],
    maxAcceptedInWindow: 0,
    maxReceivedInWindow: 0,
  };
}

/**
 * Sliding-window rate limit: a request is accepted unless `rateLimit` requests from the same
 * IP filled the window within the last second. Rejected requests fill it only with `countRejected`.
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
  if (rateLimit > 0 && times.length >= rateLimit) {
    if (state.config.countRejected) times.push(now);
    return false;
  }
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
 * @param {number} arrivedAt monotonic milliseconds
 * @returns {LogEntry}
 */
export function openLogEntry(state, req, path, arrivedAt) {
  const earlier = state.connections.get(req.socket) ?? 0;
  state.connections.set(req.socket, earlier + 1);
  /** @type {LogEntry} */
  const entry = {
    seq: state.nextSeq++,
    time: new Date().toISOString(),
    arrivedAt,
    countedAt: null,
    answeredAt: null,
    method: req.method ?? "",
    path,
    headers: req.headers,
    reusedConnection: earlier > 0,
    body: null,
    status: null,
    applied: false,
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
  entry.answeredAt = performance.now();
  entry.status = status;
  entry.response = response;
  const counters = state.counters;
  if (status === null) {
    counters.dropped += 1;
    if (entry.reusedConnection) counters.droppedOnReusedConnection += 1;
  } else counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
}

/**
 * Counts a request whose leads the API processed, whether its answer then leaves or its connection is
 * cut: it spends quota and feeds the server-side throughput figures.
 * @param {SandboxState} state
 * @param {LogEntry} entry
 * @param {number} leads
 */
export function recordProcessed(state, entry, leads) {
  const counters = state.counters;
  entry.applied = true;
  counters.processed += 1;
  counters.leadsAccepted += leads;
  const at = entry.countedAt ?? entry.arrivedAt;
  // Bodies are read after admission, so requests may finish processing out of their counting order.
  if (!counters.firstAccepted || at < counters.firstAccepted.at) counters.firstAccepted = { at, leads };
  if (counters.lastAcceptedAt === null || at > counters.lastAcceptedAt) counters.lastAcceptedAt = at;
}

/**
 * Remembers the writes applied to a lead, and flags the lead when one of them was applied before: the
 * same comment text, the same tag set, the same value of a custom field.
 * @param {SandboxState} state
 * @param {ApiKind} kind
 * @param {StoredLead} lead
 * @param {string[]} keys one per write, e.g. the comment's text; repeats within one request count once
 */
export function recordWrites(state, kind, lead, keys) {
  const { writesSeen, writtenTwice } = state.counters;
  const seen = writesSeen.get(lead) ?? new Set();
  writesSeen.set(lead, seen);
  for (const key of new Set(keys)) {
    const write = `${kind}:${key}`;
    if (seen.has(write)) writtenTwice[kind].add(lead);
    seen.add(write);
  }
}

/**
 * Counts a request the API answered 200: it feeds the lead statistics.
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
    droppedOnReusedConnection: counters.droppedOnReusedConnection,
    successfulRequests: counters.successful,
    leadsReceived: counters.leadsReceived,
    uniquePhonesReceived: counters.phonesReceived.size,
    maxRequestsInAnyWindow: counters.maxAcceptedInWindow,
    maxReceivedInAnyWindow: counters.maxReceivedInWindow,
    leadsAccepted: counters.leadsAccepted,
    firstAcceptedLeads: counters.firstAccepted?.leads ?? 0,
    firstCountedAt: counters.firstAccepted?.at ?? null,
    lastCountedAt: counters.lastAcceptedAt,
    writtenTwice: {
      customfield: counters.writtenTwice.customfield.size,
      tag: counters.writtenTwice.tag.size,
      comment: counters.writtenTwice.comment.size,
    },
  };
}
