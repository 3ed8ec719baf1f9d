/**
 * Why leads wait in the queue, read from the queue's status: a pause of the engine or its hold after a
 * failure. The history page shows every reason; the bulk page shows the holds (its pause has its own notice).
 */
import { formatDateTime, t, uiLanguage } from "../utils/i18n";
import type { QueueStatus } from "../utils/messaging";

/**
 * `auth`, `noCredentials`, `quota`, `refused`: the engine's pause; `blocked`: the saved credentials may not
 * be used; `rateLimited`, `network`, `server`: no pause, but the engine holds requests back until `until`
 * after such a failure (the waiting leads go by themselves then).
 */
export type WaitReason =
  | { kind: "auth" | "noCredentials" | "refused"; at: number; message: string }
  | { kind: "quota"; at: number; until?: number; message: string }
  | { kind: "blocked" }
  | { kind: "rateLimited" | "network" | "server"; until: number };

/** The reason leads wait now, or null when the engine sends as usual (or the status is unknown). */
export function waitReason(status: QueueStatus | null): WaitReason | null {
  if (!status) return null;
  const { paused, blocked, hold } = status;
  if (paused) {
    const { reason, at, message } = paused;
    return reason === "quota"
      ? { kind: "quota", at, until: paused.until, message }
      : { kind: reason, at, message };
  }
  if (blocked && blocked.reason !== "noCredentials") return { kind: "blocked" };
  const waiting = status.counts.queued + status.counts.sending;
  if (!hold || waiting === 0) return null;
  // An unreadable answer is the server's fault as far as the user can tell.
  return { kind: hold.kind === "badResponse" ? "server" : hold.kind, until: hold.until };
}

/** True for a pause that only "Resume" lifts (the cause is outside the extension's settings). */
export const resumable = (reason: WaitReason): boolean =>
  reason.kind === "quota" || reason.kind === "refused";

/** A time of day to the second: a hold lasts seconds to minutes. */
export const formatClock = (epochMs: number): string =>
  new Intl.DateTimeFormat(uiLanguage(), { timeStyle: "medium" }).format(epochMs);

/** A hold: the engine retries by itself at `until` (no pause, nothing for the user to fix). */
export type HoldReason = Extract<WaitReason, { kind: "rateLimited" | "network" | "server" }>;

export const isHold = (reason: WaitReason): reason is HoldReason =>
  reason.kind === "rateLimited" || reason.kind === "network" || reason.kind === "server";

/** A hold in one sentence: what Calltouch did and when the waiting leads go again. */
export function holdText(reason: HoldReason): string {
  switch (reason.kind) {
    case "rateLimited":
      return t("historyHoldRateLimited", formatClock(reason.until));
    case "network":
      return t("historyHoldNetwork", formatClock(reason.until));
    case "server":
      return t("historyHoldServer", formatClock(reason.until));
  }
}

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
      return t("historyWaitRateLimited", formatClock(reason.until));
    case "network":
      return t("historyWaitNetwork", formatClock(reason.until));
    case "server":
      return t("historyWaitServer", formatClock(reason.until));
  }
}
