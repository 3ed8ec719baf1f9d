/**
 * The one typed message protocol between the extension's contexts. Only the background handles these; it
 * validates every message's data with `messaging-schemas.ts` (kept apart so the content script stays small).
 */
import { defineExtensionMessaging } from "@webext-core/messaging";
import type { z } from "zod";
import type { CountryCode, DetectionResult } from "./detect/types";
import type {
  DetectContactsSchema,
  EnqueueSchema,
  JobQuerySchema,
  RetrySchema,
  SaveCredentialsSchema,
} from "./messaging-schemas";
import type { EnginePause } from "./sending/engine-state";
import type { OpRecord, OpState } from "./sending/types";
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
  /** Runs contact detection in a tab (injecting the content script) and returns what it found. */
  detectContacts(data: z.infer<typeof DetectContactsSchema>): DetectReply;
  /** The content script asks how to detect: the region of local numbers and the ignore list. */
  getDetectionOptions(): DetectionOptions;
}

export interface DetectionOptions {
  region: CountryCode;
  ignore: string[];
}

export type DetectReply =
  | { ok: true; url: string; title: string; result: DetectionResult }
  | {
      ok: false;
      /** `noAccess`: the browser does not let extensions into this page (chrome://, the web store, …). */
      error: "noAccess" | "noTab" | "failed";
      message: string;
    };

export type EnqueueRequest = z.infer<typeof EnqueueSchema>;
export type EnqueueResult = { ok: true; jobId: string; ids: number[] } | { ok: false; error: string };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
