/**
 * What the pages read of the queue: pages of ops, the history search and its rows, a job's progress.
 * Page-facing types live here so that the protocol (utils/messaging.ts) does not import the queue.
 */
import type { IDBPDatabase, IDBPIndex } from "idb";
import type { z } from "zod";
import type { LeadItem, Method } from "../calltouch/schemas";
import type { TaggerDB } from "../db";
import type { HistoryQuerySchema } from "../messaging-schemas";
import { parseStored } from "../parse-stored";
import { type OpError, type OpRecord, OpRecordSchema, type OpSource, type OpState } from "./types";

export interface PageQuery {
  limit: number;
  state?: OpState;
  /** Cursor: only ops with a smaller id (pass the last id of the previous page). */
  before?: number;
  /** Ops to skip after `before` (numbered pages). */
  offset?: number;
}

export interface OpPage {
  items: OpRecord[];
  /** `before` for the next page; absent on the last page. */
  next?: number;
  /** Ids of the records examined that do not parse (damaged or tampered): not among `items`. */
  unreadable: number[];
}

/**
 * A search of the history: newest first, filtered, read in bounded steps. The history page's query (see
 * `HistoryQuerySchema`), plus the most ops one call examines (default `SEARCH_SCAN_LIMIT`).
 */
export type HistoryQuery = z.infer<typeof HistoryQuerySchema> & { scanLimit?: number };

export interface HistoryPage {
  items: OpRecord[];
  /** `before` for the next call; absent when nothing older can match. */
  next?: number;
  /** True when the scan stopped at its limit before `limit` ops matched: more may match from `next` on. */
  partial?: boolean;
  /** Ops examined by this call. */
  scanned: number;
  /** Of those, records that do not parse (damaged or tampered): left out, and counted so the page says so. */
  unreadable: number;
}

/** One job's counts by state, and whether the user paused it. */
export interface JobProgress {
  jobId: string;
  total: number;
  counts: Record<OpState, number>;
  paused: boolean;
}

/** Ops one search call examines at most: a call stays short however large the history is. */
const SEARCH_SCAN_LIMIT = 5000;

/** The part of an idb cursor that paging needs, whether it walks the store or an index. */
interface OpCursor {
  /** As stored: parsed with `parseOp` before use. */
  value: unknown;
  /** The op's id. */
  primaryKey: number;
  continue(): Promise<OpCursor | null>;
  advance(count: number): Promise<OpCursor | null>;
}

/**
 * A stored op parsed with its schema, or null (the reason logged) when the record does not fit it: a
 * damaged or tampered record is left out of what the pages show instead of breaking them.
 */
export function parseOp(stored: unknown, id: number): OpRecord | null {
  return parseStored(OpRecordSchema, stored, `ops/${id}`);
}

/** Up to `limit` ops from `cursor` on; `next` (the last examined id) when the cursor has more. */
export async function collectPage(cursor: OpCursor | null, limit: number): Promise<OpPage> {
  const items: OpRecord[] = [];
  const unreadable: number[] = [];
  let lastId: number | undefined;
  while (cursor && items.length < limit) {
    const op = parseOp(cursor.value, cursor.primaryKey);
    if (op) items.push(op);
    else unreadable.push(cursor.primaryKey);
    lastId = cursor.primaryKey;
    cursor = await cursor.continue();
  }
  return cursor && lastId !== undefined ? { items, next: lastId, unreadable } : { items, unreadable };
}

/** Ops newest first (by id), optionally of one state. */
export async function readPage(
  db: IDBPDatabase<TaggerDB>,
  { limit, state, before, offset = 0 }: PageQuery,
): Promise<OpPage> {
  const tx = db.transaction("ops");
  let cursor: OpCursor | null = state
    ? await openStateCursor(tx.store.index("by-state"), state, before)
    : await tx.store.openCursor(before === undefined ? null : IDBKeyRange.upperBound(before, true), "prev");
  if (cursor && offset > 0) cursor = await cursor.advance(offset);
  return collectPage(cursor, limit);
}

