/** The Calltouch lead-service client: validates the body, sends it, and turns every outcome into a typed result. */
import { FetchError, ofetch } from "ofetch";
import type { z } from "zod";
import { CalltouchError, type CalltouchErrorKind, parseRetryAfter } from "./errors";
import { DEFAULT_API_BASE_URL } from "./limits";
import {
  ApiErrorResponseSchema,
  type LeadItem,
  type LeadResult,
  METHODS,
  type Method,
  SuccessResponseSchema,
  ValidationErrorResponseSchema,
  type Violation,
} from "./schemas";

export interface CalltouchClientConfig {
  /** Defaults to the production API. */
  baseUrl?: string;
  token: string;
  siteId: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Injected in tests. */
  fetch?: typeof globalThis.fetch;
}

export type SendResult = { ok: true; results: LeadResult[] } | { ok: false; error: CalltouchError };

/** A request body that passed validation, serialised, ready to leave. */
export interface PreparedRequest {
  method: Method;
  body: string;
  /** Items in the body: the answer must hold as many results. */
  count: number;
}

export type PrepareResult = { ok: true; request: PreparedRequest } | { ok: false; error: CalltouchError };

export interface CalltouchClient {
  /** Validates up to 100 items of one method and serialises them; a violation names the items it concerns. */
  prepare(method: Method, items: readonly LeadItem[]): PrepareResult;
  /**
   * Sends a prepared request; resolves (never rejects) with a typed result. Separate from `prepare` so that
   * a rate limiter can stamp the moment the request really leaves.
   */
  post(request: PreparedRequest): Promise<SendResult>;
  /**
   * Checked before each request takes its slot (optional): an error when the request must not leave any
   * more (the credentials changed, the host permission was removed). Kept out of `post`, whose request
   * must leave the moment its slot starts.
   */
  preflight?(): Promise<CalltouchError | null>;
}

/** Checks, prepares and posts in one go. */
export async function send(
  client: CalltouchClient,
  method: Method,
  items: readonly LeadItem[],
): Promise<SendResult> {
  const refused = await client.preflight?.();
  if (refused) return { ok: false, error: refused };
  const prepared = client.prepare(method, items);
  return prepared.ok ? client.post(prepared.request) : prepared;
}

// Words of a spent points quota; whole words, so that an "endpoint" error is not taken for one.
const QUOTA_RE = /\b(points?|quota)\b|балл|квот/i;

/** Creates a client bound to one cabinet's credentials. */
export function createCalltouchClient(config: CalltouchClientConfig): CalltouchClient {
  const api = ofetch.create(
    {
      baseURL: config.baseUrl ?? DEFAULT_API_BASE_URL,
      method: "POST",
      headers: { "Access-Token": config.token, SiteId: config.siteId, "Content-Type": "application/json" },
      timeout: config.timeoutMs ?? 30_000,
      // A redirect is never followed: fetch would carry the Access-Token header to wherever it points (it
      // strips only Authorization across origins). "manual" rather than "error": the answer can then be
      // told apart from a network failure and named (see `post`).
      redirect: "manual",
      retry: 0,
      ignoreResponseError: true,
      responseType: "text",
    },
    config.fetch ? { fetch: config.fetch } : undefined,
  );

  return {
    prepare(method, items) {
      const body = { [METHODS[method].listKey]: items };
      const invalid = validateBody(method, body);
      if (invalid) return { ok: false, error: invalid };
      return { ok: true, request: { method, body: JSON.stringify(body), count: items.length } };
    },
    async post(request) {
      let response: Awaited<ReturnType<typeof api.raw<string, "text">>>;
      try {
        response = await api.raw(METHODS[request.method].path, { body: request.body });
      } catch (e) {
        return { ok: false, error: networkError(e) };
      }
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        return { ok: false, error: redirectError(response.status, response.headers.get("location")) };
      }
      return classify(response.status, response.headers, response._data ?? "", request.count);
    },
  };
}

/** Checks a body against the schema before it leaves; violations are written as the server writes them. */
export function validateBody(method: Method, body: Record<string, unknown>): CalltouchError | null {
  const parsed = METHODS[method].request.safeParse(body);
  if (parsed.success) return null;
  const violations: Violation[] = parsed.error.issues.map((issue) => ({
    fieldPath: toFieldPath(issue.path),
    message: issue.message,
  }));
  return new CalltouchError("validation", "The request was not sent: it breaks the API's rules.", {
    violations,
  });
}

/** `["leads", 0, "matching"]` → `leads[0].matching`, the server's fieldPath notation. */
export function toFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "");
}

function redirectError(status: number, location: string | null): CalltouchError {
  const where = location ? ` to ${excerpt(location)}` : "";
  return new CalltouchError(
    "badResponse",
    `The API address answered with a redirect${where}. It was not followed, so the Access-Token went nowhere else: check the API address in the settings.`,
    { status: status || undefined },
  );
}

function networkError(e: unknown): CalltouchError {
  const cause = e instanceof FetchError ? e.cause : e;
  const name = cause instanceof Error ? cause.name : "";
  const timeout = name === "TimeoutError" || name === "AbortError";
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CalltouchError("network", timeout ? "The API did not answer in time." : message, { timeout });
}

