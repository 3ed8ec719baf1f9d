/** The engine's pause as the popup and the bulk page show it: why, where to fix it, and Resume after a refusal. */
import { browser } from "wxt/browser";
import { type MessageKey, t } from "../utils/i18n";
import { type PauseAudience, pauseText } from "../utils/pause-text";
import type { EnginePause } from "../utils/sending/engine-state";

const SETTINGS_LINK: Record<Exclude<PauseAudience, "notification">, MessageKey> = {
  popup: "popupOpenSettings",
  bulk: "bulkSettingsLink",
};

const openOptions = () => void browser.runtime.openOptionsPage();

interface EnginePauseNoticeProps {
  pause: EnginePause;
  audience: Exclude<PauseAudience, "notification">;
  /** Said instead of the pause's own words: a refusal to send (see blockedText). */
  blocked?: string | null;
  /** Lifts a refusal's pause (the user fixed what was refused). */
  onResume: () => void;
  /** Announce it at once (a page where the pause stops work already started). */
  alert?: boolean;
}

/** Why sending is paused; a link to the settings unless the quota just has to run out. */
export function EnginePauseNotice({ pause, audience, blocked, onResume, alert }: EnginePauseNoticeProps) {
  return (
    <div class="status status--warning" role={alert ? "alert" : undefined}>
      <p>{blocked ?? pauseText(pause, audience)}</p>
      {pause.reason !== "quota" && (
        <button type="button" class="button button--secondary" onClick={openOptions}>
          {t(SETTINGS_LINK[audience])}
        </button>
      )}
      {pause.reason === "refused" && (
        <button type="button" class="button button--secondary" onClick={onResume}>
          {t("resumeSending")}
        </button>
      )}
    </div>
  );
}
