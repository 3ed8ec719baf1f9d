/** Reads CSV text into a header and rows with papaparse, reporting broken rows instead of failing. Pure. */
import Papa from "papaparse";

/** The delimiters a CRM export uses; papaparse guesses among them. */
export const CSV_DELIMITERS = [",", ";", "\t"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Why a row cannot be read as the header says. */
export type RowDefect =
  | { kind: "fieldCount"; found: number; expected: number }
  /** A quoted field that is never closed, or a quote in the middle of a quoted field. */
  | { kind: "quotes" };

export interface CsvRow {
  /** 0-based position among the data rows: the row's key everywhere else. */
  index: number;
  /** 1-based record number in the file, the header being 1: the row number a spreadsheet shows. */
  line: number;
  /** One value per header column (missing ones blank; extra non-blank ones kept in `extra`). */
  cells: string[];
  /** Values beyond the header's columns, when there are non-blank ones. */
  extra: string[];
  defect?: RowDefect;
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** Header names, trimmed (a blank one stays blank: the page names it by its position). */
  headers: string[];
  rows: CsvRow[];
  /** Set when the text has no header row at all. */
  empty: boolean;
}

/**
 * Parses the text: the first non-blank record is the header; blank records (empty lines, `;;;`) are
 * skipped; a record with fewer fields than the header, or with extra non-blank ones, is kept and marked.
 */
export function parseCsv(text: string): ParsedCsv {
  const delimiter = guessDelimiter(text);
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, header: false });
  const quoteErrors = new Set(
    result.errors.filter((e) => e.type === "Quotes" && e.row !== undefined).map((e) => e.row as number),
  );
  const records = result.data;
  const headerAt = records.findIndex((record) => !isBlank(record));
  if (headerAt < 0) return { delimiter, headers: [], rows: [], empty: true };
  const headers = (records[headerAt] ?? []).map((name) => name.trim());
  const rows: CsvRow[] = [];
  for (let r = headerAt + 1; r < records.length; r++) {
    const record = records[r] ?? [];
    if (isBlank(record)) continue;
    const cells = record.slice(0, headers.length);
    const extra = record.slice(headers.length);
    const hasExtra = extra.some((value) => value.trim() !== "");
    let defect: RowDefect | undefined;
    if (quoteErrors.has(r)) defect = { kind: "quotes" };
    else if (record.length < headers.length || hasExtra)
      defect = { kind: "fieldCount", found: record.length, expected: headers.length };
    while (cells.length < headers.length) cells.push("");
    rows.push({
      index: rows.length,
      line: r + 1,
      cells,
      extra: hasExtra ? extra : [],
      ...(defect && { defect }),
    });
  }
  return { delimiter, headers, rows, empty: false };
}

/**
 * The delimiter of the file: each candidate splits the first records with papaparse, and the one whose
 * rows have the header's width most often wins (then the wider header). Papaparse's own guess wants a
 * candidate both steadier and wider than the others, so one cell full of commas (`vip, new, repeat`) in a
 * short semicolon file makes it pick the comma. Blank lines are left out: they look like one-field rows.
 */
export function guessDelimiter(text: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; fit: number; width: number } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const sample = Papa.parse<string[]>(text, { delimiter, preview: 50, skipEmptyLines: "greedy" }).data;
    const width = sample[0]?.length ?? 0;
    if (width < 2) continue;
    const rows = sample.slice(1);
    const fitting = rows.filter(
      (r) => r.length === width || (r.length > width && r.slice(width).every((v) => !v.trim())),
    ).length;
    const fit = rows.length ? fitting / rows.length : 1;
    if (!best || fit > best.fit || (fit === best.fit && width > best.width)) best = { delimiter, fit, width };
  }
  return best?.delimiter ?? ",";
}

function isBlank(record: readonly string[]): boolean {
  return record.every((value) => value.trim() === "");
}