/** The length of a 200's `data.leads` (or `data.comments`) array, read without parsing its items; null if none. */
function resultCountOf(json: unknown): number | null {
  if (typeof json !== "object" || json === null || !("data" in json)) return null;
  const data = json.data;
  if (typeof data !== "object" || data === null) return null;
  const results = "leads" in data ? data.leads : "comments" in data ? data.comments : undefined;
  return Array.isArray(results) ? results.length : null;
}

function classify(status: number, headers: Headers, text: string, expected: number): SendResult {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const fail = (error: CalltouchError): SendResult => ({ ok: false, error });

  const validation = ValidationErrorResponseSchema.safeParse(json);
  if (validation.success) {
    const { violations } = validation.data.data.validationErrorData;
    return fail(new CalltouchError("validation", "Calltouch rejected the request.", { status, violations }));
  }
  const apiError = ApiErrorResponseSchema.safeParse(json);
  const apiText = apiError.success ? JSON.stringify(apiError.data.data) : "";

  // A 429 is the per-second limit whatever its body says ("too many requests for your quota"): taking it
  // for spent points would pause the queue until midnight.
  if (status === 429) {
    return fail(
      new CalltouchError("rateLimited", "Too many requests.", {
        status,
        retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      }),
    );
  }
  if (status === 402 || (status < 500 && QUOTA_RE.test(apiText))) {
    return fail(
      new CalltouchError("quota", errorMessage(apiError.data, "The daily API points are spent."), { status }),
    );
  }
  if (status >= 500) {
    return fail(new CalltouchError("server", `Calltouch answered HTTP ${status}.`, { status }));
  }
  // The vendor: any error body whose type is not validationError is an authorisation error.
  if (status === 401 || status === 403 || apiError.success) {
    return fail(new CalltouchError("auth", errorMessage(apiError.data, `HTTP ${status}`), { status }));
  }
  if (status !== 200) {
    return fail(new CalltouchError("server", `Calltouch answered HTTP ${status}.`, { status }));
  }
  // Counted before the schema walks them: an answer with a million results is refused at once, not parsed.
  const count = resultCountOf(json);
  if (status === 200 && count !== null && count !== expected) {
    return fail(
      new CalltouchError("badResponse", `The answer has ${count} results for ${expected} leads.`, { status }),
    );
  }
  const success = SuccessResponseSchema.safeParse(json);
  if (!success.success) {
    return fail(
      new CalltouchError("badResponse", `The answer does not match the API's schema: ${excerpt(text)}`, {
        status,
      }),
    );
  }
  const data = success.data.data;
  const results = "leads" in data ? data.leads : data.comments;
  if (results.length !== expected) {
    return fail(
      new CalltouchError("badResponse", `The answer has ${results.length} results for ${expected} leads.`, {
        status,
      }),
    );
  }
  return { ok: true, results };
}

function errorMessage(data: z.infer<typeof ApiErrorResponseSchema> | undefined, fallback: string): string {
  const details = data?.data.apiErrorData;
  if (details && typeof details === "object" && "message" in details && typeof details.message === "string") {
    return details.message;
  }
  return fallback;
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || "(empty body)";
}

/** What a check of the saved Access-Token and SiteId found. */
export const CONNECTION_STATES = ["connected", "tokenRefused", "siteIdRefused", "unreachable"] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** A check's answer: the state, and for a failure what went wrong (the error's kind and message). */
export interface ConnectionOutcome {
  state: ConnectionState;
  kind?: CalltouchErrorKind;
  message?: string;
}

/**
 * The credentials check: an empty batch to `customfield/lead/add`. There is no check endpoint; the server
 * checks the Access-Token and SiteId before the body and refuses an empty `leads` by validation, and the
 * vendor charges points only for a successful request, so this costs one request and no points.
 */
export const CHECK_REQUEST: PreparedRequest = { method: "customFields", body: '{"leads":[]}', count: 0 };

/** Sends the credentials check with this client (bypassing `prepare`, which refuses an empty batch). */
export async function checkCredentials(client: CalltouchClient): Promise<ConnectionOutcome> {
  return connectionOutcome(await client.post(CHECK_REQUEST));
}

// Words that name the SiteId in an authorisation error; the sandbox (and, by its convention, the vendor)
// answers a wrong token with 401 and a SiteId that is not the token's with 403.
const SITE_ID_RE = /site\s*-?id|\bsite\b|кабинет|проект/i;
const TOKEN_RE = /token|токен|ключ/i;

/**
 * Maps the answer to the check onto the four states. Validation (the expected answer), a 200 and spent
 * points all mean the server accepted the credentials; an auth error names the token or the SiteId by
 * its words, else by its status; anything else (no answer, 5xx, 429, a redirect) says nothing about them.
 */
export function connectionOutcome(result: SendResult): ConnectionOutcome {
  if (result.ok) return { state: "connected" };
  const { kind, message, details } = result.error;
  if (kind === "validation" || kind === "quota") return { state: "connected", kind, message };
  if (kind === "auth") {
    const siteId =
      SITE_ID_RE.test(message) && !TOKEN_RE.test(message) ? true : TOKEN_RE.test(message) ? false : null;
    const state = (siteId ?? details.status === 403) ? "siteIdRefused" : "tokenRefused";
    return { state, kind, message };
  }
  return { state: "unreachable", kind, message };
}
