import { formatDateTime, t } from "../../utils/i18n";
import type { HistoryRow } from "../../utils/messaging";
import { type ErrorInput, explainError } from "../../utils/op-error-text";
import { ErrorDetails } from "../ErrorDetails";
import { formatClock, rowWaitText, type WaitReason } from "../wait-reason";
import { sentText } from "./field-labels";
import { foundText, isRetryable, matchedTypeText, methodText, sourceText, stateText } from "./labels";
import { Prose } from "./Prose";

/** The row's error as the engine recorded it (kind and field path), else what Calltouch said about the lead. */
function errorOf(row: HistoryRow): ErrorInput {
  const failure = row.failure;
  if (!failure) return { message: row.error ?? "" };
  return {
    kind: failure.kind,
    message: failure.message,
    ...(failure.fieldPath === null ? {} : { fieldPath: failure.fieldPath }),
  };
}

interface HistoryTableProps {
  rows: readonly HistoryRow[];
  /** 1-based number of the page shown, for the caption. */
  page: number;
  selected: ReadonlySet<number>;
  onSelect: (ids: readonly number[], selected: boolean) => void;
  onRetry: (id: number) => void;
  /** True while the page is being read: the table is marked busy and actions wait. */
  busy: boolean;
  /** Custom-field API name → label, from the catalogue. */
  labels: ReadonlyMap<string, string>;
  /** Why waiting leads wait now (a pause, a hold), or null. */
  wait: WaitReason | null;
}

/** One page of the history: a row per lead operation, with selection and Retry for the failed ones. */
export function HistoryTable({
  rows,
  page,
  selected,
  onSelect,
  onRetry,
  busy,
  labels,
  wait,
}: HistoryTableProps) {
  const retryable = rows.filter(isRetryable).map((row) => row.id);
  const allSelected = retryable.length > 0 && retryable.every((id) => selected.has(id));
  return (
    <div class="table-wrap">
      <table class="history" aria-busy={busy}>
        <caption>{t("historyCaption", String(page))}</caption>
        <thead>
          <tr>
            <th scope="col" class="history__select">
              <input
                type="checkbox"
                aria-label={t("historySelectPage")}
                title={t("historySelectPage")}
                checked={allSelected}
                disabled={retryable.length === 0}
                onChange={() => onSelect(retryable, !allSelected)}
              />
            </th>
            <th scope="col">{t("historyColTime")}</th>
            <th scope="col">{t("historyColContacts")}</th>
            <th scope="col">{t("historyColSent")}</th>
            <th scope="col">{t("historyColStatus")}</th>
            <th scope="col">{t("historyColMatched")}</th>
            <th scope="col">{t("historyColError")}</th>
            <th scope="col">
              <span class="visually-hidden">{t("historyColActions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <HistoryRowView
              key={row.id}
              row={row}
              selected={selected.has(row.id)}
              onSelect={onSelect}
              onRetry={onRetry}
              busy={busy}
              labels={labels}
              wait={wait}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  row: HistoryRow;
  selected: boolean;
  onSelect: (ids: readonly number[], selected: boolean) => void;
  onRetry: (id: number) => void;
  busy: boolean;
  labels: ReadonlyMap<string, string>;
  wait: WaitReason | null;
}

function HistoryRowView({ row, selected, onSelect, onRetry, busy, labels, wait }: RowProps) {
  const retryable = isRetryable(row);
  const found = foundText(row);
  const matchedBy = matchedTypeText(row.matchedType);
  // A retry waiting out its backoff says when it goes (a hold or pause of the whole queue says it instead).
  const nextTry = row.state === "queued" && !wait && row.attempts > 0 ? upcoming(row.notBefore) : null;
  return (
    <tr class={`history__row history__row--${row.state}`}>
      <td class="history__select">
        {retryable && (
          <input
            type="checkbox"
            aria-label={t("historySelectRow", row.label)}
            checked={selected}
            onChange={() => onSelect([row.id], !selected)}
          />
        )}
      </td>
      <th scope="row" class="history__time">
        <time dateTime={new Date(row.createdAt).toISOString()}>{formatDateTime(row.createdAt)}</time>
        <span class="history__detail">
          {t("historyVia", [sourceText(row.source), methodText(row.method)])}
        </span>
      </th>
      <td class="history__contacts">
        <Prose text={row.label} />
      </td>
      <td class="history__sent">
        <Prose text={sentText(row, labels)} />
      </td>
      <td>
        <span class={`state state--${row.state}`}>{stateText(row.state)}</span>
        {row.state === "queued" && wait && (
          <span class="history__detail history__wait">{rowWaitText(wait)}</span>
        )}
        {nextTry !== null && <span class="history__detail">{t("historyNextTry", formatClock(nextTry))}</span>}
        {row.attempts > 1 && (
          <span class="history__detail">{t("historyAttempts", String(row.attempts))}</span>
        )}
      </td>
      <td>
        {found}
        {matchedBy && <span class="history__detail">{t("historyMatchedBy", matchedBy)}</span>}
      </td>
      <td class="history__error">
        {row.state === "uncertain" && <p class="history__hint">{t("historyUncertainHint")}</p>}
        {row.error && <ErrorDetails error={explainError(errorOf(row), { labels })} />}
      </td>
      <td>
        {retryable && (
          <button
            type="button"
            class="button button--secondary button--small"
            aria-label={t(row.state === "uncertain" ? "historySendAgainRow" : "historyRetryRow", row.label)}
            disabled={busy}
            onClick={() => onRetry(row.id)}
          >
            {t(row.state === "uncertain" ? "historySendAgain" : "historyRetry")}
          </button>
        )}
      </td>
    </tr>
  );
}

const upcoming = (time: number | null): number | null => (time !== null && time > Date.now() ? time : null);
