/** What the content script hands over: a page can hold any number of contacts, the message cannot. */
import type { Contact, DetectionResult } from "./types";

/** The most contacts sent to the popup or the menu (ranked: the card's first, so no lead's contact is cut). */
export const MAX_CONTACTS = 2000;
/** The longest `display` sent; longer text is cut with an ellipsis. */
export const MAX_DISPLAY = 200;
/** The longest value a contact can have (an email's limit); a longer one is no contact. */
export const MAX_VALUE = 320;

/** The ranked result cut to `MAX_CONTACTS` (the rest counted in `more`), each `display` cut to `MAX_DISPLAY`. */
export function limitDetection(result: DetectionResult): DetectionResult {
  const usable = result.contacts.filter((c) => c.value.length > 0 && c.value.length <= MAX_VALUE);
  const kept = usable.slice(0, MAX_CONTACTS).map(truncateDisplay);
  const more = usable.length - kept.length;
  return { ...result, contacts: kept, ...(more > 0 ? { more } : {}) };
}

function truncateDisplay(contact: Contact): Contact {
  if (contact.display.length <= MAX_DISPLAY) return contact;
  return { ...contact, display: `${contact.display.slice(0, MAX_DISPLAY - 1)}…` };
}
