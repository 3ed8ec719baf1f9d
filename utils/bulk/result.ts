/** The result CSV: each input row with what became of it, the row's operations merged. Pure. */

import type { CsvDelimiter, ParsedCsv } from "../csv/parse";
import { CSV_BOM, csvLines } from "../csv/write";
import type { OpRecord, OpState } from "../sending/types";
import type { RowCheck, RowIssue } from "./rows";

/** What became of an input row. `leftOut`: invalid, left out with the user's consent; `notQueued`: the import stopped before queueing it. */
export type RowStatus =
  | "done"
  | "notMatched"
  | "failed"
  | "uncertain"
  | "cancelled"
  | "pending"
  | "leftOut"
  | "notQueued";

/** The part of an op the result needs. */
export type OpOutcome = Pick<OpRecord, "method" | "state" | "result" | "error">;

export interface RowOutcome {
  status: RowStatus;
  matchedType: string;
  callId: string;
  requestId: string;
  error: string;
}

/** The status a row takes from one of its operations. */
export const STATUS_OF: Record<OpState, RowStatus> = {
  queued: "pending",
  sending: "pending",
  held: "pending",
  done: "done",
  notMatched: "notMatched",
  failed: "failed",
  uncertain: "uncertain",
  cancelled: "cancelled",
};

/** Worse statuses first: a row's status is the worst of its operations'. */
export const SEVERITY: readonly RowStatus[] = [
  "failed",
  "uncertain",
  "cancelled",
  "notMatched",
  "pending",
  "done",
];

/** The row's outcome from its operations: the worst status, the lead Calltouch found, every error. */
export function mergeOutcome(ops: readonly OpOutcome[]): RowOutcome {
  if (ops.length === 0) return { status: "notQueued", matchedType: "", callId: "", requestId: "", error: "" };
  const statuses = new Set(ops.map((op) => STATUS_OF[op.state]));
  const status = SEVERITY.find((s) => statuses.has(s)) ?? "pending";
  const found =
    ops.find((op) => op.state === "done" && op.result?.matchedType) ?? ops.find((op) => op.result);
  const errors = ops.flatMap((op) => {
    const message = op.error?.message || (op.state !== "done" ? op.result?.error : null) || "";
    return message ? [{ method: op.method, message }] : [];
  });
  return {
    status,
    matchedType: found?.result?.matchedType ?? "",
    callId: found?.result?.callInfo?.callId ?? "",
    requestId: found?.result?.requestInfo?.requestId ?? "",
    error:
      errors.length > 1
        ? errors.map((e) => `${e.method}: ${e.message}`).join(" | ")
        : (errors[0]?.message ?? ""),
  };
}

/** The words of the result file, in the user's language. */
export interface ResultWords {
  /** Headers of the added columns: matched type, call ID, request ID, status, error. */
  columns: [string, string, string, string, string];
  status: Record<RowStatus, string>;
  /** An invalid row's issues in one sentence. */
  issues: (issues: readonly RowIssue[]) => string;
  /** The error of a row with an operation whose saved record could not be read. */
  damaged: string;
}

export interface ResultInput {
  parsed: ParsedCsv;
  checks: readonly RowCheck[];
  /** The operations of each row index (absent for rows that were left out or not queued). */
  opsOfRow: (index: number) => readonly OpOutcome[];
  /** Rows with an operation whose saved record could not be read (damaged): failed, whatever the others did. */
  damagedRows?: ReadonlySet<number>;
  words: ResultWords;
  /** The user's separator (see `exportDelimiter`). */
  delimiter: CsvDelimiter;
}

/**
 * The result file's text: a UTF-8 BOM (so Excel reads it as UTF-8), the input header plus five columns,
 * then every input row in order, written by the one CSV writer (no cell can run as a formula).
 */
export function buildResultCsv({
  parsed,
  checks,
  opsOfRow,
  damagedRows,
  words,
  delimiter,
}: ResultInput): string {
  const width = parsed.headers.length;
  const data: string[][] = [[...parsed.headers, ...words.columns]];
  for (const row of parsed.rows) {
    const check = checks[row.index];
    let outcome: RowOutcome =
      check && !check.ok
        ? { ...mergeOutcome([]), status: "leftOut", error: words.issues(check.issues) }
        : mergeOutcome(opsOfRow(row.index));
    if (damagedRows?.has(row.index)) {
      const error = outcome.error ? `${words.damaged} | ${outcome.error}` : words.damaged;
      outcome = { ...outcome, status: "failed", error };
    }
    // Extra values of a broken row stay in its last column, so the added columns stay in place.
    const cells = row.extra.length
      ? [...row.cells.slice(0, width - 1), [row.cells[width - 1] ?? "", ...row.extra].join(parsed.delimiter)]
      : row.cells;
    data.push([
      ...cells,
      outcome.matchedType,
      outcome.callId,
      outcome.requestId,
      words.status[outcome.status],
      outcome.error,
    ]);
  }
  return CSV_BOM + csvLines(data, delimiter);
}
