// @ts-check
import { setTimeout as delay } from "node:timers/promises";
import {
  accessDenied,
  badGateway,
  bodyError,
  internalError,
  invalidToken,
  methodNotAllowed,
  notFound,
  payloadTooLarge,
  pointsExceeded,
  tooManyRequests,
  validationError,
} from "./responses.mjs";
import { admit, closeLogEntry, openLogEntry, recordSuccess, takeFault } from "./state.mjs";
import { findLead, leadInfo, writeComment, writeCustomFields, writeTags } from "./store.mjs";
import { validateBody } from "./validate.mjs";

/** @typedef {import("node:http").IncomingMessage} IncomingMessage */
/** @typedef {import("node:http").ServerResponse} ServerResponse */
/** @typedef {import("./state.mjs").SandboxState} SandboxState */
/** @typedef {import("./state.mjs").SandboxConfig} SandboxConfig */
/** @typedef {import("./state.mjs").LogEntry} LogEntry */
/** @typedef {import("./state.mjs").Fault} Fault */
/** @typedef {import("./store.mjs").StoredLead} StoredLead */
/** @typedef {import("./store.mjs").MatchingRow} MatchingRow */

/**
 * An item of `leads` or `comments` that passed validation.
 * @typedef {object} ApiItem
 * @property {MatchingRow[]} matching
 * @property {{ overwrite?: boolean | null, customFields?: { field: string, value: string | number }[] | null }} [addCustomFields]
 * @property {{ overwrite?: boolean | null, tags: { tag: string }[] }} [addTags]
 * @property {string} [addComment]
 */

/**
 * @typedef {object} Endpoint
 * @property {import("./validate.mjs").ApiKind} kind
 * @property {"leads" | "comments"} listKey
 * @property {string} flag the result's "was it added" field
 * @property {(lead: StoredLead, item: ApiItem, config: SandboxConfig) => string | null} write
 */

/** @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer */

/**
 * @typedef {object} Exchange one API request in flight
 * @property {SandboxState} state
 * @property {IncomingMessage} req
 * @property {ServerResponse} res
 * @property {LogEntry} entry
 * @property {number} startedAt
 */

/** @type {Map<string, Endpoint>} */
const ENDPOINTS = new Map([
  [
    "/lead-service/v1/api/customfield/lead/add",
    {
      kind: "customfield",
      listKey: "leads",
      flag: "isCustomFieldsAdded",
      write: (lead, item, config) => writeCustomFields(lead, item.addCustomFields, config.customFields),
    },
  ],
  [
    "/lead-service/v1/api/tag/lead/add",
    {
      kind: "tag",
      listKey: "leads",
      flag: "isTagsAdded",
      write: (lead, item) => writeTags(lead, item.addTags ?? { tags: [] }),
    },
  ],
  [
    "/lead-service/v1/api/comment/lead/add",
    {
      kind: "comment",
      listKey: "comments",
      flag: "isCommentAdded",
      write: (lead, item) => writeComment(lead, item.addComment ?? ""),
    },
  ],
]);

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DIGITS = /^\d+$/;
const MALFORMED_BODY = '{"meta":[],"data":{"leads":[{"matchedType":"call","callInfo":{"callId":';

/** @type {Record<string, () => Answer>} */
const FAULT_ANSWERS = {
  500: () => ({ status: 500, body: internalError() }),
  502: () => ({ status: 502, body: badGateway() }),
  quota: () => ({ status: 403, body: pointsExceeded() }),
  auth: () => ({ status: 401, body: invalidToken() }),
};

/**
 * Serves one request to the emulated Calltouch API, in the vendor's order of checks:
 * rate limit, injected fault, auth, quota, body, validation, then the leads one by one.
 * @param {SandboxState} state
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} path
 * @param {AbortSignal} shutdown
 */
export async function handleApi(state, req, res, path, shutdown) {
  const startedAt = performance.now();
  // Admission is decided on arrival, before the body is read, so that a burst is judged in order.
  const accepted = admit(state, req.socket.remoteAddress ?? "unknown", startedAt);
  const entry = openLogEntry(state, req, path, null);
  const body = await readBody(req);
  entry.body = body.json.ok ? body.json.value : body.text;
  /** @type {Exchange} */
  const exchange = { state, req, res, entry, startedAt };

  if (!accepted) {
    return respond(exchange, { status: 429, body: tooManyRequests(), headers: { "Retry-After": "1" } });
  }
  const fault = takeFault(state);
  if (fault && (await injectFault(exchange, fault, shutdown))) return;
  const checked = checkRequest(state, req, path, body);
  respond(exchange, "reject" in checked ? checked.reject : serve(state, checked.endpoint, checked.items));
}

