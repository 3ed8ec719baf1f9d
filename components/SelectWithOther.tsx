import { Field } from "./Field";

/** The list's value for "Other…" (no real value starts with underscores). */
export const OTHER_CHOICE = "__other__";

export interface Choice {
  value: string;
  label: string;
}

interface SelectWithOtherProps {
  id: string;
  label: string;
  /** The value; empty: not sent. */
  value: string;
  /** The user chose "Other…": a free input is shown beside the list. */
  custom: boolean;
  choices: readonly Choice[];
  /** Label of the empty choice (what Calltouch does when nothing is sent). */
  emptyLabel: string;
  otherLabel: string;
  /** Label of the free input. */
  customLabel: string;
  customHelp?: string;
  inputMode?: "numeric" | "text";
  error?: string;
  onChange: (value: string, custom: boolean) => void;
}

/** A list of common values with "Other…", which opens a free input: the list is open. */
export function SelectWithOther(props: SelectWithOtherProps) {
  const { id, value, custom, choices, onChange } = props;
  const known = choices.some((p) => p.value === value);
  const selected = custom || (!known && value) ? OTHER_CHOICE : value;
  const showInput = selected === OTHER_CHOICE;
  return (
    <>
      <Field id={id} label={props.label} error={showInput ? undefined : props.error}>
        {(control) => (
          <select
            {...control}
            value={selected}
            onChange={(event) => {
              const next = event.currentTarget.value;
              if (next === OTHER_CHOICE) onChange(known ? "" : value, true);
              else onChange(next, false);
            }}
          >
            <option value="">{props.emptyLabel}</option>
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
            <option value={OTHER_CHOICE}>{props.otherLabel}</option>
          </select>
        )}
      </Field>
      {showInput && (
        <Field id={`${id}-custom`} label={props.customLabel} help={props.customHelp} error={props.error}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode={props.inputMode ?? "text"}
              autoComplete="off"
              spellcheck={false}
              value={value}
              onInput={(event) => onChange(event.currentTarget.value, true)}
            />
          )}
        </Field>
      )}
    </>
  );
}
