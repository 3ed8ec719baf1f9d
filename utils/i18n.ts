/** UI strings from `public/_locales`, typed by the English file (the default locale). */
import { browser } from "wxt/browser";
import type en from "../public/_locales/en/messages.json";

/** A message name that exists in `public/_locales/en/messages.json`. */
export type MessageKey = keyof typeof en;

// WXT's generated overloads of getMessage lag behind messages.json until `wxt prepare` runs again;
// MessageKey is derived from the file itself, so a plain signature is enough here.
type GetMessage = (name: string, substitutions?: string | string[]) => string;

function lookup(name: string, substitutions?: string | string[]): string {
  try {
    return (browser.i18n.getMessage as unknown as GetMessage)(name, substitutions);
  } catch {
    return "";
  }
}

/** The message in the browser's UI language; the key itself when the message is missing, never blank. */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return lookup(key, substitutions) || key;
}

/**
 * The text for an error code from a schema (`siteIdDigits` → message `errorSiteIdDigits`).
 * Text that is not a known code (e.g. a message from the background) is returned as is.
 */
export function errorText(code: string, substitutions?: string | string[]): string {
  if (!/^\w+$/.test(code)) return code;
  return lookup(`error${code.charAt(0).toUpperCase()}${code.slice(1)}`, substitutions) || code;
}

/** The browser's UI language (`en-US`, `ru`), for `<html lang>` and date formatting. */
export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage() || "en";
  } catch {
    return "en";
  }
}

/** A date and time written for the user's UI language. */
export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "medium", timeStyle: "short" }).format(epochMs);
}
