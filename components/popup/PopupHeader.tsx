/** The popup's top: the lead the page shows, the site, and the connection to Calltouch. */
import { browser } from "wxt/browser";
import type { ConnectionCheck } from "../../utils/background/connection";
import { type MessageKey, t, uiLanguage } from "../../utils/i18n";
import { ConnectionState } from "../ConnectionState";

/** A moment written short: the time for today, else the date and time. */
export function shortTime(epochMs: number, now = Date.now()): string {
  const sameDay = new Date(epochMs).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(
    uiLanguage(),
    sameDay ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" },
  ).format(epochMs);
}

/** The site's host name, or null when the URL is none. */
function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

interface PopupHeaderProps {
  /** The page's title (the deal or contact name in a CRM); empty while reading or when it has none. */
  title: string;
  url: string | null;
  /** Null until the background answered. */
  connection: ConnectionCheck | null;
  connectionKnown: boolean;
}

/** The lead's name and site on one side, the connection state on the other. */
export function PopupHeader({ title, url, connection, connectionKnown }: PopupHeaderProps) {
  const host = hostOf(url);
  return (
    <header class="popup__header">
      <div class="popup__lead">
        <h1 title={title || undefined}>{title || t("popupLeadUnnamed")}</h1>
        {host && <p class="popup__site">{host}</p>}
      </div>
      {connectionKnown && <ConnectionState connection={connection} compact />}
    </header>
  );
}

interface NotConnectedProps {
  reason: MessageKey;
}

/** Shown before anything is filled in when nothing can be sent: why, and the one way to fix it. */
export function NotConnectedNotice({ reason }: NotConnectedProps) {
  return (
    <div class="notice notice--error popup__not-connected" role="alert">
      <p id="not-connected-text">{t(reason)}</p>
      <button type="button" class="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t("popupOpenSettings")}
      </button>
    </div>
  );
}

interface DraftNoticeProps {
  savedAt: number;
  onClear: () => void;
}

/** "Unsent draft from 14:05 — Clear": the form was not empty by chance. */
export function DraftNotice({ savedAt, onClear }: DraftNoticeProps) {
  return (
    <p class="status status--neutral popup__draft">
      <span>{t("popupDraftRestored", shortTime(savedAt))}</span>
      <span aria-hidden="true"> — </span>
      <button type="button" class="button button--link" onClick={onClear}>
        {t("popupDraftClear")}
      </button>
    </p>
  );
}
