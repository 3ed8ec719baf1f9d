/** Turns CSV rows into lead operations, or says why a row cannot be sent. Pure. */

import { LIMITS } from "../calltouch/limits";
import type { CustomField, LeadOperation, MatchingRow, Method } from "../calltouch/schemas";
import { formatPhone } from "../contacts";
import type { CsvRow, ParsedCsv } from "../csv/parse";
import type { FieldErrorCode } from "../custom-fields";
import type { CountryCode } from "../detect/types";
import { buildLeadOperations, leadLabel, parseTags, rejectionText } from "../lead-operations";
import { type Catalogue, MAX_COMMENT_LENGTH } from "../storage";
import { type ColumnRole, fieldOfRole } from "./mapping";
import { readEmails, readFieldValue, readId, readMatchingDate, readPhones } from "./values";

/** How the rows of one import are read. Stored with the job, so the same plan can be rebuilt later. */
export interface ImportSettings {
  /** One role per column. */
  roles: ColumnRole[];
  /** The catalogue's fields (at least those the roles name). */
  catalogue: Catalogue;
  /** `addCustomFields.overwrite` for every lead of the import. */
  overwrite: boolean;
  /** Region of phone numbers written without a country code. */
  region: CountryCode;
}

/** Why a row cannot be sent; `column` is the index of the column the value came from. */
export type RowIssue =
  | { code: "fieldCount"; found: number; expected: number }
  | { code: "quotes" }
  | { code: "noContact" }
  | { code: "phone" | "email" | "date" | "callId" | "requestId"; column: number; value: string }
  | { code: "fieldValue"; column: number; value: string; expected: FieldErrorCode }
  | { code: "tooManyTags"; column: number; count: number; max: number }
  | { code: "tooLong"; column: number; length: number; max: number }
  | { code: "nothingToAdd" }
  | { code: "rejected"; message: string };
export type RowIssueCode = RowIssue["code"];

/** A row that can be sent: up to one operation per method, all matching the same lead. */
export interface RowPlan {
  index: number;
  ops: LeadOperation[];
  /** What a person recognises the lead by in the history: its contacts or IDs. */
  label: string;
}

export type RowCheck = { ok: true; plan: RowPlan } | { ok: false; index: number; issues: RowIssue[] };

/** The longest cell read: the longest comment anything sends; a longer cell is a mistake (or a 10 MB attack). */
const MAX_CELL_LENGTH = MAX_COMMENT_LENGTH;

/**
 * Reads one row: the matching list in priority order (call ID, request ID, then phone/email with the
 * date), and the operations (custom fields, tags, comment). Every problem of the row is reported.
 */
export function checkRow(row: CsvRow, settings: ImportSettings): RowCheck {
  // The values of a broken row are not where the header says: its other problems would be noise.
  if (row.defect?.kind === "quotes") return { ok: false, index: row.index, issues: [{ code: "quotes" }] };
  if (row.defect) {
    const { found, expected } = row.defect;
    return { ok: false, index: row.index, issues: [{ code: "fieldCount", found, expected }] };
  }
  const issues: RowIssue[] = [];

  let callId: number | string | null = null;
  let requestId: number | string | null = null;
  let date: string | null = null;
  const phones: string[] = [];
  const emails: string[] = [];
  const fields: CustomField[] = [];
  const tags: string[] = [];
  let comment = "";
  for (const [column, role] of settings.roles.entries()) {
    const value = row.cells[column] ?? "";
    if (role === "ignore" || !value.trim()) continue;
    if (value.length > MAX_CELL_LENGTH) {
      issues.push({ code: "tooLong", column, length: value.length, max: MAX_CELL_LENGTH });
      continue;
    }
    const bad = (code: "phone" | "email" | "date" | "callId" | "requestId", text = value) =>
      issues.push({ code, column, value: text });
    switch (role) {
      case "phone":
      case "email": {
        const read = role === "phone" ? readPhones(value, settings.region) : readEmails(value);
        for (const text of read.invalid) bad(role, text);
        const list = role === "phone" ? phones : emails;
        for (const v of read.values) if (!list.includes(v)) list.push(v);
        continue;
      }
      case "date":
        date = readMatchingDate(value);
        if (date === null) bad("date", value.trim());
        continue;
      case "callId":
      case "requestId": {
        const id = readId(value);
        if (id === null) bad(role, value.trim());
        else if (role === "callId") callId = id;
        else requestId = id;
        continue;
      }
      case "tags":
        for (const tag of parseTags(value)) if (!tags.includes(tag)) tags.push(tag);
        if (tags.length > LIMITS.maxTags)
          issues.push({ code: "tooManyTags", column, count: tags.length, max: LIMITS.maxTags });
        continue;
      case "comment":
        comment = comment ? `${comment}\n${value.trim()}` : value.trim();
        continue;
    }
    const apiName = fieldOfRole(role);
    const field = settings.catalogue.find((f) => f.apiName === apiName);
    if (!field) continue;
    const read = readFieldValue(field, value);
    if (read.ok) fields.push({ field: field.apiName, value: read.value });
    else issues.push({ code: "fieldValue", column, value: value.trim(), expected: read.error });
  }

  const matching: MatchingRow[] = [];
  if (callId !== null) matching.push({ type: "call", callParams: { callId } });
  if (requestId !== null) matching.push({ type: "request", requestParams: { requestId } });
  if (phones.length || emails.length) {
    matching.push({
      type: "leadContact",
      leadContactParams: {
        ...(phones.length ? { phones } : {}),
        ...(emails.length ? { emails } : {}),
        ...(date !== null ? { date } : {}),
      },
    });
  }
  const unreadContact = issues.some((i) => ["phone", "email", "callId", "requestId"].includes(i.code));
  if (matching.length === 0 && !unreadContact) issues.push({ code: "noContact" });
  const unreadValue = issues.some((i) => i.code === "fieldValue" || i.code === "tooLong");
  if (!fields.length && !tags.length && !comment && !unreadValue) issues.push({ code: "nothingToAdd" });
  if (issues.length) return { ok: false, index: row.index, issues };

  // The background checks every op of a message and refuses the whole message for one bad op.
  const built = buildLeadOperations({
    matching,
    fields,
    overwrite: settings.overwrite,
    tags,
    tagsOverwrite: false,
    comment,
  });
  if (!built.ok) {
    const message = built.issue.code === "rejected" ? rejectionText(built.issue) : built.issue.code;
    return { ok: false, index: row.index, issues: [{ code: "rejected", message }] };
  }
  const ops = built.operations;
  const label = leadLabel([
    ...(callId !== null ? [`#${callId}`] : []),
    ...(requestId !== null ? [`#${requestId}`] : []),
    ...phones.map(formatPhone),
    ...emails,
  ]);
  return { ok: true, plan: { index: row.index, ops, label } };
}

