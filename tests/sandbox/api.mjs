// @ts-check
import { setTimeout as delay } from "node:timers/promises";
import { pickIn } from "./network.mjs";
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
import {
  admit,
  closeLogEntry,
  openLogEntry,
  recordProcessed,
  recordSuccess,
  recordWrites,
  takeFault,
} from "./state.mjs";
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
 * @property {(item: ApiItem) => string[]} writeKeys what a successful write put on the lead, one key
 *   per value, to recognise the same write applied twice
 */

/** @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer */

/**
 * @typedef {object} Exchange one API request in flight
 * @property {SandboxState} state
 * @property {IncomingMessage} req
 * @property {ServerResponse} res
 * @property {LogEntry} entry
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
      writeKeys: (item) =>
        (item.addCustomFields?.customFields ?? []).map(
          ({ field, value }) => `${field}=${JSON.stringify(value)}`,
        ),
    },
  ],
  [
    "/lead-service/v1/api/tag/lead/add",
    {
      kind: "tag",
      listKey: "leads",
      flag: "isTagsAdded",
      write: (lead, item) => writeTags(lead, item.addTags ?? { tags: [] }),
      writeKeys: (item) => [JSON.stringify([...new Set(item.addTags?.tags.map(({ tag }) => tag))].sort())],
    },
  ],
  [
    "/lead-service/v1/api/comment/lead/add",
    {
      kind: "comment",
      listKey: "comments",
      flag: "isCommentAdded",
      write: (lead, item) => writeComment(lead, item.addComment ?? ""),
      writeKeys: (item) => [item.addComment ?? ""],
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
 * Around them, the network the config asks for: `jitter` before the rate limiter counts the request,
 * `latency` between admission and the answer (the leads are written at admission), and `dropRate`,
 * which cuts the connection of a processed request instead of answering it.
 * @param {SandboxState} state
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} path
 * @param {AbortSignal} shutdown
 */
export async function handleApi(state, req, res, path, shutdown) {
  const entry = openLogEntry(state, req, path, performance.now());
  const reading = readBody(req);
  // The body goes on streaming in during the jitter; a client that gives up meanwhile is seen below.
  reading.catch(() => {});
  await wait(state.config.jitter, state, shutdown);
  entry.countedAt = performance.now();
  // Admission is decided before the body is read, so that a burst is judged in order.
  const accepted = admit(state, req.socket.remoteAddress ?? "unknown", entry.countedAt);
  const body = await reading;
  entry.body = body.json.ok ? body.json.value : body.text;
  /** @type {Exchange} */
  const exchange = { state, req, res, entry };

  if (!accepted) {
    return respond(exchange, { status: 429, body: tooManyRequests(), headers: { "Retry-After": "1" } });
  }
  const fault = takeFault(state);
  if (fault && (await injectFault(exchange, fault, shutdown))) return;
  const checked = checkRequest(state, req, path, body);
  if ("reject" in checked) {
    await wait(state.config.latency, state, shutdown);
    return respond(exchange, checked.reject);
  }
  const answer = serve(state, entry, checked.endpoint, checked.items);
  await wait(state.config.latency, state, shutdown);
  const { dropRate } = state.config;
  if (dropRate > 0 && state.random() < dropRate) return cut(exchange);
  recordSuccess(state, checked.items);
  respond(exchange, answer);
}

/**
 * Waits a uniform draw from the range; not at all for [0, 0].
 * @param {import("./network.mjs").Range} range
 * @param {SandboxState} state
 * @param {AbortSignal} shutdown
 */
async function wait(range, state, shutdown) {
  const ms = pickIn(range, state.random);
  if (ms > 0) await delay(ms, undefined, { signal: shutdown });
}

/**
 * Closes the connection without an answer, as a broken network or a crashed proxy would.
 * @param {Exchange} exchange
 */
function cut({ state, req, entry }) {
  closeLogEntry(state, entry, null, null);
  req.socket.destroy();
  if (state.config.log) {
    const elapsed = ((entry.answeredAt ?? 0) - entry.arrivedAt).toFixed(1);
    console.log(
      `[calltouch-sandbox] #${entry.seq} ${entry.method} ${entry.path} -> dropped in ${elapsed} ms`,
    );
  }
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
      cut(exchange);
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
  if (state.counters.processed >= config.quotaRequests) {
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
 * Processes the leads in order, as the vendor does online, and makes the answer with one result per lead.
 * @param {SandboxState} state
 * @param {LogEntry} entry
 * @param {Endpoint} endpoint
 * @param {ApiItem[]} items
 * @returns {Answer}
 */
function serve(state, entry, endpoint, items) {
  const now = Date.now();
  const results = items.map((item) => processItem(state, endpoint, item, now));
  recordProcessed(state, entry, items.length);
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
  if (error === null) recordWrites(state, endpoint.kind, match.lead, endpoint.writeKeys(item));
  return { matchedType: match.type, ...leadInfo(match.lead), [endpoint.flag]: error === null, error };
}

/**
 * @param {Exchange} exchange
 * @param {Answer} answer
 */
function respond({ state, res, entry }, { status, body, headers = {} }) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  closeLogEntry(state, entry, status, body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...(state.config.keepAlive ? {} : { Connection: "close" }),
    ...headers,
  });
  res.end(text);
  if (state.config.log) {
    const elapsed = ((entry.answeredAt ?? 0) - entry.arrivedAt).toFixed(1);
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
