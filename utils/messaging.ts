/**
 * The one typed message protocol between the extension's contexts. Only the background handles these;
 * every handler validates its data with the schemas below, since a message may come from a content script.
 */
import { defineExtensionMessaging } from "@webext-core/messaging";
import { z } from "zod";
import { LeadOperationSchema } from "./calltouch/schemas";
import type { EnginePause } from "./sending/engine-state";
import type { OpRecord, OpSource, OpState } from "./sending/types";
import type { UsageCounters } from "./usage";

/** The outcome of the last request that reached (or tried to reach) the API. */
export interface LastRequest {
  ok: boolean;
  at: number;
  kind?: string;
  message?: string;
}

export interface CredentialsStatus {
  hasToken: boolean;
  /** The token's last characters, masked (`••••1a2b`): the token itself never leaves the background. */
  tokenHint: string | null;
  siteId: string;
  apiBaseUrl: string;
  lastRequest: LastRequest | null;
  paused: EnginePause | null;
}

export type { EnginePause as PauseState };

export type CredentialsField = "token" | "siteId" | "apiBaseUrl" | "permission";
export type SaveCredentialsResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<CredentialsField, string>> };

export interface QueueStatus {
  counts: Record<OpState, number>;
  paused: EnginePause | null;
  lastRequest: LastRequest | null;
  /** Requests and leads sent since install. */
  totals: UsageCounters;
}

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
export type EnqueueRequest = z.infer<typeof EnqueueSchema>;
export type EnqueueResult = { ok: true; jobId: string; ids: number[] } | { ok: false; error: string };

export const JobQuerySchema = z.strictObject({ jobId: z.string().min(1) });
export const RetrySchema = z.union([
  z.strictObject({ ids: z.array(z.number().int().positive()).min(1) }),
  z.strictObject({ allFailed: z.literal(true) }),
]);

export interface ProtocolMap {
  getCredentialsStatus(): CredentialsStatus;
  saveCredentials(data: z.infer<typeof SaveCredentialsSchema>): SaveCredentialsResult;
  /** Queues lead operations; resolves once they are stored, so nothing acknowledged can be lost. */
  enqueue(data: EnqueueRequest): EnqueueResult;
  getQueueStatus(): QueueStatus;
  getJob(data: z.infer<typeof JobQuerySchema>): OpRecord[];
  retry(data: z.infer<typeof RetrySchema>): { count: number };
  /** Resumes a paused queue (after the user fixed the cause). */
  resume(): QueueStatus;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
