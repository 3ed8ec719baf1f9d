import { browser } from "wxt/browser";
import { t } from "../../utils/i18n";
import type { QueueStatus } from "../../utils/messaging";
import { openBulkPage } from "../bulk/open-bulk-page";

interface QueueFooterProps {
  status: QueueStatus | null;
}

/**
 * The queue's counts when something waits or failed, and the way to the bulk page, the history and the
 * settings; it wraps (and the bulk link is short) so that it stays within the 400 px popup in any language.
 */
export function QueueFooter({ status }: QueueFooterProps) {
  const waiting = status ? status.counts.queued + status.counts.sending : 0;
  const failed = status?.counts.failed ?? 0;
  return (
    <footer class="popup__footer">
      <p class="popup__queue">
        {waiting > 0 && <span>{t("popupQueueWaiting", String(waiting))}</span>}
        {failed > 0 && <span class="popup__failed">{t("popupQueueFailed", String(failed))}</span>}
      </p>
      <button type="button" class="button button--link" onClick={() => void openBulkPage()}>
        {t("popupBulkLink")}
      </button>
      <button
        type="button"
        class="button button--link"
        onClick={() => void browser.tabs.create({ url: browser.runtime.getURL("/lead-history.html") })}
      >
        {t("popupHistoryLink")}
      </button>
      <button
        type="button"
        class="button button--link"
        onClick={() => void browser.runtime.openOptionsPage()}
      >
        {t("popupSettingsLink")}
      </button>
    </footer>
  );
}
