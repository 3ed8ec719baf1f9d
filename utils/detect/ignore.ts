/** "My numbers": the ignore list, normalised the way detected contacts are. */
import { normaliseEmail } from "./email";
import { normalisePhone } from "./phone";
import type { ContactKind, CountryCode } from "./types";

/** One phone or email in its normal form (`79157771122`, `info@company.ru`), or null if it is neither. */
export function normaliseContactValue(
  input: string,
  region: CountryCode = "RU",
): { kind: ContactKind; value: string } | null {
  const text = input.trim();
  if (text.includes("@")) {
    const email = normaliseEmail(text);
    return email ? { kind: "email", value: email } : null;
  }
  const phone = normalisePhone(text, region);
  return phone ? { kind: "phone", value: phone } : null;
}

/** The normal values of the ignore list's entries; entries that are neither a phone nor an email drop out. */
export function createIgnoreSet(entries: readonly string[], region: CountryCode): Set<string> {
  const values = new Set<string>();
  for (const entry of entries) {
    const contact = normaliseContactValue(entry, region);
    if (contact) values.add(contact.value);
  }
  return values;
}
