/** The popup's contacts: keys, formatting for reading, and the phone or email a person types by hand. */
import { z } from "zod";
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

/** Regions where a 10-digit number is a national number without its country code 7. */
const CODE_7_REGIONS = new Set(["RU", "KZ"]);

/**
 * A phone's digits as Calltouch stores them: `8XXXXXXXXXX` → `7XXXXXXXXXX`, and a 10-digit number of
 * a region of code 7 (`915 777-11-22`) gets its `7`. Other numbers keep their digits.
 */
export function normalisePhoneDigits(text: string, region = "RU"): string {
  const digits = text.replace(/\D/g, "");
  if (/^8\d{10}$/.test(digits)) return `7${digits.slice(1)}`;
  if (digits.length === 10 && CODE_7_REGIONS.has(region)) return `7${digits}`;
  return digits;
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
  return {
    ok: true,
    contact: { kind: "phone", value: normalisePhoneDigits(digits, region), inCard: false, manual: true },
  };
}
