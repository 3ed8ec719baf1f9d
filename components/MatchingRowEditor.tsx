/**
 * The matching rules, one editor for the popup (concrete rules: IDs, the selected contacts, a date) and a
 * preset (a template the menu fills with the contacts): rules tried in order, each a type with its
 * parameters. The words of every input are in one label map, so both pages say the same thing.
 */
import { useRef } from "preact/hooks";
import { LIMITS } from "../utils/calltouch/limits";
import { formatCalltouchDate, MATCHING_TYPES, type MatchingType } from "../utils/calltouch/schemas";
import { type MessageKey, t } from "../utils/i18n";
import type { LeadContacts } from "../utils/matching";
import { CheckField } from "./CheckField";
import { Field } from "./Field";
import { SearchDepthSelect, TypeToMatchSelect } from "./MatchingChoices";
import { MoveButtons } from "./MoveButtons";
import {
  newRow,
  newTemplateRow,
  type RowDraft,
  type RowInput,
  type RowInputErrors,
  splitList,
  TEMPLATE_TYPES,
  TYPE_INPUTS,
} from "./matching-rows";
import { tagsLogicName, typeName } from "./matching-words";
import { moveItem } from "./move-item";
import { usePendingFocus } from "./use-pending-focus";

/** The words of a rule's inputs, the same on every page. */
const LABELS = {
  legend: "popupRuleLegend",
  type: "popupRuleType",
  callId: "popupCallId",
  requestId: "popupRequestId",
  phones: "popupPhones",
  emails: "popupEmails",
  md5: "popupMd5",
  searchInText: "popupSearchInText",
  date: "popupDate",
  searchDepth: "presetRowDepthLabel",
  searchDepthMinutes: "presetRowMinutesLabel",
  typeToMatch: "presetRowMatchLabel",
  typeToMatchOther: "presetRowMatchOtherLabel",
  typeToMatchOtherHelp: "popupTypeToMatchOtherHelp",
  tags: "presetRowTagsLabel",
  tagsHelp: "presetRowTagsHelp",
  tagsLogic: "presetRowTagsLogicLabel",
  tagsLogicDefault: "popupTagsLogicDefault",
  moveUp: "popupRuleMoveUp",
  moveDown: "popupRuleMoveDown",
  remove: "popupRuleRemove",
  removeText: "popupRuleRemoveText",
  add: "popupRuleAdd",
  addHint: "popupRuleAddHint",
  limit: "popupRuleLimit",
} as const satisfies Record<string, MessageKey>;

/** Worded errors of each row, by row key and input. */
export type RowErrorTexts = Record<string, RowInputErrors>;

interface MatchingRowEditorProps {
  rows: RowDraft[];
  /**
   * The popup: the selected contacts, which rows that follow the selection match by; each rule has its
   * concrete values. Absent: a preset's template, whose rules get the contacts when the preset is used.
   */
  selected?: LeadContacts;
  errors: RowErrorTexts;
  /** An error about the list as a whole (no rules). */
  listError?: string;
  /** What the rules do, above them; the popup's wording by default. */
  intro?: string;
  /** Prefix of the inputs' ids (unique in the page). */
  idPrefix?: string;
  /** `changed`: the row and input the user edited (its error is cleared); absent for add/move/remove. */
  onChange: (rows: RowDraft[], changed?: { key: string; input: RowInput }) => void;
}

