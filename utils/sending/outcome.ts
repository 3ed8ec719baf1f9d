/** Pure rules that turn one request's answer into the new state of each op it carried. */

import type { SendResult } from "../calltouch/client";
import type { CalltouchError } from "../calltouch/errors";
import type { LeadResult, Violation } from "../calltouch/schemas";
import { backoffDelay, MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "./backoff";
import type { OpUpdate } from "./queue";
import type { OpError, OpRecord } from "./types";

export interface OutcomeContext {
  now: number;
  /** Injected in tests; for the backoff jitter. */
  random?: () => number;
  /** When the engine lets requests start again after a 429 or an outage (epoch ms). */
  holdUntil?: number;
}

/** The update of every op of `batch` (in request order) after the answer `result`. */
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
    case "rateLimited":
      return releaseBatch(batch, context.holdUntil ?? context.now);
    default:
      return batch.map((op) => retryLater(op, error, context));
  }
}

/** Puts ops back to `queued` without counting the request they were taken for. */
export function releaseBatch(batch: readonly OpRecord[], notBefore: number): OpUpdate[] {
  return batch.map((op) => release(op, notBefore));
}

function release(op: OpRecord, notBefore: number): OpUpdate {
  return { id: op.id, state: "queued", notBefore, attempts: Math.max(0, op.attempts - 1) };
}

/** The next local midnight after `now`: when the daily API points are assumed to be renewed. */
export function nextLocalMidnight(now: number): number {
  const date = new Date(now);
  date.setHours(24, 0, 0, 0);
  return date.getTime();
}

function settle(op: OpRecord, result: LeadResult | undefined): OpUpdate {
  if (!result) {
    return {
      id: op.id,
      state: "failed",
      error: { kind: "badResponse", message: "Calltouch sent no result for it." },
    };
  }
  if (result.matchedType === null) return { id: op.id, state: "notMatched", result };
  if (!result.added) {
    const message = result.error ?? "Calltouch found the lead but did not add the data.";
    return { id: op.id, state: "failed", result, error: { kind: "rejected", message } };
  }
  return { id: op.id, state: "done", result };
}

function retryLater(
  op: OpRecord,
  error: CalltouchError,
  { now, random, holdUntil = now }: OutcomeContext,
): OpUpdate {
  const opError: OpError = { kind: error.kind, message: error.message };
  const allowed = error.retryable ? MAX_ATTEMPTS : MAX_UNEXPECTED_ANSWER_ATTEMPTS;
  if (op.attempts >= allowed) return { id: op.id, state: "failed", error: opError };
  const notBefore = Math.max(holdUntil, now + backoffDelay(op.attempts, { random }));
  return { id: op.id, state: "queued", notBefore, error: opError };
}

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
    if (own) return { id: op.id, state: "failed", error: validationError(own) };
    if (generalMessage)
      return { id: op.id, state: "failed", error: { kind: "validation", message: generalMessage } };
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
