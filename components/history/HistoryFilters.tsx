import { t } from "../../utils/i18n";
import { type OpState, OpStateSchema } from "../../utils/sending/types";
import { formatCount, STATES, stateText } from "./labels";
import type { HistoryFilters as Filters } from "./query";

interface HistoryFiltersProps {
  filters: Filters;
  onChange: (filters: Filters) => void;
  /** Entries per state (from the queue's counters), shown in the status options; null while unknown. */
  counts: Record<OpState, number> | null;
  /** Set when the dates are in the wrong order. */
  dateError?: string;
}

/** Status, date range and search box of the history table; every change applies at once (search debounced). */
export function HistoryFilters({ filters, onChange, counts, dateError }: HistoryFiltersProps) {
  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  return (
    <search class="filters" aria-label={t("historyFiltersLabel")}>
      <div class="filters__field">
        <label for="history-state">{t("historyFilterStatus")}</label>
        <select
          id="history-state"
          value={filters.state}
          onChange={(event) => {
            const state = OpStateSchema.safeParse(value(event));
            set({ state: state.success ? state.data : "" });
          }}
        >
          <option value="">{t("historyFilterAll")}</option>
          {STATES.map((state) => (
            <option key={state} value={state}>
              {counts
                ? t("historyFilterStateCount", [stateText(state), formatCount(counts[state] ?? 0)])
                : stateText(state)}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="history-from">{t("historyFilterFrom")}</label>
        <input
          id="history-from"
          type="date"
          value={filters.from}
          onChange={(event) => set({ from: value(event) })}
        />
      </div>
      <div class="filters__field">
        <label for="history-to">{t("historyFilterTo")}</label>
        <input
          id="history-to"
          type="date"
          value={filters.to}
          aria-invalid={Boolean(dateError)}
          aria-describedby={dateError ? "history-to-error" : undefined}
          onChange={(event) => set({ to: value(event) })}
        />
        {dateError && (
          <p id="history-to-error" class="field__error">
            {dateError}
          </p>
        )}
      </div>
      <div class="filters__field filters__field--wide">
        <label for="history-search">{t("historyFilterSearch")}</label>
        <input
          id="history-search"
          type="search"
          value={filters.text}
          maxLength={200}
          aria-describedby="history-search-help"
          onInput={(event) => set({ text: value(event) })}
        />
        <p id="history-search-help" class="field__help">
          {t("historyFilterSearchHelp")}
        </p>
      </div>
    </search>
  );
}
