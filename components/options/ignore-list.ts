/** "My numbers and emails" as typed in a textarea, one per line. */
import { type CountryCode, normaliseContactValue } from "../../utils/detect";

const MIN_PHONE_DIGITS = 10;
const MAX_PHONE_DIGITS = 15;

export interface IgnoreListText {
  /** The valid lines, trimmed, each phone or email once (the first spelling is kept). */
  entries: string[];
  /** 1-based numbers of the lines that are neither a phone nor an email. */
  invalidLines: number[];
}

/**
 * Reads the textarea: a line is an email, or a phone of 10 to 15 digits that the detector reads as a
 * phone in `region` (an entry it cannot read would never match anything). Blank lines are skipped.
 */
export function parseIgnoreList(text: string, region: CountryCode): IgnoreListText {
  const entries: string[] = [];
  const invalidLines: number[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const contact = readContact(line, region);
    if (!contact) {
      invalidLines.push(index + 1);
      return;
    }
    if (seen.has(contact)) return;
    seen.add(contact);
    entries.push(line);
  });
  return { entries, invalidLines };
}

/** The normal form of one line, or null. */
function readContact(line: string, region: CountryCode): string | null {
  if (!line.includes("@")) {
    const digits = line.replace(/\D/g, "").length;
    if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return null;
  }
  try {
    return normaliseContactValue(line, region)?.value ?? null;
  } catch {
    // An unknown region makes the phone parser throw: the line cannot be read.
    return null;
  }
}
