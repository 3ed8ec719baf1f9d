import { useState } from "preact/hooks";
import { t } from "../../utils/i18n";
import { type Catalogue, type CatalogueField, MAX_COMMENT_LENGTH, type Preset } from "../../utils/storage";
import { CheckWithHelp } from "../CheckField";
import { type ControlProps, Field } from "../Field";
import { MatchingRowEditor } from "../MatchingRowEditor";
import type { RowDraft, RowInput } from "../matching-rows";
import {
  type DraftErrors,
  type FieldDraft,
  MAX_PRESET_FIELDS,
  type PresetDraft,
  presetDraftOf,
  presetFromDraft,
} from "../preset-draft";
import { usePendingFocus } from "../use-pending-focus";
import { ItemForm } from "./ItemForm";

const NO_ERRORS: DraftErrors = { values: {}, rows: {} };
const NAME_ID = "preset-name";
const ADD_FIELD_ID = "preset-add-field";
const TAGS_ID = "preset-tags";
const COMMENT_ID = "preset-comment";
const valueId = (index: number) => `preset-value-${index}`;
const ROW_ID_PREFIX = "preset-row-";
const rowId = (key: string, part: string) => `${ROW_ID_PREFIX}${key}-${part}`;

const displayName = (field: CatalogueField) => field.label || field.apiName;

interface PresetFormProps {
  /** The preset being edited, or null for a new one. */
  initial: Preset | null;
  /** The fields a preset can set, and the type of each value. */
  catalogue: Catalogue;
  onSave: (preset: Preset) => void;
  onCancel: () => void;
}

