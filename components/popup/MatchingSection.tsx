/** The popup's matching block: the rules in one line each (or "the default"), Edit and Reset, and the editor. */
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
    <section class="block" aria-labelledby="matching-heading">
      <h2 id="matching-heading">{t("popupMatchingHeading")}</h2>
      {!editorOpen &&
        (showDefault ? (
          <p class="summary">{t("popupMatchingDefault")}</p>
        ) : (
          <ol class="summary summary--rules" aria-label={t("popupMatchingSummaryLabel")}>
            {(rows ?? []).map((row) => (
              <li key={row.key}>{describeRow(row)}</li>
            ))}
          </ol>
        ))}
      {!editorOpen && listError && <p class="field__error">{listError}</p>}
      <div class="block__actions">
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
