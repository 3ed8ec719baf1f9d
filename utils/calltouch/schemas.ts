/**
 * zod schemas of the Calltouch lead-service API: the single source of truth for request and
 * response types (vendor page: shared/calltouch-customfield-api.ru.txt).
 */
import { z } from "zod";
import { LIMITS } from "./limits";

const DATE_RE = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** True when `value` is a real calendar date-time written `dd-mm-yyyy hh:mm:ss`. */
export function isCalltouchDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [dd, mm, yyyy, hh, mi, ss] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const d = new Date(Date.UTC(yyyy, mm - 1, dd, hh, mi, ss));
  return (
    d.getUTCFullYear() === yyyy &&
    d.getUTCMonth() === mm - 1 &&
    d.getUTCDate() === dd &&
    hh < 24 &&
    mi < 60 &&
    ss < 60
  );
}

/** Formats a Date as Calltouch expects it (`dd-mm-yyyy hh:mm:ss`, local time of the user). */
export function formatCalltouchDate(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(date.getDate())}-${p(date.getMonth() + 1)}-${date.getFullYear()} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

const nonBlank = z.string().trim().min(1, "This value should not be blank.");
const positiveId = z.union([
  z.number().int().positive(),
  z.string().regex(/^[1-9]\d*$/, "Must be a positive whole number."),
]);
const phone = z.string().refine((s) => {
  const digits = s.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}, "A phone number needs 8 to 15 digits.");
const md5 = z.string().regex(/^[a-f0-9]{32}$/, "Must be an MD5 digest: 32 lower-case hex digits.");
const calltouchDate = z.string().refine(isCalltouchDate, "Must be a date written dd-mm-yyyy hh:mm:ss.");
const tags = z.array(nonBlank).min(1).optional();
const tagsLogic = z.enum(["and", "or"]).optional();
/** The `*TypeToMatch` enums are open: send what the user chose and let the server's validation answer. */
const typeToMatch = nonBlank.optional();
const searchDepth = z.number().int().positive().optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).optional();

const CallParamsSchema = z.strictObject({ callId: positiveId, tags, tagsLogic });
const RequestParamsSchema = z.strictObject({ requestId: positiveId, tags, tagsLogic });
const CallContactParamsSchema = z
  .strictObject({
    phones: list(phone),
    md5Phones: list(md5),
    date: calltouchDate.optional(),
    tags,
    tagsLogic,
    callTypeToMatch: typeToMatch,
    searchDepth,
  })
  .refine((p) => p.phones || p.md5Phones, {
    message: "Give at least one phone or md5 phone.",
    path: ["phones"],
  });
const RequestContactParamsSchema = z
  .strictObject({
    emails: list(z.email()),
    phones: list(phone),
    md5Phones: list(md5),
    date: calltouchDate.optional(),
    requestTypeToMatch: typeToMatch,
    searchDepth,
  })
  .refine((p) => p.phones || p.emails || p.md5Phones, {
    message: "Give at least one phone, email or md5 phone.",
    path: ["phones"],
  });
const LeadContactParamsSchema = z
  .strictObject({
    emails: list(z.email()),
    phones: list(phone),
    searchAmongPhonesInText: z.boolean().optional(),
    date: calltouchDate.optional(),
    tags,
    tagsLogic,
    leadTypeToMatch: typeToMatch,
    searchDepth,
  })
  .refine((p) => p.phones || p.emails, { message: "Give at least one phone or email.", path: ["phones"] });

/** One row of a lead's `matching` list: the type and its `<type>Params`. */
export const MatchingRowSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("call"), callParams: CallParamsSchema }),
  z.strictObject({ type: z.literal("request"), requestParams: RequestParamsSchema }),
  z.strictObject({ type: z.literal("callContact"), callContactParams: CallContactParamsSchema }),
  z.strictObject({ type: z.literal("requestContact"), requestContactParams: RequestContactParamsSchema }),
  z.strictObject({ type: z.literal("leadContact"), leadContactParams: LeadContactParamsSchema }),
]);
export type MatchingRow = z.infer<typeof MatchingRowSchema>;
export type MatchingType = MatchingRow["type"];
export const MATCHING_TYPES = ["call", "request", "callContact", "requestContact", "leadContact"] as const;

/** A lead's matching strategies, highest priority first. */
export const MatchingSchema = z.array(MatchingRowSchema).min(1).max(LIMITS.maxMatchingRows);
export type Matching = z.infer<typeof MatchingSchema>;

const CustomFieldSchema = z.strictObject({
  field: nonBlank,
  value: z.union([nonBlank, z.number().finite()]),
});
export type CustomField = z.infer<typeof CustomFieldSchema>;

/** One lead of `customfield/lead/add`. */
export const CustomFieldLeadSchema = z.strictObject({
  matching: MatchingSchema,
  addCustomFields: z
    .strictObject({
      overwrite: z.boolean().optional(),
      customFields: z.array(CustomFieldSchema).max(LIMITS.maxCustomFields).optional(),
    })
    .optional(),
});
/** One lead of `tag/lead/add`. */
export const TagLeadSchema = z.strictObject({
  matching: MatchingSchema,
  addTags: z.strictObject({
    overwrite: z.boolean().optional(),
    tags: z
      .array(z.strictObject({ tag: nonBlank }))
      .min(1)
      .max(LIMITS.maxTags),
  }),
});
/** One item of `comment/lead/add`. */
export const CommentItemSchema = z.strictObject({ matching: MatchingSchema, addComment: nonBlank });

