/** The first run's question: which of the page's numbers are the company's own (asked once, dismissible). */
import { useState } from "preact/hooks";
import { contactKey, contactText, type PopupContact } from "../../utils/contacts";
import { t } from "../../utils/i18n";
import { CheckField } from "../CheckField";

interface FirstRunQuestionProps {
  /** The page's phones. */
  phones: readonly PopupContact[];
  /** Saves the ticked numbers to "my numbers" (none ticked: nothing to save). */
  onSave: (phones: PopupContact[]) => void;
  onDismiss: () => void;
}

/** Asks before the company's own line is taken for a lead's: tick your numbers, or say none is. */
export function FirstRunQuestion({ phones, onSave, onDismiss }: FirstRunQuestionProps) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  return (
    <section class="block first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">{t("popupFirstRunHeading")}</h2>
      <p class="hint">{t("popupFirstRunHelp")}</p>
      <ul class="contacts" aria-labelledby="first-run-heading">
        {phones.map((phone) => {
          const key = contactKey(phone);
          return (
            <li key={key}>
              <CheckField
                label={<span class="contact contact--phone">{contactText(phone)}</span>}
                checked={ticked.has(key)}
                onChange={(checked) => {
                  const next = new Set(ticked);
                  if (checked) next.add(key);
                  else next.delete(key);
                  setTicked(next);
                }}
              />
            </li>
          );
        })}
      </ul>
      <div class="block__actions">
        <button
          type="button"
          class="button"
          disabled={ticked.size === 0}
          onClick={() => onSave(phones.filter((phone) => ticked.has(contactKey(phone))))}
        >
          {t("popupFirstRunSave")}
        </button>
        <button type="button" class="button button--secondary" onClick={onDismiss}>
          {t("popupFirstRunDismiss")}
        </button>
      </div>
    </section>
  );
}
