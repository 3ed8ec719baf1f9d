/**
 * The one place that turns an op's error (utils/sending/types.ts `OpError`) into the user's language: every
 * network and server error, and the server messages we know (a custom field not found, a lead not found,
 * validation errors with a field path), become a sentence that names the field by its catalogue label and
 * says where to fix it. A message we do not know gets a short sentence, and its raw text goes behind
 * "Details". The popup, the bulk page, the history and the menu's notification all word errors here
 * (the background too, hence utils/).
 */
import type { LeadItem } from "./calltouch/schemas";
import { type MessageKey, plural, t } from "./i18n";
import { MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "./sending/backoff";
import { DAMAGED_OP_ERROR, type OpError } from "./sending/types";

/** An error as far as it is known: the history rows carry only its text, so the kind may be missing. */
export type ErrorInput = Pick<OpError, "message"> & Partial<Omit<OpError, "message">>;

/** Where the user fixes the cause: the options page's field catalogue or credentials, or the popup's input. */
export type ErrorFix = "catalogue" | "settings" | "input";

/** An error in the user's words. */
export interface ExplainedError {
  /** The sentence, in the UI language. */
  text: string;
  /** The server's raw text, for a "Details" toggle; null when the sentence already says all of it. */
  details: string | null;
  /** The API name of the custom field the error is about, when it names one. */
  field?: string;
  /** Where in the item the error is (`addCustomFields.customFields[1].value`), for highlighting its input. */
  fieldPath?: string;
  /** Where the user can fix it; absent when there is nothing to fix (a network outage). */
  fix?: ErrorFix;
}

/** What the sentences need beyond the error: the catalogue's labels and the item that was sent. */
export interface ExplainContext {
  /** Custom-field API name → catalogue label. */
  labels?: ReadonlyMap<string, string>;
  /** The item sent, to name the field a `customFields[i]` path points at. */
  item?: LeadItem;
}

/** The browser's words for a request that got no answer (Chromium, Firefox, Safari). */
const FETCH_FAILED = /^(Failed to fetch|NetworkError\b|Load failed|fetch failed|net::)/i;
const TIMEOUT = /^The API did not answer in time\./;
const HTTP_STATUS = /^Calltouch answered HTTP (\d{3})\./;
const REDIRECT = /^The API address answered with a redirect/;
const UNREADABLE =
  /^(The answer does not match the API's schema|The answer has \d+ results for|Calltouch sent no result)/;
const STOPPED = /^The browser stopped the extension while this request was on its way/;
const FIELD_NOT_FOUND = /^Custom field "([^"]+)" not found/i;
const FIELD_HAS_VALUE = /^Custom field "([^"]+)" already has a value/i;
const LEAD_NOT_FOUND = /^Lead not found/i;
const NOT_ADDED = /^Calltouch found the lead but did not add the data\./;
const SITE_ID = /site\s*-?id|\bsite\b/i;
const QUOTA = /\b(points?|quota)\b/i;

/** The kind of an error known only by its text: the wording of our own client and of the vendor's answers. */
export function kindOf(error: ErrorInput): OpError["kind"] | undefined {
  if (error.kind) return error.kind;
  const text = error.message.trim();
  if (FETCH_FAILED.test(text) || TIMEOUT.test(text)) return "network";
  if (/^Too many requests/i.test(text)) return "rateLimited";
  if (HTTP_STATUS.test(text)) return "server";
  if (REDIRECT.test(text) || UNREADABLE.test(text)) return "badResponse";
  if (STOPPED.test(text)) return "unknownOutcome";
  if (FIELD_NOT_FOUND.test(text) || FIELD_HAS_VALUE.test(text) || LEAD_NOT_FOUND.test(text))
    return "rejected";
  if (NOT_ADDED.test(text)) return "rejected";
  if (/^(Invalid Access-Token|Access denied)/i.test(text)) return "auth";
  if (QUOTA.test(text) && /limit|spent|exceeded/i.test(text)) return "quota";
  if (reasonText(text.split("; ")[0] ?? "")) return "validation";
  return undefined;
}

/** A field named for a person: its catalogue label, with the API name when they differ. */
export function fieldName(apiName: string, labels: ReadonlyMap<string, string> = new Map()): string {
  const label = labels.get(apiName);
  return label && label !== apiName ? t("opErrorFieldNamed", [label, apiName]) : apiName;
}

