/** The words the history page and its CSV use for op states, methods, sources and matches. */
import type { Method } from "../../utils/calltouch/schemas";
import { type MessageKey, t, uiLanguage } from "../../utils/i18n";
import type { HistoryRow } from "../../utils/messaging";
import { OP_STATES, type OpSource, type OpState, RETRYABLE_STATES } from "../../utils/sending/types";

const STATE_TEXT: Record<OpState, MessageKey> = {
  queued: "historyStateQueued",
  sending: "historyStateSending",
  done: "historyStateDone",
  notMatched: "historyStateNotMatched",
  failed: "historyStateFailed",
  uncertain: "historyStateUncertain",
  held: "historyStateHeld",
  cancelled: "historyStateCancelled",
};

/** Every state, in the order the status filter lists them. */
export const STATES = OP_STATES;

const METHOD_TEXT: Record<Method, MessageKey> = {
  customFields: "historyMethodCustomFields",
  tags: "historyMethodTags",
  comment: "historyMethodComment",
};

const SOURCE_TEXT: Record<OpSource, MessageKey> = {
  popup: "historySourcePopup",
  menu: "historySourceMenu",
  bulk: "historySourceBulk",
  bench: "historySourceBench",
  test: "historySourceTest",
};

/** Calltouch's `matchedType` values; the list is open, so an unknown one is shown as Calltouch wrote it. */
const MATCH_TEXT: Record<string, MessageKey> = {
  call: "historyMatchCall",
  request: "historyMatchRequest",
  callContact: "historyMatchCallContact",
  requestContact: "historyMatchRequestContact",
  leadContact: "historyMatchLeadContact",
};

export const stateText = (state: OpState): string => t(STATE_TEXT[state]);
export const methodText = (method: Method): string => t(METHOD_TEXT[method]);
export const sourceText = (source: OpSource): string => t(SOURCE_TEXT[source]);

/** The matching rule that found the lead, in words; empty when nothing was matched. */
export function matchedTypeText(type: string | null): string {
  if (!type) return "";
  const key = MATCH_TEXT[type];
  return key ? t(key) : type;
}

/** The call or request Calltouch matched, with its ID (`Call 1001`); empty when none. */
export function foundText(row: Pick<HistoryRow, "callId" | "requestId">): string {
  if (row.callId) return t("historyFoundCall", row.callId);
  if (row.requestId) return t("historyFoundRequest", row.requestId);
  return "";
}

/** True when the row's lead can be sent again. */
export const isRetryable = (row: Pick<HistoryRow, "state">): boolean => RETRYABLE_STATES.includes(row.state);

/** A count written for the UI language (`12 345`). */
export function formatCount(count: number): string {
  return new Intl.NumberFormat(uiLanguage()).format(count);
}

/** The message of each plural category (Chrome's messages have no plurals: one message per category). */
export type PluralMessages = Record<"one" | "few" | "many" | "other", MessageKey>;

/** `count` with its noun in the UI language's plural form ("1 request", "3 запроса", "12 запросов"). */
export function pluralText(count: number, messages: PluralMessages): string {
  const category = new Intl.PluralRules(uiLanguage()).select(count);
  const key = category in messages ? messages[category as keyof PluralMessages] : messages.other;
  return t(key, formatCount(count));
}
