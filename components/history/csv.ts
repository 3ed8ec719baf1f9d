/** The history as CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic), built a page at a time. */
import { t } from "../../utils/i18n";
import type { HistoryList, HistoryRow } from "../../utils/messaging";
import { matchedTypeText, methodText, stateText } from "./labels";

const BOM = "\uFEFF";

/** A phone-like start (`+7 (915) 777-11-22`, `-5`) is data; any other `+`/`-` start could be a formula. */
const NUMBER_START = /^[+-][\d\s().-]*(?:[,;]|$)/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a spreadsheet
 * would run as a formula (`=…`, `@…`, `+A1`) gets a leading apostrophe, so a value typed into a CRM page
 * cannot run in the user's Excel.
 */
export function csvField(value: string): string {
  const safe =
    /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !NUMBER_START.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, CRLF-terminated as Excel expects. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

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
  { signal, onProgress }: CsvExportOptions = {},
): Promise<{ blob: Blob; rows: number } | null> {
  const parts: Blob[] = [new Blob([BOM, csvLine(csvHeader())])];
  let rows = 0;
  let before: number | undefined;
  do {
    if (signal?.aborted) return null;
    const page = await fetchPage(before);
    if (signal?.aborted) return null;
    if (page.items.length > 0) {
      parts.push(new Blob([page.items.map((row) => csvLine(csvRow(row))).join("")]));
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
