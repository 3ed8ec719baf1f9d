import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { errorText, type MessageKey, t } from "../../utils/i18n";
import {
  type Catalogue,
  type CatalogueField,
  CatalogueFieldSchema,
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

type DraftErrors = Partial<Record<"apiName" | "options", string>>;

interface CatalogueFieldFormProps {
  /** The field being edited, or null for a new one. */
  initial: CatalogueField | null;
  /** The whole catalogue, for the uniqueness of API names. */
  catalogue: Catalogue;
  onSave: (field: CatalogueField) => void;
  onCancel: () => void;
}

/** Adds or edits one custom field; checks it with CatalogueFieldSchema and against the other API names. */
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
    const parsed = CatalogueFieldSchema.safeParse(candidate);
    const next: DraftErrors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = issue.path[0];
        if ((name === "apiName" || name === "options") && !next[name]) next[name] = errorText(issue.message);
      }
    }
    const trimmed = apiName.trim();
    if (!next.apiName && catalogue.some((field) => field.id !== candidate.id && field.apiName === trimmed)) {
      next.apiName = errorText("apiNameDuplicate");
    }
    if (!parsed.success || next.apiName) {
      setErrors(next);
      document.getElementById(next.apiName ? "field-api-name" : "field-options")?.focus();
      return;
    }
    onSave(parsed.data);
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
      <Field id="field-label" label={t("fieldLabelLabel")} help={t("fieldLabelHelp")}>
        {(control) => (
          <input {...control} type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
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
