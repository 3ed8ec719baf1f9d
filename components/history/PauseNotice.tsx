import { formatDateTime, t } from "../../utils/i18n";
import type { QueueStatus } from "../../utils/messaging";
import { blockedText } from "../blocked-text";
import { serverWords } from "./error-text";
import { ResumeButton } from "./ResumeButton";
import { formatClock, resumable, type WaitReason, waitReason } from "./wait-reason";

interface PauseNoticeProps {
  status: QueueStatus | null;
  onResume: () => void;
  resuming: boolean;
  /** What the last action said (e.g. "Sending resumed."). */
  notice?: string;
}

/** The top of the history page: why nothing is being sent, if so, with the way out (resume or settings). */
export function PauseNotice({ status, onResume, resuming, notice }: PauseNoticeProps) {
  const reason = waitReason(status);
  return (
    <>
      {reason && (
        <div
          class={`status ${isPause(reason) ? "status--error" : "status--warning"} pause-notice`}
          role={isPause(reason) ? "alert" : "status"}
        >
          <p>{pauseText(reason, status)}</p>
          {"message" in reason && reason.message && (
            <p class="status__detail">{t("statusServerMessage", serverWords(reason.message))}</p>
          )}
          {resumable(reason) ? (
            <ResumeButton
              onResume={onResume}
              resuming={resuming}
              label={t(reason.kind === "quota" ? "usageResume" : "resumeSending")}
            />
          ) : (
            isPause(reason) && (
              <p class="status__action">
                <a href="/options.html">{t("historyOpenSettings")}</a>
              </p>
            )
          )}
        </div>
      )}
      <p role="status" class="notice">
        {notice}
      </p>
    </>
  );
}

/** A pause stops sending until something changes; the other reasons only slow it down. */
const isPause = (reason: WaitReason): boolean =>
  reason.kind !== "rateLimited" && reason.kind !== "network" && reason.kind !== "server";

function pauseText(reason: WaitReason, status: QueueStatus | null): string {
  switch (reason.kind) {
    case "auth":
      return t("historyPausedAuth", formatDateTime(reason.at));
    case "noCredentials":
      return t("historyPausedNoCredentials");
    case "quota":
      return reason.until ? t("usagePausedQuota", formatDateTime(reason.until)) : t("usagePausedQuotaNoTime");
    case "refused":
      return t("usagePausedRefused");
    case "blocked":
      return blockedText(status?.blocked) ?? t("historyWaitBlocked");
    case "rateLimited":
      return t("historyHoldRateLimited", formatClock(reason.until));
    case "network":
      return t("historyHoldNetwork", formatClock(reason.until));
    case "server":
      return t("historyHoldServer", formatClock(reason.until));
  }
}
