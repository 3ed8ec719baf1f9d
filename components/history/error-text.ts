/**
 * A history row's error as a person reads it: a short sentence first, the raw text behind a toggle. The
 * rows carry only the error's text (not its kind), so the messages our own client writes are recognised
 * by their wording; anything else is shortened, never translated.
 */
import { type MessageKey, t } from "../../utils/i18n";

/** Longest summary, in characters; the raw text stays in the details. */
export const SUMMARY_MAX = 140;
/** A word longer than this is a token (a URL, an ID, a JSON run) that may break anywhere. */
export const LONG_TOKEN = 30;

/** Fixed messages of utils/calltouch/client.ts (and the browser's fetch), each with its sentence. */
const KNOWN: readonly [RegExp, MessageKey][] = [
  [/^(Failed to fetch|NetworkError\b|Load failed)/, "historyErrorNetwork"],
  [/^The API did not answer in time\./, "historyErrorTimeout"],
  [/^Too many requests\./, "historyErrorRateLimited"],
  [/^The daily API points are spent\./, "historyErrorQuota"],
  [/^The answer does not match the API's schema/, "historyErrorUnreadable"],
];
const HTTP_STATUS = /^Calltouch answered HTTP (\d{3})\.$/;

/** Where a JSON dump starts in a message (`{"`, `[{`, `{}`, …). */
const JSON_START = /[{[]\s*["{[\]}]/;
const JSON_MESSAGE = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The short sentence for `raw`: a known message in the user's language, else its text before any JSON, shortened. */
export function errorSummary(raw: string): string {
  const text = raw.trim().replace(/\s+/g, " ");
  const status = HTTP_STATUS.exec(text);
  if (status) return t("historyErrorHttp", status[1]);
  for (const [pattern, key] of KNOWN) if (pattern.test(text)) return t(key);
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
