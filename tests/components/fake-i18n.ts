/**
 * browser.i18n for tests (fakeBrowser leaves it unimplemented): answers from the real messages.json files
 * with Chrome's placeholder rules, so tests find the text a person reads.
 */
import { vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import en from "../../public/_locales/en/messages.json";
import ru from "../../public/_locales/ru/messages.json";

interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}
export type Messages = Record<string, MessageEntry>;

export const LOCALES: Record<"en" | "ru", Messages> = { en, ru };

/** Formats one message as `chrome.i18n.getMessage` does: `$NAME$` → placeholder content, `$1` → substitution. */
export function formatMessage(entry: MessageEntry, substitutions?: string | string[]): string {
  const subs =
    substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? "");
  const contents = new Map(
    Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [name.toLowerCase(), content]),
  );
  return entry.message.replace(/\$([\w@]+)\$/g, (match, name: string) => {
    const content = contents.get(name.toLowerCase());
    return content === undefined ? match : fill(content);
  });
}

/** Makes `browser.i18n` answer in `locale`; call after `fakeBrowser.reset()`. */
export function useFakeI18n(locale: "en" | "ru" = "en"): void {
  const messages = LOCALES[locale];
  const getMessage = (name: string, substitutions?: string | string[]) => {
    const entry = messages[name];
    return entry ? formatMessage(entry, substitutions) : "";
  };
  vi.spyOn(fakeBrowser.i18n, "getMessage").mockImplementation(
    getMessage as typeof fakeBrowser.i18n.getMessage,
  );
  vi.spyOn(fakeBrowser.i18n, "getUILanguage").mockReturnValue(locale === "en" ? "en-US" : "ru");
}
