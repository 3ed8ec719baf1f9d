/** zod schemas of the data of incoming messages: the background validates every message with them. */
import { z } from "zod";
import { LeadOperationSchema } from "./calltouch/schemas";
import type { OpSource } from "./sending/types";

export const SaveCredentialsSchema = z.strictObject({
  token: z.string().optional(),
  siteId: z.string(),
  apiBaseUrl: z.string(),
});

const SOURCES = ["popup", "menu", "bulk", "bench", "test"] as const satisfies readonly OpSource[];

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
]);

export const DetectContactsSchema = z.strictObject({ tabId: z.number().int().nonnegative() });

/** What the content script returns: checked, since a content script runs inside a web page. */
export const DetectionResultSchema = z.object({
  contacts: z
    .array(
      z.object({
        kind: z.enum(["phone", "email"]),
        value: z.string().min(1).max(320),
        display: z.string().max(500),
        source: z.string().max(50),
        inCard: z.boolean(),
      }),
    )
    .max(2000),
  adapter: z.string().max(50),
  layoutRecognised: z.boolean(),
});
