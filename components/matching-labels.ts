/** The words of a matching rule's inputs: one map, so the popup and the preset form say the same thing. */
import type { MessageKey } from "../utils/i18n";

/** The words of a rule's inputs, the same on every page. */
export const RULE_LABELS = {
  legend: "popupRuleLegend",
  type: "popupRuleType",
  callId: "popupCallId",
  requestId: "popupRequestId",
  phones: "popupPhones",
  emails: "popupEmails",
  md5: "popupMd5",
  searchInText: "popupSearchInText",
  date: "popupDate",
  searchDepth: "presetRowDepthLabel",
  searchDepthMinutes: "presetRowMinutesLabel",
  typeToMatch: "presetRowMatchLabel",
  typeToMatchOther: "presetRowMatchOtherLabel",
  typeToMatchOtherHelp: "popupTypeToMatchOtherHelp",
  tags: "presetRowTagsLabel",
  tagsHelp: "presetRowTagsHelp",
  tagsLogic: "presetRowTagsLogicLabel",
  tagsLogicDefault: "popupTagsLogicDefault",
  moveUp: "popupRuleMoveUp",
  moveDown: "popupRuleMoveDown",
  remove: "popupRuleRemove",
  removeText: "popupRuleRemoveText",
  add: "popupRuleAdd",
  addHint: "popupRuleAddHint",
  limit: "popupRuleLimit",
} as const satisfies Record<string, MessageKey>;
