import { browser } from "wxt/browser";
import type { FieldValues } from "../../utils/custom-fields";
import { t } from "../../utils/i18n";
import type { Catalogue, CatalogueField } from "../../utils/storage";
import { SwitchWithHelp } from "../CheckField";
import { Field } from "../Field";

interface FieldEditorProps {
  catalogue: Catalogue;
  values: FieldValues;
  /** Worded errors by field API name. */
  errors: Record<string, string>;
  /** An error about the fields as a whole (none filled, too many, or the server's). */
  listError?: string;
  overwrite: boolean;
  overwriteError?: string;
  onValue: (apiName: string, value: string) => void;
  onOverwrite: (overwrite: boolean) => void;
}

/** One input per catalogue field, of the field's type, and the overwrite switch. */
export function FieldEditor(props: FieldEditorProps) {
  const { catalogue, values, errors, onValue } = props;
  if (catalogue.length === 0) {
    return (
      <div class="empty">
        <p>{t("popupCatalogueEmpty")}</p>
        <button type="button" class="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t("popupOpenSettings")}
        </button>
      </div>
    );
  }
  return (
    <>
      <p class="hint">{t("popupFieldsIntro")}</p>
      {catalogue.map((field) => (
        <FieldInput
          key={field.id}
          field={field}
          value={values[field.apiName] ?? ""}
          error={errors[field.apiName]}
          onValue={(value) => onValue(field.apiName, value)}
        />
      ))}
      {props.listError && (
        <p id="fields-error" class="field__error">
          {props.listError}
        </p>
      )}
      <SwitchWithHelp
        id="overwrite"
        label={t("popupOverwrite")}
        help={t("popupOverwriteHelp")}
        error={props.overwriteError}
        checked={props.overwrite}
        onChange={props.onOverwrite}
      />
    </>
  );
}

interface FieldInputProps {
  field: CatalogueField;
  value: string;
  error?: string;
  onValue: (value: string) => void;
}

function FieldInput({ field, value, error, onValue }: FieldInputProps) {
  const id = `field-${field.id}`;
  const label = field.label || field.apiName;
  const onInput = (event: Event) => onValue((event.currentTarget as HTMLInputElement).value);
  switch (field.type) {
    case "number":
      return (
        <Field id={id} label={label} error={error} help={t("popupNumberHelp")}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              onInput={onInput}
            />
          )}
        </Field>
      );
    case "date":
      return (
        <Field id={id} label={label} error={error}>
          {(control) => <input {...control} type="date" value={value} onInput={onInput} onChange={onInput} />}
        </Field>
      );
    case "list":
      return (
        <Field id={id} label={label} error={error}>
          {(control) => (
            <select {...control} value={value} onChange={onInput}>
              <option value="">{t("popupListNotSet")}</option>
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    default:
      return (
        <Field id={id} label={label} error={error}>
          {(control) => <input {...control} type="text" autoComplete="off" value={value} onInput={onInput} />}
        </Field>
      );
  }
}
