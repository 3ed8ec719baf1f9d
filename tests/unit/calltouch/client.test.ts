// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CalltouchClient, createCalltouchClient, send } from "../../../utils/calltouch/client";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "../../../utils/calltouch/errors";
import type { CustomField, LeadItem } from "../../../utils/calltouch/schemas";
import { controlSandbox } from "../../e2e/sandbox-client";
import { startSandbox } from "../../sandbox/server.mjs";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;
let client: CalltouchClient;

const control = (path: string, body?: unknown) => controlSandbox(sandbox.url, path, body);

const lead = (phone: string, fields: CustomField[] = [{ field: "deal_stage", value: "won" }]): LeadItem => ({
  matching: [{ type: "leadContact", leadContactParams: { phones: [phone] } }],
  addCustomFields: { overwrite: true, customFields: fields },
});

beforeAll(async () => {
  sandbox = await startSandbox({ token: "t0k3n", siteId: "777", rateLimit: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control("reset", {});
  client = createCalltouchClient({ baseUrl: sandbox.url, token: "t0k3n", siteId: "777", timeoutMs: 2000 });
});

describe("the client against the sandbox", () => {
  it("returns one normalised result per lead, in order", async () => {
    const result = await send(client, "customFields", [lead("+7 (915) 777-11-22"), lead("70000000000")]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.results).toHaveLength(2);
    expect(result.results[0]).toMatchObject({ matchedType: "leadContact", added: true, error: null });
    expect(result.results[0]?.callInfo?.callId).toMatch(/^\d+$/);
    expect(result.results[1]).toMatchObject({ matchedType: null, added: false });
  });

  it("sends the headers and the exact body", async () => {
    const items = [lead("79157771122")];
    await send(client, "customFields", items);
    const [request] = await control("requests");
    expect(request.path).toBe("/lead-service/v1/api/customfield/lead/add");
    expect(request.headers["access-token"]).toBe("t0k3n");
    expect(request.headers.siteid).toBe("777");
    expect(request.body).toEqual({ leads: items });
  });

  it("sends tags and comments to their own methods", async () => {
    const matching = lead("79157771122").matching;
    const tags = await send(client, "tags", [{ matching, addTags: { tags: [{ tag: "vip" }] } }]);
    const comment = await send(client, "comment", [{ matching, addComment: "Wants a quote" }]);
    expect(tags.ok && tags.results[0]?.added).toBe(true);
    expect(comment.ok && comment.results[0]?.added).toBe(true);
  });

  it("reports a lead-level error such as an unknown custom field", async () => {
    const result = await send(client, "customFields", [
      lead("79157771122", [{ field: "no_such_field", value: 1 }]),
    ]);
    expect(result.ok && result.results[0]).toMatchObject({
      added: false,
      error: expect.stringContaining("no_such_field"),
    });
  });

  it("does not send a body that breaks the rules, and says where", async () => {
    const result = await send(client, "customFields", [
      { matching: [{ type: "call", callParams: { callId: -5 } }] } as unknown as LeadItem,
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe("validation");
    expect(result.error.details.violations?.[0]?.fieldPath).toBe("leads[0].matching[0].callParams.callId");
    expect(await control("requests")).toHaveLength(0);
  });

  it("reads the server's validation violations", async () => {
    // A date the schema accepts locally is sent; the sandbox's stricter rule on phones (10+ digits) answers.
    const result = await send(client, "customFields", [lead("123456789")]);
    expect(!result.ok && result.error.kind).toBe("validation");
    expect(!result.ok && result.error.details.violations?.[0]?.fieldPath).toMatch(
      /^leads\[0\]\.matching\[0\]/,
    );
  });

  it.each([
    ["a wrong token", { token: "wrong", siteId: "777" }],
    ["a wrong SiteId", { token: "t0k3n", siteId: "1" }],
  ])("classifies %s as an auth error", async (_, credentials) => {
    const bad = createCalltouchClient({ baseUrl: sandbox.url, ...credentials });
    const result = await send(bad, "customFields", [lead("79157771122")]);
    expect(!result.ok && result.error.kind).toBe("auth");
    expect(!result.ok && result.error.retryable).toBe(false);
  });

  it.each([
    ["500", "server", true],
    ["502", "server", true],
    ["drop", "network", true],
    ["malformed", "badResponse", false],
    ["quota", "quota", false],
    ["auth", "auth", false],
  ])("classifies the fault %s as %s", async (mode, kind, retryable) => {
    await control("faults", { mode, count: 1 });
    const result = await send(client, "customFields", [lead("79157771122")]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe(kind);
    expect(result.error.retryable).toBe(retryable);
  });

  it("times out on a server that does not answer", async () => {
    await control("faults", { mode: "delay", delayMs: 1500, count: 1 });
    const impatient = createCalltouchClient({
      baseUrl: sandbox.url,
      token: "t0k3n",
      siteId: "777",
      timeoutMs: 300,
    });
    const result = await send(impatient, "customFields", [lead("79157771122")]);
    expect(!result.ok && result.error.kind).toBe("network");
    expect(!result.ok && result.error.details.timeout).toBe(true);
  });

  it("reports a refused connection as a network error", async () => {
    const nowhere = createCalltouchClient({
      baseUrl: "http://127.0.0.1:9",
      token: "x",
      siteId: "1",
      timeoutMs: 2000,
    });
    const result = await send(nowhere, "customFields", [lead("79157771122")]);
    expect(!result.ok && result.error.kind).toBe("network");
  });

  it("classifies 429 as rate-limited and reads Retry-After", async () => {
    await control("config", { rateLimit: 1 });
    const first = await send(client, "customFields", [lead("79157771122")]);
    const second = await send(client, "customFields", [lead("79157771122")]);
    expect(first.ok).toBe(true);
    expect(!second.ok && second.error.kind).toBe("rateLimited");
    expect(!second.ok && second.error.details.retryAfterMs).toBe(1000);
    await control("config", { rateLimit: 0 });
  });
});

describe("answers the sandbox never gives", () => {
  const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
    send(
      createCalltouchClient({
        baseUrl: "https://api.example.test",
        token: "t",
        siteId: "1",
        fetch: async () =>
          new Response(body, { status, headers: { "Content-Type": "application/json", ...headers } }),
      }),
      "customFields",
      [lead("79157771122")],
    );

  it.each([
    ["fewer results than leads", 200, '{"data":{"leads":[]}}', "badResponse"],
    ["a result of the wrong shape", 200, '{"data":{"leads":[{"callInfo":{"sipCallId":1}}]}}', "badResponse"],
    ["an empty body", 200, "", "badResponse"],
    ["HTTP 402", 402, "{}", "quota"],
    ["a 200 error body of another type", 200, '{"data":{"type":"authError","apiErrorData":null}}', "auth"],
    [
      "a 429 whose body mentions a quota (the per-second limit, not the daily points)",
      429,
      '{"data":{"type":"apiError","apiErrorData":{"message":"Request quota exceeded"}}}',
      "rateLimited",
    ],
    [
      "a 403 that says the points are spent",
      403,
      '{"data":{"type":"apiError","apiErrorData":{"message":"Daily points limit"}}}',
      "quota",
    ],
    ["an HTML 404", 404, "<html>Not found</html>", "server"],
    [
      "an error that mentions an endpoint (not the points quota)",
      404,
      '{"data":{"type":"notFound","apiErrorData":{"message":"Unknown endpoint"}}}',
      "auth",
    ],
  ])("classifies %s", async (_, status, body, kind) => {
    const result = await answer(status, body);
    expect(!result.ok && result.error.kind).toBe(kind);
  });

  it("accepts the vendor table's misspelt flag", async () => {
    const result = await answer(
      200,
      '{"data":{"leads":[{"matchedType":"call","callInfo":{"callId":"1"},"isCustonFieldsAdded":true}]}}',
    );
    expect(result.ok && result.results[0]?.added).toBe(true);
  });
});

describe("Retry-After", () => {
  it.each([
    ["2", 2000],
    ["0.5", 500],
    [null, undefined],
    ["soon", undefined],
    // A day from a misconfigured proxy: a quarter of an hour at most.
    ["86400", MAX_RETRY_AFTER_MS],
  ])("%s → %s ms", (header, ms) => {
    expect(parseRetryAfter(header)).toBe(ms);
  });

  it("reads an HTTP date", () => {
    const now = Date.parse("2026-11-26T10:00:00Z");
    expect(parseRetryAfter("Thu, 26 Nov 2026 10:00:03 GMT", now)).toBe(3000);
  });
});
