/** After a refused Send, focus goes where the user fixes the first problem. */
import type { RefObject } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { FormErrors } from "./popup-form";

/**
 * Returns a flag to set when Send found problems: after the next render the first invalid input gets
 * the focus, else where the missing thing is added (a contact, a rule, a field value).
 */
export function useFocusInvalid(form: RefObject<HTMLFormElement>, errors: FormErrors) {
  const pending = useRef(false);
  useLayoutEffect(() => {
    if (!pending.current || !form.current) return;
    pending.current = false;
    const selector = errors.contacts
      ? ".contact-picker input"
      : errors.matching
        ? '[data-focus="add"], [aria-controls="matching-editor"]'
        : "#fields-section input, #fields-section select, #popup-tags";
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>(selector);
    target?.focus();
  });
  return pending;
}
