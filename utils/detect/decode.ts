/** Percent-decoding of hrefs written by web pages: a malformed escape must not throw. */

/** `text` percent-decoded, or as it is when its escapes are malformed (`tel:%E0%A4%A`). */
export function safeDecode(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
