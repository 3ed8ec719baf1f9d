/** A popup rule's concrete values (a preset's rules have none: the menu fills them with the contacts). */
import { formatCalltouchDate } from "../utils/calltouch/schemas";
import { t } from "../utils/i18n";
import type { LeadContacts } from "../utils/matching";
import { CheckField } from "./CheckField";
import { RULE_LABELS } from "./matching-labels";
import { type RowDraft, type RowInput, type RowInputErrors, TYPE_INPUTS } from "./matching-rows";
import { TextField } from "./TextField";

interface ConcreteRuleInputsProps {
  row: RowDraft;
  /** The contacts selected in the popup: a rule that follows them shows them. */
  selected: LeadContacts;
  errors: RowInputErrors;
  onUpdate: (patch: Partial<RowDraft>, input: RowInput) => void;
  /** The id of one of the row's inputs. */
  id: (name: string) => string;
}

/** The popup's own values of a rule: the call or request ID, or the contacts, how to send them, a date. */
export function ConcreteRuleInputs({ row, selected, errors, onUpdate, id }: ConcreteRuleInputsProps) {
  const inputs = TYPE_INPUTS[row.type];
  const phonesText = row.follow ? selected.phones.join(", ") : row.phones;
  const emailsText = row.follow ? selected.emails.join(", ") : row.emails;
  // Typing in phones or emails stops following the selection: both keep what they showed.
  const editContacts = (patch: Partial<RowDraft>, input: RowInput) =>
    onUpdate({ follow: false, phones: phonesText, emails: emailsText, ...patch }, input);

  return (
    <>
      {inputs.id && (
        <TextField
          id={id("id")}
          label={t(inputs.id === "callId" ? RULE_LABELS.callId : RULE_LABELS.requestId)}
          error={errors.id}
          inputMode="numeric"
          value={row.id}
          onValue={(value) => onUpdate({ id: value }, "id")}
        />
      )}

      {inputs.contacts && (
        <>
          <TextField
            id={id("phones")}
            label={t(RULE_LABELS.phones)}
            error={errors.phones}
            help={row.follow ? t("popupContactsFollowHelp") : t("popupListHelp")}
            inputMode="tel"
            value={phonesText}
            onValue={(phones) => editContacts({ phones }, "phones")}
          />
          {inputs.emails && (
            <TextField
              id={id("emails")}
              label={t(RULE_LABELS.emails)}
              error={errors.emails}
              inputMode="email"
              value={emailsText}
              onValue={(emails) => editContacts({ emails }, "emails")}
            />
          )}
          {!row.follow && (
            <button
              type="button"
              class="button button--link"
              onClick={() => onUpdate({ follow: true }, "phones")}
            >
              {t("popupUseSelected")}
            </button>
          )}
          {inputs.md5 && (
            <CheckField
              label={t(RULE_LABELS.md5)}
              checked={row.md5}
              onChange={(md5) => onUpdate({ md5 }, "phones")}
            />
          )}
          {inputs.searchInText && (
            <CheckField
              label={t(RULE_LABELS.searchInText)}
              checked={row.searchInText}
              onChange={(searchInText) => onUpdate({ searchInText }, "searchInText")}
            />
          )}
          <TextField
            id={id("date")}
            label={t(RULE_LABELS.date)}
            error={errors.date}
            help={t("popupDateHelp")}
            after={
              <button
                type="button"
                class="button button--icon"
                onClick={() => onUpdate({ date: formatCalltouchDate(new Date()) }, "date")}
              >
                {t("popupDateNow")}
              </button>
            }
            placeholder={t("popupDatePlaceholder")}
            value={row.date}
            onValue={(date) => onUpdate({ date }, "date")}
          />
        </>
      )}
    </>
  );
}
