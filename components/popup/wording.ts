/** How the popup words matching types, error codes and results: every string comes from `_locales`. */
import type { MatchingType } from "../../utils/calltouch/schemas";
import type { ManualContactError } from "../../utils/contacts";
import type { FieldErrorCode } from "../../utils/custom-fields";
import { type MessageKey, t } from "../../utils/i18n";
import type { RowErrorCode } from "./matching-rows";

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

const ROW_ERRORS: Record<RowErrorCode, MessageKey> = {
  id: "popupErrorId",
  phones: "popupErrorPhones",
  emails: "popupErrorEmails",
  date: "popupErrorDate",
  searchDepth: "popupErrorSearchDepth",
  tags: "popupErrorTags",
  tagsLogic: "popupErrorInvalid",
  typeToMatch: "popupErrorTypeToMatch",
  needPhones: "popupErrorNeedPhones",
  needContacts: "popupErrorNeedContacts",
  invalid: "popupErrorInvalid",
};

export const rowErrorText = (code: RowErrorCode): string => t(ROW_ERRORS[code]);

const FIELD_ERRORS: Record<FieldErrorCode, MessageKey> = {
  number: "popupErrorNumber",
  date: "popupErrorFieldDate",
  option: "popupErrorOption",
};

export const fieldErrorText = (code: FieldErrorCode): string => t(FIELD_ERRORS[code]);

const MANUAL_ERRORS: Record<ManualContactError, MessageKey> = {
  manualEmpty: "popupErrorManualEmpty",
  manualPhone: "popupErrorManualPhone",
  manualEmail: "popupErrorManualEmail",
};

export const manualErrorText = (code: ManualContactError): string => t(MANUAL_ERRORS[code]);
