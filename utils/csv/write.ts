/**
 * The one CSV writer of the extension's exports (the history, the bulk result). Every cell may hold what
 * a web form or a server put there, so no cell can start a formula in a spreadsheet, wherever the
 * spreadsheet starts a cell: at the cell's start, and after a `;` or `,` in case a program splits the
 * line without honouring quotes (a Russian Excel splits on `;`).
 */
import Papa from "papaparse";
import type { CsvDelimiter } from "./parse";

/** The delimiter choices of the privacy settings. */
export type CsvDelimiterChoice = "auto" | ";" | ",";

/** Characters that start a formula (with their full-width forms, which some spreadsheets read alike). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A piece that is a signed number or a phone (`+7 (915) 777-11-22`, `-5`): data that cannot call anything. */
const NUMBER_PIECE = /^[+-][\d\s().-]*$/;
/** Where a program that ignores quotes would start a new cell. */
const SEPARATOR = /([;,\n])/;

/** `value` with an apostrophe before every piece that would run as a formula; other text untouched. */
export function neutraliseFormulae(value: string): string {
  const parts = value.split(SEPARATOR);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i] ?? "";
    const lead = part.length - part.trimStart().length;
    const piece = part.slice(lead);
    // Whitespace other than a tab before the piece: spreadsheets still read `  =1+1` after a split.
    if (FORMULA_START.test(piece) && !NUMBER_PIECE.test(piece.trimEnd())) {
      parts[i] = `${part.slice(0, lead)}'${piece}`;
    }
  }
  return parts.join("");
}

/** The delimiter of an export: the user's choice, or by the UI language (`;` for Russian Excel, else `,`). */
export function exportDelimiter(choice: CsvDelimiterChoice, language: string): CsvDelimiter {
  if (choice !== "auto") return choice;
  return /^ru\b/i.test(language) ? ";" : ",";
}

/**
 * CSV lines (RFC 4180, CRLF after each, the last one too) of `rows`: every cell neutralised, and quoted
 * when it holds either separator, a quote or a line break, whichever delimiter is used.
 */
export function csvLines(rows: readonly (readonly string[])[], delimiter: CsvDelimiter): string {
  if (rows.length === 0) return "";
  const safe = rows.map((row) => row.map(neutraliseFormulae));
  const text = Papa.unparse(safe, {
    delimiter,
    newline: "\r\n",
    quotes: (value: unknown) => typeof value === "string" && /[;,"\r\n]/.test(value),
    escapeFormulae: false,
  });
  return `${text}\r\n`;
}

/** The UTF-8 byte-order mark: Excel reads the file as UTF-8 (Cyrillic) only with it. */
export const CSV_BOM = "\uFEFF";
