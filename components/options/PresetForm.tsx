import { useState } from "preact/hooks";
import { t } from "../../utils/i18n";
import { type Catalogue, type CatalogueField, MAX_COMMENT_LENGTH, type Preset } from "../../utils/storage";
import { type ControlProps, Field } from "../Field";
import { SearchDepthSelect, TypeToMatchSelect } from "../MatchingChoices";
import { MoveButtons } from "../MoveButtons";
import { tagsLogicName, typeName } from "../matching-words";
import { moveItem } from "../move-item";
import {
  type DraftErrors,
  type FieldDraft,
  MAX_PRESET_FIELDS,
  MAX_TEMPLATE_ROWS,
  newRowDraft,
  type PresetDraft,
  presetDraftOf,
  presetFromDraft,
  ROW_TYPES,
  type RowDraft,
  type RowErrors,
  rowTakesTags,
} from "../preset-draft";
import { usePendingFocus } from "../use-pending-focus";
import { ItemForm } from "./ItemForm";

const NO_ERRORS: DraftErrors = { values: {}, rows: {} };
const NAME_ID = "preset-name";
const ADD_FIELD_ID = "preset-add-field";
const ADD_ROW_ID = "preset-add-row";
const TAGS_ID = "preset-tags";
const COMMENT_ID = "preset-comment";
const valueId = (index: number) => `preset-value-${index}`;
const rowId = (key: string, part: string) => `preset-row-${key}-${part}`;

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

  const updateRow = (key: string, patch: Partial<RowDraft>) => {
    change({ rows: draft.rows.map((row) => (row.key === key ? { ...row, ...patch } : row)) });
    setErrors((prev) => ({ ...prev, rows: { ...prev.rows, [key]: {} } }));
  };

  const moveRow = (index: number, delta: -1 | 1) => {
    const moved = moveItem(draft.rows, index, delta);
    if (!moved) return;
    pendingFocus.current = moved.focus.map((direction) => rowId(moved.item.key, direction));
    change({ rows: moved.items });
  };

  const removeRow = (index: number) => {
    if (draft.rows.length <= 1) return;
    const rows = draft.rows.filter((_, i) => i !== index);
    const next = rows[index] ?? rows[index - 1];
    pendingFocus.current = next ? [rowId(next.key, "type")] : [ADD_ROW_ID];
    change({ rows });
  };

  const addRow = () => {
    if (draft.rows.length >= MAX_TEMPLATE_ROWS) return;
    const row = newRowDraft();
    pendingFocus.current = [rowId(row.key, "type")];
    change({ rows: [...draft.rows, row] });
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
      firstRow && rowErrors?.depthMinutes && `${rowId(firstRow.key, "depth")}-custom`,
      firstRow && rowErrors?.typeToMatchOther && `${rowId(firstRow.key, "match")}-custom`,
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

      <div class="field field--check">
        <input
          id="preset-overwrite"
          type="checkbox"
          checked={draft.overwrite}
          aria-describedby="preset-overwrite-help"
          onChange={(e) => change({ overwrite: e.currentTarget.checked })}
        />
        <label for="preset-overwrite">{t("presetOverwriteLabel")}</label>
        <p id="preset-overwrite-help" class="field__help">
          {t("presetOverwriteHelp")}
        </p>
      </div>

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

      <div class="field field--check">
        <input
          id="preset-tags-overwrite"
          type="checkbox"
          checked={draft.tagsOverwrite}
          aria-describedby="preset-tags-overwrite-help"
          onChange={(e) => change({ tagsOverwrite: e.currentTarget.checked })}
        />
        <label for="preset-tags-overwrite">{t("presetTagsOverwriteLabel")}</label>
        <p id="preset-tags-overwrite-help" class="field__help">
          {t("presetTagsOverwriteHelp")}
        </p>
      </div>

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
        <p class="field__help">{t("presetMatchingHelp")}</p>
        <ol class="template">
          {draft.rows.map((row, index) => (
            <li key={row.key} class="template__row">
              <TemplateRow
                row={row}
                index={index}
                count={draft.rows.length}
                errors={errors.rows[row.key] ?? {}}
                onChange={(patch) => updateRow(row.key, patch)}
                onMove={(delta) => moveRow(index, delta)}
                onRemove={() => removeRow(index)}
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          id={ADD_ROW_ID}
          class="button button--secondary"
          disabled={draft.rows.length >= MAX_TEMPLATE_ROWS}
          onClick={addRow}
        >
          {t("presetAddRow")}
        </button>
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

interface TemplateRowProps {
  row: RowDraft;
  index: number;
  count: number;
  errors: RowErrors;
  onChange: (patch: Partial<RowDraft>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One row of the matching template. */
function TemplateRow({ row, index, count, errors, onChange, onMove, onRemove }: TemplateRowProps) {
  const id = (part: string) => rowId(row.key, part);
  const position = String(index + 1);
  return (
    <fieldset class="template__fields">
      <legend>{t("presetRowLegend", position)}</legend>
      <Field id={id("type")} label={t("presetRowTypeLabel")}>
        {(control) => (
          <select
            {...control}
            value={row.type}
            onChange={(e) =>
              onChange({
                type: ROW_TYPES.find((type) => type === e.currentTarget.value) ?? "leadContact",
              })
            }
          >
            {ROW_TYPES.map((type) => (
              <option key={type} value={type}>
                {typeName(type)}
              </option>
            ))}
          </select>
        )}
      </Field>

      <SearchDepthSelect
        id={id("depth")}
        label={t("presetRowDepthLabel")}
        customLabel={t("presetRowMinutesLabel")}
        value={row.searchDepth}
        custom={row.depthCustom}
        error={errors.depthMinutes}
        onChange={(searchDepth, depthCustom) => onChange({ searchDepth, depthCustom })}
      />

      <TypeToMatchSelect
        id={id("match")}
        label={t("presetRowMatchLabel")}
        customLabel={t("presetRowMatchOtherLabel")}
        value={row.typeToMatch}
        custom={row.matchCustom}
        error={errors.typeToMatchOther}
        onChange={(typeToMatch, matchCustom) => onChange({ typeToMatch, matchCustom })}
      />

      {rowTakesTags(row.type) && (
        <div class="template__tags">
          <Field id={id("tags")} label={t("presetRowTagsLabel")} help={t("presetRowTagsHelp")}>
            {(control) => (
              <input
                {...control}
                type="text"
                autoComplete="off"
                value={row.tags}
                onInput={(e) => onChange({ tags: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field id={id("logic")} label={t("presetRowTagsLogicLabel")}>
            {(control) => (
              <select
                {...control}
                value={row.tagsLogic}
                onChange={(e) => onChange({ tagsLogic: e.currentTarget.value === "or" ? "or" : "and" })}
              >
                <option value="and">{tagsLogicName("and")}</option>
                <option value="or">{tagsLogicName("or")}</option>
              </select>
            )}
          </Field>
        </div>
      )}

      <div class="catalogue__actions">
        <MoveButtons
          index={index}
          count={count}
          upLabel={t("presetRowMoveUpLabel", position)}
          downLabel={t("presetRowMoveDownLabel", position)}
          focusAttributes={(direction) => ({ id: id(direction) })}
          onMove={onMove}
        />
        <button
          type="button"
          class="button button--danger"
          aria-label={t("presetRowRemoveLabel", position)}
          disabled={count <= 1}
          onClick={onRemove}
        >
          {t("fieldRemove")}
        </button>
      </div>
    </fieldset>
  );
}
