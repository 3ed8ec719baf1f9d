/**
 * The rows of an import checked as the bulk page sends them: the strict row check (utils/bulk/rows.ts), except
 * that a phone or email that cannot be read does not stop a row that has another contact to be found by.
 * Such a row is sent by the contacts that can be read, with a warning. Pure and deterministic: a restarted
 * import plans the same messages again.
 */
import type { CsvRow, ParsedCsv } from "../csv/parse";
import { checkRow, type ImportSettings, type RowCheck, type RowIssue } from "./rows";
import { readEmails, readPhones } from "./values";

/** A contact that could not be read in a row that was sent by its other contacts. */
export type ContactWarning = { code: "phone" | "email"; column: number; value: string } & RowIssue;

/** A row check with the contacts left out of a row that is sent anyway. */
export type ImportRowCheck = RowCheck & { warnings?: ContactWarning[] };

/** Checks one row; see the module comment. */
export function checkImportRow(row: CsvRow, settings: ImportSettings): ImportRowCheck {
  const strict = checkRow(row, settings);
  if (strict.ok) return strict;
  const warnings: ContactWarning[] = [];
  const cells = row.cells.map((cell, column) => {
    const role = settings.roles[column];
    if (role !== "phone" && role !== "email") return cell;
    const read = role === "phone" ? readPhones(cell, settings.region) : readEmails(cell);
    if (read.invalid.length === 0) return cell;
    for (const value of read.invalid) warnings.push({ code: role, column, value });
    // Phones as E.164 with a plus read back the same whatever the region.
    return read.values.map((value) => (role === "phone" ? `+${value}` : value)).join(";");
  });
  if (warnings.length === 0) return strict;
  const lenient = checkRow({ ...row, cells }, settings);
  // A row that still cannot be sent is explained by the strict check: every problem, the contacts too.
  return lenient.ok ? { ...lenient, warnings } : strict;
}

/** Every row of the file checked, in order. */
export function checkImportRows(parsed: ParsedCsv, settings: ImportSettings): ImportRowCheck[] {
  return parsed.rows.map((row) => checkImportRow(row, settings));
}

/** Rows sent with a warning, by kind, with the first few row numbers. */
export function summarizeWarnings(parsed: ParsedCsv, checks: readonly ImportRowCheck[], sample = 5) {
  const byCode = new Map<ContactWarning["code"], { rows: number; lines: number[] }>();
  for (const check of checks) {
    if (!check.ok || !check.warnings) continue;
    const line = parsed.rows[check.plan.index]?.line ?? 0;
    for (const code of new Set(check.warnings.map((w) => w.code))) {
      const entry = byCode.get(code) ?? { rows: 0, lines: [] };
      entry.rows++;
      if (entry.lines.length < sample) entry.lines.push(line);
      byCode.set(code, entry);
    }
  }
  return [...byCode].map(([code, entry]) => ({ code, ...entry }));
}
