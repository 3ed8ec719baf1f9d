/** zod schemas of the data of incoming messages: the background validates every message with them. */
import { z } from "zod";
import { DEV_BUILD } from "./build-flavour";
import { LeadOperationSchema } from "./calltouch/schemas";
import { MAX_CONTACTS, MAX_DISPLAY, MAX_VALUE } from "./detect/limit";
import { type OpSource, OpStateSchema } from "./sending/types";
import { RetentionSchema } from "./storage";

export const SaveCredentialsSchema = z.strictObject({
  token: z.string().optional(),
  siteId: z.string(),
  apiBaseUrl: z.string(),
});

const USER_SOURCES = ["popup", "menu", "bulk"] as const satisfies readonly OpSource[];
/** The benchmarks and e2e tests queue ops as themselves; the store build accepts only the user's sources. */
const SOURCES: readonly [OpSource, ...OpSource[]] = DEV_BUILD
  ? [...USER_SOURCES, "bench", "test"]
  : USER_SOURCES;

export const EnqueueSchema = z.strictObject({
  source: z.enum(SOURCES),
  jobId: z.string().min(1).max(100).optional(),
  ops: z
    .array(z.strictObject({ operation: LeadOperationSchema, label: z.string().max(500) }))
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

/**
 * What the content script returns: checked, since a content script runs inside a web page. The detector
 * already cuts a large page's list (`limitDetection`), so a real page always fits.
 */
export const DetectionResultSchema = z.object({
  contacts: z
    .array(
      z.object({
        kind: z.enum(["phone", "email"]),
        value: z.string().min(1).max(MAX_VALUE),
        display: z.string().max(MAX_DISPLAY),
        source: z.string().max(50),
        inCard: z.boolean(),
      }),
    )
    .max(MAX_CONTACTS),
  adapter: z.string().max(50),
  layoutRecognised: z.boolean(),
  more: z.number().int().nonnegative().optional(),
});

/** Most rows one `listHistory` answer carries. */
export const HISTORY_MAX_LIMIT = 500;

/** A history search from the history page (see `HistoryQuery` in utils/sending/queue.ts). */
export const HistoryQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT),
  before: z.number().int().positive().optional(),
  state: OpStateSchema.optional(),
  from: z.number().finite().optional(),
  to: z.number().finite().optional(),
  text: z.string().max(200).optional(),
});

export const SetRetentionSchema = RetentionSchema;

export const JobPageSchema = z.strictObject({
  jobId: z.string().min(1),
  afterId: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(1000),
});
