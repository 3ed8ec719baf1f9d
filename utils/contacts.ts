/** The popup's contacts: keys, formatting for reading, and the phone or email a person types by hand. */
import { z } from "zod";
import { isSupportedRegion, normalisePhone } from "./detect/phone";
import type { ContactKind } from "./detect/types";
import type { LeadContacts } from "./matching";

/** A contact listed in the popup: detected on the page or typed by hand. */
export interface PopupContact {
  kind: ContactKind;
  /** A phone as E.164 digits without `+`; an email in lower case. */
  value: string;
  /** True when it came from the open lead card. */
  inCard: boolean;
  /** True when the user typed it. */
  manual?: boolean;
}

/** The contact's key, as the draft stores the selection: `phone:79157771122`, `email:a@b.ru`. */
export const contactKey = (contact: Pick<PopupContact, "kind" | "value">): string =>
  `${contact.kind}:${contact.value}`;

/** Parses a key written by `contactKey` back into a hand-typed contact; null when it is not one. */
export function contactFromKey(key: string): PopupContact | null {
  const match = /^(phone|email):(.+)$/.exec(key);
  if (!match) return null;
  const [, kind, value = ""] = match;
  if (kind === "phone" && /^\d{8,15}$/.test(value))
    return { kind: "phone", value, inCard: false, manual: true };
  if (kind === "email" && z.email().safeParse(value).success)
    return { kind: "email", value, inCard: false, manual: true };
  return null;
}

/**
 * A phone's digits as Calltouch stores them (E.164 without `+`), read by libphonenumber (utils/detect/phone.ts,
 * the one phone reader) for `region`: `8 915 777-11-22` → `79157771122`, `212 555 0100` in US → `12125550100`.
 * Null when it is no valid number of that region or an international one.
 */
export function phoneDigits(text: string, region: string): string | null {
  return normalisePhone(text, isSupportedRegion(region) ? region : DEFAULT_REGION);
}

/** A phone written for reading: `+7 915 777-11-22` for numbers of code 7, else `+` and the digits. */
export function formatPhone(digits: string): string {
  const ru = /^7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(digits);
  if (ru) return `+7 ${ru[1]} ${ru[2]}-${ru[3]}-${ru[4]}`;
  return /^\d+$/.test(digits) ? `+${digits}` : digits;
}

/** The contact as a person reads it. */
export const contactText = (contact: Pick<PopupContact, "kind" | "value">): string =>
  contact.kind === "phone" ? formatPhone(contact.value) : contact.value;

/** The phones and emails of the given contacts, in their order, for `buildMatching`. */
export function leadContactsOf(contacts: readonly PopupContact[]): LeadContacts {
  return {
    phones: contacts.filter((c) => c.kind === "phone").map((c) => c.value),
    emails: contacts.filter((c) => c.kind === "email").map((c) => c.value),
  };
}

/** The region of numbers written without a country code when the setting holds none the reader knows. */
const DEFAULT_REGION = "RU";

export type ManualContactError = "manualEmpty" | "manualPhone" | "manualEmail";

/** What the user typed in "Add a phone or email": a contact, or why it is not one. */
export type ManualContactResult =
  | { ok: true; contact: PopupContact }
  | { ok: false; error: ManualContactError };

const PHONE_CHARS = /^\+?[\d\s().\u00a0\u2010-\u2013-]+$/;

/** Reads a hand-typed phone (10 to 15 digits) or email. */
export function parseManualContact(text: string, region = "RU"): ManualContactResult {
  const input = text.trim();
  if (!input) return { ok: false, error: "manualEmpty" };
  if (input.includes("@")) {
    const email = input.toLowerCase();
    return z.email().safeParse(email).success
      ? { ok: true, contact: { kind: "email", value: email, inCard: false, manual: true } }
      : { ok: false, error: "manualEmail" };
  }
  const digits = input.replace(/\D/g, "");
  if (!PHONE_CHARS.test(input) || digits.length < 10 || digits.length > 15)
    return { ok: false, error: "manualPhone" };
  const value = phoneDigits(input, region);
  return value
    ? { ok: true, contact: { kind: "phone", value, inCard: false, manual: true } }
    : { ok: false, error: "manualPhone" };
}
