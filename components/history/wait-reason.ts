/** Why leads wait in the queue, read from the queue's status: a pause of the engine or the last failed request. */
import { formatDateTime, t } from "../../utils/i18n";
import type { QueueStatus } from "../../utils/messaging";

/**
 * `auth`, `noCredentials`, `quota`, `refused`: the engine's pause; `blocked`: the saved credentials may not
 * be used; `rateLimited`, `network`, `server`: no pause, but the last request failed so and nothing has
 * succeeded since (the waiting leads are retried by themselves).
 */
export type WaitReason =
  | { kind: "auth" | "noCredentials" | "refused"; at: number; message: string }
  | { kind: "quota"; at: number; until?: number; message: string }
  | { kind: "blocked" }
  | { kind: "rateLimited" | "network" | "server"; at: number };

const RETRIED_KINDS = ["rateLimited", "network", "server"] as const;

/** The reason leads wait now, or null when the engine sends as usual (or the status is unknown). */
export function waitReason(status: QueueStatus | null): WaitReason | null {
  if (!status) return null;
  const { paused, blocked, lastRequest } = status;
  if (paused) {
    const { reason, at, message } = paused;
    return reason === "quota"
      ? { kind: "quota", at, until: paused.until, message }
      : { kind: reason, at, message };
  }
  if (blocked && blocked.reason !== "noCredentials") return { kind: "blocked" };
  const waiting = status.counts.queued + status.counts.sending;
  const failed = lastRequest && !lastRequest.ok ? lastRequest : null;
  const kind = RETRIED_KINDS.find((known) => known === failed?.kind);
  return waiting > 0 && failed && kind ? { kind, at: failed.at } : null;
}

/** True for a pause that only "Resume" lifts (the cause is outside the extension's settings). */
export const resumable = (reason: WaitReason): boolean =>
  reason.kind === "quota" || reason.kind === "refused";

/** What a waiting row says about why it waits ("Paused: API points spent until …"). */
export function rowWaitText(reason: WaitReason): string {
  switch (reason.kind) {
    case "auth":
      return t("historyWaitAuth");
    case "noCredentials":
      return t("historyWaitNoCredentials");
    case "quota":
      return reason.until ? t("historyWaitQuota", formatDateTime(reason.until)) : t("historyWaitQuotaNoTime");
    case "refused":
      return t("historyWaitRefused");
    case "blocked":
      return t("historyWaitBlocked");
    case "rateLimited":
      return t("historyWaitRateLimited");
    case "network":
      return t("historyWaitNetwork");
    case "server":
      return t("historyWaitServer");
  }
}
