// @ts-check
import { isValidPhone, parseCalltouchDate } from "./formats.mjs";

/** @typedef {{ fieldPath: string, message: string }} Violation */
/** @typedef {(fieldPath: string, message: string) => void} Report */
/** @typedef {(value: unknown, path: string, report: Report) => void} Rule */
/** @typedef {"customfield" | "tag" | "comment"} ApiKind */

export const MESSAGES = Object.freeze({
  blank: "This value should not be blank.",
  notExpected: "This field was not expected.",
  invalid: "This value is not valid.",
  choice: "The value you selected is not a valid choice.",
  email: "This value is not a valid email address.",
  datetime: "This value is not a valid datetime.",
  positive: "This value should be positive.",
  /** @param {string} type */
  type: (type) => `This value should be of type ${type}.`,
  /** @param {number} limit */
  min: (limit) => `This collection should contain ${limit} element${limit === 1 ? "" : "s"} or more.`,
  /** @param {number} limit */
  max: (limit) => `This collection should contain ${limit} elements or less.`,
  /** @param {number} limit */
  tooLong: (limit) => `This value is too long. It should have ${limit} characters or less.`,
  /** @param {number} limit */
  greaterOrEqual: (limit) => `This value should be greater than or equal to ${limit}.`,
});

export const MATCHING_TYPES = Object.freeze([
  "call",
  "request",
  "callContact",
  "requestContact",
  "leadContact",
]);
export const TYPES_TO_MATCH = Object.freeze(["nearest", "nearestUniq", "nearestUniqLead"]);
export const MAX_ITEMS = 100;
export const MAX_MATCHING_ROWS = 20;
export const MAX_CUSTOM_FIELDS = 20;
export const MAX_TAGS = 20;
export const MAX_COMMENT_LENGTH = 2000;

const MD5 = /^[0-9a-f]{32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DIGITS = /^\d+$/;

/**
 * Validates a whole request body and returns every violation found (empty when valid).
 * @param {ApiKind} kind
 * @param {unknown} body
 * @returns {Violation[]}
 */
export function validateBody(kind, body) {
  /** @type {Violation[]} */
  const violations = [];
  /** @type {Report} */
  const report = (fieldPath, message) => {
    violations.push({ fieldPath, message });
  };
  const listKey = kind === "comment" ? "comments" : "leads";
  const root = asObject(body, "", report);
  if (!root) return violations;
  rejectUnknownKeys(root, [listKey], "", report);
  const items = asList(root[listKey], listKey, report, { min: 1, max: MAX_ITEMS });
  items?.forEach((item, index) => {
    validateItem(kind, item, `${listKey}[${index}]`, report);
  });
  return violations;
}

/**
 * @param {ApiKind} kind
 * @param {unknown} value
 * @param {string} path
 * @param {Report} report
 */
function validateItem(kind, value, path, report) {
  const item = asObject(value, path, report);
  if (!item) return;
  const payloadKey = { customfield: "addCustomFields", tag: "addTags", comment: "addComment" }[kind];
  rejectUnknownKeys(item, ["matching", payloadKey], path, report);
  const rows = asList(item.matching, `${path}.matching`, report, { min: 1, max: MAX_MATCHING_ROWS });
  rows?.forEach((row, index) => {
    validateMatchingRow(row, `${path}.matching[${index}]`, report);
  });
  PAYLOAD_RULES[kind](item[payloadKey], `${path}.${payloadKey}`, report);
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {Report} report
 */
function validateMatchingRow(value, path, report) {
  const row = asObject(value, path, report);
  if (!row) return;
  const type = row.type;
  if (!isMatchingType(type)) {
    enumRule(MATCHING_TYPES)(type, `${path}.type`, report);
    return;
  }
  const paramsKey = `${type}Params`;
  rejectUnknownKeys(row, ["type", paramsKey], path, report);
  const paramsPath = `${path}.${paramsKey}`;
  if (isBlank(row[paramsKey])) {
    report(paramsPath, MESSAGES.blank);
    return;
  }
  const params = asObject(row[paramsKey], paramsPath, report);
  if (params) validateParams(PARAM_RULES[type], params, paramsPath, report);
}

/**
 * @param {unknown} type
 * @returns {type is keyof typeof PARAM_RULES}
 */
function isMatchingType(type) {
  return typeof type === "string" && MATCHING_TYPES.includes(type);
}

/**
 * @param {{ fields: Record<string, Rule>, atLeastOne?: string[] }} rules
 * @param {Record<string, unknown>} params
 * @param {string} path
 * @param {Report} report
 */
function validateParams(rules, params, path, report) {
  rejectUnknownKeys(params, Object.keys(rules.fields), path, report);
  for (const [key, rule] of Object.entries(rules.fields)) rule(params[key], `${path}.${key}`, report);
  const contactKeys = rules.atLeastOne;
  if (contactKeys?.every((key) => isBlank(params[key]))) {
    report(path, `At least one of ${contactKeys.join(", ")} should not be blank.`);
  }
}

/**
 * @param {Record<string, unknown>} object
 * @param {string[]} allowed
 * @param {string} path
 * @param {Report} report
 */
function rejectUnknownKeys(object, allowed, path, report) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) report(join(path, key), MESSAGES.notExpected);
  }
}

