/** Builds the `matching` list of a lead from its contacts: the popup's default and the presets' templates. */
import type { MatchingRow } from "./calltouch/schemas";
import type { MatchingTemplateRow } from "./storage";

/** The contacts a lead is matched by: phones as E.164 digits, emails in lower case. */
export interface LeadContacts {
  phones: string[];
  emails: string[];
}

/** The default: one `leadContact` row with every phone and email (Calltouch finds the call or the request). */
export const DEFAULT_TEMPLATE: readonly MatchingTemplateRow[] = [{ type: "leadContact" }];

/**
 * Fills a template with the lead's contacts. A row that cannot use them is left out (`callContact`
 * without phones); an empty result means the contacts cannot match anything.
 */
export function buildMatching(
  template: readonly MatchingTemplateRow[],
  contacts: LeadContacts,
): MatchingRow[] {
  const phones = contacts.phones.length > 0 ? { phones: [...contacts.phones] } : {};
  const emails = contacts.emails.length > 0 ? { emails: [...contacts.emails] } : {};
  const rows: MatchingRow[] = [];
  for (const row of template) {
    const common = {
      ...(row.searchDepth ? { searchDepth: row.searchDepth } : {}),
    };
    const tags = row.tags?.length
      ? { tags: row.tags, ...(row.tagsLogic ? { tagsLogic: row.tagsLogic } : {}) }
      : {};
    const pick = <K extends string>(key: K) =>
      (row.typeToMatch ? { [key]: row.typeToMatch } : {}) as Partial<Record<K, string>>;
    if (row.type === "leadContact" && (contacts.phones.length || contacts.emails.length)) {
      rows.push({
        type: "leadContact",
        leadContactParams: { ...phones, ...emails, ...common, ...tags, ...pick("leadTypeToMatch") },
      });
    } else if (row.type === "callContact" && contacts.phones.length) {
      rows.push({
        type: "callContact",
        callContactParams: { ...phones, ...common, ...tags, ...pick("callTypeToMatch") },
      });
    } else if (row.type === "requestContact" && (contacts.phones.length || contacts.emails.length)) {
      rows.push({
        type: "requestContact",
        requestContactParams: { ...phones, ...emails, ...common, ...pick("requestTypeToMatch") },
      });
    }
  }
  return rows;
}
