/**
 * What a lead gets: custom fields, tags and a comment, all with the same matching, as the operations the
 * queue takes. One builder for the popup, the context menu and CSV rows, so the three send the same shape. Pure.
 */
import {
  type CustomField,
  type LeadOperation,
  LeadOperationSchema,
  type MatchingRow,
} from "./calltouch/schemas";

/** The longest label the queue stores with an op (the enqueue message's schema refuses longer ones). */
export const MAX_LABEL_LENGTH = 500;

/** What a lead gets, already read: matching rows, field values, tag names and the comment. */
export interface LeadContent {
  matching: readonly MatchingRow[];
  fields: readonly CustomField[];
  /** `addCustomFields.overwrite`. */
  overwrite: boolean;
  tags: readonly string[];
  /** `addTags.overwrite`. */
  tagsOverwrite: boolean;
  /** Trimmed here; blank: no comment op. */
  comment: string;
}

/** Why no operation can be built: no matching, nothing to add, or an op the schema refuses (`path`: where). */
export type LeadOperationsIssue =
  | { code: "noMatching" }
  | { code: "nothingToAdd" }
  | { code: "rejected"; path: string; message: string };

export type LeadOperationsResult =
  | { ok: true; operations: LeadOperation[] }
  | { ok: false; issue: LeadOperationsIssue };

/**
 * One op per filled part, in the order fields, tags, comment, each checked by `LeadOperationSchema`
 * (the background refuses a whole message for one bad op, so a bad op is caught here, where it is made).
 */
export function buildLeadOperations(content: LeadContent): LeadOperationsResult {
  const matching = [...content.matching];
  if (matching.length === 0) return { ok: false, issue: { code: "noMatching" } };
  const comment = content.comment.trim();
  const candidates: LeadOperation[] = [];
  if (content.fields.length) {
    candidates.push({
      method: "customFields",
      item: {
        matching,
        addCustomFields: { overwrite: content.overwrite, customFields: [...content.fields] },
      },
    });
  }
  if (content.tags.length) {
    candidates.push({
      method: "tags",
      item: {
        matching,
        addTags: { overwrite: content.tagsOverwrite, tags: content.tags.map((tag) => ({ tag })) },
      },
    });
  }
  if (comment) candidates.push({ method: "comment", item: { matching, addComment: comment } });
  if (candidates.length === 0) return { ok: false, issue: { code: "nothingToAdd" } };

  const operations: LeadOperation[] = [];
  for (const candidate of candidates) {
    const parsed = LeadOperationSchema.safeParse(candidate);
    if (!parsed.success) {
      const [first] = parsed.error.issues;
      return {
        ok: false,
        issue: { code: "rejected", path: first?.path.join(".") ?? "", message: first?.message ?? "" },
      };
    }
    operations.push(parsed.data);
  }
  return { ok: true, operations };
}

/** A refused op in one line, as the pages show it: `item.addComment: Too big`. */
export function rejectionText(issue: Extract<LeadOperationsIssue, { code: "rejected" }>): string {
  return `${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
}

/** Tags typed or written comma-separated: trimmed, blanks and repeats dropped, in order. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** What a person recognises the lead by in the history (its contacts or IDs), cut to what the queue stores. */
export function leadLabel(parts: readonly string[], separator = ", "): string {
  return parts.join(separator).slice(0, MAX_LABEL_LENGTH);
}
