/**
 * One wording of the matching choices for both matching editors (the popup's rules, a preset's template):
 * the types, the search depths and the `*TypeToMatch` values, each in one word list.
 */
import type { MatchingType } from "../utils/calltouch/schemas";
import { type MessageKey, t } from "../utils/i18n";

const TYPE_NAMES: Record<MatchingType, MessageKey> = {
  call: "popupTypeCall",
  request: "popupTypeRequest",
  callContact: "popupTypeCallContact",
  requestContact: "popupTypeRequestContact",
  leadContact: "popupTypeLeadContact",
};

/** A matching type in words (`leadContact` → "Call or request by phone or email"); unknown types as is. */
export function typeName(type: string): string {
  return type in TYPE_NAMES ? t(TYPE_NAMES[type as MatchingType]) : type;
}

const TYPE_TO_MATCH_NAMES: Record<string, MessageKey> = {
  nearest: "popupMatchNearest",
  nearestUniq: "popupMatchNearestUniq",
  nearestUniqLead: "popupMatchNearestUniqLead",
};

/** A `*TypeToMatch` value in words. */
export function typeToMatchName(value: string): string {
  const key = TYPE_TO_MATCH_NAMES[value];
  return key ? t(key) : value;
}

const DEPTH_NAMES: Record<number, MessageKey> = {
  120: "popupDepth2Hours",
  1440: "popupDepth1Day",
  43200: "popupDepth30Days",
  262800: "popupDepth6Months",
};

/** A search depth preset in words. */
export function depthName(minutes: number): string {
  const key = DEPTH_NAMES[minutes];
  return key ? t(key) : t("popupDepthMinutes", String(minutes));
}

const TAGS_LOGIC_NAMES: Record<"and" | "or", MessageKey> = {
  and: "popupTagsLogicAnd",
  or: "popupTagsLogicOr",
};

/** `tagsLogic` in words: all of the tags (and), any of them (or). */
export const tagsLogicName = (logic: "and" | "or"): string => t(TAGS_LOGIC_NAMES[logic]);