/** Every row of the file checked, in order. */
export function checkRows(parsed: ParsedCsv, settings: ImportSettings): RowCheck[] {
  return parsed.rows.map((row) => checkRow(row, settings));
}

/** How many rows have each issue, with the first few row numbers for each. */
export interface IssueSummary {
  valid: number;
  invalid: number;
  byCode: { code: RowIssueCode; rows: number; lines: number[] }[];
}

/** Counts the checks by outcome and issue; `lines` holds up to `sample` row numbers per issue. */
export function summarizeChecks(parsed: ParsedCsv, checks: readonly RowCheck[], sample = 5): IssueSummary {
  const byCode = new Map<RowIssueCode, { rows: number; lines: number[] }>();
  let valid = 0;
  for (const check of checks) {
    if (check.ok) {
      valid++;
      continue;
    }
    const line = parsed.rows[check.index]?.line ?? 0;
    for (const code of new Set(check.issues.map((i) => i.code))) {
      const entry = byCode.get(code) ?? { rows: 0, lines: [] };
      entry.rows++;
      if (entry.lines.length < sample) entry.lines.push(line);
      byCode.set(code, entry);
    }
  }
  return {
    valid,
    invalid: checks.length - valid,
    byCode: [...byCode].map(([code, entry]) => ({ code, ...entry })).sort((a, b) => b.rows - a.rows),
  };
}

/** One enqueue message's worth of operations, all of one method (a request carries one method). */
export interface OpChunk {
  method: Method;
  entries: { row: number; operation: LeadOperation; label: string }[];
}

/** The size of one enqueue message. */
export const CHUNK_SIZE = 500;
const METHOD_ORDER: readonly Method[] = ["customFields", "tags", "comment"];

/**
 * The operations of the sendable rows in enqueue messages: method by method, rows in file order.
 * Deterministic: the same checks always give the same chunks (a restarted import relies on it).
 */
export function planChunks(checks: readonly RowCheck[], size = CHUNK_SIZE): OpChunk[] {
  const chunks: OpChunk[] = [];
  for (const method of METHOD_ORDER) {
    let chunk: OpChunk | null = null;
    for (const check of checks) {
      if (!check.ok) continue;
      const operation = check.plan.ops.find((op) => op.method === method);
      if (!operation) continue;
      if (!chunk || chunk.entries.length >= size) {
        chunk = { method, entries: [] };
        chunks.push(chunk);
      }
      chunk.entries.push({ row: check.plan.index, operation, label: check.plan.label });
    }
  }
  return chunks;
}

/**
 * Rows whose every operation is handed to the background, when the first `queuedChunks` of `chunks` are:
 * a row counts once its last method is queued (the chunks go method by method).
 */
export function rowsHandedOver(
  chunks: readonly OpChunk[],
  queuedChunks: number,
  sendableRows: number,
): number {
  const pending = new Set<number>();
  for (const chunk of chunks.slice(queuedChunks)) for (const entry of chunk.entries) pending.add(entry.row);
  return Math.max(0, sendableRows - pending.size);
}
