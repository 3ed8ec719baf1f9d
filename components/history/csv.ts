/** The history as CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic), built a page at a time. */
import type { CsvDelimiter } from "../../utils/csv/parse";
import { CSV_BOM, csvLines } from "../../utils/csv/write";
import { t } from "../../utils/i18n";
import type { HistoryList, HistoryRow } from "../../utils/messaging";
import { sentText } from "./field-labels";
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

/**
 * A local time as `2025-03-12 14:05:33`: what the user saw in the table, in a form every spreadsheet reads
 * as a date whatever its language (a UTC ISO time is off by the time zone and stays text in Excel).
 */
export function localTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** One row's fields, worded as the table shows them (fields by their labels); the time local. */
export function csvRow(row: HistoryRow, labels: ReadonlyMap<string, string> = new Map()): string[] {
  return [
    localTime(row.createdAt),
    row.label,
    methodText(row.method),
    sentText(row, labels),
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
  /** Custom-field API name → label (see `fieldLabels`); fields without one keep their API name. */
  labels?: ReadonlyMap<string, string>;
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
  { signal, onProgress, delimiter = ",", labels }: CsvExportOptions = {},
): Promise<{ blob: Blob; rows: number; unreadable: number } | null> {
  const parts: Blob[] = [new Blob([CSV_BOM, csvLines([csvHeader()], delimiter)])];
  let rows = 0;
  // Saved entries whose records could not be read: not in the file, so the user is told how many.
  let unreadable = 0;
  let before: number | undefined;
  do {
    if (signal?.aborted) return null;
    const page = await fetchPage(before);
    if (signal?.aborted) return null;
    unreadable += page.unreadable;
    if (page.items.length > 0) {
      parts.push(
        new Blob([
          csvLines(
            page.items.map((row) => csvRow(row, labels)),
            delimiter,
          ),
        ]),
      );
      rows += page.items.length;
      onProgress?.(rows);
    }
    before = page.next;
  } while (before !== undefined);
  return { blob: new Blob(parts, { type: "text/csv;charset=utf-8" }), rows, unreadable };
}

/** The file name of an export made at `now`: `calltouch-history-2025-03-12.csv`. */
export function csvFileName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, "0");
  return `calltouch-history-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}.csv`;
}