/**
 * @param {string} path
 * @param {string} key
 */
function join(path, key) {
  return path ? `${path}.${key}` : key;
}

/**
 * Symfony's NotBlank: null, an empty or whitespace-only string and an empty array are blank.
 * @param {unknown} value
 */
function isBlank(value) {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  return Array.isArray(value) && value.length === 0;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {Report} report
 * @returns {Record<string, unknown> | null}
 */
function asObject(value, path, report) {
  if (isObject(value)) return value;
  report(path, MESSAGES.type("object"));
  return null;
}

/**
 * A required array with a size range; null when it is missing or not an array.
 * @param {unknown} value
 * @param {string} path
 * @param {Report} report
 * @param {{ min: number, max: number }} size
 * @returns {unknown[] | null}
 */
function asList(value, path, report, size) {
  if (value === undefined || value === null) {
    report(path, MESSAGES.blank);
    return null;
  }
  if (!Array.isArray(value)) {
    report(path, MESSAGES.type("array"));
    return null;
  }
  if (value.length < size.min) report(path, MESSAGES.min(size.min));
  if (value.length > size.max) report(path, MESSAGES.max(size.max));
  return value;
}

/**
 * Optional fields accept a missing key or null.
 * @param {Rule} rule
 * @returns {Rule}
 */
function optional(rule) {
  return (value, path, report) => {
    if (value !== undefined && value !== null) rule(value, path, report);
  };
}

/**
 * @param {Rule} rule
 * @returns {Rule}
 */
function required(rule) {
  return (value, path, report) => {
    if (isBlank(value)) report(path, MESSAGES.blank);
    else rule(value, path, report);
  };
}

/** @type {Rule} */
function booleanRule(value, path, report) {
  if (typeof value !== "boolean") report(path, MESSAGES.type("boolean"));
}

/** @type {Rule} */
function nonBlankString(value, path, report) {
  if (typeof value !== "string") report(path, MESSAGES.type("string"));
  else if (isBlank(value)) report(path, MESSAGES.blank);
}

/**
 * @param {readonly string[]} choices
 * @returns {Rule}
 */
function enumRule(choices) {
  return (value, path, report) => {
    if (isBlank(value)) report(path, MESSAGES.blank);
    else if (typeof value !== "string") report(path, MESSAGES.type("string"));
    else if (!choices.includes(value)) report(path, MESSAGES.choice);
  };
}

/**
 * Calltouch IDs: a positive integer, or its decimal string (the vendor's table types them as strings).
 * @type {Rule}
 */
function idRule(value, path, report) {
  const numeric = typeof value === "string" && DIGITS.test(value) ? Number(value) : value;
  if (typeof numeric !== "number" || !Number.isSafeInteger(numeric)) {
    report(path, MESSAGES.type("integer"));
  } else if (numeric < 1) {
    report(path, MESSAGES.greaterOrEqual(1));
  }
}

/** @type {Rule} */
function searchDepthRule(value, path, report) {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    report(path, MESSAGES.type("integer"));
  } else if (value <= 0) {
    report(path, MESSAGES.positive);
  }
}

/** @type {Rule} */
function dateRule(value, path, report) {
  if (typeof value !== "string") report(path, MESSAGES.type("string"));
  else if (parseCalltouchDate(value) === null) report(path, MESSAGES.datetime);
}

/**
 * An array of strings, each non-blank and accepted by `check`.
 * @param {(item: string) => boolean} check
 * @param {string} message
 * @returns {Rule}
 */
function stringList(check, message) {
  return (value, path, report) => {
    if (!Array.isArray(value)) {
      report(path, MESSAGES.type("array"));
      return;
    }
    value.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      if (typeof item !== "string") report(itemPath, MESSAGES.type("string"));
      else if (isBlank(item)) report(itemPath, MESSAGES.blank);
      else if (!check(item)) report(itemPath, message);
    });
  };
}