/** The matching priority list: rules tried in order, added, moved and removed with the focus kept. */
export function MatchingRowEditor(props: MatchingRowEditorProps) {
  const { rows, selected, errors, listError, idPrefix = "", onChange } = props;
  const root = useRef<HTMLDivElement>(null);
  // Focus targets are `data-focus` values inside the editor.
  const pendingFocus = usePendingFocus((target) =>
    root.current?.querySelector<HTMLElement>(`[data-focus="${target}"]`),
  );
  // A template needs one rule at least; the popup says so when Send finds none.
  const minRows = selected ? 0 : 1;

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
    const row = selected ? newRow(formatCalltouchDate(new Date())) : newTemplateRow();
    pendingFocus.current = [`${row.key}:type`];
    onChange([...rows, row]);
  };

  const full = rows.length >= LIMITS.maxMatchingRows;
  return (
    <div class="matching-editor" ref={root}>
      <p class="hint">{props.intro ?? t("popupMatchingEditorIntro")}</p>
      {listError && <p class="field__error">{listError}</p>}
      <ol class="rules">
        {rows.map((row, index) => (
          <li key={row.key} class="rule">
            <RuleEditor
              row={row}
              index={index}
              count={rows.length}
              removable={rows.length > minRows}
              selected={selected}
              idPrefix={idPrefix}
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
          {t(LABELS.add)}
        </button>
        <span class="hint">{t(full ? LABELS.limit : LABELS.addHint, String(LIMITS.maxMatchingRows))}</span>
      </div>
    </div>
  );
}

interface RuleEditorProps {
  row: RowDraft;
  index: number;
  count: number;
  removable: boolean;
  selected: LeadContacts | undefined;
  idPrefix: string;
  errors: RowInputErrors;
  onUpdate: (patch: Partial<RowDraft>, input: RowInput) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One rule; a template's shows only what a template stores (type, depth, type to match, tags). */
function RuleEditor(props: RuleEditorProps) {
  const { row, index, count, selected, errors, onUpdate } = props;
  const types: readonly MatchingType[] = selected ? MATCHING_TYPES : TEMPLATE_TYPES;
  const inputs = TYPE_INPUTS[row.type];
  const id = (name: string) => `${props.idPrefix}${row.key}-${name}`;
  const number = String(index + 1);

  return (
    <fieldset class="rule__box">
      <legend>{t(LABELS.legend, number)}</legend>
      {errors.row && <p class="field__error">{errors.row}</p>}

      <Field id={id("type")} label={t(LABELS.type)} error={errors.type}>
        {(control) => (
          <select
            {...control}
            data-focus={`${row.key}:type`}
            value={row.type}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onUpdate({ type: types.find((type) => type === value) ?? row.type }, "type");
            }}
          >
            {types.map((type) => (
              <option key={type} value={type}>
                {typeName(type)}
              </option>
            ))}
          </select>
        )}
      </Field>

      {selected && <ConcreteInputs {...props} selected={selected} id={id} />}

      {inputs.contacts && (
        <SearchDepthSelect
          id={id("depth")}
          label={t(LABELS.searchDepth)}
          value={row.searchDepth}
          custom={row.depthCustom}
          customLabel={t(LABELS.searchDepthMinutes)}
          error={errors.searchDepth}
          onChange={(value, custom) => onUpdate({ searchDepth: value, depthCustom: custom }, "searchDepth")}
        />
      )}

      {inputs.typeToMatch && (
        <TypeToMatchSelect
          id={id("match")}
          label={t(LABELS.typeToMatch)}
          value={row.typeToMatch}
          custom={row.matchCustom}
          customLabel={t(LABELS.typeToMatchOther)}
          customHelp={t(LABELS.typeToMatchOtherHelp)}
          error={errors.typeToMatch}
          onChange={(value, custom) => onUpdate({ typeToMatch: value, matchCustom: custom }, "typeToMatch")}
        />
      )}

      {inputs.tags && (
        <div class="rule__tags">
          <Field id={id("tags")} label={t(LABELS.tags)} error={errors.tags} help={t(LABELS.tagsHelp)}>
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
            <Field id={id("tags-logic")} label={t(LABELS.tagsLogic)} error={errors.tagsLogic}>
              {(control) => (
                <select
                  {...control}
                  value={row.tagsLogic}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    onUpdate({ tagsLogic: value === "and" || value === "or" ? value : "" }, "tagsLogic");
                  }}
                >
                  <option value="">{t(LABELS.tagsLogicDefault)}</option>
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
          upLabel={t(LABELS.moveUp, number)}
          downLabel={t(LABELS.moveDown, number)}
          focusAttributes={(direction) => ({ "data-focus": `${row.key}:${direction}` })}
          onMove={props.onMove}
        />
        <button
          type="button"
          class="button button--danger"
          aria-label={t(LABELS.remove, number)}
          disabled={!props.removable}
          onClick={props.onRemove}
        >
          {t(LABELS.removeText)}
        </button>
      </div>
    </fieldset>
  );
}

/** The popup's own values of a rule: the call or request ID, or the contacts, how to send them, a date. */
function ConcreteInputs({
  row,
  selected,
  errors,
  onUpdate,
  id,
}: RuleEditorProps & { selected: LeadContacts; id: (name: string) => string }) {
  const inputs = TYPE_INPUTS[row.type];
  const phonesText = row.follow ? selected.phones.join(", ") : row.phones;
  const emailsText = row.follow ? selected.emails.join(", ") : row.emails;
  // Typing in phones or emails stops following the selection: both keep what they showed.
  const editContacts = (patch: Partial<RowDraft>, input: RowInput) =>
    onUpdate({ follow: false, phones: phonesText, emails: emailsText, ...patch }, input);

  return (
    <>
      {inputs.id && (
        <Field
          id={id("id")}
          label={t(inputs.id === "callId" ? LABELS.callId : LABELS.requestId)}
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
            label={t(LABELS.phones)}
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
            <Field id={id("emails")} label={t(LABELS.emails)} error={errors.emails}>
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
              label={t(LABELS.md5)}
              checked={row.md5}
              onChange={(md5) => onUpdate({ md5 }, "phones")}
            />
          )}
          {inputs.searchInText && (
            <CheckField
              label={t(LABELS.searchInText)}
              checked={row.searchInText}
              onChange={(searchInText) => onUpdate({ searchInText }, "searchInText")}
            />
          )}
          <Field
            id={id("date")}
            label={t(LABELS.date)}
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
        </>
      )}
    </>
  );
}
