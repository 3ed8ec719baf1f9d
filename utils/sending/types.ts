import { z } from "zod";
import { CalltouchErrorKindSchema } from "../calltouch/errors";
import { type LeadItem, LeadResultSchema, MATCHING_TYPES, MethodSchema } from "../calltouch/schemas";

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

/** States of ops that still wait to be sent: queued, under way, or held by a pause. */
export const WAITING_STATES = ["queued", "sending", "held"] as const satisfies readonly OpState[];

/** States an op never leaves by itself, not even when its job is resumed (held is settled, not final). */
export const FinalOpStateSchema = OpStateSchema.exclude(WAITING_STATES);

const FINAL_STATES: ReadonlySet<OpState> = new Set(FinalOpStateSchema.options);

/**
 * True when the op reached a state it never leaves by itself: what a job's outcome in rows counts. A set
 * lookup, not a parse: the bulk page's row tally asks it for every op of an import on each refresh, and a
 * `safeParse` allocates a result each time (about 280 bytes: some 100 MB of garbage over a 10,000-row import).
 */
export const isFinal = (op: Pick<OpRecord, "state">): boolean => FINAL_STATES.has(op.state);

/** Why an op failed, as the engine records it. */
export const OpErrorSchema = z.object({
  kind: z.union([CalltouchErrorKindSchema, z.enum(["rejected", "unknownOutcome"])]),
  message: z.string(),
  /** For validation errors: where in the item the problem is, relative to the item (`matching[0].leadContactParams.phones`). */
  fieldPath: z.string().optional(),
  /** For validation errors: every violation that names this item, paths relative to the item. */
  violations: z.array(z.object({ fieldPath: z.string().optional(), message: z.string() })).optional(),
});
export type OpError = z.infer<typeof OpErrorSchema>;

/** Why a queued op whose stored record does not parse was taken out of the queue unsent. */
export const DAMAGED_OP_ERROR: OpError = {
  kind: "rejected",
  message:
    "This operation's saved record is damaged, so it was not sent. Queue it again from the CRM page or the CSV.",
};

const callOrRequestId = z.union([z.number(), z.string()]);

/**
 * An item as stored: the shape its readers rely on, not the API's rules on values. The client checks
 * those when the op is sent, and an op it refused (a phone too short) stays in the history as queued.
 */
const StoredItemSchema = z.object({
  matching: z.array(
    z.discriminatedUnion("type", [
      z.looseObject({ type: z.literal("call"), callParams: z.looseObject({ callId: callOrRequestId }) }),
      z.looseObject({
        type: z.literal("request"),
        requestParams: z.looseObject({ requestId: callOrRequestId }),
      }),
      z.looseObject({ type: z.enum(MATCHING_TYPES).exclude(["call", "request"]) }),
    ]),
  ),
  addCustomFields: z
    .looseObject({
      customFields: z
        .array(z.looseObject({ field: z.string(), value: z.union([z.string(), z.number()]) }))
        .optional(),
    })
    .optional(),
  addTags: z.looseObject({ tags: z.array(z.looseObject({ tag: z.string() })) }).optional(),
  addComment: z.string().optional(),
});

/** One lead operation, as stored in the queue/history (IndexedDB store `ops`); read back with this schema. */
export const OpRecordSchema = z.object({
  id: z.number().int(),
  jobId: z.string(),
  source: OpSourceSchema,
  method: MethodSchema,
  // Checked for its shape only (see StoredItemSchema): a LeadItem as TypeScript knows it.
  item: z.custom<LeadItem>((value) => StoredItemSchema.safeParse(value).success, "Not an item's shape"),
  state: OpStateSchema,
  /** Requests that carried this op and left (a 429, an auth or quota answer does not count). */
  attempts: z.number().int(),
  /** Epoch ms before which the op is not sent (backoff). */
  notBefore: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The worker instance sending it; a `sending` op of another instance was cut off. */
  runId: z.string().optional(),
  result: LeadResultSchema.optional(),
  error: OpErrorSchema.optional(),
  /** What a person recognises the lead by in the history (its phones/emails). */
  label: z.string(),
  /**
   * Ops with the same key write the same thing to the same lead (method, matching and, for custom fields,
   * the field names): they are sent one after another, in the order they were queued, so that an older
   * value retried after a newer one never lands last. Absent on ops queued before keys existed.
   */
  seqKey: z.string().optional(),
  /** An earlier request carried this op and its outcome is unknown (it may have been written). */
  unknownOutcome: z.boolean().optional(),
});
export type OpRecord = z.infer<typeof OpRecordSchema>;

/** An op before the queue has given it an id and state. */
export type NewOp = Pick<OpRecord, "jobId" | "source" | "method" | "item" | "label">;