/**
 * @param {Exchange} exchange
 * @param {Fault} fault
 * @param {AbortSignal} shutdown
 * @returns {Promise<boolean>} true when the fault took the place of the answer
 */
async function injectFault(exchange, fault, shutdown) {
  switch (fault.mode) {
    case "delay":
      await delay(fault.delayMs, undefined, { signal: shutdown });
      return false;
    case "drop":
      closeLogEntry(exchange.state, exchange.entry, null, null);
      exchange.req.socket.destroy();
      return true;
    case "malformed":
      respond(exchange, { status: 200, body: MALFORMED_BODY });
      return true;
    default:
      respond(exchange, FAULT_ANSWERS[fault.mode]?.() ?? { status: 500, body: internalError() });
      return true;
  }
}

/**
 * Auth, quota, routing and body checks: either the answer that rejects the request, or the
 * endpoint and its validated items.
 * @param {SandboxState} state
 * @param {IncomingMessage} req
 * @param {string} path
 * @param {Body} body
 * @returns {{ reject: Answer } | { endpoint: Endpoint, items: ApiItem[] }}
 */
function checkRequest(state, req, path, body) {
  const { config } = state;
  /** @param {Answer} answer */
  const reject = (answer) => ({ reject: answer });
  if (header(req, "access-token") !== config.token) return reject({ status: 401, body: invalidToken() });
  const siteId = header(req, "siteid");
  if (!DIGITS.test(siteId) || siteId !== config.siteId) return reject({ status: 403, body: accessDenied() });
  if (state.counters.successful >= config.quotaRequests) {
    return reject({ status: 403, body: pointsExceeded() });
  }
  const endpoint = ENDPOINTS.get(path);
  if (!endpoint) return reject({ status: 404, body: notFound() });
  if (req.method !== "POST") {
    return reject({ status: 405, body: methodNotAllowed(), headers: { Allow: "POST" } });
  }
  if (body.tooLarge) return reject({ status: 413, body: payloadTooLarge() });
  if (!isJsonContentType(header(req, "content-type"))) {
    return reject({ status: 400, body: bodyError('Content-Type must be "application/json".') });
  }
  if (!body.json.ok) return reject({ status: 400, body: bodyError("The request body is not valid JSON.") });
  const violations = validateBody(endpoint.kind, body.json.value);
  if (violations.length > 0) return reject({ status: 400, body: validationError(violations) });
  const items = /** @type {Record<string, ApiItem[]>} */ (body.json.value)[endpoint.listKey] ?? [];
  return { endpoint, items };
}

/**
 * @param {IncomingMessage} req
 * @param {string} name lower-case
 * @returns {string}
 */
function header(req, name) {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** @param {string} contentType */
function isJsonContentType(contentType) {
  return contentType.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/**
 * Processes the leads in order, as the vendor does online, and answers with one result per lead.
 * @param {SandboxState} state
 * @param {Endpoint} endpoint
 * @param {ApiItem[]} items
 * @returns {Answer}
 */
function serve(state, endpoint, items) {
  const now = Date.now();
  const results = items.map((item) => processItem(state, endpoint, item, now));
  recordSuccess(state, items);
  return { status: 200, body: { meta: [], data: { [endpoint.listKey]: results } } };
}

/**
 * @param {SandboxState} state
 * @param {Endpoint} endpoint
 * @param {ApiItem} item
 * @param {number} now
 */
function processItem(state, endpoint, item, now) {
  const match = findLead(state.store, item.matching, now);
  if (!match) {
    return {
      matchedType: null,
      callInfo: null,
      requestInfo: null,
      [endpoint.flag]: false,
      error: "Lead not found",
    };
  }
  const error = endpoint.write(match.lead, item, state.config);
  return { matchedType: match.type, ...leadInfo(match.lead), [endpoint.flag]: error === null, error };
}

/**
 * @param {Exchange} exchange
 * @param {Answer} answer
 */
function respond({ state, res, entry, startedAt }, { status, body, headers = {} }) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  closeLogEntry(state, entry, status, body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
  if (state.config.log) {
    const elapsed = (performance.now() - startedAt).toFixed(1);
    console.log(
      `[calltouch-sandbox] #${entry.seq} ${entry.method} ${entry.path} -> ${status} in ${elapsed} ms`,
    );
  }
}

/** @typedef {{ ok: true, value: unknown } | { ok: false }} ParsedJson */
/** @typedef {{ text: string, json: ParsedJson, tooLarge: boolean }} Body */

/**
 * @param {IncomingMessage} req
 * @returns {Promise<Body>}
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) return { text: "", json: { ok: false }, tooLarge: true };
  const text = Buffer.concat(chunks).toString("utf8");
  return { text, json: parseJson(text), tooLarge: false };
}

/**
 * @param {string} text
 * @returns {ParsedJson}
 */
function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
