import { useRef } from "preact/hooks";
import { LIMITS } from "../../utils/calltouch/limits";
import { formatCalltouchDate, MATCHING_TYPES, type MatchingType } from "../../utils/calltouch/schemas";
import { t } from "../../utils/i18n";
import type { LeadContacts } from "../../utils/matching";
import { CheckField } from "../CheckField";
import { Field } from "../Field";
import { SearchDepthSelect, TypeToMatchSelect } from "../MatchingChoices";
import { MoveButtons } from "../MoveButtons";
import { tagsLogicName, typeName } from "../matching-words";
import { moveItem } from "../move-item";
import { usePendingFocus } from "../use-pending-focus";
import { newRow, type RowDraft, type RowInput, splitList, TYPE_INPUTS } from "./matching-rows";

/** Worded errors of each row, by row key and input. */
export type RowErrorTexts = Record<string, Partial<Record<RowInput, string>>>;

interface MatchingEditorProps {
  rows: RowDraft[];
  /** The selected contacts: what rows that follow the selection match by. */
  selected: LeadContacts;
  errors: RowErrorTexts;
  /** An error about the list as a whole (no rules). */
  listError?: string;
  /** `changed`: the row and input the user edited (its error is cleared); absent for add/move/remove. */
  onChange: (rows: RowDraft[], changed?: { key: string; input: RowInput }) => void;
}

/** The matching priority list: rules tried in order, each a type with its parameters. */
export function MatchingEditor({ rows, selected, errors, listError, onChange }: MatchingEditorProps) {
  const root = useRef<HTMLDivElement>(null);
  // Focus targets are `data-focus` values inside the editor.
  const pendingFocus = usePendingFocus((target) =>
    root.current?.querySelector<HTMLElement>(`[data-focus="${target}"]`),
  );

  const update = (key: string, patch: Partial<RowDraft>, input: RowInput) =>
    onChange(
      rows.map((row) => (row.key === key ? { ...row, ...patch } : row)),
      { key, input },
    );

  const move = (index: number, delta: -1 | 1) => {
    const moved = moveItem(rows, index, delta);
    if (!moved) return;
    pendingFocus.current = moved.focus.map((direction) => `${moved.item.key}:${direction}`);
    onChange(moved.items);
  };

  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    const neighbour = next[index] ?? next[index - 1];
    pendingFocus.current = neighbour ? [`${neighbour.key}:type`, "add"] : ["add"];
    onChange(next);
  };

  const add = () => {
    const row = newRow(formatCalltouchDate(new Date()));
    pendingFocus.current = [`${row.key}:type`];
    onChange([...rows, row]);
  };

  const full = rows.length >= LIMITS.maxMatchingRows;
  return (
    <div class="matching-editor" ref={root}>
      <p class="hint">{t("popupMatchingEditorIntro")}</p>
      {listError && <p class="field__error">{listError}</p>}
      <ol class="rules">
        {rows.map((row, index) => (
          <li key={row.key} class="rule">
            <RuleEditor
              row={row}
              index={index}
              count={rows.length}
              selected={selected}
              errors={errors[row.key] ?? {}}
              onUpdate={(patch, input) => update(row.key, patch, input)}
              onMove={(delta) => move(index, delta)}
              onRemove={() => remove(index)}
            />
          </li>
        ))}
      </ol>
      <div class="rules__add">
        <button type="button" class="button button--secondary" data-focus="add" disabled={full} onClick={add}>
          {t("popupRuleAdd")}
        </button>
        <span class="hint">
          {t(full ? "popupRuleLimit" : "popupRuleAddHint", String(LIMITS.maxMatchingRows))}
        </span>
      </div>
    </div>
  );
}

interface RuleEditorProps {
  row: RowDraft;
  index: number;
  count: number;
  selected: LeadContacts;
  errors: Partial<Record<RowInput, string>>;
  onUpdate: (patch: Partial<RowDraft>, input: RowInput) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function RuleEditor({ row, index, count, selected, errors, onUpdate, onMove, onRemove }: RuleEditorProps) {
  const inputs = TYPE_INPUTS[row.type];
  const id = (name: string) => `${row.key}-${name}`;
  const number = String(index + 1);
  const phonesText = row.follow ? selected.phones.join(", ") : row.phones;
  const emailsText = row.follow ? selected.emails.join(", ") : row.emails;
  // Typing in phones or emails stops following the selection: both keep what they showed.
  const editContacts = (patch: Partial<RowDraft>, input: RowInput) =>
    onUpdate({ follow: false, phones: phonesText, emails: emailsText, ...patch }, input);

  return (
    <fieldset class="rule__box">
      <legend>{t("popupRuleLegend", number)}</legend>
      {errors.row && <p class="field__error">{errors.row}</p>}

      <Field id={id("type")} label={t("popupRuleType")} error={errors.type}>
        {(control) => (
          <select
            {...control}
            data-focus={`${row.key}:type`}
            value={row.type}
            onChange={(event) => onUpdate({ type: event.currentTarget.value as MatchingType }, "type")}
          >
            {MATCHING_TYPES.map((type) => (
              <option key={type} value={type}>
                {typeName(type)}
              </option>
            ))}
          </select>
        )}
      </Field>

      {inputs.id && (
        <Field
          id={id("id")}
          label={t(inputs.id === "callId" ? "popupCallId" : "popupRequestId")}
          error={errors.id}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={row.id}
              onInput={(event) => onUpdate({ id: event.currentTarget.value }, "id")}
            />
          )}
        </Field>
      )}

