// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ConnectionOutcome,
  checkCredentials,
  connectionOutcome,
  createCalltouchClient,
  type SendResult,
} from "../../../utils/calltouch/client";
import { CalltouchError, type CalltouchErrorKind } from "../../../utils/calltouch/errors";
import { controlSandbox } from "../../e2e/sandbox-client";
import { startSandbox } from "../../sandbox/server.mjs";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

const control = (path: string, body?: unknown) => controlSandbox(sandbox.url, path, body);

const check = (token: string, siteId: string, baseUrl = sandbox.url) =>
  checkCredentials(createCalltouchClient({ baseUrl, token, siteId, timeoutMs: 2000 }));

beforeAll(async () => {
  sandbox = await startSandbox({ token: "t0k3n", siteId: "777", rateLimit: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control("reset", {});
});

describe("the credentials check against the sandbox", () => {
  it("is one empty batch to customfield/lead/add, refused by validation: connected, no points spent", async () => {
    expect(await check("t0k3n", "777")).toMatchObject({ state: "connected", kind: "validation" });
    const requests = await control("requests");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      path: "/lead-service/v1/api/customfield/lead/add",
      body: { leads: [] },
      status: 400,
      applied: false,
    });
    expect(await control("stats")).toMatchObject({ successfulRequests: 0, leadsAccepted: 0 });
  });

  it.each<[string, string, string, ConnectionOutcome["state"]]>([
    ["a wrong token", "wrong", "777", "tokenRefused"],
    ["a wrong token and a wrong SiteId", "wrong", "1", "tokenRefused"],
    ["a wrong SiteId", "t0k3n", "1", "siteIdRefused"],
  ])("says which credential is refused: %s", async (_, token, siteId, state) => {
    expect((await check(token, siteId)).state).toBe(state);
  });

  it("counts spent points as connected: the server checked the credentials first", async () => {
    await control("config", { quotaRequests: 0 });
    expect(await check("t0k3n", "777")).toMatchObject({ state: "connected", kind: "quota" });
    await control("config", { quotaRequests: null });
  });

  it("cannot reach a server that does not listen", async () => {
    expect(await check("t0k3n", "777", "http://127.0.0.1:9")).toMatchObject({
      state: "unreachable",
      kind: "network",
    });
  });

  it("cannot tell anything from a server error", async () => {
    await control("faults", { mode: "500", count: 1 });
    expect((await check("t0k3n", "777")).state).toBe("unreachable");
  });
});

describe("connectionOutcome", () => {
  const failed = (kind: CalltouchErrorKind, message: string, status?: number): SendResult => ({
    ok: false,
    error: new CalltouchError(kind, message, { status }),
  });

  it.each<[string, SendResult, ConnectionOutcome["state"]]>([
    ["a 200 (a server that takes an empty batch)", { ok: true, results: [] }, "connected"],
    ["a validation error", failed("validation", "Calltouch rejected the request.", 400), "connected"],
    ["spent points", failed("quota", "Daily API points limit exceeded", 403), "connected"],
    ["401 Invalid Access-Token", failed("auth", "Invalid Access-Token", 401), "tokenRefused"],
    ["403 Access denied for SiteId", failed("auth", "Access denied for SiteId", 403), "siteIdRefused"],
    ["403 naming the token", failed("auth", "Токен не найден", 403), "tokenRefused"],
    ["401 naming the cabinet", failed("auth", "Нет доступа к кабинету", 401), "siteIdRefused"],
    ["a bare 401", failed("auth", "HTTP 401", 401), "tokenRefused"],
    ["a bare 403", failed("auth", "HTTP 403", 403), "siteIdRefused"],
    ["an auth error body with HTTP 400", failed("auth", "Something else", 400), "tokenRefused"],
    ["no answer", failed("network", "Failed to fetch"), "unreachable"],
    ["a 5xx", failed("server", "Calltouch answered HTTP 502.", 502), "unreachable"],
    ["a 429", failed("rateLimited", "Too many requests.", 429), "unreachable"],
    ["a redirect", failed("badResponse", "The API address answered with a redirect.", 302), "unreachable"],
  ])("%s", (_, result, state) => {
    expect(connectionOutcome(result).state).toBe(state);
  });

  it("keeps the error's kind and message for the details", () => {
    expect(connectionOutcome(failed("auth", "Invalid Access-Token", 401))).toEqual({
      state: "tokenRefused",
      kind: "auth",
      message: "Invalid Access-Token",
    });
  });
});
