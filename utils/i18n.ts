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

/** The base names of messages written per plural form: `<base>One`, `<base>Few`, `<base>Many`, `<base>Other`. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}Other`
    ? `${Base}One` | `${Base}Few` | `${Base}Many` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

const PLURAL_SUFFIX: Record<Intl.LDMLPluralRule, string> = {
  zero: "Other",
  one: "One",
  two: "Other",
  few: "Few",
  many: "Many",
  other: "Other",
};

/**
 * A message whose words agree with `count` (`Send 1 row`, `Отправить 5 строк`): the form that
 * `Intl.PluralRules` picks for the UI language (English uses One and Other, its Few and Many repeat
 * Other). `count` is `$1`, `more` are `$2`… .
 */
export function plural(key: PluralKey, count: number, more: readonly string[] = []): string {
  const suffix = PLURAL_SUFFIX[new Intl.PluralRules(uiLanguage()).select(count)];
  return t(`${key}${suffix}` as MessageKey, [String(count), ...more]);
}