      {inputs.contacts && (
        <>
          <Field
            id={id("phones")}
            label={t("popupPhones")}
            error={errors.phones}
            help={row.follow ? t("popupContactsFollowHelp") : t("popupListHelp")}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="tel"
                autoComplete="off"
                value={phonesText}
                onInput={(event) => editContacts({ phones: event.currentTarget.value }, "phones")}
              />
            )}
          </Field>
          {inputs.emails && (
            <Field id={id("emails")} label={t("popupEmails")} error={errors.emails}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  inputMode="email"
                  autoComplete="off"
                  value={emailsText}
                  onInput={(event) => editContacts({ emails: event.currentTarget.value }, "emails")}
                />
              )}
            </Field>
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
              label={t("popupMd5")}
              checked={row.md5}
              onChange={(md5) => onUpdate({ md5 }, "phones")}
            />
          )}
          {inputs.searchInText && (
            <CheckField
              label={t("popupSearchInText")}
              checked={row.searchInText}
              onChange={(searchInText) => onUpdate({ searchInText }, "searchInText")}
            />
          )}
          <Field
            id={id("date")}
            label={t("popupDate")}
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
          >
            {(control) => (
              <input
                {...control}
                type="text"
                autoComplete="off"
                placeholder={t("popupDatePlaceholder")}
                value={row.date}
                onInput={(event) => onUpdate({ date: event.currentTarget.value }, "date")}
              />
            )}
          </Field>
          <SearchDepthSelect
            id={id("depth")}
            label={t("popupSearchDepth")}
            value={row.searchDepth}
            custom={row.depthCustom}
            customLabel={t("popupSearchDepthMinutes")}
            error={errors.searchDepth}
            onChange={(value, custom) => onUpdate({ searchDepth: value, depthCustom: custom }, "searchDepth")}
          />
        </>
      )}

      {inputs.typeToMatch && (
        <TypeToMatchSelect
          id={id("match")}
          label={t("popupTypeToMatch")}
          value={row.typeToMatch}
          custom={row.matchCustom}
          customLabel={t("popupTypeToMatchOther")}
          customHelp={t("popupTypeToMatchOtherHelp")}
          error={errors.typeToMatch}
          onChange={(value, custom) => onUpdate({ typeToMatch: value, matchCustom: custom }, "typeToMatch")}
        />
      )}

      {inputs.tags && (
        <div class="rule__tags">
          <Field id={id("tags")} label={t("popupTags")} error={errors.tags} help={t("popupListHelp")}>
            {(control) => (
              <input
                {...control}
                type="text"
                autoComplete="off"
                value={row.tags}
                onInput={(event) => onUpdate({ tags: event.currentTarget.value }, "tags")}
              />
            )}
          </Field>
          {(splitList(row.tags).length > 0 || errors.tagsLogic) && (
            <Field id={id("tags-logic")} label={t("popupTagsLogic")} error={errors.tagsLogic}>
              {(control) => (
                <select
                  {...control}
                  value={row.tagsLogic}
                  onChange={(event) =>
                    onUpdate({ tagsLogic: event.currentTarget.value as RowDraft["tagsLogic"] }, "tagsLogic")
                  }
                >
                  <option value="">{t("popupTagsLogicDefault")}</option>
                  <option value="and">{tagsLogicName("and")}</option>
                  <option value="or">{tagsLogicName("or")}</option>
                </select>
              )}
            </Field>
          )}
        </div>
      )}

      <div class="rule__actions">
        <MoveButtons
          index={index}
          count={count}
          upLabel={t("popupRuleMoveUp", number)}
          downLabel={t("popupRuleMoveDown", number)}
          focusAttributes={(direction) => ({ "data-focus": `${row.key}:${direction}` })}
          onMove={onMove}
        />
        <button
          type="button"
          class="button button--danger"
          aria-label={t("popupRuleRemove", number)}
          onClick={onRemove}
        >
          {t("popupRuleRemoveText")}
        </button>
      </div>
    </fieldset>
  );
}
