import { z } from "zod";
import type { Violation } from "./schemas";

/** What went wrong with a request, as the user and the send engine need to tell it apart. */
export const CalltouchErrorKindSchema = z.enum([
  "validation", // the server rejected the body; `violations` say where
  "auth", // wrong Access-Token or SiteId
  "rateLimited", // HTTP 429: more than 5 requests in a second
  "quota", // the daily API points are spent
  "server", // HTTP 5xx or another unexpected status
  "network", // no answer: offline, DNS, refused, dropped, timed out
  "badResponse", // an answer that does not match the vendor's schema
]);
export type CalltouchErrorKind = z.infer<typeof CalltouchErrorKindSchema>;

/** A typed failure of one request. Never thrown across the API boundary: returned in a result. */
export class CalltouchError extends Error {
  override readonly name = "CalltouchError";
  constructor(
    readonly kind: CalltouchErrorKind,
    message: string,
    readonly details: {
      status?: number;
      violations?: Violation[];
      /** Milliseconds the server asked us to wait (`Retry-After`). */
      retryAfterMs?: number;
      timeout?: boolean;
    } = {},
  ) {
    super(message);
  }

  /** True for failures that may pass by themselves: worth retrying with backoff. */
  get retryable(): boolean {
    if (this.kind === "server") return (this.details.status ?? 500) >= 500;
    return this.kind === "rateLimited" || this.kind === "network";
  }
}

/**
 * The longest a server's `Retry-After` holds requests back: 15 minutes. Beyond it a request is tried again
 * anyway (a header of a day from a misconfigured proxy must not freeze the queue), and no hold the engine
 * sets is longer, so a stored time further ahead than that is the work of a clock set back.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Parses an HTTP `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`, at most MAX_RETRY_AFTER_MS. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Math.round(Number(trimmed) * 1000) : Date.parse(trimmed) - now;
  return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
