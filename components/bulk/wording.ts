/** How the bulk page words roles, issues, mapping problems, statuses and durations: all from `_locales`. */
import type { ColumnRole, MappingProblem } from "../../utils/bulk/mapping";
import { fieldOfRole } from "../../utils/bulk/mapping";
import type { ResultWords, RowStatus } from "../../utils/bulk/result";
import type { RowIssue, RowIssueCode } from "../../utils/bulk/rows";
import type { CsvDelimiter } from "../../utils/csv/parse";
import { type MessageKey, plural, t } from "../../utils/i18n";
import type { Catalogue } from "../../utils/storage";

/** A column's name; an unnamed one by its position. */
export const columnName = (headers: readonly string[], column: number): string =>
  headers[column] || t("bulkColumnUnnamed", String(column + 1));

const ROLE_NAMES: Record<Exclude<ColumnRole, `field:${string}`>, MessageKey> = {
  ignore: "bulkRoleIgnore",
  phone: "bulkRolePhone",
  email: "bulkRoleEmail",
  date: "bulkRoleDate",
  callId: "bulkRoleCallId",
  requestId: "bulkRoleRequestId",
  tags: "bulkRoleTags",
  comment: "bulkRoleComment",
};

/** A role in words; a custom field by its label (or API name). */
export function roleName(role: ColumnRole, catalogue: Catalogue): string {
  const apiName = fieldOfRole(role);
  if (apiName === null) return t(ROLE_NAMES[role as keyof typeof ROLE_NAMES]);
  const field = catalogue.find((f) => f.apiName === apiName);
  return t("bulkRoleField", field?.label || apiName);
}

/** One mapping problem as a sentence. */
export function mappingProblemText(
  problem: MappingProblem,
  headers: readonly string[],
  catalogue: Catalogue,
) {
  switch (problem.code) {
    case "noMatching":
      return t("bulkProblemNoMatching");
    case "dateWithoutContact":
      return t("bulkProblemDateWithoutContact");
    case "nothingToAdd":
      return t("bulkProblemNothingToAdd");
    case "duplicate":
      return t("bulkProblemDuplicate", [
        roleName(problem.role, catalogue),
        problem.columns.map((c) => columnName(headers, c)).join(", "),
      ]);
    case "tooManyFields":
      return plural("bulkProblemTooManyFields", problem.count, [String(problem.max)]);
  }
}

const ISSUE_TITLES: Record<RowIssueCode, MessageKey> = {
  fieldCount: "bulkIssueTitleFieldCount",
  quotes: "bulkIssueTitleQuotes",
  noContact: "bulkIssueTitleNoContact",
  phone: "bulkIssueTitlePhone",
  email: "bulkIssueTitleEmail",
  date: "bulkIssueTitleDate",
  callId: "bulkIssueTitleCallId",
  requestId: "bulkIssueTitleRequestId",
  fieldValue: "bulkIssueTitleFieldValue",
  tooManyTags: "bulkIssueTitleTooManyTags",
  tooLong: "bulkIssueTitleTooLong",
  nothingToAdd: "bulkIssueTitleNothingToAdd",
  rejected: "bulkIssueTitleRejected",
};

/** The kind of issue, for the summary ("Invalid phone: 3 rows"). */
export const issueTitle = (code: RowIssueCode): string => t(ISSUE_TITLES[code]);

/** The kind of warning of a row sent without a contact that could not be read. */
export const warningTitle = (code: "phone" | "email"): string =>
  t(code === "phone" ? "bulkWarningTitlePhone" : "bulkWarningTitleEmail");

/** One issue of a row, with the value and column it concerns. */
export function issueText(issue: RowIssue, headers: readonly string[]): string {
  switch (issue.code) {
    case "fieldCount":
      return t("bulkIssueFieldCount", [String(issue.found), String(issue.expected)]);
    case "quotes":
    case "noContact":
    case "nothingToAdd":
      return issueTitle(issue.code);
    case "phone":
      return t("bulkIssuePhone", issue.value);
    case "email":
      return t("bulkIssueEmail", issue.value);
    case "date":
      return t("bulkIssueDate", issue.value);
    case "callId":
      return t("bulkIssueCallId", issue.value);
    case "requestId":
      return t("bulkIssueRequestId", issue.value);
    case "fieldValue": {
      const column = columnName(headers, issue.column);
      if (issue.expected === "number") return t("bulkIssueNumber", [issue.value, column]);
      if (issue.expected === "date") return t("bulkIssueFieldDate", [issue.value, column]);
      return t("bulkIssueOption", [issue.value, column]);
    }
    case "tooManyTags":
      return plural("bulkIssueTooManyTags", issue.count, [String(issue.max)]);
    case "tooLong":
      return t("bulkIssueTooLong", [
        columnName(headers, issue.column),
        issue.length.toLocaleString(),
        issue.max.toLocaleString(),
      ]);
    case "rejected":
      return t("bulkIssueRejected", issue.message);
  }
}

/** A row's issues in one line. */
export const issuesText = (issues: readonly RowIssue[], headers: readonly string[]): string =>
  issues.map((issue) => issueText(issue, headers)).join("; ");

const DELIMITER_NAMES: Record<CsvDelimiter, MessageKey> = {
  ",": "bulkDelimiterComma",
  ";": "bulkDelimiterSemicolon",
  "\t": "bulkDelimiterTab",
};

/** A delimiter in words ("semicolons"). */
export const delimiterName = (delimiter: CsvDelimiter): string => t(DELIMITER_NAMES[delimiter]);

const STATUS_NAMES: Record<RowStatus, MessageKey> = {
  done: "bulkStatusDone",
  notMatched: "bulkStatusNotMatched",
  failed: "bulkStatusFailed",
  uncertain: "bulkStatusUncertain",
  cancelled: "bulkStatusCancelled",
  pending: "bulkStatusPending",
  leftOut: "bulkStatusLeftOut",
  notQueued: "bulkStatusNotQueued",
};

/** The words of the result file for a file with these headers. */
export function resultWords(headers: readonly string[]): ResultWords {
  return {
    columns: [
      t("bulkResultMatchedType"),
      t("bulkResultCallId"),
      t("bulkResultRequestId"),
      t("bulkResultStatus"),
      t("bulkResultError"),
    ],
    status: Object.fromEntries(
      Object.entries(STATUS_NAMES).map(([status, key]) => [status, t(key)]),
    ) as Record<RowStatus, string>,
    issues: (issues) => issuesText(issues, headers),
    damaged: t("bulkResultDamaged"),
  };
}

/** A duration in words: `45 s`, `3 min 05 s`, `1 h 20 min`. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("bulkDurationSeconds", String(s));
  if (s < 3600)
    return t("bulkDurationMinutes", [String(Math.floor(s / 60)), String(s % 60).padStart(2, "0")]);
  return t("bulkDurationHours", [
    String(Math.floor(s / 3600)),
    String(Math.floor((s % 3600) / 60)).padStart(2, "0"),
  ]);
}
