/**
 * The popup's matching block: how the lead is found in one line (the rules in priority order, or the
 * default), Edit (which opens the shared editor) and Reset.
 */
import { t } from "../../utils/i18n";
import type { LeadContacts } from "../../utils/matching";
import { MatchingRowEditor, type RowErrorTexts } from "../MatchingRowEditor";
import type { RowDraft } from "../matching-rows";
import { describeRow, isDefaultRows, type RowChange } from "./popup-form";

interface MatchingSectionProps {
  /** The edited rows; null: the default matching, built from the selection. */
  rows: RowDraft[] | null;
  editorOpen: boolean;
  /** The selected contacts: what rows that follow the selection match by. */
  lead: LeadContacts;
  rowErrors: RowErrorTexts;
  listError?: string;
  onToggleEditor: () => void;
  onReset: () => void;
  onChange: (rows: RowDraft[], changed?: RowChange) => void;
}

/** How Calltouch finds the lead. */
export function MatchingSection(props: MatchingSectionProps) {
  const { rows, editorOpen, lead, rowErrors, listError, onToggleEditor, onReset, onChange } = props;
  const showDefault = rows === null || isDefaultRows(rows);
  return (
    <section class="block matching" aria-labelledby="matching-heading">
      <div class="matching__line">
        <h2 id="matching-heading">{t("popupMatchingHeading")}</h2>
        {showDefault ? (
          <p class="summary" title={t("popupMatchingDefault")}>
            {t("popupMatchingDefaultShort")}
          </p>
        ) : (
          <ol
            class="summary summary--rules"
            aria-label={t("popupMatchingSummaryLabel")}
            title={(rows ?? []).map(describeRow).join(" → ")}
          >
            {(rows ?? []).map((row) => (
              <li key={row.key}>{describeRow(row)}</li>
            ))}
          </ol>
        )}
        <div class="matching__actions">
          <button
            type="button"
            class="button button--link"
            aria-expanded={editorOpen}
            aria-controls="matching-editor"
            onClick={onToggleEditor}
          >
            {t("popupMatchingEdit")}
          </button>
          {rows !== null && !isDefaultRows(rows) && (
            <button type="button" class="button button--link" onClick={onReset}>
              {t("popupMatchingReset")}
            </button>
          )}
        </div>
      </div>
      {!editorOpen && listError && <p class="field__error">{listError}</p>}
      <div id="matching-editor" hidden={!editorOpen}>
        {editorOpen && rows && (
          <MatchingRowEditor
            rows={rows}
            selected={lead}
            errors={rowErrors}
            listError={listError}
            onChange={onChange}
          />
        )}
      </div>
    </section>
  );
}