/** Adds or edits one preset: its name, fields and values, overwrite, and the matching template. */
export function PresetForm({ initial, catalogue, onSave, onCancel }: PresetFormProps) {
  const [draft, setDraft] = useState<PresetDraft>(() => presetDraftOf(initial));
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [formError, setFormError] = useState("");
  const [adding, setAdding] = useState("");
  // Focus targets are element ids; the form opens with focus on the name.
  const pendingFocus = usePendingFocus((id) => document.getElementById(id), [NAME_ID]);

  const change = (next: Partial<PresetDraft>) => {
    setDraft((prev) => ({ ...prev, ...next }));
    setFormError("");
  };

  const used = new Set(draft.fields.map((f) => f.apiName));
  const addable = catalogue.filter((f) => !used.has(f.apiName));
  const chosen = addable.some((f) => f.apiName === adding) ? adding : (addable[0]?.apiName ?? "");
  const canAddField = addable.length > 0 && draft.fields.length < MAX_PRESET_FIELDS;

  const setFieldText = (apiName: string, text: string) => {
    change({ fields: draft.fields.map((f) => (f.apiName === apiName ? { ...f, text } : f)) });
    setErrors((prev) => ({ ...prev, values: { ...prev.values, [apiName]: "" } }));
  };

  const addField = () => {
    if (!chosen || !canAddField) return;
    pendingFocus.current = [valueId(draft.fields.length)];
    change({ fields: [...draft.fields, { apiName: chosen, text: "" }] });
    setErrors((prev) => ({ ...prev, fields: undefined }));
  };

  const removeField = (index: number) => {
    pendingFocus.current = [valueId(index), valueId(index - 1), ADD_FIELD_ID, NAME_ID];
    change({ fields: draft.fields.filter((_, i) => i !== index) });
  };

  const changeRows = (rows: RowDraft[], changed?: { key: string; input: RowInput }) => {
    change({ rows });
    if (changed)
      setErrors((prev) => ({
        ...prev,
        rows: { ...prev.rows, [changed.key]: { ...prev.rows[changed.key], [changed.input]: undefined } },
      }));
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const result = presetFromDraft(draft, catalogue);
    if (result.ok) {
      onSave(result.preset);
      return;
    }
    const next = result.errors;
    setErrors(next);
    setFormError(t("formHasErrors"));
    const firstValue = draft.fields.findIndex((f) => next.values[f.apiName]);
    const firstRow = draft.rows.find((row) => next.rows[row.key]);
    const rowErrors = firstRow ? next.rows[firstRow.key] : undefined;
    const targets = [
      next.name && NAME_ID,
      firstValue >= 0 && valueId(firstValue),
      next.fields && ADD_FIELD_ID,
      next.tags && TAGS_ID,
      next.comment && COMMENT_ID,
      firstRow && rowErrors?.searchDepth && `${rowId(firstRow.key, "depth")}-custom`,
      firstRow && rowErrors?.typeToMatch && `${rowId(firstRow.key, "match")}-custom`,
    ].filter((id): id is string => Boolean(id));
    pendingFocus.current = targets;
    // Nothing re-renders when the same errors are shown again: focus now.
    if (targets[0]) document.getElementById(targets[0])?.focus();
  };

  return (
    <ItemForm
      headingId="preset-form-heading"
      heading={initial ? t("presetFormEditHeading", initial.name) : t("presetFormAddHeading")}
      saveLabel={t("presetSave")}
      error={formError}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id={NAME_ID} label={t("presetNameLabel")} help={t("presetNameHelp")} error={errors.name}>
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            value={draft.name}
            onInput={(e) => {
              change({ name: e.currentTarget.value });
              setErrors((prev) => ({ ...prev, name: undefined }));
            }}
          />
        )}
      </Field>

      <fieldset class="group">
        <legend>{t("presetFieldsLegend")}</legend>
        {draft.fields.length === 0 && <p class="field__help">{t("presetFieldsEmpty")}</p>}
        {draft.fields.map((field, index) => {
          const known = catalogue.find((f) => f.apiName === field.apiName) ?? null;
          const name = known ? displayName(known) : field.apiName;
          return (
            <Field
              key={field.apiName}
              id={valueId(index)}
              label={name}
              help={valueHelp(known)}
              error={errors.values[field.apiName] || undefined}
              after={
                <button
                  type="button"
                  class="button button--secondary"
                  aria-label={t("presetFieldRemoveLabel", name)}
                  onClick={() => removeField(index)}
                >
                  {t("fieldRemove")}
                </button>
              }
            >
              {(control) => (
                <ValueControl
                  control={control}
                  field={known}
                  draft={field}
                  onText={(text) => setFieldText(field.apiName, text)}
                />
              )}
            </Field>
          );
        })}
        {canAddField ? (
          <Field
            id={ADD_FIELD_ID}
            label={t("presetAddFieldLabel")}
            error={errors.fields}
            after={
              <button type="button" class="button button--secondary" onClick={addField}>
                {t("presetAddField")}
              </button>
            }
          >
            {(control) => (
              <select {...control} value={chosen} onChange={(e) => setAdding(e.currentTarget.value)}>
                {addable.map((f) => (
                  <option key={f.id} value={f.apiName}>
                    {displayName(f)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <>
            <p class="field__help">
              {draft.fields.length >= MAX_PRESET_FIELDS
                ? t("presetFieldsMax", String(MAX_PRESET_FIELDS))
                : t("presetFieldsAllAdded")}
            </p>
            {errors.fields && <p class="field__error">{errors.fields}</p>}
          </>
        )}
      </fieldset>

      <CheckWithHelp
        id="preset-overwrite"
        label={t("presetOverwriteLabel")}
        help={t("presetOverwriteHelp")}
        checked={draft.overwrite}
        onChange={(overwrite) => change({ overwrite })}
      />

      <Field id={TAGS_ID} label={t("presetTagsLabel")} help={t("presetTagsHelp")} error={errors.tags}>
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            value={draft.tags}
            onInput={(e) => {
              change({ tags: e.currentTarget.value });
              setErrors((prev) => ({ ...prev, tags: undefined, fields: undefined }));
            }}
          />
        )}
      </Field>

      <CheckWithHelp
        id="preset-tags-overwrite"
        label={t("presetTagsOverwriteLabel")}
        help={t("presetTagsOverwriteHelp")}
        checked={draft.tagsOverwrite}
        onChange={(tagsOverwrite) => change({ tagsOverwrite })}
      />

      <Field
        id={COMMENT_ID}
        label={t("presetCommentLabel")}
        help={t("presetCommentHelp")}
        error={errors.comment}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={MAX_COMMENT_LENGTH}
            value={draft.comment}
            onInput={(e) => {
              change({ comment: e.currentTarget.value });
              setErrors((prev) => ({ ...prev, comment: undefined, fields: undefined }));
            }}
          />
        )}
      </Field>

      <fieldset class="group">
        <legend>{t("presetMatchingLegend")}</legend>
        <MatchingRowEditor
          rows={draft.rows}
          errors={errors.rows}
          intro={t("presetMatchingHelp")}
          idPrefix={ROW_ID_PREFIX}
          onChange={changeRows}
        />
      </fieldset>
    </ItemForm>
  );
}

function valueHelp(field: CatalogueField | null): string | undefined {
  if (!field) return t("presetFieldMissing");
  if (field.type === "number") return t("presetValueNumberHelp");
  if (field.type === "date") return t("presetValueDateHelp");
  return undefined;
}

interface ValueControlProps {
  control: ControlProps;
  /** The catalogue field, or null when it is no longer in the catalogue (edited as text). */
  field: CatalogueField | null;
  draft: FieldDraft;
  onText: (text: string) => void;
}

/** The input of a field's value, by the field's type. */
function ValueControl({ control, field, draft, onText }: ValueControlProps) {
  const type = field?.type ?? "text";
  if (type === "list") {
    const options = field?.options ?? [];
    // A value the list no longer offers stays selectable, so opening the form does not change it.
    const shown = draft.text && !options.includes(draft.text) ? [draft.text, ...options] : options;
    return (
      <select {...control} value={draft.text} onChange={(e) => onText(e.currentTarget.value)}>
        <option value="">{t("presetValueChooseOption")}</option>
        {shown.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      {...control}
      type={type === "date" ? "date" : "text"}
      inputMode={type === "number" ? "decimal" : undefined}
      autoComplete="off"
      value={draft.text}
      onInput={(e) => onText(e.currentTarget.value)}
    />
  );
}
