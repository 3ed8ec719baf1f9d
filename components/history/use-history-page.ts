/** The history page's table: the filters applied, the page shown and its paging, read from the background. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { plural, t } from "../../utils/i18n";
import { type HistoryRow, sendMessage } from "../../utils/messaging";
import { formatCount } from "./labels";
import { type HistoryFilters as Filters, filtersError, NO_FILTERS, toHistoryQuery } from "./query";
import { useDebounced } from "./use-debounced";

/** Rows per page: the table never holds more. */
export const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 300;

/** The filters applied and the cursor each page so far started from (the last is the page shown). */
interface Position {
  filters: Filters;
  starts: (number | undefined)[];
}

export interface PageView {
  rows: HistoryRow[];
  /** Cursor of the next (older) page; undefined on the last one. */
  next?: number;
  loading: boolean;
  /** A search is reading on through the history to fill the page. */
  scanning: boolean;
  /** Entries examined for this page. */
  scanned: number;
  /** Of those, saved entries that could not be read (damaged records): not shown. */
  unreadable: number;
  /** The user stopped the search before the page filled. */
  stopped: boolean;
  failed: boolean;
}

const LOADING: PageView = {
  rows: [],
  loading: true,
  scanning: false,
  scanned: 0,
  unreadable: 0,
  stopped: false,
  failed: false,
};

const sameFilters = (a: Filters, b: Filters) =>
  a.state === b.state && a.from === b.from && a.to === b.to && a.text === b.text;

/**
 * The page of rows for `filters` (the search text debounced): new filters start again from the newest
 * page and call `onNewFilters`; a search that stops at the background's scan limit is continued until
 * the page fills, unless the user stops it.
 */
export function useHistoryPage(filters: Filters, onNewFilters: () => void) {
  const text = useDebounced(filters.text, SEARCH_DELAY_MS);
  const applied = useMemo(
    () => ({ state: filters.state, from: filters.from, to: filters.to, text }),
    [filters.state, filters.from, filters.to, text],
  );
  const [position, setPosition] = useState<Position>({ filters: NO_FILTERS, starts: [undefined] });
  const [view, setView] = useState<PageView>(LOADING);
  const [reloads, setReloads] = useState(0);
  const run = useRef<{ stopped: boolean } | null>(null);
  const newFilters = useRef(onNewFilters);
  newFilters.current = onNewFilters;

  useEffect(() => {
    setPosition((current) =>
      sameFilters(current.filters, applied) ? current : { filters: applied, starts: [undefined] },
    );
    newFilters.current();
  }, [applied]);

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
      let unreadable = 0;
      try {
        for (;;) {
          const page = await sendMessage(
            "listHistory",
            toHistoryQuery(position.filters, PAGE_SIZE - rows.length, cursor),
          );
          if (current.cancelled) return;
          rows = [...rows, ...page.items];
          scanned += page.scanned;
          unreadable += page.unreadable;
          const more = page.partial === true && page.next !== undefined && rows.length < PAGE_SIZE;
          const last = !more || current.stopped;
          setView({
            rows,
            next: page.next,
            loading: !last,
            scanning: !last,
            scanned,
            unreadable,
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
  }, [position, reloads]); // `reloads` re-reads the same page on purpose.

  return {
    view,
    /** The filters of the page shown (what an export exports). */
    filters: position.filters,
    /** 1-based number of the page shown. */
    page: position.starts.length,
    filtered: !sameFilters(position.filters, NO_FILTERS),
    reload: () => setReloads((n) => n + 1),
    stop: () => {
      if (run.current) run.current.stopped = true;
    },
    previous: () => setPosition((p) => ({ ...p, starts: p.starts.slice(0, -1) })),
    next: () => setPosition((p) => ({ ...p, starts: [...p.starts, view.next] })),
  };
}

/** The line above the table: loading, still searching, stopped, nothing found, or how many rows. */
export function listStatus(view: PageView, filtered: boolean): string {
  if (view.failed) return t("errorBackground");
  if (view.scanning) return t("historyScanning", formatCount(view.scanned));
  if (view.loading) return t("loading");
  if (view.stopped) return plural("historySearchStopped", view.scanned, [formatCount(view.scanned)]);
  if (view.rows.length === 0) return filtered ? t("historyNoMatches") : t("historyEmpty");
  return t("historyShowing", formatCount(view.rows.length));
}

/** What the page says of the entries it read but could not show (damaged records), or null when none. */
export function unreadableStatus(view: PageView): string | null {
  return view.unreadable > 0
    ? plural("historyUnreadable", view.unreadable, [formatCount(view.unreadable)])
    : null;
}
