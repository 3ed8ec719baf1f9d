/** A one-line text input in a Field: the popup's and the forms' common control. */
import type { JSX } from "preact";
import { Field, type FieldProps } from "./Field";

type InputExtras = Pick<JSX.InputHTMLAttributes<HTMLInputElement>, "inputMode" | "placeholder" | "onKeyDown">;

interface TextFieldProps extends Omit<FieldProps, "children">, InputExtras {
  value: string;
  onValue: (value: string) => void;
}

/**
 * A labelled text input with its help and error. Autofill is off: what goes in is a lead's data or an ID,
 * never something the browser should offer from the user's past entries.
 */
export function TextField({ id, label, help, error, after, value, onValue, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} help={help} error={error} after={after}>
      {(control) => (
        <input
          {...control}
          {...input}
          type="text"
          autoComplete="off"
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}
