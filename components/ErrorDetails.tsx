/** An error as every page shows it: the sentence, a button to where it is fixed, the raw text behind "Details". */
import { useId, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { t } from "../utils/i18n";
import type { ErrorFix, ExplainedError } from "../utils/op-error-text";

/** The options page at its field catalogue (components/options/CatalogueEditor.tsx heads it with this id). */
export const CATALOGUE_URL = "/options.html#catalogue-heading";

const openCatalogue = () => void browser.tabs.create({ url: browser.runtime.getURL(CATALOGUE_URL) });
const openSettings = () => void browser.runtime.openOptionsPage();

interface ErrorDetailsProps {
  error: ExplainedError;
  /** Shows the input the error is about (the popup); without it, no "Show the field" button. */
  onShowInput?: () => void;
  /** Words before the sentence ("The tags were not added."), in the same paragraph. */
  lead?: string;
}

/** The sentence, what fixes it, and the raw text for whoever needs it (support, the admin). */
export function ErrorDetails({ error, onShowInput, lead }: ErrorDetailsProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const fixes: Record<ErrorFix, [string, (() => void) | undefined]> = {
    catalogue: [t("errorFixCatalogue"), openCatalogue],
    settings: [t("errorFixSettings"), openSettings],
    input: [t("errorFixInput"), onShowInput],
  };
  const [fixLabel, onFix] = error.fix ? fixes[error.fix] : [null, undefined];
  return (
    <div class="error-details">
      <p class="error-details__text">{lead ? `${lead} ${error.text}` : error.text}</p>
      {(onFix || error.details) && (
        <p class="error-details__actions">
          {onFix && (
            <button type="button" class="error-details__link" onClick={onFix}>
              {fixLabel}
            </button>
          )}
          {error.details && (
            <button
              type="button"
              class="error-details__link"
              aria-expanded={open}
              aria-controls={id}
              onClick={() => setOpen(!open)}
            >
              {t("errorDetails")}
            </button>
          )}
        </p>
      )}
      {error.details && (
        <pre id={id} class="error-details__raw" hidden={!open}>
          {error.details}
        </pre>
      )}
    </div>
  );
}