const batch = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(LIMITS.maxItemsPerRequest);
const CustomFieldRequestSchema = z.strictObject({ leads: batch(CustomFieldLeadSchema) });
const TagRequestSchema = z.strictObject({ leads: batch(TagLeadSchema) });
const CommentRequestSchema = z.strictObject({ comments: batch(CommentItemSchema) });

/** The three lead-service methods this product drives, with their path, list key and request body schema. */
export const METHODS = {
  // Writing a custom field again writes the same value (overwrite) or keeps the first one (no overwrite).
  customFields: {
    path: "/lead-service/v1/api/customfield/lead/add",
    listKey: "leads",
    request: CustomFieldRequestSchema,
    idempotent: true,
  },
  // The vendor's page does not say that adding the same tags again is harmless: never resent blindly.
  tags: {
    path: "/lead-service/v1/api/tag/lead/add",
    listKey: "leads",
    request: TagRequestSchema,
    idempotent: false,
  },
  // A comment sent twice is appended twice.
  comment: {
    path: "/lead-service/v1/api/comment/lead/add",
    listKey: "comments",
    request: CommentRequestSchema,
    idempotent: false,
  },
} as const;
export type Method = keyof typeof METHODS;

/** A method's name, read back from storage: one of `METHODS`' keys. */
export const MethodSchema = z.custom<Method>(
  (value) => typeof value === "string" && Object.hasOwn(METHODS, value),
  "Not a method of METHODS",
);

/** One lead operation as queued: the method and the exact item it adds to the request list. */
export const LeadOperationSchema = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("customFields"), item: CustomFieldLeadSchema }),
  z.strictObject({ method: z.literal("tags"), item: TagLeadSchema }),
  z.strictObject({ method: z.literal("comment"), item: CommentItemSchema }),
]);
export type LeadOperation = z.infer<typeof LeadOperationSchema>;
export type LeadItem = LeadOperation["item"];

const id = z.union([z.string(), z.number()]);

/** One entry of a successful answer as the queue keeps it: which lead was found, whether the data was added. */
export const LeadResultSchema = z.object({
  matchedType: z.string().nullable(),
  callInfo: z
    .object({ callId: z.string(), callReferenceId: z.string().nullable(), sipCallId: z.string().nullable() })
    .nullable(),
  requestInfo: z.object({ requestId: z.string(), requestNumber: z.string().nullable() }).nullable(),
  added: z.boolean(),
  error: z.string().nullable(),
});
export type LeadResult = z.infer<typeof LeadResultSchema>;

/** One entry of a successful answer, normalised to `LeadResult`. */
export const LeadResultAnswerSchema = z
  .object({
    matchedType: z.string().nullable().optional(),
    callInfo: z
      .object({ callId: id, callReferenceId: id.nullable().optional(), sipCallId: id.nullable().optional() })
      .nullable()
      .optional(),
    requestInfo: z.object({ requestId: id, requestNumber: id.nullable().optional() }).nullable().optional(),
    isCustomFieldsAdded: z.boolean().optional(),
    // The vendor's own table misspells the flag; accept both spellings.
    isCustonFieldsAdded: z.boolean().optional(),
    isTagsAdded: z.boolean().optional(),
    isCommentAdded: z.boolean().optional(),
    error: z.string().nullable().optional(),
  })
  .transform(
    (r): LeadResult => ({
      matchedType: r.matchedType ?? null,
      callInfo: r.callInfo
        ? {
            callId: String(r.callInfo.callId),
            callReferenceId: r.callInfo.callReferenceId == null ? null : String(r.callInfo.callReferenceId),
            sipCallId: r.callInfo.sipCallId == null ? null : String(r.callInfo.sipCallId),
          }
        : null,
      requestInfo: r.requestInfo
        ? {
            requestId: String(r.requestInfo.requestId),
            requestNumber: r.requestInfo.requestNumber == null ? null : String(r.requestInfo.requestNumber),
          }
        : null,
      added: Boolean(
        r.isCustomFieldsAdded ?? r.isCustonFieldsAdded ?? r.isTagsAdded ?? r.isCommentAdded ?? false,
      ),
      error: r.error ?? null,
    }),
  );

/** A successful answer (HTTP 200): one result per item of the request, in order. */
export const SuccessResponseSchema = z.object({
  data: z.union([
    z.object({ leads: z.array(LeadResultAnswerSchema) }),
    z.object({ comments: z.array(LeadResultAnswerSchema) }),
  ]),
});

const ViolationSchema = z.object({ fieldPath: z.string(), message: z.string() });
export type Violation = z.infer<typeof ViolationSchema>;

/** The validation error: nothing was added; each violation points into the request body. */
export const ValidationErrorResponseSchema = z.object({
  data: z.object({
    type: z.literal("validationError"),
    validationErrorData: z.object({ violations: z.array(ViolationSchema) }),
  }),
});

/** Any other typed error answer (auth, quota, ...): its `data.type` and free-form details. */
export const ApiErrorResponseSchema = z.object({
  data: z.object({ type: z.string(), apiErrorData: z.unknown().optional() }),
});
