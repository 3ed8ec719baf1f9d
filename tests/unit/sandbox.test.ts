// @vitest-environment node
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatCalltouchDate, parseCalltouchDate } from "../sandbox/formats.mjs";
import { DEFAULT_CUSTOM_FIELDS, spawnSandbox, startSandbox } from "../sandbox/server.mjs";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Violation = { fieldPath: string; message: string };
type LeadResult = {
  matchedType: string | null;
  callInfo: { callId: number; callReferenceId: string | null; sipCallId: string } | null;
  requestInfo: { requestId: number; requestNumber: string } | null;
  error: string | null;
  [flag: string]: unknown;
};
type ApiBody = {
  meta: unknown[];
  data: {
    leads?: LeadResult[];
    comments?: LeadResult[];
    type?: string;
    apiErrorData?: { code?: string; message: string } | null;
    validationErrorData?: { violations: Violation[] } | null;
  };
};
type StoredLead = {
  kind: string;
  calltouchDate: string;
  tags: string[];
  customFields: Record<string, string | number>;
  comments: string[];
};

const TOKEN = "sandbox-token";
const SITE_ID = "12345";
const CUSTOMFIELD = "/lead-service/v1/api/customfield/lead/add";
const TAG = "/lead-service/v1/api/tag/lead/add";
const COMMENT = "/lead-service/v1/api/comment/lead/add";
const AUTH = { "Access-Token": TOKEN, SiteId: SITE_ID, "Content-Type": "application/json" };

const BLANK = "This value should not be blank.";
const NOT_EXPECTED = "This field was not expected.";
const INVALID = "This value is not valid.";
const CHOICE = "The value you selected is not a valid choice.";
const DATETIME = "This value is not a valid datetime.";
const typeOf = (type: string) => `This value should be of type ${type}.`;

let sandbox: Sandbox;

async function post(path: string, body: unknown, headers: Record<string, string> = AUTH, server = sandbox) {
  const response = await fetch(server.url + path, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ApiBody };
}

async function inspect<T>(path: string, init?: RequestInit, server = sandbox): Promise<T> {
  const response = await fetch(`${server.url}/__sandbox/${path}`, init);
  return (await response.json()) as T;
}

const control = (path: string, body: unknown = {}, method = "POST") =>
  inspect(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

const storedLead = (kind: "call" | "request", id: number) => inspect<StoredLead>(`leads/${kind}/${id}`);

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const repeat = <T>(count: number, make: (index: number) => T) =>
  Array.from({ length: count }, (_, i) => make(i));

const callRow = (callId: number | string, extra = {}) => ({ type: "call", callParams: { callId, ...extra } });
const requestRow = (requestId: number | string, extra = {}) => ({
  type: "request",
  requestParams: { requestId, ...extra },
});
const callContact = (params: object) => ({ type: "callContact", callContactParams: params });
/** A callContact row for the phone of calls 1001 (2 hours ago) and 1002 (3 days ago). */
const withPhone = (extra: object) => callContact({ phones: ["79157771122"], ...extra });
const requestContact = (params: object) => ({ type: "requestContact", requestContactParams: params });
const leadContact = (params: object) => ({ type: "leadContact", leadContactParams: params });
const fieldsLead = (
  matching: unknown[],
  customFields: unknown[] = [{ field: "product", value: "x" }],
  extra = {},
) => ({
  matching,
  addCustomFields: { customFields, ...extra },
});

/** Sends one lead to customfield/lead/add and returns its result. */
async function matchOne(...matching: unknown[]): Promise<LeadResult> {
  const { status, body } = await post(CUSTOMFIELD, { leads: [{ matching }] });
  expect(status).toBe(200);
  const [result] = body.data.leads ?? [];
  if (!result) throw new Error("no result");
  return result;
}

const matchedCallId = async (...matching: unknown[]) =>
  (await matchOne(...matching)).callInfo?.callId ?? null;
const matchedRequestId = async (...matching: unknown[]) =>
  (await matchOne(...matching)).requestInfo?.requestId ?? null;

/** Moves a `dd-mm-yyyy hh:mm:ss` date by whole days. */
const shiftDays = (date: string, days: number) =>
  formatCalltouchDate((parseCalltouchDate(date) ?? Number.NaN) + days * 86_400_000);

/**
 * A sandbox of the describe block's own, started before its tests and closed after them; with `resetEach`,
 * reset before each test.
 */
function ownSandbox(options?: Parameters<typeof startSandbox>[0], { resetEach = true } = {}): () => Sandbox {
  let own: Sandbox | undefined;
  const current = () => {
    if (!own) throw new Error("the suite's sandbox has not started");
    return own;
  };
  beforeAll(async () => {
    own = await startSandbox(options);
  });
  afterAll(async () => {
    await own?.close();
  });
  if (resetEach) {
    beforeEach(async () => {
      await inspect("reset", { method: "POST" }, current());
    });
  }
  return current;
}

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await control("reset");
  await control("config", { rateLimit: 0, quotaRequests: null, customFields: DEFAULT_CUSTOM_FIELDS });
});

