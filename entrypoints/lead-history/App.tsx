import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ExportCsv } from "../../components/history/ExportCsv";
import { fieldLabels } from "../../components/history/field-labels";
import { HistoryFilters } from "../../components/history/HistoryFilters";
import { HistoryTable } from "../../components/history/HistoryTable";
import { formatCount } from "../../components/history/labels";
import { PauseNotice } from "../../components/history/PauseNotice";
import {
  type HistoryFilters as Filters,
  filtersError,
  NO_FILTERS,
  toHistoryQuery,
} from "../../components/history/query";
import { RetentionForm } from "../../components/history/RetentionForm";
import { UsageLine } from "../../components/history/UsageLine";
import { useDebounced } from "../../components/history/use-debounced";
import { useUsage } from "../../components/history/use-usage";
import { waitReason } from "../../components/history/wait-reason";
import { useStoredValue } from "../../components/use-stored-value";
import { t } from "../../utils/i18n";
import { type HistoryRow, sendMessage } from "../../utils/messaging";
import { catalogueItem } from "../../utils/storage";

/** Rows per page: the table never holds more. */
export const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 300;
/** How often the queue's status is read again, so that a pause shows while the page is open. */
const STATUS_POLL_MS = 5000;

/** The filters applied and the cursor each page so far started from (the last is the page shown). */
interface Position {
  filters: Filters;
  starts: (number | undefined)[];
}

interface PageView {
  rows: HistoryRow[];
  /** Cursor of the next (older) page; undefined on the last one. */
  next?: number;
  loading: boolean;
  /** A search is reading on through the history to fill the page. */
  scanning: boolean;
  /** Entries examined for this page. */
  scanned: number;
  /** The user stopped the search before the page filled. */
  stopped: boolean;
  failed: boolean;
}

const LOADING: PageView = {
  rows: [],
  loading: true,
  scanning: false,
  scanned: 0,
  stopped: false,
  failed: false,
};

const sameFilters = (a: Filters, b: Filters) =>
  a.state === b.state && a.from === b.from && a.to === b.to && a.text === b.text;

/** The history page: every lead operation with filters, paging, retry and export; API usage; retention. */
export function App() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const text = useDebounced(filters.text, SEARCH_DELAY_MS);
  const applied = useMemo(
    () => ({ state: filters.state, from: filters.from, to: filters.to, text }),
    [filters.state, filters.from, filters.to, text],
  );
  const [position, setPosition] = useState<Position>({ filters: NO_FILTERS, starts: [undefined] });
  const [view, setView] = useState<PageView>(LOADING);
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
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
  const [usageOpen, setUsageOpen] = useState(false);
  const [catalogue] = useStoredValue(catalogueItem);
  const labels = useMemo(() => fieldLabels(catalogue), [catalogue]);
  const run = useRef<{ stopped: boolean } | null>(null);

  const dateError = filtersError(filters) ? t("historyErrorDateOrder") : undefined;

  // New filters start again from the newest page, with nothing selected.
  useEffect(() => {
    setPosition((current) =>
      sameFilters(current.filters, applied) ? current : { filters: applied, starts: [undefined] },
    );
    setSelected(new Set());
  }, [applied]);

  // Reads the page; a search that stops at the background's scan limit is continued until the page fills.
  useEffect(() => {
    if (filtersError(position.filters)) {
      setView({ ...LOADING, loading: false });
      return;
    }
    const current = { stopped: false, cancelled: false };
    run.current = current;
    setView((shown) => ({ ...shown, loading: true, scanning: false, stopped: false, failed: false }));
    void (async () => {
      let rows: HistoryRow[] = [];
      let cursor = position.starts.at(-1);
      let scanned = 0;
      try {
        for (;;) {
          const page = await sendMessage(
            "listHistory",
            toHistoryQuery(position.filters, PAGE_SIZE - rows.length, cursor),
          );
          if (current.cancelled) return;
          rows = [...rows, ...page.items];
          scanned += page.scanned;
          const more = page.partial === true && page.next !== undefined && rows.length < PAGE_SIZE;
          const last = !more || current.stopped;
          setView({
            rows,
            next: page.next,
            loading: !last,
            scanning: !last,
            scanned,
            stopped: more && current.stopped,
            failed: false,
          });
          if (last) return;
          cursor = page.next;
        }
      } catch {
        if (!current.cancelled) setView({ ...LOADING, loading: false, failed: true });
      }
    })();
    return () => {
      current.cancelled = true;
    };
  }, [position, reload]); // `reload` re-reads the same page on purpose.

  const retry = async (target: { ids: number[] } | { allFailed: true }) => {
    setBusy(true);
    try {
      const { count } = await sendMessage("retry", target);
      setNotice(t("historyRetried", formatCount(count)));
      setSelected(new Set());
      setReload((n) => n + 1);
      void refreshStatus();
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

  const page = position.starts.length;
  const failed = queue?.counts.failed ?? 0;
  const filtered = !sameFilters(position.filters, NO_FILTERS);

  return (
    <main class="page page--wide">
      <header class="page__header">
        <p class="page__product">{t("extName")}</p>
        <h1>{t("historyHeading")}</h1>
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
        <RetentionForm
          onSaved={() => {
            setReload((n) => n + 1);
            void refreshStatus();
          }}
        />
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
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setReload((n) => n + 1);
              void refreshStatus();
            }}
          >
            {t("historyRefresh")}
          </button>
          <ExportCsv filters={position.filters} labels={labels} disabled={Boolean(dateError)} />
        </div>
        <p role="status" class="notice">
          {notice}
        </p>
        <div class="list-status">
          <p role="status" class={view.failed ? "notice notice--error" : "notice"}>
            {listStatus(view, filtered)}
          </p>
          {view.scanning && (
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => {
                if (run.current) run.current.stopped = true;
              }}
            >
              {t("historyStopSearch")}
            </button>
          )}
        </div>
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
            onClick={() => setPosition((p) => ({ ...p, starts: p.starts.slice(0, -1) }))}
          >
            {t("historyPrevious")}
          </button>
          <button
            type="button"
            class="button button--secondary"
            disabled={view.next === undefined || view.loading}
            onClick={() => setPosition((p) => ({ ...p, starts: [...p.starts, view.next] }))}
          >
            {t("historyNext")}
          </button>
        </nav>
      </section>
    </main>
  );
}

/** The line above the table: loading, still searching, stopped, nothing found, or how many rows. */
function listStatus(view: PageView, filtered: boolean): string {
  if (view.failed) return t("errorBackground");
  if (view.scanning) return t("historyScanning", formatCount(view.scanned));
  if (view.loading) return t("loading");
  if (view.stopped) return t("historySearchStopped", formatCount(view.scanned));
  if (view.rows.length === 0) return filtered ? t("historyNoMatches") : t("historyEmpty");
  return t("historyShowing", formatCount(view.rows.length));
}