const phones = optional(stringList(isValidPhone, MESSAGES.invalid));
const md5Phones = optional(stringList((item) => MD5.test(item), MESSAGES.invalid));
const emails = optional(stringList((item) => EMAIL.test(item), MESSAGES.email));
const tagFilter = {
  tags: optional(stringList(() => true, MESSAGES.invalid)),
  tagsLogic: optional(enumRule(["and", "or"])),
};
const contactWindow = {
  date: optional(dateRule),
  searchDepth: optional(searchDepthRule),
};
const typeToMatch = optional(enumRule(TYPES_TO_MATCH));
const searchAmongPhonesInText = optional(booleanRule);

/** Allowed keys of each `<type>Params` object and their rules. */
const PARAM_RULES = {
  call: { fields: { callId: required(idRule), ...tagFilter } },
  request: { fields: { requestId: required(idRule), ...tagFilter } },
  callContact: {
    fields: { phones, md5Phones, ...contactWindow, callTypeToMatch: typeToMatch, ...tagFilter },
    atLeastOne: ["phones", "md5Phones"],
  },
  requestContact: {
    fields: {
      phones,
      emails,
      md5Phones,
      ...contactWindow,
      requestTypeToMatch: typeToMatch,
      searchAmongPhonesInText,
      ...tagFilter,
    },
    atLeastOne: ["phones", "emails", "md5Phones"],
  },
  leadContact: {
    fields: {
      phones,
      emails,
      ...contactWindow,
      leadTypeToMatch: typeToMatch,
      searchAmongPhonesInText,
      ...tagFilter,
    },
    atLeastOne: ["phones", "emails"],
  },
};

/**
 * `customFields` may be left out, but when present it must not be blank: the vendor's own
 * example violation is "leads[0].addCustomFields.customFields: This value should not be blank.".
 * @type {Rule}
 */
function addCustomFieldsRule(value, path, report) {
  const payload = asObject(value, path, report);
  if (!payload) return;
  rejectUnknownKeys(payload, ["overwrite", "customFields"], path, report);
  optional(booleanRule)(payload.overwrite, `${path}.overwrite`, report);
  if (!("customFields" in payload)) return;
  const fieldsPath = `${path}.customFields`;
  if (isBlank(payload.customFields)) {
    report(fieldsPath, MESSAGES.blank);
    return;
  }
  const fields = asList(payload.customFields, fieldsPath, report, { min: 1, max: MAX_CUSTOM_FIELDS });
  fields?.forEach((field, index) => {
    customFieldRule(field, `${fieldsPath}[${index}]`, report);
  });
}

/** @type {Rule} */
function customFieldRule(value, path, report) {
  const field = asObject(value, path, report);
  if (!field) return;
  rejectUnknownKeys(field, ["field", "value"], path, report);
  required(nonBlankString)(field.field, `${path}.field`, report);
  required(customFieldValueRule)(field.value, `${path}.value`, report);
}

/** @type {Rule} */
function customFieldValueRule(value, path, report) {
  const isFiniteNumber = typeof value === "number" && Number.isFinite(value);
  if (typeof value !== "string" && !isFiniteNumber) {
    report(path, MESSAGES.type("string|number"));
  }
}

/** @type {Rule} */
function addTagsRule(value, path, report) {
  const payload = asObject(value, path, report);
  if (!payload) return;
  rejectUnknownKeys(payload, ["overwrite", "tags"], path, report);
  optional(booleanRule)(payload.overwrite, `${path}.overwrite`, report);
  const tags = asList(payload.tags, `${path}.tags`, report, { min: 1, max: MAX_TAGS });
  tags?.forEach((tag, index) => {
    tagRule(tag, `${path}.tags[${index}]`, report);
  });
}

/** @type {Rule} */
function tagRule(value, path, report) {
  const tag = asObject(value, path, report);
  if (!tag) return;
  rejectUnknownKeys(tag, ["tag"], path, report);
  required(nonBlankString)(tag.tag, `${path}.tag`, report);
}

/** @type {Rule} */
function addCommentRule(value, path, report) {
  nonBlankString(value, path, report);
  if (typeof value === "string" && value.length > MAX_COMMENT_LENGTH) {
    report(path, MESSAGES.tooLong(MAX_COMMENT_LENGTH));
  }
}

/** @type {Record<ApiKind, Rule>} */
const PAYLOAD_RULES = {
  customfield: optional(addCustomFieldsRule),
  tag: required(addTagsRule),
  comment: required(addCommentRule),
};
