/**
 * Finds controls as a person does: by their label, a button by its text, a message by its words. (Puppeteer's
 * `::-p-aria` selectors find nodes in Firefox that its locators then cannot act on, so the DOM is read here.)
 */
import type { ElementHandle, Page } from "puppeteer-core";

const WAIT = { polling: 50, timeout: 20_000 };

/** The form control labelled `label` (its `<label>` holds the text, or its `aria-label` is it). */
export async function control(page: Page, label: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await page.waitForFunction(
    (wanted) => {
      for (const element of document.querySelectorAll("label")) {
        if (element.control && element.textContent?.trim().includes(wanted)) return element.control;
      }
      return document.querySelector(`[aria-label="${CSS.escape(wanted)}"]`);
    },
    WAIT,
    label,
  );
  return handle as ElementHandle<HTMLInputElement>;
}

/** The button whose text (or `aria-label`) is `name`. */
export async function button(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await page.waitForFunction(
    (wanted) =>
      [...document.querySelectorAll("button")].find(
        (b) => b.textContent?.trim() === wanted || b.getAttribute("aria-label") === wanted,
      ),
    WAIT,
    name,
  );
  return handle as ElementHandle<HTMLButtonElement>;
}

/** Waits until `text` is shown on the page. */
export async function waitForText(page: Page, text: string | RegExp, timeout = WAIT.timeout): Promise<void> {
  const source = typeof text === "string" ? { text } : { pattern: text.source };
  await page.waitForFunction(
    (wanted) => {
      // biome-ignore lint/performance/useDomNodeTextContent: the text shown, as a person reads it, is the point.
      const shown = document.body?.innerText ?? "";
      return wanted.text !== undefined ? shown.includes(wanted.text) : new RegExp(wanted.pattern).test(shown);
    },
    { ...WAIT, timeout },
    source as { text?: string; pattern: string },
  );
}

/** Replaces the value of the control labelled `label`, typing like a person. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const input = await control(page, label);
  await input.evaluate((element) => element.select());
  await input.type(value);
}
