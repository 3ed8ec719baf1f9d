import { useId, useState } from "preact/hooks";
import { t } from "../../utils/i18n";
import { errorSummary, splitLongTokens } from "./error-text";

/** Text whose long tokens (URLs, IDs, JSON runs) may break mid-word; the words around them never do. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {splitLongTokens(text).map((part, index) =>
        part.long ? (
          <span key={index} class="long-token">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** A row's error: a short sentence, and the raw text behind "Details" when the sentence is not all of it. */
export function RowError({ raw }: { raw: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const summary = errorSummary(raw);
  const more = summary !== raw.trim();
  return (
    <div class="row-error">
      <p class="row-error__summary">
        <Prose text={summary} />
      </p>
      {more && (
        <>
          <button
            type="button"
            class="row-error__toggle"
            aria-expanded={open}
            aria-controls={id}
            onClick={() => setOpen(!open)}
          >
            {t("historyErrorDetails")}
          </button>
          <pre id={id} class="row-error__raw" hidden={!open}>
            {raw}
          </pre>
        </>
      )}
    </div>
  );
}
