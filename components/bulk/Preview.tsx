import { useState } from "preact/hooks";
import type { ColumnRole } from "../../utils/csv/mapping";
import type { ParsedCsv } from "../../utils/csv/parse";
import type { IssueSummary, RowCheck } from "../../utils/csv/rows";
import { t } from "../../utils/i18n";
import { columnName, issuesText, issueTitle } from "./wording";

/** Rows the preview shows. */
export const PREVIEW_ROWS = 50;

interface PreviewProps {
  parsed: ParsedCsv;
  roles: readonly ColumnRole[];
  checks: readonly RowCheck[];
  summary: IssueSummary;
}

/** The counts of rows that can and cannot be sent, why, and the first rows (or invalid rows) with their check. */
export function Preview({ parsed, roles, checks, summary }: PreviewProps) {
  const [invalidOnly, setInvalidOnly] = useState(false);
  const used = roles.flatMap((role, column) => (role === "ignore" ? [] : [column]));
  const onlyInvalid = invalidOnly && summary.invalid > 0;
  const shown = onlyInvalid
    ? parsed.rows.filter((row) => checks[row.index]?.ok === false).slice(0, PREVIEW_ROWS)
    : parsed.rows.slice(0, PREVIEW_ROWS);
  return (
    <>
      <p class="preview__counts">
        {summary.invalid === 0
          ? t("bulkPreviewAllValid", String(summary.valid))
          : t("bulkPreviewCounts", [String(summary.valid), String(summary.invalid)])}
      </p>
      {summary.byCode.length > 0 && (
        <ul class="preview__issues" aria-label={t("bulkPreviewIssuesLabel")}>
          {summary.byCode.map((entry) => (
            <li key={entry.code}>
              {t("bulkPreviewIssue", [
                issueTitle(entry.code),
                String(entry.rows),
                entry.lines.join(", ") + (entry.rows > entry.lines.length ? "…" : ""),
              ])}
            </li>
          ))}
        </ul>
      )}
      {summary.invalid > 0 && (
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
              const check = checks[row.index];
              return (
                <tr key={row.index} class={check?.ok ? undefined : "preview__row--invalid"}>
                  <th scope="row">{row.line}</th>
                  {used.map((column) => (
                    <td key={column}>{row.cells[column]}</td>
                  ))}
                  <td>
                    {check?.ok ? t("bulkRowReady") : check ? issuesText(check.issues, parsed.headers) : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