describe("validation", () => {
  const row0 = "leads[0].matching[0]";
  const CC = `${row0}.callContactParams`;
  type Case = [string, unknown, string | null, string?];

  const expectOutcome = async (path: string, body: unknown, fieldPath: string | null, message?: string) => {
    const { status, body: answer } = await post(path, body);
    if (fieldPath === null) {
      expect(status).toBe(200);
      return;
    }
    expect(status).toBe(400);
    expect(answer).toEqual({
      meta: [],
      data: {
        type: "validationError",
        apiErrorData: null,
        validationErrorData: { violations: [{ fieldPath, message }] },
      },
    });
  };

  const validLead = fieldsLead([callRow(1001)]);

  it.each<Case>([
    ["a body that is not an object", [validLead], "", typeOf("object")],
    ["a missing leads", {}, "leads", BLANK],
    ["leads that is not an array", { leads: {} }, "leads", typeOf("array")],
    ["empty leads", { leads: [] }, "leads", "This collection should contain 1 element or more."],
    ["100 leads", { leads: repeat(100, () => validLead) }, null],
    [
      "101 leads",
      { leads: repeat(101, () => validLead) },
      "leads",
      "This collection should contain 100 elements or less.",
    ],
    ["a lead that is not an object", { leads: [5] }, "leads[0]", typeOf("object")],
    ["an unknown top-level key", { leads: [validLead], extra: 1 }, "extra", NOT_EXPECTED],
    ["an unknown lead key", { leads: [{ ...validLead, addTags: {} }] }, "leads[0].addTags", NOT_EXPECTED],
    ["a missing matching", { leads: [{}] }, "leads[0].matching", BLANK],
    [
      "empty matching",
      { leads: [{ matching: [] }] },
      "leads[0].matching",
      "This collection should contain 1 element or more.",
    ],
    ["20 matching rows", { leads: [{ matching: repeat(20, () => callRow(1001)) }] }, null],
    [
      "21 matching rows",
      { leads: [{ matching: repeat(21, () => callRow(1001)) }] },
      "leads[0].matching",
      "This collection should contain 20 elements or less.",
    ],
  ])("body: %s", async (_, body, fieldPath, message) => {
    await expectOutcome(CUSTOMFIELD, body, fieldPath, message);
  });

  it.each<Case>([
    ["call by numeric ID", callRow(1001), null],
    ["call by ID as a string", callRow("1001"), null],
    ["a row that is not an object", "call", row0, typeOf("object")],
    ["a missing type", { callParams: { callId: 1 } }, `${row0}.type`, BLANK],
    ["an unknown type", { type: "phone", phoneParams: {} }, `${row0}.type`, CHOICE],
    ["missing params", { type: "call" }, `${row0}.callParams`, BLANK],
    [
      "params that are not an object",
      { type: "call", callParams: [1] },
      `${row0}.callParams`,
      typeOf("object"),
    ],
    ["params of another type", { ...callRow(1), requestParams: {} }, `${row0}.requestParams`, NOT_EXPECTED],
    ["an unknown param", callRow(1, { phone: "1" }), `${row0}.callParams.phone`, NOT_EXPECTED],
    ["a missing callId", { type: "call", callParams: {} }, `${row0}.callParams.callId`, BLANK],
    ["callId 0", callRow(0), `${row0}.callParams.callId`, "This value should be greater than or equal to 1."],
    ["a fractional callId", callRow(1.5), `${row0}.callParams.callId`, typeOf("integer")],
    ["a non-numeric callId", callRow("abc"), `${row0}.callParams.callId`, typeOf("integer")],
    ["request by ID", requestRow(1257513), null],
    ["request by ID as a string", requestRow("1257513"), null],
    ["a missing requestId", { type: "request", requestParams: {} }, `${row0}.requestParams.requestId`, BLANK],
    [
      "a negative requestId",
      requestRow(-1),
      `${row0}.requestParams.requestId`,
      "This value should be greater than or equal to 1.",
    ],
    ["tags", callRow(1001, { tags: ["t1"], tagsLogic: "or" }), null],
    ["tags that are not an array", callRow(1001, { tags: "t1" }), `${row0}.callParams.tags`, typeOf("array")],
    ["a blank tag", callRow(1001, { tags: [" "] }), `${row0}.callParams.tags[0]`, BLANK],
    [
      "a tag that is not a string",
      callRow(1001, { tags: [5] }),
      `${row0}.callParams.tags[0]`,
      typeOf("string"),
    ],
    ["an unknown tagsLogic", callRow(1001, { tagsLogic: "xor" }), `${row0}.callParams.tagsLogic`, CHOICE],
    ["callContact by phone", callContact({ phones: ["+7 (915) 777-11-22"] }), null],
    ["callContact by md5", callContact({ md5Phones: [md5("79157771122")] }), null],
    ["a phone with too few digits", callContact({ phones: ["777-11-22"] }), `${CC}.phones[0]`, INVALID],
    [
      "a phone with too many digits",
      callContact({ phones: ["1234567890123456"] }),
      `${CC}.phones[0]`,
      INVALID,
    ],
    ["phones that are not an array", callContact({ phones: "79157771122" }), `${CC}.phones`, typeOf("array")],
    [
      "an upper-case md5",
      callContact({ md5Phones: [md5("1").toUpperCase()] }),
      `${CC}.md5Phones[0]`,
      INVALID,
    ],
    [
      "callContact without phones",
      callContact({ phones: [], md5Phones: [] }),
      CC,
      "At least one of phones, md5Phones should not be blank.",
    ],
    ["a valid date", withPhone({ date: "29-02-2024 23:59:59" }), null],
    ["an ISO date", withPhone({ date: "2024-02-29 10:00:00" }), `${CC}.date`, DATETIME],
    ["an impossible date", withPhone({ date: "31-02-2024 10:00:00" }), `${CC}.date`, DATETIME],
    ["a date that is not a string", withPhone({ date: 1 }), `${CC}.date`, typeOf("string")],
    ["a searchDepth", withPhone({ searchDepth: 120 }), null],
    ["searchDepth 0", withPhone({ searchDepth: 0 }), `${CC}.searchDepth`, "This value should be positive."],
    ["a searchDepth string", withPhone({ searchDepth: "120" }), `${CC}.searchDepth`, typeOf("integer")],
    ["callTypeToMatch", withPhone({ callTypeToMatch: "nearestUniqLead" }), null],
    [
      "an unknown callTypeToMatch",
      withPhone({ callTypeToMatch: "farthest" }),
      `${CC}.callTypeToMatch`,
      CHOICE,
    ],
    [
      "leadTypeToMatch in callContact",
      withPhone({ leadTypeToMatch: "nearest" }),
      `${CC}.leadTypeToMatch`,
      NOT_EXPECTED,
    ],
    [
      "searchAmongPhonesInText in callContact",
      withPhone({ searchAmongPhonesInText: true }),
      `${CC}.searchAmongPhonesInText`,
      NOT_EXPECTED,
    ],
    [
      "requestContact by email",
      requestContact({ emails: ["name@server.com"], requestTypeToMatch: "nearestUniq" }),
      null,
    ],
    ["requestContact by md5", requestContact({ md5Phones: [md5("79171112233")] }), null],
    [
      "requestContact searching text",
      requestContact({ phones: ["79265554433"], searchAmongPhonesInText: true }),
      null,
    ],
    [
      "an invalid email",
      requestContact({ emails: ["name@server"] }),
      `${row0}.requestContactParams.emails[0]`,
      "This value is not a valid email address.",
    ],
    [
      "searchAmongPhonesInText as a string",
      requestContact({ phones: ["79265554433"], searchAmongPhonesInText: "yes" }),
      `${row0}.requestContactParams.searchAmongPhonesInText`,
      typeOf("boolean"),
    ],
    [
      "requestContact without contacts",
      requestContact({ date: "01-10-2020 12:00:00" }),
      `${row0}.requestContactParams`,
      "At least one of phones, emails, md5Phones should not be blank.",
    ],
    [
      "leadContact by phone and email",
      leadContact({ phones: ["79157771122"], emails: ["name@server.com"], leadTypeToMatch: "nearest" }),
      null,
    ],
    [
      "md5Phones in leadContact",
      leadContact({ phones: ["79157771122"], md5Phones: [md5("79157771122")] }),
      `${row0}.leadContactParams.md5Phones`,
      NOT_EXPECTED,
    ],
    [
      "leadContact without contacts",
      leadContact({ emails: [] }),
      `${row0}.leadContactParams`,
      "At least one of phones, emails should not be blank.",
    ],
  ])("matching: %s", async (_, row, fieldPath, message) => {
    await expectOutcome(CUSTOMFIELD, { leads: [{ matching: [row] }] }, fieldPath, message);
  });

  const fields = "leads[0].addCustomFields";
  it.each<Case>([
    ["no addCustomFields", { matching: [callRow(1001)] }, null],
    ["no customFields", { matching: [callRow(1001)], addCustomFields: { overwrite: true } }, null],
    [
      "string and number values",
      fieldsLead(
        [callRow(1001)],
        [
          { field: "name", value: 123.4 },
          { field: "birthday", value: "1990-01-01" },
        ],
      ),
      null,
    ],
    [
      "addCustomFields that is not an object",
      { matching: [callRow(1001)], addCustomFields: [] },
      fields,
      typeOf("object"),
    ],
    [
      "an unknown key in addCustomFields",
      fieldsLead([callRow(1001)], undefined, { mode: 1 }),
      `${fields}.mode`,
      NOT_EXPECTED,
    ],
    [
      "overwrite as a string",
      fieldsLead([callRow(1001)], undefined, { overwrite: "yes" }),
      `${fields}.overwrite`,
      typeOf("boolean"),
    ],
    ["empty customFields", fieldsLead([callRow(1001)], []), `${fields}.customFields`, BLANK],
    [
      "20 custom fields",
      fieldsLead(
        [callRow(1001)],
        repeat(20, () => ({ field: "name", value: 1 })),
      ),
      null,
    ],
    [
      "21 custom fields",
      fieldsLead(
        [callRow(1001)],
        repeat(21, () => ({ field: "name", value: 1 })),
      ),
      `${fields}.customFields`,
      "This collection should contain 20 elements or less.",
    ],
    [
      "a custom field that is not an object",
      fieldsLead([callRow(1001)], ["name"]),
      `${fields}.customFields[0]`,
      typeOf("object"),
    ],
    [
      "a missing field name",
      fieldsLead([callRow(1001)], [{ value: 1 }]),
      `${fields}.customFields[0].field`,
      BLANK,
    ],
    [
      "a blank field name",
      fieldsLead([callRow(1001)], [{ field: "", value: 1 }]),
      `${fields}.customFields[0].field`,
      BLANK,
    ],
    [
      "a field name that is not a string",
      fieldsLead([callRow(1001)], [{ field: 5, value: 1 }]),
      `${fields}.customFields[0].field`,
      typeOf("string"),
    ],
    [
      "a blank value",
      fieldsLead([callRow(1001)], [{ field: "name", value: "" }]),
      `${fields}.customFields[0].value`,
      BLANK,
    ],
    [
      "a boolean value",
      fieldsLead([callRow(1001)], [{ field: "name", value: true }]),
      `${fields}.customFields[0].value`,
      typeOf("string|number"),
    ],
    [
      "an unknown key in a custom field",
      fieldsLead([callRow(1001)], [{ field: "name", value: 1, type: "s" }]),
      `${fields}.customFields[0].type`,
      NOT_EXPECTED,
    ],
  ])("customfield: %s", async (_, lead, fieldPath, message) => {
    await expectOutcome(CUSTOMFIELD, { leads: [lead] }, fieldPath, message);
  });

  const tags = "leads[0].addTags";
  it.each<Case>([
    ["tags", { matching: [callRow(1001)], addTags: { overwrite: false, tags: [{ tag: "vip" }] } }, null],
    ["a missing addTags", { matching: [callRow(1001)] }, tags, BLANK],
    ["missing tags", { matching: [callRow(1001)], addTags: {} }, `${tags}.tags`, BLANK],
    [
      "empty tags",
      { matching: [callRow(1001)], addTags: { tags: [] } },
      `${tags}.tags`,
      "This collection should contain 1 element or more.",
    ],
    [
      "21 tags",
      { matching: [callRow(1001)], addTags: { tags: repeat(21, (i) => ({ tag: `t${i}` })) } },
      `${tags}.tags`,
      "This collection should contain 20 elements or less.",
    ],
    [
      "a tag as a bare string",
      { matching: [callRow(1001)], addTags: { tags: ["vip"] } },
      `${tags}.tags[0]`,
      typeOf("object"),
    ],
    [
      "a blank tag",
      { matching: [callRow(1001)], addTags: { tags: [{ tag: "" }] } },
      `${tags}.tags[0].tag`,
      BLANK,
    ],
    [
      "overwrite as a string",
      { matching: [callRow(1001)], addTags: { overwrite: "true", tags: [{ tag: "a" }] } },
      `${tags}.overwrite`,
      typeOf("boolean"),
    ],
  ])("tag: %s", async (_, lead, fieldPath, message) => {
    await expectOutcome(TAG, { leads: [lead] }, fieldPath, message);
  });

  it.each<Case>([
    ["a comment", { comments: [{ matching: [callRow(1001)], addComment: "Called back" }] }, null],
    ["2000 characters", { comments: [{ matching: [callRow(1001)], addComment: "x".repeat(2000) }] }, null],
    ["a missing comments", {}, "comments", BLANK],
    ["a missing addComment", { comments: [{ matching: [callRow(1001)] }] }, "comments[0].addComment", BLANK],
    [
      "a whitespace comment",
      { comments: [{ matching: [callRow(1001)], addComment: "  " }] },
      "comments[0].addComment",
      BLANK,
    ],
    [
      "a comment that is not a string",
      { comments: [{ matching: [callRow(1001)], addComment: 5 }] },
      "comments[0].addComment",
      typeOf("string"),
    ],
    [
      "2001 characters",
      { comments: [{ matching: [callRow(1001)], addComment: "x".repeat(2001) }] },
      "comments[0].addComment",
      "This value is too long. It should have 2000 characters or less.",
    ],
    [
      "a matching error",
      { comments: [{ matching: [callRow(0)], addComment: "a" }] },
      "comments[0].matching[0].callParams.callId",
      "This value should be greater than or equal to 1.",
    ],
  ])("comment: %s", async (_, body, fieldPath, message) => {
    await expectOutcome(COMMENT, body, fieldPath, message);
  });

  it("reports every violation with the request's own paths and applies nothing", async () => {
    const leads = [
      fieldsLead([callRow(1001)], [{ field: "product", value: "kept out" }]),
      fieldsLead([callRow(1001)], []),
      fieldsLead([callRow(1001)]),
      fieldsLead([callRow(1001), leadContact({ phones: ["79157771122", "12"] })], [{ field: "", value: "" }]),
    ];
    const { status, body } = await post(CUSTOMFIELD, { leads });
    expect(status).toBe(400);
    expect(body.data.validationErrorData?.violations).toEqual([
      { fieldPath: "leads[1].addCustomFields.customFields", message: BLANK },
      { fieldPath: "leads[3].matching[1].leadContactParams.phones[1]", message: INVALID },
      { fieldPath: "leads[3].addCustomFields.customFields[0].field", message: BLANK },
      { fieldPath: "leads[3].addCustomFields.customFields[0].value", message: BLANK },
    ]);
    expect((await storedLead("call", 1001)).customFields).toEqual({});
  });

  it.each([
    ["text/plain", '{"leads":[]}', 'Content-Type must be "application/json".'],
    ["application/json", "{not json", "The request body is not valid JSON."],
  ])("answers 400 for a %s body that cannot be read", async (contentType, text, message) => {
    const { status, body } = await post(CUSTOMFIELD, text, { ...AUTH, "Content-Type": contentType });
    expect(status).toBe(400);
    expect(body.data).toEqual({
      type: "validationError",
      apiErrorData: null,
      validationErrorData: { violations: [{ fieldPath: "", message }] },
    });
  });

  it("accepts a charset in the Content-Type", async () => {
    const { status } = await post(
      CUSTOMFIELD,
      { leads: [validLead] },
      { ...AUTH, "Content-Type": "application/json; charset=utf-8" },
    );
    expect(status).toBe(200);
  });

  it("answers 404 JSON for an unknown path", async () => {
    const { status, body } = await post("/lead-service/v1/api/nothing", { leads: [] });
    expect(status).toBe(404);
    expect(body.data.type).toBe("notFound");
  });
});

