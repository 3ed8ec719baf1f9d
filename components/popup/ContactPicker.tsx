import { useState } from "preact/hooks";
import { contactKey, contactText, type PopupContact, parseManualContact } from "../../utils/contacts";
import { t } from "../../utils/i18n";
import { CheckField } from "../CheckField";
import { TextField } from "../TextField";
import { manualErrorText } from "./wording";

interface ContactPickerProps {
  /** The id of the section heading that names the lead's contacts. */
  labelledBy: string;
  contacts: PopupContact[];
  selected: ReadonlySet<string>;
  /** The region of numbers typed without a country code. */
  region: string;
  /** An error about the selection (none selected), shown under the lists. */
  error?: string;
  onToggle: (key: string, checked: boolean) => void;
  /** Adds a hand-typed contact (or selects it when it is listed already). */
  onAdd: (contact: PopupContact) => void;
  /** "This is my number": the contact is the company's own; null when the list cannot be changed. */
  onMine?: (contact: PopupContact) => void;
  /** What became of the last "This is my number", said in the live region. */
  mineNotice?: string;
}

/**
 * The lead's contacts to match by: the card's (pre-selected) and typed ones first; the rest of the page
 * behind "+N more" when there is a card (shown at once when one of them is selected); then a typed contact.
 */
export function ContactPicker({
  labelledBy,
  contacts,
  selected,
  region,
  error,
  onToggle,
  onAdd,
  onMine,
  mineNotice,
}: ContactPickerProps) {
  const [manual, setManual] = useState("");
  const [manualError, setManualError] = useState("");
  const [notice, setNotice] = useState("");
  const [showOthers, setShowOthers] = useState(false);

  const lead = contacts.filter((c) => c.inCard || c.manual);
  const others = contacts.filter((c) => !c.inCard && !c.manual);
  const othersShown =
    lead.length === 0 || showOthers || others.some((contact) => selected.has(contactKey(contact)));

  const add = () => {
    const parsed = parseManualContact(manual, region);
    if (!parsed.ok) {
      setManualError(manualErrorText(parsed.error));
      return;
    }
    const key = contactKey(parsed.contact);
    const listed = contacts.some((c) => contactKey(c) === key);
    onAdd(parsed.contact);
    setManual("");
    setManualError("");
    setNotice(t(listed ? "popupManualListed" : "popupManualAdded", contactText(parsed.contact)));
  };

  const list = (items: PopupContact[], labelledBy: string) => (
    <ul class="contacts" aria-labelledby={labelledBy}>
      {items.map((contact) => {
        const key = contactKey(contact);
        return (
          <li key={key}>
            <CheckField
              label={
                <span class={contact.kind === "phone" ? "contact contact--phone" : "contact"}>
                  {contactText(contact)}
                </span>
              }
              checked={selected.has(key)}
              onChange={(checked) => onToggle(key, checked)}
            />
            {contact.manual && <span class="contact__note">{t("popupContactTyped")}</span>}
            {!contact.manual && onMine && (
              <button
                type="button"
                class="button button--link contact__mine"
                aria-label={`${t(contact.kind === "phone" ? "popupContactMine" : "popupContactMineEmail")}: ${contactText(contact)}`}
                onClick={() => onMine(contact)}
              >
                {t(contact.kind === "phone" ? "popupContactMine" : "popupContactMineEmail")}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div class="contact-picker">
      {lead.length > 0 && list(lead, labelledBy)}
      {others.length > 0 && lead.length > 0 && (
        <button
          type="button"
          class="button button--link"
          aria-expanded={othersShown}
          aria-controls="contacts-others-block"
          hidden={othersShown && !showOthers}
          onClick={() => setShowOthers(!showOthers)}
        >
          {showOthers ? t("popupContactsFewer") : t("popupContactsMore", others.length.toLocaleString())}
        </button>
      )}
      {others.length > 0 && othersShown && (
        <div id="contacts-others-block">
          <h3 id="contacts-others">
            {t(lead.length > 0 ? "popupContactsElsewhere" : "popupContactsOnPage")}
          </h3>
          {list(others, "contacts-others")}
        </div>
      )}
      {error && (
        <p id="contacts-error" class="field__error">
          {error}
        </p>
      )}
      <TextField
        id="manual-contact"
        label={t("popupManualLabel")}
        help={t("popupManualHelp")}
        error={manualError}
        after={
          <button type="button" class="button button--secondary" onClick={add}>
            {t("popupManualAdd")}
          </button>
        }
        value={manual}
        onValue={(value) => {
          setManual(value);
          setManualError("");
        }}
        onKeyDown={(event) => {
          // Enter adds the contact here rather than sending the whole form.
          if (event.key === "Enter") {
            event.preventDefault();
            add();
          }
        }}
      />
      <p role="status" class="notice">
        {notice}
      </p>
      {onMine && (
        <p role="status" class="notice">
          {mineNotice}
        </p>
      )}
    </div>
  );
}
