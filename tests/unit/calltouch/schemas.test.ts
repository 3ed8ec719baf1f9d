import { describe, expect, it } from "vitest";
import { toFieldPath, validateBody } from "../../../utils/calltouch/client";
import {
  CommentItemSchema,
  CustomFieldLeadSchema,
  formatCalltouchDate,
  isCalltouchDate,
  LeadResultAnswerSchema,
  MatchingRowSchema,
  SuccessResponseSchema,
  TagLeadSchema,
  ValidationErrorResponseSchema,
} from "../../../utils/calltouch/schemas";

const byPhone = { type: "leadContact", leadContactParams: { phones: ["79157771122"] } } as const;
const lead = (extra: object = {}) => ({ matching: [byPhone], ...extra });
const repeat = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe("matching rows", () => {
  it.each([
    ["call by id", { type: "call", callParams: { callId: 1001 } }],
    ["call id as a numeric string", { type: "call", callParams: { callId: "1001" } }],
    [
      "request with tags and logic",
      { type: "request", requestParams: { requestId: 1, tags: ["t1", "t2"], tagsLogic: "and" } },
    ],
    [
      "callContact by phone",
      {
        type: "callContact",
        callContactParams: { phones: ["+7 (915) 888-11-22"], callTypeToMatch: "nearest", searchDepth: 120 },
      },
    ],
    [
      "callContact by md5",
      { type: "callContact", callContactParams: { md5Phones: ["4fec00b25336e719d4a0b255ea5aa0f5"] } },
    ],
    [
      "requestContact by email",
      {
        type: "requestContact",
        requestContactParams: { emails: ["name@server.com"], requestTypeToMatch: "nearestUniq" },
      },
    ],
    [
      "leadContact with everything",
      {
        type: "leadContact",
        leadContactParams: {
          emails: ["a@b.ru"],
          phones: ["79157771122"],
          searchAmongPhonesInText: false,
          date: "01-10-2020 12:00:00",
          tags: ["t1"],
          tagsLogic: "or",
          leadTypeToMatch: "nearest",
          searchDepth: 262800,
        },
      },
    ],
    [
      "an enum value the digest does not list (the list is open)",
      {
        type: "leadContact",
        leadContactParams: { phones: ["79157771122"], leadTypeToMatch: "somethingNew" },
      },
    ],
  ])("accepts %s", (_, row) => {
    expect(MatchingRowSchema.safeParse(row).success).toBe(true);
  });

  it.each([
    ["an unknown type", { type: "deal", dealParams: {} }],
    ["params under the wrong name", { type: "call", requestParams: { requestId: 1 } }],
    ["a missing call id", { type: "call", callParams: {} }],
    ["a zero request id", { type: "request", requestParams: { requestId: 0 } }],
    ["a non-numeric id string", { type: "request", requestParams: { requestId: "12a" } }],
    [
      "a tagsLogic other than and/or",
      { type: "request", requestParams: { requestId: 1, tags: ["t"], tagsLogic: "xor" } },
    ],
    ["a blank tag", { type: "request", requestParams: { requestId: 1, tags: [" "] } }],
    [
      "callContact with neither phones nor md5",
      { type: "callContact", callContactParams: { date: "01-10-2020 12:00:00" } },
    ],
    ["a phone with too few digits", { type: "callContact", callContactParams: { phones: ["12-34"] } }],
    ["an md5 that is not hex", { type: "callContact", callContactParams: { md5Phones: ["xyz"] } }],
    ["requestContact with no contact", { type: "requestContact", requestContactParams: { searchDepth: 10 } }],
    ["a malformed email", { type: "requestContact", requestContactParams: { emails: ["not-an-email"] } }],
    ["leadContact with no contact", { type: "leadContact", leadContactParams: {} }],
    [
      "an ISO date",
      { type: "leadContact", leadContactParams: { phones: ["79157771122"], date: "2020-10-01 12:00:00" } },
    ],
    [
      "a non-integer searchDepth",
      { type: "leadContact", leadContactParams: { phones: ["79157771122"], searchDepth: 1.5 } },
    ],
    [
      "a negative searchDepth",
      { type: "leadContact", leadContactParams: { phones: ["79157771122"], searchDepth: -1 } },
    ],
    ["an unexpected key", { type: "leadContact", leadContactParams: { phones: ["79157771122"], foo: 1 } }],
    ["an empty phones list", { type: "leadContact", leadContactParams: { phones: [] } }],
  ])("rejects %s", (_, row) => {
    expect(MatchingRowSchema.safeParse(row).success).toBe(false);
  });
});