describe("auth and quota", () => {
  const invalidToken = {
    type: "authError",
    apiErrorData: { message: "Invalid Access-Token" },
    validationErrorData: null,
  };
  const deniedSite = {
    type: "authError",
    apiErrorData: { message: "Access denied for SiteId" },
    validationErrorData: null,
  };
  const body = { leads: [fieldsLead([callRow(1001)])] };

  it.each([
    ["no Access-Token", { SiteId: SITE_ID, "Content-Type": "application/json" }, 401, invalidToken],
    ["a wrong Access-Token", { ...AUTH, "Access-Token": "wrong" }, 401, invalidToken],
    ["no SiteId", { "Access-Token": TOKEN, "Content-Type": "application/json" }, 403, deniedSite],
    ["a wrong SiteId", { ...AUTH, SiteId: "54321" }, 403, deniedSite],
    ["a non-numeric SiteId", { ...AUTH, SiteId: "12345a" }, 403, deniedSite],
  ])("rejects %s", async (_, headers, status, data) => {
    const answer = await post(CUSTOMFIELD, body, headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ meta: [], data });
  });

  it("reads header names case-insensitively", async () => {
    const headers = { "ACCESS-TOKEN": TOKEN, siteid: SITE_ID, "content-type": "application/json" };
    expect((await post(CUSTOMFIELD, body, headers)).status).toBe(200);
  });

  it("checks auth before the body", async () => {
    expect((await post(CUSTOMFIELD, "{not json", { ...AUTH, "Access-Token": "wrong" })).status).toBe(401);
  });

  it("answers the points error once the quota of successful requests is spent", async () => {
    await control("config", { quotaRequests: 2 });
    expect((await post(CUSTOMFIELD, { leads: [] })).status).toBe(400);
    expect((await post(CUSTOMFIELD, body)).status).toBe(200);
    expect((await post(CUSTOMFIELD, body)).status).toBe(200);
    const answer = await post(CUSTOMFIELD, body);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      meta: [],
      data: {
        type: "apiError",
        apiErrorData: { code: "POINTS_LIMIT_EXCEEDED", message: "Daily API points limit exceeded" },
        validationErrorData: null,
      },
    });
  });
});

