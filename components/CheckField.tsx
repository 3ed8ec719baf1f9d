/** A checkbox with its label beside it, the way every check of the popup is written. */
import type { ComponentChildren } from "preact";

interface CheckFieldProps {
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** A setting that stays on (drawn as a switch) rather than an item picked from a list. */
  switch?: boolean;
  id?: string;
  invalid?: boolean;
  describedBy?: string;
}

/** `<label class="check"><input type="checkbox"> label</label>`: a click on the words toggles it. */
export function CheckField(props: CheckFieldProps) {
  return (
    <label class={props.switch ? "check check--switch" : "check"}>
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        aria-invalid={props.invalid === undefined ? undefined : props.invalid}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      {typeof props.label === "string" ? <span>{props.label}</span> : props.label}
    </label>
  );
}

interface CheckWithHelpProps {
  id: string;
  label: string;
  help: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A checkbox in a form's grid (`field field--check`): the box, its label, and a help line under both. */
export function CheckWithHelp({ id, label, help, checked, onChange }: CheckWithHelpProps) {
  return (
    <div class="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <p id={`${id}-help`} class="field__help">
        {help}
      </p>
    </div>
  );
}

interface SwitchWithHelpProps {
  id: string;
  label: string;
  help: string;
  /** Takes the help line's place and marks the switch invalid. */
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A switch (CheckField) with a help line under it, or its error in the help line's place. */
export function SwitchWithHelp({ id, label, help, error, checked, onChange }: SwitchWithHelpProps) {
  const note = error ? `${id}-error` : `${id}-help`;
  return (
    <>
      <CheckField
        switch
        id={id}
        label={label}
        checked={checked}
        invalid={Boolean(error)}
        describedBy={note}
        onChange={onChange}
      />
      <p id={note} class={error ? "field__error" : "field__help"}>
        {error ?? help}
      </p>
    </>
  );
}