describe("lead items", () => {
  it.each([
    [
      "custom fields with string and number values",
      CustomFieldLeadSchema,
      lead({
        addCustomFields: {
          overwrite: true,
          customFields: [
            { field: "deal_stage", value: "won" },
            { field: "revenue", value: 123.4 },
          ],
        },
      }),
    ],
    ["custom fields omitted", CustomFieldLeadSchema, lead()],
    [
      "20 custom fields",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: repeat(20, (i) => ({ field: `f${i}`, value: i })) } }),
    ],
    ["20 matching rows", CustomFieldLeadSchema, { matching: repeat(20, () => byPhone) }],
    ["tags", TagLeadSchema, lead({ addTags: { overwrite: false, tags: [{ tag: "vip" }] } })],
    ["a comment", CommentItemSchema, lead({ addComment: "Called back, wants a quote" })],
  ])("accepts %s", (_, schema, value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  it.each([
    ["no matching", CustomFieldLeadSchema, {}],
    ["an empty matching list", CustomFieldLeadSchema, { matching: [] }],
    ["21 matching rows", CustomFieldLeadSchema, { matching: repeat(21, () => byPhone) }],
    [
      "21 custom fields",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: repeat(21, (i) => ({ field: `f${i}`, value: i })) } }),
    ],
    [
      "a blank field name",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: [{ field: "", value: "x" }] } }),
    ],
    [
      "a boolean value",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: [{ field: "f", value: true }] } }),
    ],
    [
      "a blank string value",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: [{ field: "f", value: "  " }] } }),
    ],
    [
      "an infinite number",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { customFields: [{ field: "f", value: Number.POSITIVE_INFINITY }] } }),
    ],
    [
      "a string overwrite flag",
      CustomFieldLeadSchema,
      lead({ addCustomFields: { overwrite: "yes", customFields: [] } }),
    ],
    ["tags without addTags", TagLeadSchema, lead()],
    ["an empty tag list", TagLeadSchema, lead({ addTags: { tags: [] } })],
    ["a blank comment", CommentItemSchema, lead({ addComment: " " })],
  ])("rejects %s", (_, schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});

describe("request bodies", () => {
  it("accepts 100 leads and rejects 101 and 0, naming the list", () => {
    expect(validateBody("customFields", { leads: repeat(100, () => lead()) })).toBeNull();
    expect(
      validateBody("customFields", { leads: repeat(101, () => lead()) })?.details.violations?.[0]?.fieldPath,
    ).toBe("leads");
    expect(validateBody("customFields", { leads: [] })?.details.violations?.[0]?.fieldPath).toBe("leads");
  });

  it("points each violation at the broken input, as the server does", () => {
    const error = validateBody("customFields", {
      leads: [lead(), { matching: [byPhone, { type: "call", callParams: { callId: -1 } }] }],
    });
    expect(error?.kind).toBe("validation");
    expect(error?.details.violations?.map((v) => v.fieldPath)).toEqual([
      "leads[1].matching[1].callParams.callId",
    ]);
  });

  it("uses the comments list for comment/lead/add", () => {
    expect(validateBody("comment", { comments: [lead({ addComment: "x" })] })).toBeNull();
    expect(validateBody("comment", { leads: [lead({ addComment: "x" })] })).not.toBeNull();
  });

  it("writes paths in the server's notation", () => {
    expect(toFieldPath(["leads", 0, "addCustomFields", "customFields", 3, "value"])).toBe(
      "leads[0].addCustomFields.customFields[3].value",
    );
  });
});

describe("dates", () => {
  it.each([
    ["01-10-2020 12:00:00", true],
    ["29-02-2024 23:59:59", true],
    ["29-02-2023 10:00:00", false],
    ["31-04-2020 10:00:00", false],
    ["01-10-2020 24:00:00", false],
    ["1-10-2020 12:00:00", false],
    ["2020-10-01 12:00:00", false],
  ])("%s is valid: %s", (value, valid) => {
    expect(isCalltouchDate(value)).toBe(valid);
  });

  it("formats a date as dd-mm-yyyy hh:mm:ss", () => {
    expect(formatCalltouchDate(new Date(2020, 9, 1, 9, 5, 7))).toBe("01-10-2020 09:05:07");
  });
});

describe("responses", () => {
  it("reads the vendor's example and normalises ids to strings", () => {
    const parsed = SuccessResponseSchema.parse({
      meta: [],
      data: {
        leads: [
          {
            matchedType: "request",
            callInfo: null,
            requestInfo: { requestId: 1257513, requestNumber: "1257513" },
            isCustomFieldsAdded: true,
            error: null,
          },
        ],
      },
    });
    expect("leads" in parsed.data && parsed.data.leads[0]).toEqual({
      matchedType: "request",
      callInfo: null,
      requestInfo: { requestId: "1257513", requestNumber: "1257513" },
      added: true,
      error: null,
    });
  });

  it.each([
    ["the correct spelling", { isCustomFieldsAdded: true }, true],
    ["the vendor table's misspelling", { isCustonFieldsAdded: true }, true],
    ["tags added", { isTagsAdded: true }, true],
    ["a comment added", { isCommentAdded: true }, true],
    ["no flag at all", {}, false],
  ])("reads the added flag from %s", (_, flag, added) => {
    expect(LeadResultAnswerSchema.parse({ matchedType: "call", ...flag }).added).toBe(added);
  });

  it("reads a call result with its ids", () => {
    const r = LeadResultAnswerSchema.parse({
      matchedType: "callContact",
      callInfo: { callId: 1001, callReferenceId: null, sipCallId: "sip-1" },
      requestInfo: null,
      isCustomFieldsAdded: true,
      error: null,
    });
    expect(r.callInfo).toEqual({ callId: "1001", callReferenceId: null, sipCallId: "sip-1" });
  });

  it("rejects a result whose callInfo has no id", () => {
    expect(LeadResultAnswerSchema.safeParse({ callInfo: { sipCallId: "x" } }).success).toBe(false);
  });

  it("reads the validation error with its violations", () => {
    const body = {
      meta: [],
      data: {
        type: "validationError",
        apiErrorData: null,
        validationErrorData: {
          violations: [
            {
              fieldPath: "leads[0].addCustomFields.customFields",
              message: "This value should not be blank.",
            },
          ],
        },
      },
    };
    expect(ValidationErrorResponseSchema.parse(body).data.validationErrorData.violations).toHaveLength(1);
    expect(ValidationErrorResponseSchema.safeParse({ data: { type: "validationError" } }).success).toBe(
      false,
    );
  });
});
