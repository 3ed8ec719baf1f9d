/**
 * The matching rules, one editor for the popup (concrete rules: IDs, the selected contacts, a date) and a
 * preset (a template the menu fills with the contacts): rules tried in order, each a type with its
 * parameters. The words of every input are in one label map (matching-labels.ts), so both pages say the same
 * thing; the popup's concrete values are ConcreteRuleInputs.
 */
import { useRef } from "preact/hooks";
import { LIMITS } from "../utils/calltouch/limits";
import { formatCalltouchDate, MATCHING_TYPES, type MatchingType } from "../utils/calltouch/schemas";
import { t } from "../utils/i18n";
import type { LeadContacts } from "../utils/matching";
import { ConcreteRuleInputs } from "./ConcreteRuleInputs";
import { Field } from "./Field";
import { SearchDepthSelect, TypeToMatchSelect } from "./MatchingChoices";
import { MoveButtons } from "./MoveButtons";
import { RULE_LABELS } from "./matching-labels";
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
import { TextField } from "./TextField";
import { usePendingFocus } from "./use-pending-focus";

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
          {t(RULE_LABELS.add)}
        </button>
        <span class="hint">
          {t(full ? RULE_LABELS.limit : RULE_LABELS.addHint, String(LIMITS.maxMatchingRows))}
        </span>
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
  /** An open list's value, error and edit: `input` as chosen or typed, `flag` whether "Other…" is chosen. */
  const openList = (input: "searchDepth" | "typeToMatch", flag: "depthCustom" | "matchCustom") => ({
    value: row[input],
    custom: row[flag],
    error: errors[input],
    onChange: (value: string, custom: boolean) => {
      const patch: Partial<RowDraft> = {};
      patch[input] = value;
      patch[flag] = custom;
      onUpdate(patch, input);
    },
  });

  return (
    <fieldset class="rule__box">
      <legend>{t(RULE_LABELS.legend, number)}</legend>
      {errors.row && <p class="field__error">{errors.row}</p>}

      <Field id={id("type")} label={t(RULE_LABELS.type)} error={errors.type}>
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

      {selected && (
        <ConcreteRuleInputs row={row} selected={selected} errors={errors} onUpdate={onUpdate} id={id} />
      )}

      {inputs.contacts && (
        <SearchDepthSelect
          id={id("depth")}
          label={t(RULE_LABELS.searchDepth)}
          customLabel={t(RULE_LABELS.searchDepthMinutes)}
          {...openList("searchDepth", "depthCustom")}
        />
      )}

      {inputs.typeToMatch && (
        <TypeToMatchSelect
          id={id("match")}
          label={t(RULE_LABELS.typeToMatch)}
          customLabel={t(RULE_LABELS.typeToMatchOther)}
          customHelp={t(RULE_LABELS.typeToMatchOtherHelp)}
          {...openList("typeToMatch", "matchCustom")}
        />
      )}

      {inputs.tags && (
        <div class="rule__tags">
          <TextField
            id={id("tags")}
            label={t(RULE_LABELS.tags)}
            error={errors.tags}
            help={t(RULE_LABELS.tagsHelp)}
            value={row.tags}
            onValue={(tags) => onUpdate({ tags }, "tags")}
          />
          {(splitList(row.tags).length > 0 || errors.tagsLogic) && (
            <Field id={id("tags-logic")} label={t(RULE_LABELS.tagsLogic)} error={errors.tagsLogic}>
              {(control) => (
                <select
                  {...control}
                  value={row.tagsLogic}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    onUpdate({ tagsLogic: value === "and" || value === "or" ? value : "" }, "tagsLogic");
                  }}
                >
                  <option value="">{t(RULE_LABELS.tagsLogicDefault)}</option>
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
          upLabel={t(RULE_LABELS.moveUp, number)}
          downLabel={t(RULE_LABELS.moveDown, number)}
          focusAttributes={(direction) => ({ "data-focus": `${row.key}:${direction}` })}
          onMove={props.onMove}
        />
        <button
          type="button"
          class="button button--danger"
          aria-label={t(RULE_LABELS.remove, number)}
          disabled={!props.removable}
          onClick={props.onRemove}
        >
          {t(RULE_LABELS.removeText)}
        </button>
      </div>
    </fieldset>
  );
}
