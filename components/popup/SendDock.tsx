/** The popup's dock, in view at the bottom of the 600 px popup: Send, "Send again?" and the last sends. */
import { type MessageKey, t } from "../../utils/i18n";
import type { QueueStatus } from "../../utils/messaging";
import type { EnginePause } from "../../utils/sending/engine-state";
import { blockedText } from "../blocked-text";
import { EnginePauseNotice } from "../EnginePauseNotice";
import { shortTime } from "./PopupHeader";
import { ResultList, type SentLead } from "./ResultList";

interface SendDockProps {
  /** The error said above Send (the background or the queue refused). */
  formError: string | undefined;
  /** When the same send went out, while "Send again?" is asked; else null. */
  repeatSentAt: number | null;
  onRepeatConfirm: () => void;
  onRepeatCancel: () => void;
  /** Send shows once the catalogue is read: tags and a comment can go without any custom field. */
  showSend: boolean;
  busy: boolean;
  /** Why nothing can be sent (not connected); Send is off. */
  blocked: MessageKey | null;
  queue: QueueStatus | null;
  /** The queue's pause, while the popup's lead waits on it. */
  pause: EnginePause | null | undefined;
  onResume: () => void;
  sent: SentLead[];
  /** Focuses the inputs a failed lead's error is about. */
  onShowInput: () => void;
  onSendAgain: (lead: SentLead) => void;
}

/** Send (or the question before a repeat), and what became of the last sends, spoken as it changes. */
export function SendDock(props: SendDockProps) {
  const { formError, repeatSentAt, busy, blocked, pause } = props;
  return (
    <div class="popup__dock">
      {formError && (
        <p role="alert" class="notice notice--error">
          {formError}
        </p>
      )}
      {repeatSentAt !== null && (
        <div role="alertdialog" aria-labelledby="repeat-text" class="notice notice--warning popup__repeat">
          <p id="repeat-text">{t("popupSentRecently", shortTime(repeatSentAt))}</p>
          <div class="block__actions">
            <button type="button" class="button" onClick={props.onRepeatConfirm}>
              {t("popupSendAgainConfirm")}
            </button>
            <button type="button" class="button button--secondary" onClick={props.onRepeatCancel}>
              {t("popupSendAgainCancel")}
            </button>
          </div>
        </div>
      )}
      {props.showSend && repeatSentAt === null && (
        <>
          <button
            type="submit"
            class="button popup__submit"
            aria-busy={busy}
            disabled={!!blocked}
            aria-describedby={blocked ? "send-off" : undefined}
          >
            {t(busy ? "popupSending" : "popupSend")}
          </button>
          {blocked && (
            <p id="send-off" class="hint popup__send-off">
              {t("popupSendOff")}
            </p>
          )}
        </>
      )}
      <div
        class="send-status"
        role="status"
        aria-live="polite"
        aria-atomic="false"
        aria-labelledby="results-heading"
      >
        {pause && (
          <EnginePauseNotice
            pause={pause}
            audience="popup"
            blocked={blockedText(props.queue?.blocked)}
            onResume={props.onResume}
          />
        )}
        <ResultList
          leads={props.sent}
          pause={pause}
          onShowInput={props.onShowInput}
          onSendAgain={props.onSendAgain}
        />
      </div>
    </div>
  );
}