describe("the credentials check: an empty batch", () => {
  const BLANK_LIST = "This collection should contain 1 element or more.";

  it.each([
    [CUSTOMFIELD, "leads"],
    [TAG, "leads"],
    [COMMENT, "comments"],
  ])("%s checks the token, then the SiteId, then refuses the empty list by validation", async (path, key) => {
    const empty = { [key]: [] };
    const wrongToken = await post(path, empty, { ...AUTH, "Access-Token": "wrong", SiteId: "54321" });
    expect([wrongToken.status, wrongToken.body.data.apiErrorData?.message]).toEqual([
      401,
      "Invalid Access-Token",
    ]);
    const wrongSite = await post(path, empty, { ...AUTH, SiteId: "54321" });
    expect([wrongSite.status, wrongSite.body.data.apiErrorData?.message]).toEqual([
      403,
      "Access denied for SiteId",
    ]);
    const good = await post(path, empty);
    expect(good.status).toBe(400);
    expect(good.body.data).toEqual({
      type: "validationError",
      apiErrorData: null,
      validationErrorData: { violations: [{ fieldPath: key, message: BLANK_LIST }] },
    });
  });

  it("spends no points: checks leave the quota of successful requests whole", async () => {
    await control("config", { quotaRequests: 1 });
    for (let i = 0; i < 3; i++) expect((await post(CUSTOMFIELD, { leads: [] })).status).toBe(400);
    expect((await post(CUSTOMFIELD, { leads: [fieldsLead([callRow(1001)])] })).status).toBe(200);
    expect(await inspect("stats")).toMatchObject({ successfulRequests: 1, leadsAccepted: 1 });
  });
});

