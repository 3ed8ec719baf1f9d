import { useMemo, useState } from "preact/hooks";
import { ConnectionState } from "../../components/ConnectionState";
import { ExportCsv } from "../../components/history/ExportCsv";
import { fieldLabels } from "../../components/history/field-labels";
import { HistoryFilters } from "../../components/history/HistoryFilters";
import { HistoryTable } from "../../components/history/HistoryTable";
import { formatCount } from "../../components/history/labels";
import { PauseNotice } from "../../components/history/PauseNotice";
import { type HistoryFilters as Filters, filtersError, NO_FILTERS } from "../../components/history/query";
import { RetentionForm } from "../../components/history/RetentionForm";
import { UsageLine } from "../../components/history/UsageLine";
import { listStatus, unreadableStatus, useHistoryPage } from "../../components/history/use-history-page";
import { useUsage } from "../../components/history/use-usage";
import { useCredentialsStatus } from "../../components/use-credentials-status";
import { useStoredValue } from "../../components/use-stored-value";
import { waitReason } from "../../components/wait-reason";
import { t } from "../../utils/i18n";
import { sendMessage } from "../../utils/messaging";
import { catalogueItem } from "../../utils/storage";

/** How often the queue's status is read again, so that a pause shows while the page is open. */
const STATUS_POLL_MS = 5000;

/** The history page: every lead operation with filters, paging, retry and export; API usage; retention. */
export function App() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // New filters start again from the newest page, with nothing selected.
  const shown = useHistoryPage(filters, () => setSelected(new Set()));
  const { view, page } = shown;
  const unreadable = unreadableStatus(view);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const {
    queue,
    usage,
    resuming,
    notice: usageNotice,
    refresh: refreshStatus,
    resume,
  } = useUsage(STATUS_POLL_MS);
  const credentials = useCredentialsStatus();
  const [usageOpen, setUsageOpen] = useState(false);
  const [catalogue] = useStoredValue(catalogueItem);
  const labels = useMemo(() => fieldLabels(catalogue), [catalogue]);

  const dateError = filtersError(filters) ? t("historyErrorDateOrder") : undefined;
  const reload = () => {
    shown.reload();
    void refreshStatus();
  };

  const retry = async (target: { ids: number[] } | { allFailed: true }) => {
    setBusy(true);
    try {
      const { count } = await sendMessage("retry", target);
      setNotice(t("historyRetried", formatCount(count)));
      setSelected(new Set());
      reload();
    } catch {
      setNotice(t("errorBackground"));
    } finally {
      setBusy(false);
    }
  };

  const select = (ids: readonly number[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const failed = queue?.counts.failed ?? 0;

  return (
    <main class="page page--wide">
      <header class="page__header">
        <p class="page__product">{t("extName")}</p>
        <h1>{t("historyHeading")}</h1>
        {credentials && <ConnectionState compact connection={credentials.connection} />}
        <nav class="page__nav" aria-label={t("historyNavLabel")}>
          <ul>
            <li>
              <a href="#history-heading">{t("historyTableHeading")}</a>
            </li>
            <li>
              <a href="#usage-heading">{t("historyUsageLink")}</a>
            </li>
            <li>
              <a href="/options.html">{t("historySettingsLink")}</a>
            </li>
          </ul>
        </nav>
      </header>

      <PauseNotice status={queue} onResume={resume} resuming={resuming} notice={usageNotice} />

      <UsageLine usage={usage} open={usageOpen} onToggle={setUsageOpen}>
        <RetentionForm onSaved={reload} />
      </UsageLine>

      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("historyTableHeading")}</h2>
        <p class="field__help">{t("historyIntro")}</p>
        <HistoryFilters
          filters={filters}
          onChange={setFilters}
          counts={queue?.counts ?? null}
          dateError={dateError}
        />
        <div class="toolbar">
          <button
            type="button"
            class="button"
            disabled={busy || selected.size === 0}
            onClick={() => void retry({ ids: [...selected] })}
          >
            {t("historyRetrySelected", formatCount(selected.size))}
          </button>
          <button
            type="button"
            class="button button--secondary"
            disabled={busy || failed === 0}
            onClick={() => void retry({ allFailed: true })}
          >
            {t("historyRetryAllFailed", formatCount(failed))}
          </button>
          <button type="button" class="button button--secondary" onClick={reload}>
            {t("historyRefresh")}
          </button>
          <ExportCsv filters={shown.filters} labels={labels} disabled={Boolean(dateError)} />
        </div>
        <p role="status" class="notice">
          {notice}
        </p>
        <div class="list-status">
          <p role="status" class={view.failed ? "notice notice--error" : "notice"}>
            {listStatus(view, shown.filtered)}
          </p>
          {view.scanning && (
            <button type="button" class="button button--secondary button--small" onClick={shown.stop}>
              {t("historyStopSearch")}
            </button>
          )}
        </div>
        {unreadable && (
          <p role="status" class="notice notice--error">
            {unreadable}
          </p>
        )}
        {view.rows.length > 0 && (
          <HistoryTable
            rows={view.rows}
            page={page}
            selected={selected}
            onSelect={select}
            onRetry={(id) => void retry({ ids: [id] })}
            busy={busy || view.loading}
            labels={labels}
            wait={waitReason(queue)}
          />
        )}
        <nav class="pager" aria-label={t("historyPagerLabel")}>
          <button
            type="button"
            class="button button--secondary"
            disabled={page === 1 || view.loading}
            onClick={shown.previous}
          >
            {t("historyPrevious")}
          </button>
          <button
            type="button"
            class="button button--secondary"
            disabled={view.next === undefined || view.loading}
            onClick={shown.next}
          >
            {t("historyNext")}
          </button>
        </nav>
      </section>
    </main>
  );
}
