/** Email addresses in text and in mailto: links. */
import { safeDecode } from "./decode";

/** Receives each email found: lower case, and the text as written. */
export type EmailSink = (value: string, display: string) => void;

// Letters of any script on both sides (`почта@пример.рф`); the top-level domain is letters only.
const ONE_EMAIL =
  /^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}$/u;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}.-]/u;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
// `logo@2x.png` and friends: asset names that look like addresses.
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|css|js|json|html?)$/i;

/**
 * Calls `sink` for every email address in `text`. It grows each `@` into the longest address around it
 * and checks that with an anchored regex: a regex searching the whole text would backtrack for seconds
 * on a long run of letters after an `@`.
 */
export function findEmails(text: string, sink: EmailSink): void {
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    const display = addressAround(text, at);
    if (ONE_EMAIL.test(display) && isPlausible(display)) sink(display.toLowerCase(), display);
  }
}

/** The address in lower case, or null when the text is not one email address. */
export function normaliseEmail(input: string): string | null {
  const email = input
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  return email.length <= MAX_LOCAL + MAX_DOMAIN + 1 && ONE_EMAIL.test(email) && isPlausible(email)
    ? email
    : null;
}

/** The characters an address may have on each side of the `@` at `at`, without punctuation at the ends. */
function addressAround(text: string, at: number): string {
  let start = at;
  while (start > 0 && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1] as string)) start--;
  while (start < at && "._%+-".includes(text[start] as string)) start++;
  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN_CHAR.test(text[end] as string)) end++;
  while (end > at + 1 && ".-".includes(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

function isPlausible(email: string): boolean {
  const at = email.indexOf("@");
  return email[at - 1] !== "." && !email.includes("..") && !FILE_SUFFIX.test(email);
}

/** The addresses of a `mailto:` href (`mailto:a@x.ru,b@x.ru?subject=…`). */
export function mailtoAddresses(href: string): string[] {
  const list = href.replace(/^mailto:/i, "").split("?")[0] ?? "";
  return safeDecode(list)
    .split(/[,;]/)
    .map((part) => part.trim());
}
