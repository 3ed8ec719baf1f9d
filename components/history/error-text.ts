/** Server text as the history page shows it: Calltouch's words shortened, and long tokens that may break. */
import { t } from "../../utils/i18n";

/** Longest summary, in characters; the raw text stays in the details. */
export const SUMMARY_MAX = 140;
/** A word longer than this is a token (a URL, an ID, a JSON run) that may break anywhere. */
export const LONG_TOKEN = 30;

/** Where a JSON dump starts in a message (`{"`, `[{`, `{}`, …). */
const JSON_START = /[{[]\s*["{[\]}]/;
const JSON_MESSAGE = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * Calltouch's own words from a pause's message, short: the text before any JSON dump (or the dump's first
 * `message`), cut at a word. Translating known messages is utils/op-error-text.ts's job; this keeps the
 * server's words for "Calltouch said: …".
 */
export function serverWords(raw: string): string {
  const text = raw.trim().replace(/\s+/g, " ");
  const json = text.search(JSON_START);
  const head = (json >= 0 ? text.slice(0, json) : text).replace(/[\s:;,—-]+$/, "");
  return shorten(head || messageInJson(text.slice(Math.max(json, 0))) || t("historyErrorUnreadable"));
}

/** The first `"message": "…"` of a (possibly cut) JSON text. */
function messageInJson(json: string): string | null {
  const found = JSON_MESSAGE.exec(json)?.[1];
  if (!found) return null;
  try {
    return JSON.parse(`"${found}"`) as string;
  } catch {
    return found;
  }
}

/** `text` cut at a word boundary to at most SUMMARY_MAX characters, with an ellipsis when cut. */
function shorten(text: string): string {
  if (text.length <= SUMMARY_MAX) return text;
  const cut = text.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** `text` in runs of prose and long tokens (`long: true`), so that only the tokens may break mid-word. */
export function splitLongTokens(text: string): { text: string; long: boolean }[] {
  const parts: { text: string; long: boolean }[] = [];
  for (const piece of text.split(/(\s+)/)) {
    if (piece === "") continue;
    const long = piece.length > LONG_TOKEN;
    const last = parts.at(-1);
    if (last && !last.long && !long) last.text += piece;
    else parts.push({ text: piece, long });
  }
  return parts;
}
