import type { CalltouchErrorKind } from "../calltouch/errors";
import type { LeadItem, LeadResult, Method } from "../calltouch/schemas";

/** Where a lead operation came from. */
export type OpSource = "popup" | "menu" | "bulk" | "bench" | "test";

/**
 * The life of one lead operation: queued → sending → done | notMatched | failed.
 * `notMatched`: Calltouch answered but found no lead; `failed`: rejected or out of retries (retryable by the user).
 * `held`: its job is paused (back to queued on resume); `cancelled`: its job was cancelled before it was sent.
 */
export type OpState = "queued" | "sending" | "done" | "notMatched" | "failed" | "held" | "cancelled";

export interface OpError {
  kind: CalltouchErrorKind | "rejected";
  message: string;
  /** For validation errors: where in the item the problem is, relative to the item (`matching[0].leadContactParams.phones`). */
  fieldPath?: string;
  /** For validation errors: every violation that names this item, paths relative to the item. */
  violations?: { fieldPath?: string; message: string }[];
}

/** One lead operation, as stored in the queue/history (IndexedDB store `ops`). */
export interface OpRecord {
  id: number;
  jobId: string;
  source: OpSource;
  method: Method;
  item: LeadItem;
  state: OpState;
  /** Requests that carried this op so far. */
  attempts: number;
  /** Epoch ms before which the op is not sent (backoff). */
  notBefore: number;
  createdAt: number;
  updatedAt: number;
  /** The worker instance sending it; a `sending` op of another instance was cut off and is sent again. */
  runId?: string;
  result?: LeadResult;
  error?: OpError;
  /** What a person recognises the lead by in the history (its phones/emails). */
  label: string;
}

/** An op before the queue has given it an id and state. */
export type NewOp = Pick<OpRecord, "jobId" | "source" | "method" | "item" | "label">;
