// @ts-check
import { readBody } from "./api.mjs";
import { createRandom, dropRateProblem, rangeProblem } from "./network.mjs";
import { resetState, statsOf } from "./state.mjs";
import { describeLead, getLead } from "./store.mjs";

/** @typedef {import("node:http").IncomingMessage} IncomingMessage */
/** @typedef {import("node:http").ServerResponse} ServerResponse */
/** @typedef {import("./state.mjs").SandboxState} SandboxState */
/** @typedef {import("./state.mjs").FaultMode} FaultMode */
/** @typedef {{ status: number, body: unknown }} Reply */

export const INSPECTION_PREFIX = "/__sandbox/";
const FAULT_MODES = Object.freeze(["500", "502", "delay", "drop", "malformed", "quota", "auth"]);
const DEFAULT_FAULT_DELAY_MS = 1000;

/**
 * The test-only API under /__sandbox/: no auth, no rate limit, not logged.
 * @param {SandboxState} state
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {URL} url
 */
export async function handleInspection(state, req, res, url) {
  const body = await readBody(req);
  const input = body.text.trim() === "" ? { ok: true, value: {} } : body.json;
  const route = `${req.method} ${url.pathname.slice(INSPECTION_PREFIX.length)}`;
  const reply = input.ok
    ? routeInspection(state, route, url, input.value)
    : fail(400, "The body is not valid JSON.");
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * @param {SandboxState} state
 * @param {string} route "METHOD path-after-prefix"
 * @param {URL} url
 * @param {unknown} input
 * @returns {Reply}
 */
function routeInspection(state, route, url, input) {
  switch (route) {
    case "GET requests":
      return ok(requestsSince(state, url.searchParams.get("since")));
    case "GET stats":
      return ok(statsOf(state));
    case "GET leads":
      return ok(listLeads(state, url.searchParams.get("touched") === "1"));
    case "POST reset":
      resetState(state);
      return ok({ ok: true });
    case "GET faults":
      return ok(state.faults);
    case "POST faults":
      return addFault(state, input);
    case "DELETE faults":
      state.faults = [];
      return ok({ ok: true });
    case "GET config":
      return ok(state.config);
    case "POST config":
      return updateConfig(state, input);
    default:
      return route.startsWith("GET leads/")
        ? oneLead(state, route.slice("GET leads/".length))
        : fail(404, "Not found");
  }
}

/** @param {unknown} body */
const ok = (body) => ({ status: 200, body });

/**
 * @param {number} status
 * @param {string} error
 */
const fail = (status, error) => ({ status, body: { error } });

/**
 * @param {SandboxState} state
 * @param {string | null} since
 */
function requestsSince(state, since) {
  const after = Number(since ?? 0);
  return Number.isFinite(after) ? state.log.filter((entry) => entry.seq > after) : state.log;
}

/**
 * @param {SandboxState} state
 * @param {boolean} touchedOnly leave out leads no API call wrote to
 */
function listLeads(state, touchedOnly) {
  /** @param {import("./store.mjs").StoredLead} lead */
  const wanted = (lead) => !touchedOnly || lead.written;
  return {
    calls: state.store.calls.filter(wanted).map(describeLead),
    requests: state.store.requests.filter(wanted).map(describeLead),
  };
}

/**
 * @param {SandboxState} state
 * @param {string} kindAndId e.g. "call/1001"
 * @returns {Reply}
 */
function oneLead(state, kindAndId) {
  const [kind = "", id = ""] = kindAndId.split("/");
  const lead = getLead(state.store, kind, Number(id));
  return lead ? ok(describeLead(lead)) : fail(404, `No ${kind} with ID ${id}`);
}

/**
 * @param {unknown} input
 * @returns {Record<string, unknown>}
 */
function asRecord(input) {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? /** @type {Record<string, unknown>} */ (input)
    : {};
}

/**
 * @param {SandboxState} state
 * @param {unknown} input
 * @returns {Reply}
 */
function addFault(state, input) {
  const { mode, count = 1, delayMs = DEFAULT_FAULT_DELAY_MS } = asRecord(input);
  if (typeof mode !== "string" || !FAULT_MODES.includes(mode)) {
    return fail(400, `mode must be one of ${FAULT_MODES.join(", ")}`);
  }
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
    return fail(400, "count must be a positive integer");
  }
  if (typeof delayMs !== "number" || delayMs < 0) return fail(400, "delayMs must be a number >= 0");
  state.faults.push({ mode: /** @type {FaultMode} */ (mode), remaining: count, delayMs });
  return ok(state.faults);
}

/**
 * Applies the settings only when all of them are valid.
 * @param {SandboxState} state
 * @param {unknown} input
 * @returns {Reply}
 */
function updateConfig(state, input) {
  const settings = asRecord(input);
  const problem = configProblem(settings);
  if (problem) return fail(400, problem);
  const config = state.config;
  if (typeof settings.rateLimit === "number") config.rateLimit = settings.rateLimit;
  // JSON cannot carry Infinity, so null lifts the quota.
  if (settings.quotaRequests !== undefined) {
    config.quotaRequests = settings.quotaRequests === null ? Infinity : Number(settings.quotaRequests);
  }
  if (Array.isArray(settings.customFields)) config.customFields = settings.customFields.map(String);
  if (Array.isArray(settings.latency))
    config.latency = [Number(settings.latency[0]), Number(settings.latency[1])];
  if (Array.isArray(settings.jitter))
    config.jitter = [Number(settings.jitter[0]), Number(settings.jitter[1])];
  if (typeof settings.dropRate === "number") config.dropRate = settings.dropRate;
  if (typeof settings.countRejected === "boolean") config.countRejected = settings.countRejected;
  if (typeof settings.keepAlive === "boolean") config.keepAlive = settings.keepAlive;
  if (settings.seed !== undefined) {
    config.seed = settings.seed === null ? null : Number(settings.seed);
    state.random = createRandom(config.seed);
  }
  return ok(config);
}

/**
 * Why the settings cannot be applied, or null when all of them can (absent ones are left as they are).
 * @param {Record<string, unknown>} settings
 * @returns {string | null}
 */
export function configProblem({
  rateLimit,
  quotaRequests,
  customFields,
  latency,
  jitter,
  dropRate,
  countRejected,
  keepAlive,
  seed,
  ...unknown
}) {
  const unexpected = Object.keys(unknown);
  if (unexpected.length > 0) return `Unknown settings: ${unexpected.join(", ")}`;
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && Number(rateLimit) >= 0)) {
    return "rateLimit must be an integer >= 0";
  }
  if (
    quotaRequests !== undefined &&
    quotaRequests !== null &&
    !(typeof quotaRequests === "number" && quotaRequests >= 0)
  ) {
    return "quotaRequests must be a number >= 0, or null for no quota";
  }
  if (
    customFields !== undefined &&
    !(Array.isArray(customFields) && customFields.every((f) => typeof f === "string"))
  ) {
    return "customFields must be an array of strings";
  }
  const network = [
    latency === undefined ? null : rangeProblem(latency, "latency"),
    jitter === undefined ? null : rangeProblem(jitter, "jitter"),
    dropRate === undefined ? null : dropRateProblem(dropRate),
  ].find((problem) => problem !== null);
  if (network) return network;
  if (countRejected !== undefined && typeof countRejected !== "boolean") {
    return "countRejected must be a boolean";
  }
  if (keepAlive !== undefined && typeof keepAlive !== "boolean") return "keepAlive must be a boolean";
  if (seed !== undefined && seed !== null && !Number.isInteger(seed)) {
    return "seed must be an integer, or null for unseeded delays and drops";
  }
  return null;
}
