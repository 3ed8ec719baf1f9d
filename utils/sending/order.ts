/** Which ops must reach a lead in the order they were queued. */
import type { LeadItem, Method } from "../calltouch/schemas";

/**
 * The key shared by ops that write the same thing to the same lead: the method, the matching rows and,
 * for custom fields, the field names. Ops with one key are sent one at a time, oldest first, so an older
 * value retried after a newer one never lands last. A hash keeps the index small; a collision only makes
 * two unrelated ops wait for each other.
 */
export function orderKeyOf({ method, item }: { method: Method; item: LeadItem }): string {
  const fields =
    "addCustomFields" in item ? (item.addCustomFields?.customFields ?? []).map((f) => f.field) : [];
  return `${method}:${hash(JSON.stringify([item.matching, fields.sort()]))}`;
}

/** cyrb53: a fast 53-bit string hash, as a base-36 string. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