describe("rate limit", () => {
  const limited = ownSandbox();
  const body = { leads: [fieldsLead([callRow(1001)])] };
  const send = () => post(CUSTOMFIELD, body, AUTH, limited());
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("lets 5 of 11 simultaneous requests through and answers 429 to the other 6", async () => {
    const answers = await Promise.all(repeat(11, send));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    const rejected = answers.find((answer) => answer.status === 429);
    expect(rejected?.headers.get("retry-after")).toBe("1");
    expect(rejected?.body).toEqual({
      meta: [],
      data: {
        type: "tooManyRequests",
        apiErrorData: { message: "Too Many Requests" },
        validationErrorData: null,
      },
    });
    const stats = await inspect<Record<string, number>>("stats", undefined, limited());
    expect(stats).toMatchObject({
      requests: 11,
      http429: 6,
      maxRequestsInAnyWindow: 5,
      maxReceivedInAnyWindow: 11,
    });
  });

  it("slides a one-second window over accepted requests only", async () => {
    const first = await Promise.all(repeat(5, send));
    expect(first.every((answer) => answer.status === 200)).toBe(true);
    await sleep(500);
    expect((await send()).status).toBe(429);
    await sleep(700);
    const next = await Promise.all(repeat(5, send));
    expect(next.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("rate-limits before auth, and leaves the inspection API alone", async () => {
    await Promise.all(repeat(5, send));
    expect((await post(CUSTOMFIELD, body, { ...AUTH, "Access-Token": "wrong" }, limited())).status).toBe(429);
    const log = await Promise.all(repeat(10, () => inspect<unknown[]>("requests", undefined, limited())));
    expect(log.every((entries) => entries.length === 6)).toBe(true);
  });
});

describe("network", () => {
  const net = ownSandbox();
  const body = {
    leads: [fieldsLead([callRow(1001)], [{ field: "product", value: "x" }], { overwrite: true })],
  };
  const send = () => post(CUSTOMFIELD, body, AUTH, net());
  /** The network options a sandbox starts with: no delay, no drop, kept-alive connections, Math.random. */
  const STEADY_NETWORK = {
    latency: [0, 0],
    jitter: [0, 0],
    dropRate: 0,
    countRejected: false,
    keepAlive: true,
    seed: null,
  };
  const configure = (settings: object) =>
    inspect("config", { method: "POST", body: JSON.stringify(settings) }, net());
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  type Entry = {
    reusedConnection: boolean;
    arrivedAt: number;
    countedAt: number;
    answeredAt: number;
    status: number | null;
    applied: boolean;
  };
  const requests = () => inspect<Entry[]>("requests", undefined, net());
  const stats = () => inspect<Record<string, unknown>>("stats", undefined, net());
  const product = async () =>
    (await inspect<StoredLead>("leads/call/1001", undefined, net())).customFields.product ?? null;

  beforeEach(async () => {
    await configure({ rateLimit: 5, ...STEADY_NETWORK });
  });

  it("latency delays the answer, and the leads are written when the request is admitted", async () => {
    await configure({ latency: [400, 400] });
    const started = performance.now();
    const answer = send();
    await sleep(200);
    expect(await product()).toBe("x");
    expect((await answer).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    const [entry] = await requests();
    expect((entry?.answeredAt ?? 0) - (entry?.countedAt ?? 0)).toBeGreaterThanOrEqual(399);
  });

  it("latency leaves a 429 alone: the limiter answers at once", async () => {
    await Promise.all(repeat(5, send));
    await configure({ latency: [400, 400] });
    const started = performance.now();
    expect((await send()).status).toBe(429);
    expect(performance.now() - started).toBeLessThan(300);
  });

  it("jitter delays the counting: a request sent inside the window is counted after it", async () => {
    const started = performance.now();
    expect((await Promise.all(repeat(5, send))).every((answer) => answer.status === 200)).toBe(true);
    await configure({ jitter: [400, 400] });
    await sleep(800 - (performance.now() - started));
    // Sent 800 ms after the first five: without the jitter it would be judged inside their second.
    expect((await send()).status).toBe(200);
    const last = (await requests()).at(-1);
    expect((last?.countedAt ?? 0) - (last?.arrivedAt ?? 0)).toBeGreaterThanOrEqual(399);
    expect((last?.answeredAt ?? 0) - (last?.countedAt ?? 0)).toBeLessThan(100);
  });

  it("dropRate cuts the connection after the leads were written, and logs it as dropped", async () => {
    await configure({ dropRate: 1 });
    await expect(send()).rejects.toThrow();
    expect(await product()).toBe("x");
    const [entry] = await requests();
    expect(entry).toMatchObject({ status: null, applied: true });
    expect(await stats()).toMatchObject({
      dropped: 1,
      leadsAccepted: 1,
      successfulRequests: 0,
      leadsReceived: 0,
    });
  });

  it.each([
    [true, true, 1],
    [false, false, 0],
  ])(
    "with keepAlive %s, a request after another reuses its connection: %s (drops on one: %i)",
    async (keepAlive, reused, count) => {
      // A sandbox of its own: no connection of an earlier test is in the client's pool.
      const own = await startSandbox({ keepAlive });
      try {
        expect((await post(CUSTOMFIELD, body, AUTH, own)).status).toBe(200);
        // The client puts the connection back in its pool a moment after the answer was read.
        await sleep(50);
        own.state.config.dropRate = 1;
        await expect(post(CUSTOMFIELD, body, AUTH, own)).rejects.toThrow();
        const log = await inspect<Entry[]>("requests", undefined, own);
        expect(log.map((entry) => entry.reusedConnection)).toEqual([false, reused]);
        expect(await inspect("stats", undefined, own)).toMatchObject({
          dropped: 1,
          droppedOnReusedConnection: count,
        });
      } finally {
        await own.close();
      }
    },
  );

  it("draws the same drops again from the same seed", async () => {
    const pattern = async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < 16; i++) {
        outcomes.push(
          await send().then(
            (answer) => String(answer.status),
            () => "cut",
          ),
        );
      }
      return outcomes.join(" ");
    };
    await configure({ rateLimit: 0, dropRate: 0.5, seed: 42 });
    const first = await pattern();
    expect(first).toContain("cut");
    expect(first).toContain("200");
    // A reset draws from the seed again.
    await inspect("reset", { method: "POST" }, net());
    expect(await pattern()).toBe(first);
  });

  it.each([
    [false, 200],
    [true, 429],
  ])(
    "with countRejected %s, 429s fill the window: a request after a second is answered %i",
    async (countRejected, status) => {
      await configure({ countRejected });
      const started = performance.now();
      await Promise.all(repeat(5, send));
      await sleep(500 - (performance.now() - started));
      expect((await Promise.all(repeat(5, send))).map((answer) => answer.status)).toEqual(
        repeat(5, () => 429),
      );
      // The five accepted ones have left the window; the five rejected ones stay in it until 1500 ms.
      await sleep(1200 - (performance.now() - started));
      expect((await send()).status).toBe(status);
    },
  );

  it.each([
    [{ latency: [5] }, "latency must be [min, max] milliseconds with 0 <= min <= max"],
    [{ latency: [900, 300] }, "latency must be [min, max] milliseconds with 0 <= min <= max"],
    [{ jitter: "20-120" }, "jitter must be [min, max] milliseconds with 0 <= min <= max"],
    [{ jitter: [-1, 5] }, "jitter must be [min, max] milliseconds with 0 <= min <= max"],
    [{ dropRate: 1.5 }, "dropRate must be a number from 0 to 1"],
    [{ dropRate: "0.1" }, "dropRate must be a number from 0 to 1"],
    [{ countRejected: "yes" }, "countRejected must be a boolean"],
    [{ keepAlive: 0 }, "keepAlive must be a boolean"],
    [{ seed: 1.5 }, "seed must be an integer, or null for unseeded delays and drops"],
    [{ latency: [1, 2], lag: 3 }, "Unknown settings: lag"],
  ])("refuses the setting %j with a message, and applies none", async (settings, error) => {
    const response = await fetch(`${net().url}/__sandbox/config`, {
      method: "POST",
      body: JSON.stringify(settings),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
    expect(await inspect("config", undefined, net())).toMatchObject(STEADY_NETWORK);
  });

  it("refuses bad network options when it starts", async () => {
    await expect(startSandbox({ dropRate: 2 })).rejects.toThrow("dropRate must be a number from 0 to 1");
    await expect(startSandbox({ latency: [3, 1] })).rejects.toThrow("latency must be");
  });

  it("spawnSandbox passes the network options to the CLI, and the CLI reads them from the environment", async () => {
    process.env.SANDBOX_JITTER = "20-120";
    try {
      const spawned = await spawnSandbox({
        token: TOKEN,
        siteId: SITE_ID,
        latency: [300, 900],
        dropRate: 0.15,
        countRejected: true,
        keepAlive: false,
        seed: 7,
      });
      try {
        expect(await (await fetch(`${spawned.url}/__sandbox/config`)).json()).toMatchObject({
          latency: [300, 900],
          jitter: [20, 120],
          dropRate: 0.15,
          countRejected: true,
          keepAlive: false,
          seed: 7,
        });
      } finally {
        await spawned.close();
      }
    } finally {
      delete process.env.SANDBOX_JITTER;
    }
  });
});

describe("matching", () => {
  const dateOfCall1002 = async () => (await storedLead("call", 1002)).calltouchDate;

  it("returns the vendor's result shape for a call and a request", async () => {
    expect(await matchOne(callRow(1001))).toEqual({
      matchedType: "call",
      callInfo: { callId: 1001, callReferenceId: "ref-1001", sipCallId: "sip-1001" },
      requestInfo: null,
      isCustomFieldsAdded: true,
      error: null,
    });
    expect(await matchOne(requestRow("1257513"))).toEqual({
      matchedType: "request",
      callInfo: null,
      requestInfo: { requestId: 1257513, requestNumber: "1257513" },
      isCustomFieldsAdded: true,
      error: null,
    });
  });

  it("reports a lead that is not found", async () => {
    expect(await matchOne(callRow(999999))).toEqual({
      matchedType: null,
      callInfo: null,
      requestInfo: null,
      isCustomFieldsAdded: false,
      error: "Lead not found",
    });
  });

  it.each([
    [
      "an unknown call, then a leadContact",
      [callRow(999999), leadContact({ phones: ["79157771122"] })],
      "leadContact",
      1001,
    ],
    [
      "a known call, then a leadContact",
      [callRow(1002), leadContact({ phones: ["79157771122"] })],
      "call",
      1002,
    ],
    ["a request, then a call", [requestRow(1257515), callRow(1001)], "request", null],
    [
      "a tag-filtered call, then a callContact",
      [callRow(1002, { tags: ["t2"] }), callContact({ phones: ["79158881122"] })],
      "callContact",
      1003,
    ],
  ])("takes the first row that finds a lead: %s", async (_, matching, matchedType, callId) => {
    const result = await matchOne(...matching);
    expect(result.matchedType).toBe(matchedType);
    expect(result.callInfo?.callId ?? null).toBe(callId);
  });

  it("answers one result per lead, in order", async () => {
    const leads = [callRow(1005), callRow(999999), requestRow(1257516)].map((row) => fieldsLead([row]));
    const { body } = await post(CUSTOMFIELD, { leads });
    expect(body.data.leads?.map((result) => result.matchedType)).toEqual(["call", null, "request"]);
  });

  it.each(["79157771122", "+7 (915) 777-11-22", "8 915 777 11 22", "9157771122", "8(915)777-1122"])(
    "matches the raw phone %s to 79157771122",
    async (phone) => {
      expect(await matchedCallId(callContact({ phones: [phone] }))).toBe(1001);
    },
  );

  it("picks the call nearest to now (2 hours ago, not 3 days ago)", async () => {
    expect(await matchedCallId(callContact({ phones: ["79157771122"] }))).toBe(1001);
    expect(await matchedCallId(leadContact({ phones: ["79157771122"] }))).toBe(1001);
  });

  it("picks the call nearest to the given date", async () => {
    const date = await dateOfCall1002();
    expect(await matchedCallId(withPhone({ date }))).toBe(1002);
  });

  it("ignores leads older than searchDepth or later than date + 1 day", async () => {
    expect(await matchedCallId(callContact({ phones: ["79163456789"] }))).toBeNull();
    expect(await matchedCallId(callContact({ phones: ["79163456789"], searchDepth: 500 * 24 * 60 }))).toBe(
      1007,
    );
    expect(await matchedCallId(withPhone({ searchDepth: 60 }))).toBeNull();
    const date = await dateOfCall1002();
    expect(await matchedCallId(withPhone({ date: shiftDays(date, -0.5) }))).toBe(1002);
    expect(await matchedCallId(withPhone({ date: shiftDays(date, -2) }))).toBeNull();
  });

  it.each([
    ["callContact", "nearest", callContact({ phones: ["79158881122"] }), 1003],
    [
      "callContact",
      "nearestUniq",
      callContact({ phones: ["79158881122"], callTypeToMatch: "nearestUniq" }),
      1004,
    ],
    [
      "callContact",
      "nearestUniqLead",
      callContact({ phones: ["79158881122"], callTypeToMatch: "nearestUniqLead" }),
      1004,
    ],
    [
      "callContact without unique calls",
      "nearestUniq",
      callContact({ phones: ["79164567890"], callTypeToMatch: "nearestUniq" }),
      1009,
    ],
  ])("%s with %s", async (_, __, row, callId) => {
    expect(await matchedCallId(row)).toBe(callId);
  });

  it.each([
    ["nearest", undefined, 1257515],
    ["nearestUniq", "nearestUniq", 1257519],
  ])("requestContact with %s", async (_, requestTypeToMatch, requestId) => {
    expect(await matchedRequestId(requestContact({ phones: ["79158881122"], requestTypeToMatch }))).toBe(
      requestId,
    );
  });

  it.each([
    ["t2 alone", { tags: ["t2"] }, "79157771122", 1001],
    ["t1 and t2", { tags: ["t1", "t2"], tagsLogic: "and" }, "79157771122", 1001],
    ["t1 and t2, none has both", { tags: ["t1", "t2"] }, "79158881122", null],
    ["t1 or t2", { tags: ["t1", "t2"], tagsLogic: "or" }, "79158881122", 1004],
    ["an absent tag", { tags: ["t9"] }, "79157771122", null],
  ])("filters by tags: %s", async (_, filter, phone, callId) => {
    expect(await matchedCallId(callContact({ phones: [phone], ...filter }))).toBe(callId);
  });

  it("filters an ID match by tags", async () => {
    expect(await matchedCallId(callRow(1002, { tags: ["t2"] }))).toBeNull();
    expect(await matchedCallId(callRow(1002, { tags: ["t2", "t1"], tagsLogic: "or" }))).toBe(1002);
  });

  it("matches md5Phones of calls and requests", async () => {
    expect(await matchedCallId(callContact({ md5Phones: [md5("79157771122")] }))).toBe(1001);
    expect(await matchedRequestId(requestContact({ md5Phones: [md5("79171112233")] }))).toBe(1257516);
    expect(await matchedCallId(callContact({ md5Phones: [md5("+79157771122")] }))).toBeNull();
  });

  it("matches requests by email, ignoring case", async () => {
    const result = await matchOne(requestContact({ emails: ["NAME@server.com"] }));
    expect(result.requestInfo).toEqual({ requestId: 1257514, requestNumber: "form-1257514" });
  });

  it("finds phones in a request's text only with searchAmongPhonesInText", async () => {
    const phones = ["+7 926 555-44-33"];
    expect(await matchedRequestId(requestContact({ phones }))).toBeNull();
    expect(await matchedRequestId(requestContact({ phones, searchAmongPhonesInText: true }))).toBe(1257517);
    expect(await matchedRequestId(leadContact({ phones, searchAmongPhonesInText: true }))).toBe(1257517);
  });

  it("leadContact searches calls and requests together", async () => {
    const result = await matchOne(leadContact({ emails: ["name@server.com"] }));
    expect(result.matchedType).toBe("leadContact");
    expect(result.requestInfo?.requestId).toBe(1257514);
    expect(await matchedRequestId(leadContact({ phones: ["79171112233"] }))).toBe(1257516);
  });
});

describe("writing", () => {
  const setProduct = (value: string, overwrite?: boolean) =>
    post(CUSTOMFIELD, { leads: [fieldsLead([callRow(1001)], [{ field: "product", value }], { overwrite })] });

  it("refuses a value the lead already has when overwrite is false or absent, as the vendor does", async () => {
    await setProduct("first");
    for (const answer of [await setProduct("second", false), await setProduct("third")]) {
      expect(answer.body.data.leads?.[0]).toEqual({
        matchedType: "call",
        callInfo: { callId: 1001, callReferenceId: "ref-1001", sipCallId: "sip-1001" },
        requestInfo: null,
        isCustomFieldsAdded: false,
        error: 'Custom field "product" already has a value',
      });
    }
    expect((await storedLead("call", 1001)).customFields).toEqual({ product: "first" });
  });

  it("writes none of a lead's fields when one of them already has a value and overwrite is false", async () => {
    await setProduct("first");
    const { body } = await post(CUSTOMFIELD, {
      leads: [
        fieldsLead(
          [callRow(1001)],
          [
            { field: "deal_stage", value: "won" },
            { field: "product", value: "second" },
          ],
        ),
      ],
    });
    expect(body.data.leads?.[0]).toMatchObject({
      isCustomFieldsAdded: false,
      error: 'Custom field "product" already has a value',
    });
    expect((await storedLead("call", 1001)).customFields).toEqual({ product: "first" });
  });

  it("replaces an existing value when overwrite is true", async () => {
    await setProduct("first");
    await setProduct("second", true);
    expect((await storedLead("call", 1001)).customFields).toEqual({ product: "second" });
  });

  it("refuses a custom field the cabinet does not have, and adds nothing to that lead", async () => {
    const lead = fieldsLead(
      [callRow(1001)],
      [
        { field: "product", value: "a" },
        { field: "missing_field", value: "b" },
      ],
    );
    const { body } = await post(CUSTOMFIELD, { leads: [lead, fieldsLead([callRow(1002)])] });
    const [refused, added] = body.data.leads ?? [];
    expect(refused).toMatchObject({
      matchedType: "call",
      isCustomFieldsAdded: false,
      error: 'Custom field "missing_field" not found',
    });
    expect(added).toMatchObject({ isCustomFieldsAdded: true, error: null });
    expect((await storedLead("call", 1001)).customFields).toEqual({});
    expect((await storedLead("call", 1002)).customFields).toEqual({ product: "x" });
  });

  it("takes the cabinet's field list from the config endpoint", async () => {
    await control("config", { customFields: ["missing_field"] });
    const { body } = await post(CUSTOMFIELD, {
      leads: [fieldsLead([callRow(1001)], [{ field: "missing_field", value: 7 }])],
    });
    expect(body.data.leads?.[0]?.isCustomFieldsAdded).toBe(true);
    expect((await storedLead("call", 1001)).customFields).toEqual({ missing_field: 7 });
  });

  it("adds tags as a set, and replaces the set when overwrite is true", async () => {
    const addTags = (tags: string[], overwrite: boolean) =>
      post(TAG, {
        leads: [{ matching: [callRow(1001)], addTags: { overwrite, tags: tags.map((tag) => ({ tag })) } }],
      });
    const { body } = await addTags(["vip", "t1"], false);
    expect(body.data.leads?.[0]).toEqual({
      matchedType: "call",
      callInfo: { callId: 1001, callReferenceId: "ref-1001", sipCallId: "sip-1001" },
      requestInfo: null,
      isTagsAdded: true,
      error: null,
    });
    expect((await storedLead("call", 1001)).tags).toEqual(["t1", "t2", "vip"]);
    await addTags(["fresh"], true);
    expect((await storedLead("call", 1001)).tags).toEqual(["fresh"]);
  });

  it("appends comments and answers under data.comments", async () => {
    const comment = (addComment: string) => ({ matching: [requestRow(1257513)], addComment });
    const { status, body } = await post(COMMENT, { comments: [comment("first"), comment("second")] });
    expect(status).toBe(200);
    expect(body.data.comments?.map((result) => [result.matchedType, result.isCommentAdded])).toEqual([
      ["request", true],
      ["request", true],
    ]);
    expect((await storedLead("request", 1257513)).comments).toEqual(["first", "second"]);
  });
});

describe("fault injection", () => {
  const body = { leads: [fieldsLead([callRow(1001)])] };
  const addFault = (fault: object) => control("faults", fault);

  it.each([
    ["500", 500, "serverError"],
    ["502", 502, "serverError"],
    ["quota", 403, "apiError"],
    ["auth", 401, "authError"],
  ])("mode %s answers HTTP %i with a %s body", async (mode, status, type) => {
    await addFault({ mode });
    const answer = await post(CUSTOMFIELD, body);
    expect(answer.status).toBe(status);
    expect(answer.body.data.type).toBe(type);
    expect((await post(CUSTOMFIELD, body)).status).toBe(200);
  });

  it("mode malformed answers 200 with a body that is not JSON", async () => {
    await addFault({ mode: "malformed" });
    const response = await fetch(sandbox.url + CUSTOMFIELD, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it("mode drop closes the connection without an answer", async () => {
    await addFault({ mode: "drop" });
    await expect(post(CUSTOMFIELD, body)).rejects.toThrow();
    const [entry] = await inspect<{ status: number | null }[]>("requests");
    expect(entry?.status).toBeNull();
    expect(await inspect("stats")).toMatchObject({ dropped: 1, requests: 1 });
  });

  it("mode delay answers normally after delayMs", async () => {
    await addFault({ mode: "delay", delayMs: 300 });
    const started = performance.now();
    const answer = await post(CUSTOMFIELD, body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    expect(answer.body.data.leads?.[0]?.isCustomFieldsAdded).toBe(true);
  });

  it("affects the next count requests, before auth", async () => {
    await addFault({ mode: "500", count: 2 });
    expect((await post(CUSTOMFIELD, body, { ...AUTH, "Access-Token": "wrong" })).status).toBe(500);
    expect((await post(CUSTOMFIELD, body)).status).toBe(500);
    expect((await post(CUSTOMFIELD, body)).status).toBe(200);
  });

  it("queues faults in order and clears them with DELETE", async () => {
    await addFault({ mode: "502" });
    await addFault({ mode: "auth" });
    expect((await post(CUSTOMFIELD, body)).status).toBe(502);
    await control("faults", undefined, "DELETE");
    expect(await inspect("faults")).toEqual([]);
    expect((await post(CUSTOMFIELD, body)).status).toBe(200);
  });

  it("refuses an unknown mode", async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      body: '{"mode":"boom"}',
    });
    expect(response.status).toBe(400);
  });
});

describe("inspection API", () => {
  it("logs every API request with its body, headers, status and answer", async () => {
    const body = { leads: [fieldsLead([callRow(1001)])] };
    const answer = await post(CUSTOMFIELD, body);
    await post(CUSTOMFIELD, "{not json");
    const log = await inspect<Record<string, unknown>[]>("requests");
    expect(log).toHaveLength(2);
    const [first, second] = log;
    expect(first).toMatchObject({
      method: "POST",
      path: CUSTOMFIELD,
      body,
      status: 200,
      response: answer.body,
    });
    expect(first?.headers).toMatchObject({ "access-token": TOKEN, siteid: SITE_ID });
    expect(typeof first?.time).toBe("string");
    expect(second).toMatchObject({ body: "{not json", status: 400 });
    const since = await inspect<{ seq: number }[]>(`requests?since=${first?.seq}`);
    expect(since.map((entry) => entry.seq)).toEqual([second?.seq]);
  });

  it("counts statuses, leads and distinct phones", async () => {
    const phones = ["+7 (915) 777-11-22", "89157771122", "79158881122"];
    await post(CUSTOMFIELD, { leads: phones.map((phone) => fieldsLead([leadContact({ phones: [phone] })])) });
    await post(CUSTOMFIELD, { leads: [] });
    await post(
      CUSTOMFIELD,
      { leads: [fieldsLead([callContact({ phones: ["79161234567"] })])] },
      { ...AUTH, SiteId: "1" },
    );
    expect(await inspect("stats")).toEqual({
      requests: 3,
      byStatus: { 200: 1, 400: 1, 403: 1 },
      http429: 0,
      dropped: 0,
      droppedOnReusedConnection: 0,
      successfulRequests: 1,
      leadsReceived: 3,
      uniquePhonesReceived: 2,
      maxRequestsInAnyWindow: 3,
      maxReceivedInAnyWindow: 3,
      leadsAccepted: 3,
      firstAcceptedLeads: 3,
      firstCountedAt: expect.any(Number),
      lastCountedAt: expect.any(Number),
      writtenTwice: { customfield: 0, tag: 0, comment: 0 },
    });
  });

  it("times every request on the monotonic clock: arrived, counted, answered", async () => {
    const before = performance.timeOrigin + performance.now();
    await post(CUSTOMFIELD, { leads: [fieldsLead([callRow(1001)])] });
    const [entry] = await inspect<{ arrivedAt: number; countedAt: number; answeredAt: number }[]>("requests");
    // Both processes share the machine's clock; each counts from its own origin.
    const { arrivedAt = 0, countedAt = 0, answeredAt = 0 } = entry ?? {};
    expect(arrivedAt).toBeGreaterThan(0);
    expect(countedAt).toBeGreaterThanOrEqual(arrivedAt);
    expect(answeredAt).toBeGreaterThanOrEqual(countedAt);
    expect(performance.timeOrigin + arrivedAt).toBeGreaterThanOrEqual(before - 1);
  });

  it("counts the leads of processed requests and when the first and last were counted", async () => {
    const lead = fieldsLead([callRow(1001)], [{ field: "product", value: "x" }], { overwrite: true });
    await post(CUSTOMFIELD, { leads: [lead, lead, lead] });
    await post(CUSTOMFIELD, { leads: [] });
    await post(CUSTOMFIELD, { leads: [lead, lead] });
    const log = await inspect<{ countedAt: number; applied: boolean }[]>("requests");
    expect(log.map((entry) => entry.applied)).toEqual([true, false, true]);
    expect(await inspect("stats")).toMatchObject({
      leadsAccepted: 5,
      firstAcceptedLeads: 3,
      firstCountedAt: log[0]?.countedAt,
      lastCountedAt: log[2]?.countedAt,
    });
  });

  const comment = (callId: number, addComment: string) => ({ matching: [callRow(callId)], addComment });
  const tags = (callId: number, names: string[]) => ({
    matching: [callRow(callId)],
    addTags: { overwrite: false, tags: names.map((tag) => ({ tag })) },
  });
  const field = (callId: number, value: string, overwrite = true) =>
    fieldsLead([callRow(callId)], [{ field: "product", value }], { overwrite });
  it.each<[string, [string, unknown][], Record<string, number>]>([
    [
      "the same comment on a lead twice, in two requests",
      [
        [COMMENT, { comments: [comment(1001, "a")] }],
        [COMMENT, { comments: [comment(1001, "a"), comment(1002, "a")] }],
      ],
      { comment: 1 },
    ],
    ["two comments on a lead", [[COMMENT, { comments: [comment(1001, "a"), comment(1001, "b")] }]], {}],
    [
      "the same tag set in another order",
      [
        [TAG, { leads: [tags(1001, ["x", "y"])] }],
        [TAG, { leads: [tags(1001, ["y", "x"])] }],
      ],
      { tag: 1 },
    ],
    ["two tag sets", [[TAG, { leads: [tags(1001, ["x"]), tags(1001, ["x", "y"])] }]], {}],
    [
      "the same value overwritten",
      [[CUSTOMFIELD, { leads: [field(1001, "a"), field(1001, "a")] }]],
      { customfield: 1 },
    ],
    ["another value overwritten", [[CUSTOMFIELD, { leads: [field(1001, "a"), field(1001, "b")] }]], {}],
    [
      "a value refused without overwrite",
      [[CUSTOMFIELD, { leads: [field(1001, "a", false), field(1001, "a", false)] }]],
      {},
    ],
    [
      "one value repeated within a lead's fields",
      [
        [
          CUSTOMFIELD,
          {
            leads: [
              fieldsLead(
                [callRow(1001)],
                [
                  { field: "product", value: "a" },
                  { field: "product", value: "a" },
                ],
              ),
            ],
          },
        ],
      ],
      {},
    ],
  ])("writtenTwice: %s", async (_, requests, expected) => {
    for (const [path, body] of requests) expect((await post(path, body)).status).toBe(200);
    const { writtenTwice } = await inspect<{ writtenTwice: Record<string, number> }>("stats");
    expect(writtenTwice).toEqual({ customfield: 0, tag: 0, comment: 0, ...expected });
  });

  it("lists the store, the leads written to, and one lead", async () => {
    const all = await inspect<{ calls: unknown[]; requests: unknown[] }>("leads");
    expect(all.calls.length).toBeGreaterThanOrEqual(8);
    expect(all.requests.length).toBeGreaterThanOrEqual(6);
    await post(CUSTOMFIELD, { leads: [fieldsLead([requestRow(1257518)])] });
    const touched = await inspect<{ calls: unknown[]; requests: StoredLead[] }>("leads?touched=1");
    expect(touched.calls).toEqual([]);
    expect(touched.requests).toMatchObject([
      { requestId: 1257518, requestNumber: "form-42", customFields: { product: "x" } },
    ]);
    const missing = await fetch(`${sandbox.url}/__sandbox/leads/call/424242`);
    expect(missing.status).toBe(404);
  });

  it("resets the log, statistics, written values and faults", async () => {
    await post(CUSTOMFIELD, { leads: [fieldsLead([callRow(1001)])] });
    await control("faults", { mode: "500", count: 3 });
    await control("reset");
    expect(await inspect("requests")).toEqual([]);
    expect(await inspect("faults")).toEqual([]);
    expect(await inspect("stats")).toMatchObject({ requests: 0, leadsReceived: 0, byStatus: {} });
    expect((await storedLead("call", 1001)).customFields).toEqual({});
  });

  it("refuses invalid settings without applying any", async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/config`, {
      method: "POST",
      body: JSON.stringify({ rateLimit: 3, quotaRequests: -1 }),
    });
    expect(response.status).toBe(400);
    expect(await inspect("config")).toMatchObject({ rateLimit: 0 });
  });
});

describe("generated calls", () => {
  const big = ownSandbox({ rateLimit: 0, generated: 1000 }, { resetEach: false });

  it("matches 100 distinct generated phones to 100 distinct calls, quickly", async () => {
    const lead = (i: number) => fieldsLead([leadContact({ phones: [String(79990000000 + i)] })]);
    const leads = repeat(100, (i) => lead(900 + i));
    // Warms the indices up on another call: a value written now would be refused below (no overwrite).
    await post(CUSTOMFIELD, { leads: [lead(0)] }, AUTH, big());
    const started = performance.now();
    const { status, body } = await post(CUSTOMFIELD, { leads }, AUTH, big());
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    const callIds = new Set(body.data.leads?.map((result) => result.callInfo?.callId));
    expect(callIds.size).toBe(100);
    expect(body.data.leads?.every((result) => result.isCustomFieldsAdded === true)).toBe(true);
    expect(elapsed).toBeLessThan(200);
  });

  it("does not generate beyond the count", async () => {
    const { body } = await post(
      CUSTOMFIELD,
      { leads: [fieldsLead([callContact({ phones: ["79990001000"] })])] },
      AUTH,
      big(),
    );
    expect(body.data.leads?.[0]?.error).toBe("Lead not found");
  });
});
