/** zod schemas of the data of incoming messages: the background validates every message with them. */
import { z } from "zod";
import { DEV_BUILD } from "./build-flavour";
import { LeadOperationSchema } from "./calltouch/schemas";
import { MAX_LABEL_LENGTH } from "./lead-operations";
import { type OpSource, OpSourceSchema, OpStateSchema, UserOpSourceSchema } from "./sending/types";
import { RetentionSchema } from "./storage";

export const SaveCredentialsSchema = z.strictObject({
  token: z.string().optional(),
  siteId: z.string(),
  apiBaseUrl: z.string(),
});

/** The benchmarks and e2e tests queue ops as themselves; the store build accepts only the user's sources. */
const SourceSchema: z.ZodType<OpSource> = DEV_BUILD ? OpSourceSchema : UserOpSourceSchema;

export const EnqueueSchema = z.strictObject({
  source: SourceSchema,
  jobId: z.string().min(1).max(100).optional(),
  ops: z
    .array(z.strictObject({ operation: LeadOperationSchema, label: z.string().max(MAX_LABEL_LENGTH) }))
    .min(1)
    .max(10_000),
});

export const JobQuerySchema = z.strictObject({ jobId: z.string().min(1) });
export const RetrySchema = z.union([
  z.strictObject({ ids: z.array(z.number().int().positive()).min(1) }),
  z.strictObject({ allFailed: z.literal(true) }),
  // "Send again" on a bulk job: its ops whose outcome is unknown.
  z.strictObject({ jobId: z.string().min(1), state: z.literal("uncertain") }),
]);

export const DetectContactsSchema = z.strictObject({ tabId: z.number().int().nonnegative() });

/** Most rows one `listHistory` answer carries. */
export const HISTORY_MAX_LIMIT = 500;

/** A history search from the history page: newest first, filtered (`HistoryQuery` in utils/sending/history.ts). */
export const HistoryQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT),
  /** Cursor: only ops with a smaller id (pass `next` of the previous answer). */
  before: z.number().int().positive().optional(),
  state: OpStateSchema.optional(),
  /** Only ops created at or after this time (epoch ms). */
  from: z.number().finite().optional(),
  /** Only ops created before this time (epoch ms, exclusive). */
  to: z.number().finite().optional(),
  /** Case-insensitive text in the label; a phone or ID typed in any format also matches by its digits. */
  text: z.string().max(200).optional(),
});

export const SetRetentionSchema = RetentionSchema;

export const JobPageSchema = z.strictObject({
  jobId: z.string().min(1),
  afterId: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(1000),
});