/** The sentence for `error` in the UI language, with the field it names and where to fix it. */
export function explainError(error: ErrorInput, context: ExplainContext = {}): ExplainedError {
  const raw = error.message.trim();
  const plain = (key: MessageKey, fix?: ErrorFix, substitutions?: string[]): ExplainedError => ({
    text: t(key, substitutions),
    details: null,
    ...(fix ? { fix } : {}),
  });
  // The raw text is worth a "Details" only when it says more than the sentence (an HTTP body, a reason).
  const withDetails = (explained: ExplainedError): ExplainedError => ({ ...explained, details: raw || null });
  switch (kindOf(error)) {
    case "network":
      return plain(TIMEOUT.test(raw) ? "opErrorTimeout" : "opErrorNetwork");
    case "rateLimited":
      return plain("opErrorRateLimited");
    case "quota":
      return plain("opErrorQuota");
    case "auth":
      return withDetails(plain(SITE_ID.test(raw) ? "opErrorAuthSiteId" : "opErrorAuth", "settings"));
    case "server": {
      const status = HTTP_STATUS.exec(raw)?.[1];
      if (!status) return withDetails(plain("opErrorServerUnknown"));
      return plain(Number(status) >= 500 ? "opErrorServer" : "opErrorHttp", undefined, [status]);
    }
    case "badResponse":
      if (REDIRECT.test(raw)) return plain("opErrorRedirect", "settings");
      return withDetails(plain("opErrorUnreadable"));
    case "unknownOutcome":
      return plain("opErrorUnknownOutcome");
    case "rejected":
      return explainRejected(raw, context);
    case "validation":
      return explainValidation(error, context);
    default:
      return unknown(raw);
  }
}

/** A message we do not know: a short sentence, the text itself behind "Details". */
function unknown(raw: string): ExplainedError {
  return { text: t("opErrorUnknown"), details: raw || null };
}

/** Calltouch found the lead (or not) and refused to write: the vendor's per-lead `error`. */
function explainRejected(raw: string, { labels }: ExplainContext): ExplainedError {
  const missing = FIELD_NOT_FOUND.exec(raw)?.[1];
  if (missing) {
    return {
      text: t("opErrorFieldNotFound", fieldName(missing, labels)),
      details: null,
      field: missing,
      fix: "catalogue",
    };
  }
  const kept = FIELD_HAS_VALUE.exec(raw)?.[1];
  if (kept) {
    return {
      text: t("opErrorFieldHasValue", fieldName(kept, labels)),
      details: null,
      field: kept,
      fix: "input",
    };
  }
  if (LEAD_NOT_FOUND.test(raw)) return { text: t("opErrorLeadNotFound"), details: null };
  // Ours, not Calltouch's: the op was never sent.
  if (raw === DAMAGED_OP_ERROR.message) return { text: t("opErrorDamaged"), details: null };
  if (NOT_ADDED.test(raw) || raw === "") return { text: t("opErrorNotAdded"), details: null };
  return { text: t("opErrorNotAdded"), details: raw };
}

/** Symfony's validation messages, as Calltouch (and our own check before sending) writes them. */
const REASONS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^This value should not be blank\.$/, () => t("opReasonBlank")],
  [/^This field was not expected\.$/, () => t("opReasonNotExpected")],
  [/^This value is not valid\.$/, () => t("opReasonInvalid")],
  [/^The value you selected is not a valid choice\.$/, () => t("opReasonChoice")],
  [/^This value is not a valid email address\.$/, () => t("opReasonEmail")],
  [/^This value is not a valid datetime\.$/, () => t("opReasonDatetime")],
  [/^This value is not a valid number\.$/, () => t("opReasonNumber")],
  [/^This value should be positive\.$/, () => t("opReasonPositive")],
  [/^This value should be of type [\w|]+\.$/, () => t("opReasonType")],
  [
    /^This value is too long\. It should have (\d+) characters? or less\.$/,
    (m) => plural("opReasonTooLong", Number(m[1])),
  ],
  [/^This collection should contain (\d+) elements? or more\.$/, (m) => plural("opReasonMin", Number(m[1]))],
  [/^This collection should contain (\d+) elements? or less\.$/, (m) => plural("opReasonMax", Number(m[1]))],
  [/^This value should be greater than or equal to (\d+)\.$/, (m) => t("opReasonAtLeast", m[1] ?? "")],
];

