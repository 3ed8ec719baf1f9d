/** Pure rules that turn one request's answer into the new state of each op it carried. */

import type { SendResult } from "../calltouch/client";
import type { CalltouchError } from "../calltouch/errors";
import { type LeadResult, METHODS, type Violation } from "../calltouch/schemas";
import { backoffDelay, MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "./backoff";
import type { OpUpdate } from "./queue";
import type { OpError, OpRecord } from "./types";

export interface OutcomeContext {
  now: number;
  /** Injected in tests; for the backoff jitter. */
  random?: () => number;
  /** When the engine lets requests start again after an outage (engine clock). */
  holdUntil?: number;
}

/**
 * The update of every op of `batch` (in request order) after the answer `result`. Every request that
 * reached the server counts as an attempt, except one turned away before it was looked at (429, auth,
 * quota): those ops go back untouched.
 */
export function planUpdates(
  batch: readonly OpRecord[],
  result: SendResult,
  context: OutcomeContext,
): OpUpdate[] {
  if (result.ok) return batch.map((op, i) => settle(op, result.results[i]));
  const { error } = result;
  switch (error.kind) {
    case "validation":
      return rejectInvalid(batch, error);
    case "auth":
    case "quota":
      // Nothing was added and the leads are fine: they wait for the engine to be resumed.
      return releaseBatch(batch, context.now);
    case "rateLimited": {
      // Back at the head of the queue (its oldest time), or after the server's Retry-After: the refused
      // request honours it; the limiter lowers the pace of the others.
      const after = error.details.retryAfterMs;
      return batch.map((op) =>
        release(op, after === undefined ? Math.min(op.notBefore, op.createdAt) : context.now + after),
      );
    }
    default:
      return batch.map((op) => afterFailure(op, error, context));
  }
}

/** Puts ops back to `queued` without counting a request for them: due at `notBefore`, or when they were. */
export function releaseBatch(batch: readonly OpRecord[], notBefore?: number): OpUpdate[] {
  return batch.map((op) => release(op, notBefore ?? op.notBefore));
}

function release(op: OpRecord, notBefore: number): OpUpdate {
  return { id: op.id, state: "queued", notBefore };
}

/** Calltouch's day ends at midnight Moscow time (UTC+3 all year since 2014): the daily points renew then. */
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The next midnight in Moscow after `now` (epoch ms): when the daily API points are renewed. */
export function nextMoscowMidnight(now: number): number {
  return (Math.floor((now + MOSCOW_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - MOSCOW_OFFSET_MS;
}

/** In the first hours of Calltouch's day a quota answer is checked again this often, not a day later. */
export const QUOTA_RECHECK_MS = 15 * 60 * 1000;
const QUOTA_RECHECK_HOURS_MS = 2 * 60 * 60 * 1000;

/**
 * Until when a quota answer at `at` pauses the queue: the next Moscow midnight, except in the first two
 * hours after one, when the points may not be renewed yet (the vendor late, this computer's clock a few
 * minutes ahead): then one probe every 15 minutes, so that a day is not lost to a minute.
 */
export function quotaPauseUntil(at: number): number {
  const midnight = nextMoscowMidnight(at);
  return at - (midnight - DAY_MS) < QUOTA_RECHECK_HOURS_MS ? at + QUOTA_RECHECK_MS : midnight;
}

/**
 * True when a failed request's outcome is unknown: it may have been processed (no answer, a timeout,
 * a 5xx, a 200 we cannot read). A 4xx or a 429 was refused before anything was written.
 */
function isUnknownOutcome(error: CalltouchError): boolean {
  if (error.kind === "network" || error.kind === "badResponse") return true;
  return error.kind === "server" && (error.details.status ?? 500) >= 500;
}

function settle(op: OpRecord, result: LeadResult | undefined): OpUpdate {
  const attempts = op.attempts + 1;
  if (!result) {
    return {
      id: op.id,
      state: "failed",
      attempts,
      error: { kind: "badResponse", message: "Calltouch sent no result for it." },
    };
  }
  if (result.matchedType === null) return { id: op.id, state: "notMatched", attempts, result };
  if (!result.added) {
    // Sent again after an unknown outcome without overwrite: the first request most likely wrote the
    // value, and Calltouch keeps it. That is what the user asked for, not a failure.
    if (op.unknownOutcome && keepsExistingValues(op) && keptExistingValue(result)) {
      return { id: op.id, state: "done", attempts, result };
    }
    const message = result.error ?? "Calltouch found the lead but did not add the data.";
    return { id: op.id, state: "failed", attempts, result, error: { kind: "rejected", message } };
  }
  return { id: op.id, state: "done", attempts, result };
}

/**
 * The vendor's page gives no wording for "not added because the lead already has a value": a reason that
 * says so (or none at all) is that; any other reason (a field that does not exist, a bad value) is a real
 * refusal, which the first request got as well, and must not read as delivered.
 */
const KEPT_VALUE_RE =
  /already|has a value|value exists|existing value|overwrit|уже|заполнен|имеет значение|перезапи[сш]/i;

function keptExistingValue(result: LeadResult): boolean {
  return !result.error?.trim() || KEPT_VALUE_RE.test(result.error);
}

/** Custom fields sent without `overwrite`: a value already on the lead is kept, and the answer says "not added". */
function keepsExistingValues(op: OpRecord): boolean {
  return "addCustomFields" in op.item && op.item.addCustomFields?.overwrite !== true;
}

/**
 * After a request that failed and may pass by itself: an idempotent op is retried with backoff; one that
 * must not be written twice (a comment, tags) whose request may have been processed becomes `uncertain`.
 */
function afterFailure(op: OpRecord, error: CalltouchError, context: OutcomeContext): OpUpdate {
  const unknown = isUnknownOutcome(error);
  const attempts = op.attempts + 1;
  if (unknown && !METHODS[op.method].idempotent) {
    return {
      id: op.id,
      state: "uncertain",
      attempts,
      unknownOutcome: true,
      error: { kind: "unknownOutcome", message: error.message },
    };
  }
  const opError: OpError = { kind: error.kind, message: error.message };
  const allowed = error.retryable ? MAX_ATTEMPTS : MAX_UNEXPECTED_ANSWER_ATTEMPTS;
  const flag = unknown ? { unknownOutcome: true } : {};
  if (attempts >= allowed) return { id: op.id, state: "failed", attempts, error: opError, ...flag };
  const { now, random, holdUntil = now } = context;
  const notBefore = Math.max(holdUntil, now + backoffDelay(attempts, { random }));
  return { id: op.id, state: "queued", notBefore, attempts, error: opError, ...flag };
}

/**
 * When every lead of a request (3 or more) was refused for the same reason — an unknown field name, a
 * value the cabinet does not accept — the rest of the queue would most likely be refused too: the reason,
 * so that the engine stops spending points on it; null otherwise.
 */
export function refusedAlike(batch: readonly OpRecord[], updates: readonly OpUpdate[]): string | null {
  if (batch.length < REFUSED_ALIKE_MIN) return null;
  const reasons = new Set(
    updates.map((u) =>
      u.state === "failed" && (u.error?.kind === "rejected" || u.error?.kind === "validation")
        ? u.error.message
        : null,
    ),
  );
  const [reason] = reasons;
  return reasons.size === 1 && reason ? reason : null;
}

/** Leads a request must carry before one reason refusing all of them pauses the queue. */
const REFUSED_ALIKE_MIN = 3;

/** `leads[3].matching[0].phones` → item 3 and `matching[0].phones`. */
const ITEM_PATH = /^(?:leads|comments)\[(\d+)\]\.?(.*)$/;

interface ItemViolation {
  message: string;
  fieldPath?: string;
}

/**
 * Ops a violation names fail with its message; a violation that names no item fails the whole batch;
 * the other ops were only refused for their neighbours' sake and are sent again at once.
 */
function rejectInvalid(batch: readonly OpRecord[], error: CalltouchError): OpUpdate[] {
  const { byItem, general } = splitViolations(error.details.violations ?? [], batch.length);
  // A violation that names no item, or an answer without violations, concerns every op.
  const generalMessage =
    general.length > 0 ? joinGeneral(general) : byItem.size === 0 ? error.message : undefined;
  return batch.map((op, i) => {
    const own = byItem.get(i);
    const attempts = op.attempts + 1;
    if (own) return { id: op.id, state: "failed", attempts, error: validationError(own) };
    if (generalMessage)
      return { id: op.id, state: "failed", attempts, error: { kind: "validation", message: generalMessage } };
    return release(op, op.notBefore);
  });
}

/** Groups violations by the request item they name; those naming none (or no item of the batch) are general. */
export function splitViolations(
  violations: readonly Violation[],
  size: number,
): { byItem: Map<number, ItemViolation[]>; general: Violation[] } {
  const byItem = new Map<number, ItemViolation[]>();
  const general: Violation[] = [];
  for (const violation of violations) {
    const match = ITEM_PATH.exec(violation.fieldPath);
    const index = match ? Number(match[1]) : -1;
    if (index < 0 || index >= size) {
      general.push(violation);
      continue;
    }
    const list = byItem.get(index) ?? [];
    list.push({ message: violation.message, ...(match?.[2] ? { fieldPath: match[2] } : {}) });
    byItem.set(index, list);
  }
  return { byItem, general };
}

/** The first violation gives the field; the message reads them all; `violations` keeps each with its path. */
function validationError(violations: ItemViolation[]): OpError {
  const [first, ...rest] = violations;
  const more = rest.map((v) => (v.fieldPath ? `${v.fieldPath}: ${v.message}` : v.message));
  return {
    kind: "validation",
    message: [first?.message ?? "", ...more].filter(Boolean).join("; "),
    ...(first?.fieldPath ? { fieldPath: first.fieldPath } : {}),
    violations,
  };
}

function joinGeneral(violations: readonly Violation[]): string {
  return violations.map((v) => (v.fieldPath ? `${v.fieldPath}: ${v.message}` : v.message)).join("; ");
}
