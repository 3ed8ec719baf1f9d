/**
 * The one wording of the engine's pause (utils/sending/engine-state.ts) for each place that shows it: the
 * popup and the bulk page (a full sentence, with the time a quota pause ends) and the menu's notification
 * (a clause after "Queued, but sending is paused:"). The background uses it too, hence utils/.
 */

import { formatDateTime, type MessageKey, t } from "./i18n";
import { clause, explainError } from "./op-error-text";
import type { EnginePause } from "./sending/engine-state";

/** Where the pause is shown: each place says it in its own words. */
export type PauseAudience = "popup" | "bulk" | "notification";

interface PauseWords {
  reasons: Record<EnginePause["reason"], MessageKey>;
  /** A quota pause with its end time; absent: the end is not said. */
  quotaUntil?: MessageKey;
}

const WORDS: Record<PauseAudience, PauseWords> = {
  popup: {
    reasons: {
      auth: "popupPausedAuth",
      quota: "popupPausedQuota",
      noCredentials: "popupPausedNoCredentials",
      refused: "popupPausedRefused",
    },
    quotaUntil: "popupPausedQuotaUntil",
  },
  bulk: {
    reasons: {
      auth: "bulkEnginePausedAuth",
      quota: "bulkEnginePausedQuota",
      noCredentials: "bulkEnginePausedNoCredentials",
      refused: "bulkEnginePausedRefused",
    },
    quotaUntil: "bulkEnginePausedQuotaUntil",
  },
  notification: {
    reasons: {
      auth: "notifyPausedAuth",
      quota: "notifyPausedQuota",
      noCredentials: "notifyPausedNoCredentials",
      refused: "notifyPausedRefused",
    },
  },
};

/** Why sending is paused, in `audience`'s words: the quota's end time and a refusal's reason where they fit. */
export function pauseText(pause: EnginePause, audience: PauseAudience): string {
  const words = WORDS[audience];
  if (pause.reason === "quota" && pause.until && words.quotaUntil)
    return t(words.quotaUntil, formatDateTime(pause.until));
  return t(words.reasons[pause.reason], pause.reason === "refused" ? refusal(pause.message) : undefined);
}

/** Calltouch's reason for refusing every lead, in the user's words when we know it ("Custom field "x" not found"). */
function refusal(message: string): string {
  const explained = explainError({ kind: "rejected", message });
  return explained.details === null ? clause(explained.text) : message;
}
