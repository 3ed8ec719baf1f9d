import { formatDateTime, t } from "../../utils/i18n";
import type { QueueStatus } from "../../utils/messaging";
import { blockedText } from "../blocked-text";
import { holdText, isHold, resumable, type WaitReason, waitReason } from "../wait-reason";
import { serverWords } from "./error-text";
import { ResumeButton } from "./ResumeButton";

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

/** A pause stops sending until something changes; a hold only slows it down. */
const isPause = (reason: WaitReason): boolean => !isHold(reason);

function pauseText(reason: WaitReason, status: QueueStatus | null): string {
  if (isHold(reason)) return holdText(reason);
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
  }
}
