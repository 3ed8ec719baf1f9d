/**
 * The one typed message protocol between the extension's contexts. Only the background handles these; it
 * validates every message's data with `messaging-schemas.ts` (kept apart so the content script stays small).
 */
import { defineExtensionMessaging } from "@webext-core/messaging";
import type { z } from "zod";
import type { ConnectionCheck } from "./background/connection";
import type { CountryCode, DetectionResult } from "./detect/types";
import type * as schemas from "./messaging-schemas";
import type { EngineHold } from "./sending/engine";
import type { EnginePause } from "./sending/engine-state";
import type { HistoryRow, JobProgress, OpPage } from "./sending/history";
import type { OpRecord, OpState } from "./sending/types";
import type { Retention, TamperAlert } from "./storage";
import type { UsageCounters } from "./usage";

/** The outcome of the last request that reached (or tried to reach) the API. */
export interface LastRequest {
  ok: boolean;
  at: number;
  kind?: string;
  message?: string;
}

/**
 * Why the background sends nothing with the saved credentials: none saved; the token was saved for another
 * API host than the current address; the API host's permission was removed.
 */
export type SendRefusal =
  | { reason: "noCredentials" }
  | { reason: "originMismatch"; tokenHost: string; apiHost: string }
  | { reason: "permissionMissing"; host: string };

export interface CredentialsStatus {
  hasToken: boolean;
  /** The token's last characters, masked (`••••1a2b`): the token itself never leaves the background. */
  tokenHint: string | null;
  /** The API host the saved token is bound to (it is sent nowhere else). */
  tokenHost: string | null;
  siteId: string;
  apiBaseUrl: string;
  /** Set when saved credentials may not be used (see `SendRefusal`); null when none are saved or all is well. */
  blocked: SendRefusal | null;
  lastRequest: LastRequest | null;
  paused: EnginePause | null;
  /** A web page's script wrote to the extension's storage.local (ignored); null when none did. */
  tamper: TamperAlert | null;
  /** The last check of the token and SiteId (or a send since), the same on every page; null: not checked. */
  connection?: ConnectionCheck | null;
}

export type { EngineHold, EnginePause as PauseState, JobProgress };

export type CredentialsField = "token" | "siteId" | "apiBaseUrl" | "permission";
export type SaveCredentialsResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<CredentialsField, string>> };

export interface QueueStatus {
  counts: Record<OpState, number>;
  paused: EnginePause | null;
  /** Why saved credentials may not be used, as in `CredentialsStatus`. */
  blocked?: SendRefusal | null;
  lastRequest: LastRequest | null;
  /**
   * The engine holds requests back until `until` after a 429 with Retry-After or an outage (5xx, network):
   * the waiting leads go by themselves then. Null when nothing is held (or the worker restarted since).
   */
  hold?: EngineHold | null;
  /** Requests and leads sent since install. */
  totals: UsageCounters;
}

export interface ProtocolMap {
  getCredentialsStatus(): CredentialsStatus;
  saveCredentials(data: z.infer<typeof schemas.SaveCredentialsSchema>): SaveCredentialsResult;
  /** Queues lead operations; resolves once they are stored, so nothing acknowledged can be lost. */
  enqueue(data: EnqueueRequest): EnqueueResult;
  getQueueStatus(): QueueStatus;
  getJob(data: z.infer<typeof schemas.JobQuerySchema>): OpRecord[];
  retry(data: z.infer<typeof schemas.RetrySchema>): { count: number };
  /** Resumes a paused queue (after the user fixed the cause). */
  resume(): QueueStatus;
  /** Runs contact detection in a tab (injecting the content script) and returns what it found. */
  detectContacts(data: z.infer<typeof schemas.DetectContactsSchema>): DetectReply;
  /** The content script asks how to detect: the region of local numbers and the ignore list. */
  getDetectionOptions(): DetectionOptions;
  /** One job's progress: counts by state, and whether the user paused it. */
  getJobProgress(data: z.infer<typeof schemas.JobQuerySchema>): JobProgress;
  /** Holds a job's ops not sent yet (the bulk page's Pause). */
  pauseJob(data: z.infer<typeof schemas.JobQuerySchema>): JobProgress;
  resumeJob(data: z.infer<typeof schemas.JobQuerySchema>): JobProgress;
  /** Cancels a job's ops not sent yet; requests under way finish. */
  cancelJob(data: z.infer<typeof schemas.JobQuerySchema>): JobProgress;
  /** A job's ops in id order, a page at a time (for the bulk page's result CSV). */
  listJobOps(data: z.infer<typeof schemas.JobPageSchema>): OpPage;
  /**
   * The same pages with only each op's id and state (the bulk page's row tally, read every few hundred
   * milliseconds while an import runs: whole ops were some 1-2 KB each to clone and throw away).
   */
  listJobStates(
    data: z.infer<typeof schemas.JobPageSchema>,
  ): Omit<OpPage, "items"> & { items: Pick<OpRecord, "id" | "state">[] };
  /** One page of the history, newest first; a search reads at most a few thousand ops per call. */
  listHistory(data: z.infer<typeof schemas.HistoryQuerySchema>): HistoryList;
  /** Requests and leads sent today, per day over the last 30 days, and since install. */
  getUsage(): UsageReport;
  getRetention(): Retention;
  /** Saves the retention and prunes the history by it at once. */
  setRetention(data: z.infer<typeof schemas.SetRetentionSchema>): { retention: Retention; removed: number };
  /** Forgets the saved Access-Token (the options page's "Forget the token"). */
  forgetToken(): CredentialsStatus;
  /** Deletes every finished op of the history, finished imports with their files, and the popup draft. */
  clearHistory(): { removed: number };
  /** Hides the alert about writes to storage.local. */
  dismissTamperAlert(): CredentialsStatus;
  /** Checks the saved Access-Token and SiteId with one request that spends no points; stores the outcome. */
  checkConnection(): CredentialsStatus;
}

export type { HistoryRow };

export interface HistoryList {
  items: HistoryRow[];
  /** `before` for the next call; absent when nothing older can match. */
  next?: number;
  /** The search stopped at its scan limit before the page filled: call again from `next`. */
  partial?: boolean;
  /** Ops examined by this call. */
  scanned: number;
  /** Of those, saved records that could not be read (damaged): not among `items`. */
  unreadable: number;
}

export interface UsageDay {
  /** Local day, `yyyy-mm-dd`. */
  day: string;
  counters: UsageCounters;
}

export interface UsageReport {
  today: UsageCounters;
  /** The last 30 days, today first, zeros included. */
  days: UsageDay[];
  totals: UsageCounters;
  /** This browser's learned share of the office's 5 requests per second (0.5 to 5). */
  share: number;
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

export type EnqueueRequest = z.infer<typeof schemas.EnqueueSchema>;
export type EnqueueResult = { ok: true; jobId: string; ids: number[] } | { ok: false; error: string };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
