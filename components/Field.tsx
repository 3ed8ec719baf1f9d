import type { ComponentChildren } from "preact";

/** What a control needs to be tied to its label, help and error. */
export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

export interface FieldProps {
  id: string;
  label: string;
  help?: ComponentChildren;
  /** Shown under the control and announced; marks the control invalid. */
  error?: string;
  /** Renders the control with the given ids and state. */
  children: (control: ControlProps) => ComponentChildren;
  /** Content placed right after the control, on its line (e.g. a show/hide button). */
  after?: ComponentChildren;
}

/** A labelled form control with its help text and inline error. */
export function Field({ id, label, help, error, children, after }: FieldProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field--invalid" : "field"}>
      <label for={id}>{label}</label>
      <div class="field__control">
        {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
        {after}
      </div>
      {error && (
        <p id={errorId} class="field__error">
          {error}
        </p>
      )}
      {help && (
        <p id={helpId} class="field__help">
          {help}
        </p>
      )}
    </div>
  );
}
