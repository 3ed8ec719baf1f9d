/** The history as CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic), built a page at a time. */
import type { CsvDelimiter } from "../../utils/csv/parse";
import { CSV_BOM, csvLines } from "../../utils/csv/write";
import { t } from "../../utils/i18n";
import type { HistoryList, HistoryRow } from "../../utils/messaging";
import { matchedTypeText, methodText, stateText } from "./labels";

/** The header line's fields, in the UI language. */
export function csvHeader(): string[] {
  return [
    t("historyCsvTime"),
    t("historyColContacts"),
    t("historyCsvMethod"),
    t("historyColSent"),
    t("historyColStatus"),
    t("historyCsvMatchedType"),
    t("historyCsvCallId"),
    t("historyCsvRequestId"),
    t("historyColError"),
  ];
}

/** One row's fields, worded as the table shows them; the time in ISO 8601 (UTC). */
export function csvRow(row: HistoryRow): string[] {
  return [
    new Date(row.createdAt).toISOString(),
    row.label,
    methodText(row.method),
    row.sent,
    stateText(row.state),
    matchedTypeText(row.matchedType),
    row.callId ?? "",
    row.requestId ?? "",
    row.error ?? "",
  ];
}

export interface CsvExportOptions {
  /** The user's separator (see `exportDelimiter`); default `,`. */
  delimiter?: CsvDelimiter;
  /** Aborting stops the export before the next page; the result is then null. */
  signal?: AbortSignal;
  /** Called after each page with the rows written so far. */
  onProgress?: (rows: number) => void;
}

/**
 * Reads the history page after page through `fetchPage` (given the cursor, undefined for the first page)
 * and builds the CSV file from one Blob per page, so no single string holds the whole history.
 */
export async function buildHistoryCsv(
  fetchPage: (before: number | undefined) => Promise<HistoryList>,
  { signal, onProgress, delimiter = "," }: CsvExportOptions = {},
): Promise<{ blob: Blob; rows: number } | null> {
  const parts: Blob[] = [new Blob([CSV_BOM, csvLines([csvHeader()], delimiter)])];
  let rows = 0;
  let before: number | undefined;
  do {
    if (signal?.aborted) return null;
    const page = await fetchPage(before);
    if (signal?.aborted) return null;
    if (page.items.length > 0) {
      parts.push(new Blob([csvLines(page.items.map(csvRow), delimiter)]));
      rows += page.items.length;
      onProgress?.(rows);
    }
    before = page.next;
  } while (before !== undefined);
  return { blob: new Blob(parts, { type: "text/csv;charset=utf-8" }), rows };
}

/** The file name of an export made at `now`: `calltouch-history-2025-03-12.csv`. */
export function csvFileName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, "0");
  return `calltouch-history-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}.csv`;
}
