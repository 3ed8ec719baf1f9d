/**
 * How the popup words error codes: every string comes from `_locales`. The matching choices are worded by
 * components/matching-words.ts, shared with the presets.
 */
import type { ManualContactError } from "../../utils/contacts";
import type { FieldErrorCode } from "../../utils/custom-fields";
import { type MessageKey, t } from "../../utils/i18n";
import type { RowErrorCode } from "../matching-rows";

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
