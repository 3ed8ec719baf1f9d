import { useState } from "preact/hooks";
import type { ColumnRole } from "../../utils/bulk/mapping";
import { type ImportRowCheck, summarizeWarnings } from "../../utils/bulk/row-checks";
import type { IssueSummary } from "../../utils/bulk/rows";
import type { ParsedCsv } from "../../utils/csv/parse";
import { plural, t } from "../../utils/i18n";
import { columnName, issuesText, issueTitle, warningTitle } from "./wording";

/** Rows the preview shows. */
export const PREVIEW_ROWS = 50;

interface PreviewProps {
  parsed: ParsedCsv;
  roles: readonly ColumnRole[];
  /** Null while the mapping cannot be used: the rows are shown unchecked, none as an error. */
  checks: readonly ImportRowCheck[] | null;
  summary: IssueSummary | null;
}

/** The counts of rows that can and cannot be sent, why, and the first rows (or invalid rows) with their check. */
export function Preview({ parsed, roles, checks, summary }: PreviewProps) {
  const [invalidOnly, setInvalidOnly] = useState(false);
  const used = roles.flatMap((role, column) => (role === "ignore" ? [] : [column]));
  const onlyInvalid = invalidOnly && summary !== null && summary.invalid > 0;
  const shown = onlyInvalid
    ? parsed.rows.filter((row) => checks?.[row.index]?.ok === false).slice(0, PREVIEW_ROWS)
    : parsed.rows.slice(0, PREVIEW_ROWS);
  const warnings = checks ? summarizeWarnings(parsed, checks) : [];
  const lines = (entry: { rows: number; lines: number[] }) =>
    entry.lines.join(", ") + (entry.rows > entry.lines.length ? "…" : "");
  return (
    <>
      <p class="preview__counts" id="bulk-preview-counts">
        {!summary
          ? t("bulkMapFirst")
          : summary.invalid === 0
            ? plural("bulkPreviewAllValid", summary.valid)
            : plural("bulkPreviewCounts", summary.valid, [String(summary.invalid)])}
      </p>
      {summary && summary.byCode.length > 0 && (
        <ul class="preview__issues" aria-label={t("bulkPreviewIssuesLabel")}>
          {summary.byCode.map((entry) => (
            <li key={entry.code}>
              {t("bulkPreviewIssue", [issueTitle(entry.code), String(entry.rows), lines(entry)])}
            </li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul class="preview__warnings" aria-label={t("bulkPreviewWarningsLabel")}>
          {warnings.map((entry) => (
            <li key={entry.code}>
              {t("bulkPreviewIssue", [warningTitle(entry.code), String(entry.rows), lines(entry)])}
            </li>
          ))}
        </ul>
      )}
      {summary && summary.invalid > 0 && (
        <div class="field field--check">
          <input
            id="preview-invalid-only"
            type="checkbox"
            checked={invalidOnly}
            onChange={(event) => setInvalidOnly(event.currentTarget.checked)}
          />
          <label for="preview-invalid-only">{t("bulkPreviewInvalidOnly")}</label>
        </div>
      )}
      <div class="table-scroll">
        <table class="table preview">
          <caption>
            {t(onlyInvalid ? "bulkPreviewFirstInvalidRows" : "bulkPreviewFirstRows", String(shown.length))}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("bulkPreviewRow")}</th>
              {used.map((column) => (
                <th scope="col" key={column}>
                  {columnName(parsed.headers, column)}
                </th>
              ))}
              <th scope="col">{t("bulkPreviewCheck")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const check = checks?.[row.index];
              return (
                <tr key={row.index} class={check?.ok === false ? "preview__row--invalid" : undefined}>
                  <th scope="row">{row.line}</th>
                  {used.map((column) => (
                    <td key={column}>{row.cells[column]}</td>
                  ))}
                  <td>{checkText(check, parsed.headers)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function checkText(check: ImportRowCheck | undefined, headers: readonly string[]): string {
  if (!check) return t("bulkRowUnchecked");
  if (!check.ok) return issuesText(check.issues, headers);
  return check.warnings?.length
    ? t("bulkRowReadyWarning", issuesText(check.warnings, headers))
    : t("bulkRowReady");
}