type StateIndex = IDBPIndex<TaggerDB, ["ops"], "ops", "by-state", "readonly">;

async function openStateCursor(index: StateIndex, state: OpState, before: number | undefined) {
  const cursor = await index.openCursor(state, "prev");
  // The index orders equal keys by id, so a jump by primary key lands exactly below `before`.
  if (cursor && before !== undefined && cursor.primaryKey >= before) {
    return cursor.continuePrimaryKey(state, before - 1);
  }
  return cursor;
}

/** One custom field an op writes: its API name (the page names it by the catalogue's label) and value. */
export interface RowField {
  name: string;
  value: string;
}

/** Why an op failed, as the engine recorded it (see `OpError`): what the page words and highlights. */
export interface RowFailure {
  kind: OpError["kind"];
  /** For validation errors: where in the item the problem is (`addCustomFields.customFields[0].value`). */
  fieldPath: string | null;
  message: string;
}

/** One row of the history as the history page shows it: the op without its full request item. */
export interface HistoryRow {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** The lead's contacts, as labelled when queued. */
  label: string;
  method: Method;
  /** The custom fields written, in the order sent; empty for tags and comments. */
  fields: RowField[];
  /** What was sent, in short and language-neutral: the tags, the comment, or `field=value; …`. */
  sent: string;
  state: OpState;
  matchedType: string | null;
  callId: string | null;
  requestId: string | null;
  /** Why the op failed, structured; null when it did not (or failed before errors had kinds). */
  failure: RowFailure | null;
  /** The text of `failure`, or what Calltouch said about a lead it found but did not change. */
  error: string | null;
  /** Requests that carried the op and left. */
  attempts: number;
  /** For a queued op: the time before which it is not sent (a retry's backoff); null otherwise. */
  notBefore: number | null;
  source: OpSource;
}

const SENT_MAX_LENGTH = 200;

/** The row the history page shows for `op`. */
export function toHistoryRow(op: OpRecord): HistoryRow {
  return {
    id: op.id,
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
    label: op.label,
    method: op.method,
    fields: fieldsOf(op.item),
    sent: summarizeItem(op.item),
    state: op.state,
    matchedType: op.result?.matchedType ?? null,
    callId: op.result?.callInfo?.callId ?? null,
    requestId: op.result?.requestInfo?.requestId ?? null,
    failure: op.error
      ? { kind: op.error.kind, fieldPath: op.error.fieldPath ?? null, message: op.error.message }
      : null,
    error: op.error?.message ?? op.result?.error ?? null,
    attempts: op.attempts,
    notBefore: op.state === "queued" ? op.notBefore : null,
    source: op.source,
  };
}

/** The custom fields of an item, each value shortened like `sent`. */
function fieldsOf(item: LeadItem): RowField[] {
  if ("addComment" in item || "addTags" in item) return [];
  return (item.addCustomFields?.customFields ?? []).map((f) => ({
    name: f.field,
    value: shorten(String(f.value)),
  }));
}

/** What an item adds to the lead, in one short line (language-neutral: API names and values). */
function summarizeItem(item: LeadItem): string {
  if ("addComment" in item) return shorten(item.addComment);
  if ("addTags" in item) return shorten(item.addTags.tags.map(({ tag }) => tag).join(", "));
  return shorten(
    fieldsOf(item)
      .map((f) => `${f.name}=${f.value}`)
      .join("; "),
  );
}

function shorten(text: string): string {
  return text.length > SENT_MAX_LENGTH ? `${text.slice(0, SENT_MAX_LENGTH - 1)}…` : text;
}

/** Characters of a phone or an ID as people type them: such a query also matches by digits alone. */
const NUMBER_QUERY = /^[\d\s()+.-]+$/;
/** A run of digits with the separators phones are written with (`+7 (915) 777-11-22`). */
const NUMBER_RUN = /\d[\d\s().-]*\d|\d/g;

