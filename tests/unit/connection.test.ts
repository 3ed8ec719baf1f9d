// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import {
  CHECK_STALE_MS,
  type ConnectionCheck,
  connectionCheckItem,
  currentConnection,
  runConnectionCheck,
} from "../../utils/background/connection";
import { clearToken, saveToken } from "../../utils/background/token-store";
import type { LastRequest } from "../../utils/messaging";
import type { Slot } from "../../utils/sending/limiter";
import { saveSettings } from "../../utils/storage";
import { startSandbox } from "../sandbox/server.mjs";

const AT = 1_000_000;

describe("currentConnection", () => {
  const check = (state: ConnectionCheck["state"], at = AT): ConnectionCheck => ({ state, at });
  const sent = (ok: boolean, at: number, kind?: string, message?: string): LastRequest => ({
    ok,
    at,
    kind,
    message,
  });

  it.each<[string, ConnectionCheck | null, LastRequest | null, number, ConnectionCheck | null]>([
    ["nothing known", null, null, AT, null],
    ["the stored check", check("tokenRefused"), null, AT + 5, check("tokenRefused")],
    ["a check under way", check("checking"), sent(true, AT + 1), AT + 2, check("checking")],
    ["a check cut short", check("checking"), null, AT + CHECK_STALE_MS + 1, null],
    [
      "the check, newer than the last send",
      check("siteIdRefused", AT + 9),
      sent(true, AT),
      AT + 10,
      check("siteIdRefused", AT + 9),
    ],
    [
      "a successful send after a refusal",
      check("tokenRefused"),
      sent(true, AT + 9),
      AT + 10,
      check("connected", AT + 9),
    ],
    ["a successful send without a check", null, sent(true, AT), AT + 10, check("connected")],
    [
      "a refused send after a good check",
      check("connected"),
      sent(false, AT + 9, "auth", "Access denied for SiteId"),
      AT + 10,
      { state: "siteIdRefused", at: AT + 9, message: "Access denied for SiteId" },
    ],
    [
      "a network failure after a good check",
      check("connected"),
      sent(false, AT + 9, "network", "x"),
      AT + 10,
      check("connected"),
    ],
  ])("%s", (_, stored, last, now, expected) => {
    expect(currentConnection(stored, last, now)).toEqual(expected);
  });
});

describe("runConnectionCheck against the sandbox", () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  const granted = async () => true;
  const slots: string[] = [];
  const limiter = {
    acquire: async (): Promise<Slot> => {
      slots.push("acquired");
      return {
        departedAt: 0,
        depart: async () => void slots.push("departed"),
        settle: (outcome) => void slots.push(outcome),
      };
    },
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ token: "good-token", siteId: "4242", rateLimit: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    slots.length = 0;
    await clearToken();
    await saveSettings({ siteId: "4242", apiBaseUrl: sandbox.url });
  });

  it.each([
    ["good-token", "4242", "connected"],
    ["wrong-token", "4242", "tokenRefused"],
    ["good-token", "1", "siteIdRefused"],
  ])("token %s, SiteId %s: %s, stored for every page", async (token, siteId, state) => {
    await saveToken(token, new URL(sandbox.url).origin);
    await saveSettings({ siteId, apiBaseUrl: sandbox.url });
    const result = await runConnectionCheck(granted, limiter, () => AT);
    expect(result).toMatchObject({ state, at: AT });
    expect(await connectionCheckItem.getValue()).toEqual(result);
    expect(slots).toEqual(["acquired", "departed", "answered"]);
  });

  it("says Checking… while the request is under way", async () => {
    await saveToken("good-token", new URL(sandbox.url).origin);
    const seen: (ConnectionCheck | null)[] = [];
    const slow = {
      acquire: async () => {
        seen.push(await connectionCheckItem.getValue());
        return limiter.acquire();
      },
    };
    await runConnectionCheck(granted, slow, () => AT);
    expect(seen).toEqual([{ state: "checking", at: AT }]);
  });

  it("sends nothing without a token, or without the host's permission", async () => {
    const before = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()).requests;
    await connectionCheckItem.setValue({ state: "connected", at: AT });
    expect(await runConnectionCheck(granted, limiter)).toBeNull();
    await saveToken("good-token", new URL(sandbox.url).origin);
    expect(await runConnectionCheck(async () => false, limiter)).toBeNull();
    expect(await connectionCheckItem.getValue()).toBeNull();
    expect((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()).requests).toBe(before);
    expect(slots).toEqual([]);
  });

  it("cannot reach a server that does not listen", async () => {
    await saveSettings({ siteId: "4242", apiBaseUrl: "http://127.0.0.1:9" });
    await saveToken("good-token", "http://127.0.0.1:9");
    expect(await runConnectionCheck(granted, limiter, () => AT)).toMatchObject({ state: "unreachable" });
    expect(slots.at(-1)).toBe("noAnswer");
  });

  it("does not wait out a long hold of the rate limiter", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      await saveToken("good-token", new URL(sandbox.url).origin);
      const held = { acquire: () => new Promise<Slot>(() => {}) };
      const running = runConnectionCheck(granted, held, () => AT);
      await vi.advanceTimersByTimeAsync(3000);
      vi.useRealTimers();
      expect(await running).toMatchObject({ state: "connected" });
    } finally {
      vi.useRealTimers();
    }
  });
});
