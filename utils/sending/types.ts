import { z } from "zod";
import type { CalltouchErrorKind } from "../calltouch/errors";
import type { LeadItem, LeadResult, Method } from "../calltouch/schemas";

/** Where a lead operation a person queued came from. */
export const UserOpSourceSchema = z.enum(["popup", "menu", "bulk"]);
/** Where a lead operation came from: a person's action, or the benchmarks and e2e tests (development builds). */
export const OpSourceSchema = z.enum([...UserOpSourceSchema.options, "bench", "test"]);
export type OpSource = z.infer<typeof OpSourceSchema>;

/**
 * The life of one lead operation, in the order of an op's life: queued → sending → done | notMatched |
 * failed | uncertain. `notMatched`: Calltouch answered but found no lead; `failed`: rejected or out of
 * retries (retryable by the user); `uncertain`: a request that cannot safely be repeated (a comment, tags)
 * left and its answer never came back, so Calltouch may or may not have written it: never resent by
 * itself, the user checks the lead and sends it again. `held`: its job is paused (back to queued on
 * resume); `cancelled`: its job was cancelled before it was sent.
 */
export const OpStateSchema = z.enum([
  "queued",
  "sending",
  "done",
  "notMatched",
  "failed",
  "uncertain",
  "held",
  "cancelled",
]);
export type OpState = z.infer<typeof OpStateSchema>;

/** Every op state, in the order of an op's life. */
export const OP_STATES: readonly OpState[] = OpStateSchema.options;

/** A number of ops for every state (an exhaustive record: a missing state fails). */
const OpCountsSchema = z.record(OpStateSchema, z.number().int());

/** A count of 0 for every state. */
export function emptyCounts(): Record<OpState, number> {
  return OpCountsSchema.parse(Object.fromEntries(OP_STATES.map((state) => [state, 0])));
}

/** States the user can send again from the popup, the bulk page and the history. */
export const RETRYABLE_STATES: readonly OpState[] = ["failed", "notMatched", "uncertain"];

/**
 * True when the engine is done with the op: it is neither queued nor sending, so it changes no more
 * unless the user acts (a held op waits for its job to be resumed).
 */
export const isSettled = (op: Pick<OpRecord, "state">): boolean =>
  op.state !== "queued" && op.state !== "sending";

/** States an op never leaves by itself, not even when its job is resumed (held is settled, not final). */
export const FinalOpStateSchema = OpStateSchema.exclude(["queued", "sending", "held"]);

const FINAL_STATES: ReadonlySet<OpState> = new Set(FinalOpStateSchema.options);

/**
 * True when the op reached a state it never leaves by itself: what a job's outcome in rows counts. A set
 * lookup, not a parse: the bulk page's row tally asks it for every op of an import on each refresh, and a
 * `safeParse` allocates a result each time (about 280 bytes: some 100 MB of garbage over a 10,000-row import).
 */
export const isFinal = (op: Pick<OpRecord, "state">): boolean => FINAL_STATES.has(op.state);

export interface OpError {
  kind: CalltouchErrorKind | "rejected" | "unknownOutcome";
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
  /** Requests that carried this op and left (a 429, an auth or quota answer does not count). */
  attempts: number;
  /** Epoch ms before which the op is not sent (backoff). */
  notBefore: number;
  createdAt: number;
  updatedAt: number;
  /** The worker instance sending it; a `sending` op of another instance was cut off. */
  runId?: string;
  result?: LeadResult;
  error?: OpError;
  /** What a person recognises the lead by in the history (its phones/emails). */
  label: string;
  /**
   * Ops with the same key write the same thing to the same lead (method, matching and, for custom fields,
   * the field names): they are sent one after another, in the order they were queued, so that an older
   * value retried after a newer one never lands last. Absent on ops queued before keys existed.
   */
  seqKey?: string;
  /** An earlier request carried this op and its outcome is unknown (it may have been written). */
  unknownOutcome?: boolean;
}

/** An op before the queue has given it an id and state. */
export type NewOp = Pick<OpRecord, "jobId" | "source" | "method" | "item" | "label">;