/** A validation message in the user's words; null when we do not know it. */
export function reasonText(message: string): string | null {
  const text = message.trim();
  for (const [pattern, word] of REASONS) {
    const match = pattern.exec(text);
    if (match) return word(match);
  }
  return null;
}

/** The input a `fieldPath` (relative to the item) names, in words; null when it names none we can say. */
export function placeText(fieldPath: string, { labels, item }: ExplainContext): string | null {
  const path = fieldPath.replace(/^(?:leads|comments)\[\d+\]\.?/, "");
  const rule = /^matching\[(\d+)\]/.exec(path);
  if (rule) return t("opErrorPlaceRule", String(Number(rule[1]) + 1));
  if (/^matching\b/.test(path)) return t("opErrorPlaceMatching");
  const field = /^addCustomFields\.customFields\[(\d+)\]/.exec(path);
  if (field) {
    const sent = item && "addCustomFields" in item ? item.addCustomFields?.customFields : undefined;
    const apiName = sent?.[Number(field[1])]?.field;
    return apiName ? t("opErrorPlaceField", fieldName(apiName, labels)) : null;
  }
  if (/^addCustomFields\.overwrite\b/.test(path)) return t("opErrorPlaceOverwrite");
  if (/^addCustomFields\b/.test(path)) return t("opErrorPlaceFields");
  if (/^addTags\b/.test(path)) return t("opErrorPlaceTags");
  if (/^addComment\b/.test(path)) return t("opErrorPlaceComment");
  return null;
}

/** The API name a `customFields[i]` path points at in the item sent. */
function fieldAt(fieldPath: string | undefined, item: LeadItem | undefined): string | undefined {
  const index = fieldPath && /(?:^|\.)addCustomFields\.customFields\[(\d+)\]/.exec(fieldPath)?.[1];
  if (!index || !item || !("addCustomFields" in item)) return undefined;
  return item.addCustomFields?.customFields?.[Number(index)]?.field;
}

/** Validation errors: the first one said in full ("Calltouch did not accept the field «Amount»: …"), the others counted. */
function explainValidation(error: ErrorInput, context: ExplainContext): ExplainedError {
  // Without the list (a history row keeps only the text), the engine joined the messages with "; ".
  const violations = error.violations?.length
    ? error.violations
    : error.message
        .split("; ")
        .map((message, i) => ({ fieldPath: i === 0 ? error.fieldPath : undefined, message }));
  const [first, ...rest] = violations;
  const reason = first ? reasonText(first.message) : null;
  const place = first?.fieldPath ? placeText(first.fieldPath, context) : null;
  const raw = error.message.trim();
  if (!first || !reason) {
    return { text: t("opErrorValidation"), details: raw || null, ...pathOf(first?.fieldPath, context) };
  }
  const sentence = place ? t("opErrorInvalidAt", [place, reason]) : t("opErrorInvalid", reason);
  const more = rest.length > 0 ? ` ${plural("opErrorMoreProblems", rest.length)}` : "";
  return {
    text: `${sentence}${more}`,
    details: rest.length > 0 ? raw : null,
    ...pathOf(first.fieldPath, context),
  };
}

function pathOf(fieldPath: string | undefined, { item }: ExplainContext): Partial<ExplainedError> {
  if (!fieldPath) return {};
  const field = fieldAt(fieldPath, item);
  return { fieldPath, fix: "input", ...(field ? { field } : {}) };
}

/** Requests an op may use on this error before it fails: the engine's budget (utils/sending/outcome.ts). */
export function attemptsAllowed(error: ErrorInput): number {
  const kind = kindOf(error);
  if (kind === "network" || kind === "rateLimited") return MAX_ATTEMPTS;
  if (kind === "server") {
    const status = Number(HTTP_STATUS.exec(error.message)?.[1] ?? 500);
    return status >= 500 ? MAX_ATTEMPTS : MAX_UNEXPECTED_ANSWER_ATTEMPTS;
  }
  return MAX_UNEXPECTED_ANSWER_ATTEMPTS;
}

/** The sentence without its full stop, to be followed by more words ("… could not be read — retrying"). */
export function clause(text: string): string {
  return text.trim().replace(/[.。]$/, "");
}
