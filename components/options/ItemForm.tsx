import type { ComponentChildren } from "preact";
import { t } from "../../utils/i18n";

interface ItemFormProps {
  /** The id of the heading, which names the form. */
  headingId: string;
  heading: string;
  saveLabel: string;
  /** What stopped the save, said under the buttons. */
  error?: string;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
  children: ComponentChildren;
}

/** The inset form that adds or edits one item of a list: heading, inputs, Save and Cancel; Escape cancels. */
export function ItemForm({
  headingId,
  heading,
  saveLabel,
  error,
  onSubmit,
  onCancel,
  children,
}: ItemFormProps) {
  return (
    <form
      class="form card card--inset"
      aria-labelledby={headingId}
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
      noValidate
    >
      <h3 id={headingId}>{heading}</h3>
      {children}
      <div class="form__actions">
        <button type="submit" class="button">
          {saveLabel}
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          {t("fieldCancel")}
        </button>
      </div>
      {error && (
        <p role="alert" class="notice notice--error">
          {error}
        </p>
      )}
    </form>
  );
}
