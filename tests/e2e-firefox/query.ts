/**
 * Finds controls as a person does: by their label, a button by its text, a message by its words. (Puppeteer's
 * `::-p-aria` selectors find nodes in Firefox that its locators then cannot act on, so the DOM is read here.)
 */
import type { ElementHandle, JSHandle, Page } from "puppeteer-core";

const WAIT = { polling: 50, timeout: 20_000 };

/**
 * Runs `find` in the page every 50 ms until it returns something truthy, and hands that back. Not puppeteer's
 * `waitForFunction`: when the first call finds nothing it polls through `new Function`, which the extension
 * pages' CSP blocks in Firefox ESR 140.12 ("call to Function() blocked by CSP"); a plain evaluate is allowed.
 */
async function poll<A, R>(
  page: Page,
  find: (arg: A) => R,
  arg: A,
  what: string,
  timeout = WAIT.timeout,
): Promise<JSHandle<R>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    // biome-ignore lint/suspicious/noExplicitAny: puppeteer's evaluateHandle overloads do not infer through a generic.
    const handle = (await page.evaluateHandle(find as any, arg)) as JSHandle<R>;
    if (await handle.evaluate((value) => Boolean(value))) return handle;
    await handle.dispose();
    if (Date.now() > deadline) throw new Error(`Waited ${timeout} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT.polling));
  }
}

/** The form control labelled `label` (its `<label>` holds the text, or its `aria-label` is it). */
export async function control(page: Page, label: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await poll(
    page,
    (wanted) => {
      for (const element of document.querySelectorAll("label")) {
        if (element.control && element.textContent?.trim().includes(wanted)) return element.control;
      }
      return document.querySelector(`[aria-label="${CSS.escape(wanted)}"]`);
    },
    label,
    `the control labelled “${label}”`,
  );
  return handle as ElementHandle<HTMLInputElement>;
}

/** The button whose text (or `aria-label`) is `name`. */
export async function button(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await poll(
    page,
    (wanted) =>
      [...document.querySelectorAll("button")].find(
        (b) => b.textContent?.trim() === wanted || b.getAttribute("aria-label") === wanted,
      ),
    name,
    `the button “${name}”`,
  );
  return handle as ElementHandle<HTMLButtonElement>;
}

/** Waits until `text` is shown on the page. */
export async function waitForText(page: Page, text: string | RegExp, timeout = WAIT.timeout): Promise<void> {
  const source = typeof text === "string" ? { text } : { pattern: text.source };
  const handle = await poll(
    page,
    (wanted: { text?: string; pattern: string }) => {
      // biome-ignore lint/performance/useDomNodeTextContent: the text shown, as a person reads it, is the point.
      const shown = document.body?.innerText ?? "";
      return wanted.text !== undefined ? shown.includes(wanted.text) : new RegExp(wanted.pattern).test(shown);
    },
    source as { text?: string; pattern: string },
    `the text “${text}”`,
    timeout,
  );
  await handle.dispose();
}

/** Replaces the value of the control labelled `label`, typing like a person. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const input = await control(page, label);
  await input.evaluate((element) => element.select());
  await input.type(value);
}