/** The test of `HistoryQuery.text`: label text, or the digits of a phone or ID in the label, item or result. */
function createTextMatcher(text: string | undefined): (op: OpRecord) => boolean {
  const needle = text?.trim().toLowerCase() ?? "";
  if (!needle) return () => true;
  const digits = NUMBER_QUERY.test(needle) ? needle.replace(/\D/g, "") : "";
  return (op) =>
    op.label.toLowerCase().includes(needle) ||
    (digits !== "" && numbersOf(op).some((number) => number.includes(digits)));
}

/** The digits of every phone and ID an op names: in its label, its matching and Calltouch's answer. */
function numbersOf(op: OpRecord): string[] {
  const numbers = (op.label.match(NUMBER_RUN) ?? []).map((run) => run.replace(/\D/g, ""));
  for (const row of op.item.matching) {
    if (row.type === "call") numbers.push(String(row.callParams.callId));
    if (row.type === "request") numbers.push(String(row.requestParams.requestId));
  }
  const { callInfo, requestInfo } = op.result ?? {};
  for (const id of [
    callInfo?.callId,
    callInfo?.callReferenceId,
    requestInfo?.requestId,
    requestInfo?.requestNumber,
  ]) {
    if (id) numbers.push(id);
  }
  return numbers;
}

/**
 * Ops matching the query, newest first (by id); examines at most `scanLimit` ops per call. Ids are given
 * in the order ops are queued, and `createdAt` is the time they were queued, so time falls as ids fall:
 * a date range is a range of ids. (A clock set back could misplace a few ops at its edges.)
 */
export async function searchOps(db: IDBPDatabase<TaggerDB>, query: HistoryQuery): Promise<HistoryPage> {
  const { limit, before, state, from, to, text, scanLimit = SEARCH_SCAN_LIMIT } = query;
  const matches = createTextMatcher(text);
  let upTo = before === undefined ? Number.POSITIVE_INFINITY : before - 1;
  if (to !== undefined) upTo = Math.min(upTo, (await lastIdCreatedBefore(db, to)) ?? 0);
  if (upTo < 1) return { items: [], scanned: 0, unreadable: 0 };
  const tx = db.transaction("ops");
  const bounded = Number.isFinite(upTo);
  let cursor: OpCursor | null = state
    ? await openStateCursor(tx.store.index("by-state"), state, bounded ? upTo + 1 : undefined)
    : await tx.store.openCursor(bounded ? IDBKeyRange.upperBound(upTo) : null, "prev");
  const items: OpRecord[] = [];
  let scanned = 0;
  let unreadable = 0;
  let lastId = 0;
  for (; cursor; cursor = await cursor.continue()) {
    // A record that does not parse is skipped; an op created before `from` ends the search.
    const op = parseOp(cursor.value, cursor.primaryKey);
    if (op && from !== undefined && op.createdAt < from) break;
    if (items.length >= limit) return { items, next: lastId, scanned, unreadable };
    if (scanned >= scanLimit) return { items, next: lastId, partial: true, scanned, unreadable };
    scanned++;
    lastId = cursor.primaryKey;
    if (!op) unreadable++;
    else if ((to === undefined || op.createdAt < to) && matches(op)) items.push(op);
  }
  return { items, scanned, unreadable };
}

/** The largest id of an op created before `time`, or null; a binary search over ids (see `searchOps`). */
async function lastIdCreatedBefore(db: IDBPDatabase<TaggerDB>, time: number): Promise<number | null> {
  const store = db.transaction("ops").store;
  const atOrBelow = (id: number) => store.openCursor(IDBKeyRange.upperBound(id), "prev");
  const [first, last] = await Promise.all([store.openCursor(null, "next"), store.openCursor(null, "prev")]);
  if (!first || first.value.createdAt >= time) return null;
  if (!last || last.value.createdAt < time) return last?.value.id ?? null;
  // Invariant: the ops up to `low` were created before `time`; the op `high` was not.
  let low = first.value.id;
  let high = last.value.id;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const op = (await atOrBelow(mid))?.value;
    if (!op || op.createdAt < time) low = mid;
    else high = op.id;
  }
  return (await atOrBelow(low))?.value.id ?? null;
}
