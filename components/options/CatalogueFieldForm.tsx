import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { errorText, type MessageKey, t } from "../../utils/i18n";
import {
  type Catalogue,
  type CatalogueField,
  catalogueFieldFormSchema,
  FIELD_TYPES,
  type FieldType,
  parseListOptions,
} from "../../utils/storage";
import { Field } from "../Field";
import { ItemForm } from "./ItemForm";

/** The message naming each field type. */
export const FIELD_TYPE_LABELS: Record<FieldType, MessageKey> = {
  text: "fieldTypeText",
  number: "fieldTypeNumber",
  date: "fieldTypeDate",
  list: "fieldTypeList",
};

type DraftField = "apiName" | "label" | "options";
type DraftErrors = Partial<Record<DraftField, string>>;

/** The inputs in page order: the first one with an error takes the focus. */
const INPUT_IDS: Record<DraftField, string> = {
  apiName: "field-api-name",
  label: "field-label",
  options: "field-options",
};

interface CatalogueFieldFormProps {
  /** The field being edited, or null for a new one. */
  initial: CatalogueField | null;
  /** The whole catalogue, for the uniqueness of API names and labels. */
  catalogue: Catalogue;
  onSave: (field: CatalogueField) => void;
  onCancel: () => void;
}

/** Adds or edits one custom field; checks it with `catalogueFieldFormSchema` against the other fields. */
export function CatalogueFieldForm({ initial, catalogue, onSave, onCancel }: CatalogueFieldFormProps) {
  const [apiName, setApiName] = useState(initial?.apiName ?? "");
  const [label, setLabel] = useState(initial?.label ?? "");
  const [type, setType] = useState<FieldType>(initial?.type ?? "text");
  const [optionsText, setOptionsText] = useState(initial?.options.join("\n") ?? "");
  const [errors, setErrors] = useState<DraftErrors>({});
  const firstInput = useRef<HTMLInputElement>(null);

  // Focus moves into the form as it appears, before the next keystroke.
  useLayoutEffect(() => {
    firstInput.current?.focus();
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const candidate: CatalogueField = {
      id: initial?.id ?? crypto.randomUUID(),
      apiName,
      label,
      type,
      options: type === "list" ? parseListOptions(optionsText) : [],
    };
    const parsed = catalogueFieldFormSchema(catalogue).safeParse(candidate);
    if (parsed.success) {
      onSave(parsed.data);
      return;
    }
    const next: DraftErrors = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      if ((name === "apiName" || name === "label" || name === "options") && !next[name]) {
        next[name] = errorText(issue.message);
      }
    }
    setErrors(next);
    const first = (Object.keys(INPUT_IDS) as DraftField[]).find((name) => next[name]);
    if (first) document.getElementById(INPUT_IDS[first])?.focus();
  };

  return (
    <ItemForm
      headingId="field-form-heading"
      heading={
        initial ? t("fieldFormEditHeading", initial.label || initial.apiName) : t("fieldFormAddHeading")
      }
      saveLabel={t("fieldSave")}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field
        id="field-api-name"
        label={t("fieldApiNameLabel")}
        help={t("fieldApiNameHelp")}
        error={errors.apiName}
      >
        {(control) => (
          <input
            {...control}
            ref={firstInput}
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={apiName}
            onInput={(e) => {
              setApiName(e.currentTarget.value);
              setErrors((prev) => ({ ...prev, apiName: undefined }));
            }}
          />
        )}
      </Field>
      <Field id="field-label" label={t("fieldLabelLabel")} help={t("fieldLabelHelp")} error={errors.label}>
        {(control) => (
          <input
            {...control}
            type="text"
            value={label}
            onInput={(e) => {
              setLabel(e.currentTarget.value);
              setErrors((prev) => ({ ...prev, label: undefined }));
            }}
          />
        )}
      </Field>
      <Field id="field-type" label={t("fieldTypeLabel")}>
        {(control) => (
          <select
            {...control}
            value={type}
            onChange={(e) => setType(FIELD_TYPES.find((known) => known === e.currentTarget.value) ?? "text")}
          >
            {FIELD_TYPES.map((known) => (
              <option key={known} value={known}>
                {t(FIELD_TYPE_LABELS[known])}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type === "list" && (
        <Field
          id="field-options"
          label={t("fieldOptionsLabel")}
          help={t("fieldOptionsHelp")}
          error={errors.options}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              value={optionsText}
              onInput={(e) => {
                setOptionsText(e.currentTarget.value);
                setErrors((prev) => ({ ...prev, options: undefined }));
              }}
            />
          )}
        </Field>
      )}
    </ItemForm>
  );
}
