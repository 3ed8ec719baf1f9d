import { Field } from "../Field";

const OTHER = "__other__";

export interface Preset {
  value: string;
  label: string;
}

interface PresetSelectProps {
  id: string;
  label: string;
  /** The value; empty: not sent. */
  value: string;
  /** The user chose "Other…": a free input is shown beside the list. */
  custom: boolean;
  presets: readonly Preset[];
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
export function PresetSelect(props: PresetSelectProps) {
  const { id, value, custom, presets, onChange } = props;
  const known = presets.some((p) => p.value === value);
  const selected = custom || (!known && value) ? OTHER : value;
  const showInput = selected === OTHER;
  return (
    <>
      <Field id={id} label={props.label} error={showInput ? undefined : props.error}>
        {(control) => (
          <select
            {...control}
            value={selected}
            onChange={(event) => {
              const next = event.currentTarget.value;
              if (next === OTHER) onChange(known ? "" : value, true);
              else onChange(next, false);
            }}
          >
            <option value="">{props.emptyLabel}</option>
            {presets.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
            <option value={OTHER}>{props.otherLabel}</option>
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
              value={value}
              onInput={(event) => onChange(event.currentTarget.value, true)}
            />
          )}
        </Field>
      )}
    </>
  );
}
