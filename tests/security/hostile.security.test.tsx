/**
 * The hostile-input suite, unit part: each test is one attack, named "attack → what must happen"
 * (scripts/test-security.mjs prints them as a table). The browser part is hostile.security.e2e.ts.
 */
import { cleanup, render } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { buildHistoryCsv } from "../../components/history/csv";
import { describeStatus } from "../../components/options/ApiStatus";
import { ResultList } from "../../components/popup/ResultList";
import { loadDraft } from "../../components/popup/use-draft";
import { clientForSavedCredentials, saveCredentials, sendRefusal } from "../../utils/background/credentials";
import { contactsFromClick } from "../../utils/background/menu";
import { writtenKeys } from "../../utils/background/service";
import { readSavedToken, saveToken } from "../../utils/background/token-store";
import { buildResultCsv } from "../../utils/bulk/result";
import { checkRows } from "../../utils/bulk/rows";
import { planBulkRetention } from "../../utils/bulk-retention";
import { createApiBaseUrlSchema } from "../../utils/calltouch/base-url";
import { createCalltouchClient, send } from "../../utils/calltouch/client";
import { decodeCsvBytes, looksBinary } from "../../utils/csv/decode";
import { parseCsv } from "../../utils/csv/parse";
import { csvLines, neutraliseFormulae } from "../../utils/csv/write";
import { limitDetection } from "../../utils/detect";
import { mailtoAddresses } from "../../utils/detect/email";
import { DetectionResultSchema } from "../../utils/detect/types";
import type { HistoryRow } from "../../utils/messaging";
import { EnqueueSchema, SetRetentionSchema } from "../../utils/messaging-schemas";
import { moveLegacyItems } from "../../utils/private-store";
import {
  createMemoryLimiterStore,
  createOpQueue,
  createRateLimiter,
  createSendEngine,
} from "../../utils/sending";
import {
  type BulkJob,
  bulkJobsItem,
  CredentialsFormSchema,
  DEFAULT_RETENTION,
  DEFAULT_SETTINGS,
  DetectionSettingsSchema,
  PresetSchema,
  PrivacySettingsSchema,
  popupDraftItem,
  presetsItem,
  retentionItem,
  SiteIdSchema,
  saveSettings,
  settingsItem,
} from "../../utils/storage";
import { useFakeI18n } from "../components/fake-i18n";
import { RESULT_WORDS } from "../fixtures/answers";
import { itemFor, resetDb } from "../unit/sending/helpers";
import { EVIL_PRESET } from "./hostile-values";

const SANDBOX = "https://api.calltouch.ru";
const EVIL = "https://api-calltouch.example";
const MB10 = "x".repeat(10 * 1024 * 1024);
const granted = async () => true;
const revoked = async () => false;

/** A send engine whose client comes from the saved credentials (host permission: `permitted`), one op queued. */
async function engineWithOneOp(permitted: () => Promise<boolean>) {
  const queue = createOpQueue();
  await queue.enqueue([
    { jobId: "j", source: "test", method: "customFields", item: itemFor("customFields", 1), label: "l" },
  ]);
  return createSendEngine({
    queue,
    limiter: createRateLimiter({ store: createMemoryLimiterStore() }),
    getClient: async () => {
      const r = await clientForSavedCredentials(permitted);
      return r.ok ? r.client : null;
    },
  });
}

const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? "accepted" : result.error?.issues[0]?.message;

/** A fetch that records every request and answers with `answer`. */
function recordingFetch(answer: (url: string) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push({ url, init: init ?? {} });
    return answer(url);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const okAnswer = () =>
  new Response(
    JSON.stringify({
      data: {
        leads: [
          {
            matchedType: "leadContact",
            callInfo: { callId: "1", callReferenceId: null, sipCallId: null },
            requestInfo: null,
            added: true,
            error: null,
          },
        ],
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

beforeEach(async () => {
  fakeBrowser.reset();
  useFakeI18n("en");
  await resetDb();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("settings tampered from a content-script world", () => {
  it("API URL written to storage.local → ignored: the saved API stays, the write is reported", async () => {
    await saveSettings({ siteId: "4242", apiBaseUrl: SANDBOX });
    const changes = { settings: { newValue: { siteId: "1", apiBaseUrl: EVIL } } };
    await fakeBrowser.storage.local.set({ settings: changes.settings.newValue });
    expect(await settingsItem.getValue()).toEqual({ siteId: "4242", apiBaseUrl: SANDBOX });
    expect(writtenKeys(changes)).toEqual(["settings"]);
  });

  it("SiteId written to storage.local → ignored", async () => {
    await saveSettings({ siteId: "4242", apiBaseUrl: SANDBOX });
    await fakeBrowser.storage.local.set({ settings: { siteId: "999", apiBaseUrl: SANDBOX } });
    expect((await settingsItem.getValue()).siteId).toBe("4242");
  });

  it("presets written to storage.local → the menu's presets are unchanged", async () => {
    await fakeBrowser.storage.local.set({
      presets: [EVIL_PRESET],
    });
    expect(await presetsItem.getValue()).toEqual([]);
  });

  it("retention { maxCount: 0 } written to storage.local → ignored, nothing is deleted", async () => {
    await fakeBrowser.storage.local.set({ retention: { maxCount: 0, maxAgeDays: 0 } });
    expect(await retentionItem.getValue()).toEqual(DEFAULT_RETENTION);
  });

  it("retention { maxCount: 0 } sent as a message → rejected by the schema", () => {
    expect(issue(SetRetentionSchema.safeParse({ maxCount: 0, maxAgeDays: 1 }))).toBe("retentionCountRange");
  });

  it("bulk jobs written to storage.local → nothing is re-queued from them", async () => {
    await fakeBrowser.storage.local.set({ bulkJobs: [{ jobId: "evil", runs: [] }] });
    expect(await bulkJobsItem.getValue()).toEqual([]);
  });

  it("legacy values planted before an update → parsed on the move, storage.local emptied", async () => {
    await fakeBrowser.storage.local.set({
      settings: { siteId: "12", apiBaseUrl: "javascript:alert(1)" },
      detection: { region: "__proto__", ignore: [], enabledSites: [] },
    });
    await moveLegacyItems();
    expect(await settingsItem.getValue()).toEqual({ ...DEFAULT_SETTINGS, siteId: "12" });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("region '__proto__' → rejected: regions are checked against the detector's countries", () => {
    expect(
      issue(DetectionSettingsSchema.safeParse({ region: "__proto__", ignore: [], enabledSites: [] })),
    ).toBe("regionInvalid");
  });
});

describe("where the token goes", () => {
  it("API address changed without typing the token → refused with a specific error", async () => {
    await saveCredentials({ token: "tok", siteId: "1", apiBaseUrl: SANDBOX }, granted);
    const result = await saveCredentials({ siteId: "1", apiBaseUrl: EVIL }, granted);
    expect(result).toEqual({ ok: false, errors: { token: "tokenForNewOrigin" } });
    expect((await readSavedToken())?.origin).toBe(SANDBOX);
  });

  it("stored API address of another origin at send time → no request, queue paused, user told", async () => {
    await saveCredentials({ token: "tok", siteId: "1", apiBaseUrl: SANDBOX }, granted);
    await settingsItem.setValue({ siteId: "1", apiBaseUrl: EVIL });
    const { fetch, calls } = recordingFetch(okAnswer);
    vi.stubGlobal("fetch", fetch);
    const engine = await engineWithOneOp(granted);
    const summary = await engine.pump();
    expect(calls).toHaveLength(0);
    expect(summary.paused?.reason).toBe("noCredentials");
    const refusal = await sendRefusal(await readSavedToken(), await settingsItem.getValue(), granted);
    expect(describeStatus({ paused: summary.paused, lastRequest: null, blocked: refusal }).text).toContain(
      "api-calltouch.example",
    );
  });

  it("host permission revoked → no request, queue paused, the status names the host", async () => {
    await saveCredentials({ token: "tok", siteId: "1", apiBaseUrl: SANDBOX }, granted);
    const { fetch, calls } = recordingFetch(okAnswer);
    vi.stubGlobal("fetch", fetch);
    const engine = await engineWithOneOp(revoked);
    expect((await engine.pump()).paused).not.toBeNull();
    expect(calls).toHaveLength(0);
    const refusal = await sendRefusal(await readSavedToken(), await settingsItem.getValue(), revoked);
    expect(refusal).toEqual({ reason: "permissionMissing", host: "api.calltouch.ru" });
  });

  it("permission revoked after the client was made → the next request does not leave", async () => {
    await saveCredentials({ token: "tok", siteId: "1", apiBaseUrl: SANDBOX }, granted);
    const { fetch, calls } = recordingFetch(okAnswer);
    vi.stubGlobal("fetch", fetch);
    let allowed = true;
    const made = await clientForSavedCredentials(async () => allowed);
    if (!made.ok) throw new Error("no client");
    allowed = false;
    const result = await send(made.client, "customFields", [itemFor("customFields", 1)]);
    expect(calls).toHaveLength(0);
    expect(result.ok ? "" : result.error.message).toContain("permission");
  });

  it("redirecting API → not followed, the token goes nowhere else, the error says why", async () => {
    const { fetch, calls } = recordingFetch(
      () => new Response(null, { status: 307, headers: { location: "https://collector.example/steal" } }),
    );
    const client = createCalltouchClient({ baseUrl: SANDBOX, token: "tok", siteId: "1", fetch });
    const result = await send(client, "customFields", [itemFor("customFields", 1)]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.redirect).toBe("manual");
    expect(result.ok ? "" : result.error.message).toMatch(/redirect.*collector\.example.*not followed/);
  });

  it.each([
    ["store build, API address http://127.0.0.1", "loopbackUrl", "http://127.0.0.1:8787"],
    ["store build, API address http://localhost", "loopbackUrl", "http://localhost:8787"],
    ["API address javascript:alert(1)", "httpsRequired", "javascript:alert(1)"],
    ["API address with user:password@", "invalidUrl", "https://user:pass@api.calltouch.ru"],
    ["API address of 5,000 characters", "invalidUrl", `https://api.calltouch.ru/${"a".repeat(5000)}`],
  ])("%s → rejected (%s)", (_, code, input) => {
    expect(issue(createApiBaseUrlSchema(false).safeParse(input))).toBe(code);
  });

  it("API address with an RTL override → the override is percent-encoded, it cannot disguise the host", () => {
    const parsed = createApiBaseUrlSchema(false).safeParse("https://api.calltouch.ru/\u202Egpj.exe");
    expect(parsed.success && parsed.data).toBe("https://api.calltouch.ru/%E2%80%AEgpj.exe");
  });
});

describe("options inputs", () => {
  const form = (over: Record<string, unknown>) =>
    CredentialsFormSchema.safeParse({
      token: "tok",
      siteId: "1",
      apiBaseUrl: SANDBOX,
      hasSavedToken: false,
      ...over,
    });

  it.each([
    ["token of 10 MB", "tokenTooLong", { token: MB10 }],
    ["token with a line break (header injection)", "tokenInvalid", { token: "tok\r\nX-Evil: 1" }],
    ["token with an RTL override", "tokenInvalid", { token: "tok\u202Eabc" }],
    ["SiteId with an RTL override", "siteIdDigits", { siteId: "\u202E123" }],
    ["SiteId of 10 MB", "siteIdDigits", { siteId: MB10 }],
    ["SiteId with HTML", "siteIdDigits", { siteId: "<img src=x onerror=alert(1)>" }],
    ["SiteId of 13 digits", "siteIdLength", { siteId: "1234567890123" }],
  ])("%s → rejected (%s)", (_, code, over) => {
    expect(issue(form(over))).toBe(code);
  });

  it("SiteId with a NUL character → siteIdDigits", () => {
    expect(issue(SiteIdSchema.safeParse("12\u00003"))).toBe("siteIdDigits");
  });

  it.each([
    ["0", 0],
    ["1e9", 1e9],
    ["1.5", 1.5],
    ["NaN", Number.NaN],
  ])("days to keep import files = %s → rejected (bulkFileDaysRange)", (_, days) => {
    const value = { notificationContacts: true, bulkFileDays: days, csvDelimiter: "auto" };
    expect(issue(PrivacySettingsSchema.safeParse(value))).toBe("bulkFileDaysRange");
  });

  it("preset with a 10 MB comment → rejected before it is stored", () => {
    const preset = {
      id: "p",
      name: "P",
      fields: [],
      comment: MB10,
      overwrite: false,
      matching: [{ type: "leadContact" }],
    };
    expect(PresetSchema.safeParse(preset).success).toBe(false);
  });
});

describe("messages from other contexts", () => {
  const op = { operation: { method: "customFields", item: itemFor("customFields", 1) }, label: "l" };

  it.each([
    ["10,001 ops in one message", { source: "popup", ops: Array(10_001).fill(op) }],
    ["a 10 MB label", { source: "popup", ops: [{ ...op, label: MB10 }] }],
    ["an unknown source", { source: "evil", ops: [op] }],
    ["an extra key", { source: "popup", ops: [op], apiBaseUrl: EVIL }],
    [
      "a JSON-bomb-like nesting as the item",
      {
        source: "popup",
        ops: [
          {
            operation: { method: "comment", item: JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`) },
            label: "l",
          },
        ],
      },
    ],
  ])("enqueue with %s → rejected", (_, data) => {
    expect(EnqueueSchema.safeParse(data).success).toBe(false);
  });

  it("a detection result forged as a string → rejected, not cast", () => {
    expect(
      DetectionResultSchema.safeParse({ contacts: "all", adapter: "x", layoutRecognised: true }).success,
    ).toBe(false);
  });
});

describe("pages that break detection and the menu", () => {
  const contact = (i: number, display = `+7 915 ${String(i).padStart(7, "0")}`) => ({
    kind: "phone" as const,
    value: `7915${String(i).padStart(7, "0")}`,
    display,
    source: "text",
    inCard: i < 3,
  });

  it("a 5,000-row contact list → the first 2,000 (card first) go to the popup, with '+3,000 more'", () => {
    const limited = limitDetection({
      contacts: Array.from({ length: 5000 }, (_, i) => contact(i)),
      adapter: "generic",
      layoutRecognised: true,
    });
    expect(limited.contacts).toHaveLength(2000);
    expect(limited.more).toBe(3000);
    expect(limited.contacts[0]?.inCard).toBe(true);
    expect(DetectionResultSchema.safeParse(limited).success).toBe(true);
  });

  it("a tel: link with 10,000 characters of text → display cut to 200, the result accepted", () => {
    const limited = limitDetection({
      contacts: [contact(1, "☎".repeat(10_000))],
      adapter: "generic",
      layoutRecognised: true,
    });
    expect(limited.contacts[0]?.display.length).toBe(200);
    expect(DetectionResultSchema.safeParse(limited).success).toBe(true);
  });

  it.each([
    ["tel: with a broken percent-encoding", { menuItemId: "preset:p", linkUrl: "tel:%E0%A4%A+79157771122" }],
    ["tel: of 1 MB", { menuItemId: "preset:p", linkUrl: `tel:${"9".repeat(1024 * 1024)}` }],
    [
      "a selection with RTL overrides",
      { menuItemId: "preset:p", selectionText: "\u202E+7 915 777-11-22\u202C" },
    ],
    ["a selection of 10 MB", { menuItemId: "preset:p", selectionText: MB10 }],
    ["tel:javascript:alert(1)", { menuItemId: "preset:p", linkUrl: "tel:javascript:alert(1)" }],
  ])("menu click on %s → no exception", (_, click) => {
    expect(() => contactsFromClick(click, "RU")).not.toThrow();
  });

  it("mailto: with a broken percent-encoding → read as written", () => {
    expect(mailtoAddresses("mailto:ivan%ZZ@mail.ru")).toEqual(["ivan%ZZ@mail.ru"]);
  });
});

describe("CSV files and exports", () => {
  const catalogue = [{ id: "1", apiName: "name", label: "", type: "text" as const, options: [] }];

  it("formula cells from a web form (=HYPERLINK, +, -, @, after ';') → defused in the bulk result", () => {
    const parsed = parseCsv(
      'name;phone\n=HYPERLINK("http://evil.example","x");79990000001\n"Иван;=1+1";79990000002\n',
    );
    const checks = checkRows(parsed, {
      roles: ["field:name", "phone"],
      catalogue,
      overwrite: false,
      region: "RU",
    });
    const out = buildResultCsv({ parsed, checks, opsOfRow: () => [], words: RESULT_WORDS, delimiter: ";" });
    const cells = parseCsv(out.slice(1)).rows.flatMap((r) => r.cells);
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(cells).toContain("Иван;'=1+1");
  });

  it("a server error message with HTML and a formula → defused in the bulk result", () => {
    const parsed = parseCsv("phone,comment\n79990000001,hello\n");
    const checks = checkRows(parsed, {
      roles: ["phone", "comment"],
      catalogue: [],
      overwrite: false,
      region: "RU",
    });
    const out = buildResultCsv({
      parsed,
      checks,
      opsOfRow: () => [
        {
          method: "comment",
          state: "failed",
          error: { kind: "server", message: "@SUM(1);=cmd|'/C calc'!A0<b>x</b>" },
        },
      ],
      words: RESULT_WORDS,
      delimiter: ",",
    });
    expect(out).toContain(`"'@SUM(1);'=cmd|'/C calc'!A0<b>x</b>"`);
  });

  it("a history label '+7;=cmd' (unanchored phone rule) → defused in the history export", async () => {
    const row: HistoryRow = {
      id: 1,
      createdAt: 0,
      updatedAt: 0,
      label: "+7;=cmd|' /C calc'!A0",
      method: "comment",
      fields: [],
      sent: "x",
      state: "failed",
      matchedType: null,
      callId: null,
      requestId: null,
      failure: { kind: "server", fieldPath: null, message: "=1+1" },
      error: "=1+1",
      attempts: 1,
      notBefore: null,
      source: "popup",
    };
    const result = await buildHistoryCsv(async () => ({ items: [row], scanned: 1, unreadable: 0 }), {
      delimiter: ",",
    });
    const text = await result?.blob.text();
    expect(text).toContain(`"+7;'=cmd|' /C calc'!A0"`);
    expect(text).toContain("'=1+1");
  });

  it("a binary file named .csv (an XLSX zip) → recognised as binary", () => {
    expect(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode("phone;name\n79990000001;Иван\n"))).toBe(false);
  });

  it("broken UTF-8 bytes → read as Windows-1251, nothing thrown", () => {
    const decoded = decodeCsvBytes(new Uint8Array([0x70, 0x68, 0x6f, 0x6e, 0x65, 0x0a, 0xc3, 0x28, 0xff]));
    expect(decoded.encoding).toBe("windows-1251");
  });

  it("a 10 MB cell → the row gets a specific issue, nothing thrown", () => {
    const parsed = parseCsv(`phone;comment\n79990000001;${MB10}\n`);
    const checks = checkRows(parsed, {
      roles: ["phone", "comment"],
      catalogue: [],
      overwrite: false,
      region: "RU",
    });
    expect(checks[0]).toMatchObject({ ok: false, issues: [{ code: "tooLong", column: 1, max: 2000 }] });
  });

  it("a 100,000-row file → parsed in full, every row checked", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `7999${String(i).padStart(7, "0")};v${i}`);
    const parsed = parseCsv(`phone;name\n${lines.join("\n")}\n`);
    expect(parsed.rows).toHaveLength(100_000);
    const checks = checkRows(parsed, {
      roles: ["phone", "field:name"],
      catalogue,
      overwrite: false,
      region: "RU",
    });
    expect(checks.filter((c) => c.ok)).toHaveLength(100_000);
    // ~2 s alone (libphonenumber reads each phone); a loaded 2-core runner took over the 5 s default.
  }, 20_000);

  it("control characters and NUL in cells → written back quoted or as they are, never as formulas", () => {
    const out = csvLines([["a\u0000b", "\u0007=1", "\t@x"]], ",");
    expect(out).not.toMatch(/(^|,)[=@]/);
    expect(neutraliseFormulae("\u0007=1")).toBe("\u0007=1");
  });
});

describe("API answers", () => {
  const answerWith = (body: string, status = 200) =>
    createCalltouchClient({
      baseUrl: SANDBOX,
      token: "tok",
      siteId: "1",
      fetch: recordingFetch(() => new Response(body, { status })).fetch,
    });

  it.each([
    ["a JSON bomb (50,000 nested arrays)", `${"[".repeat(50_000)}${"]".repeat(50_000)}`],
    ["1,000,000 results for 1 lead", JSON.stringify({ data: { leads: Array(1_000_000).fill(null) } })],
    ["HTML instead of JSON", "<html><script>alert(1)</script></html>"],
    ["truncated JSON", '{"data":{"leads":[{"matchedType":'],
  ])("%s → a typed error, nothing thrown", async (_, body) => {
    const result = await send(answerWith(body), "customFields", [itemFor("customFields", 1)]);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error.kind).toMatch(/badResponse|server|auth/);
  });

  it("an HTML error message from the server → shown as text in the popup", () => {
    render(
      <ResultList
        leads={[
          {
            opId: 1,
            jobId: "j",
            label: "+79157771122",
            state: "failed",
            error: { kind: "server", message: '<img src=x onerror="alert(1)">' },
          },
        ]}
        onSendAgain={() => undefined}
      />,
    );
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("personal data kept no longer than needed", () => {
  it("a popup draft older than 24 hours → not restored, and deleted", async () => {
    const savedAt = Date.now() - 25 * 60 * 60 * 1000;
    await popupDraftItem.setValue({
      url: "https://crm.example/1",
      selected: [],
      matching: [],
      fields: {},
      overwrite: false,
      savedAt,
    });
    expect(await loadDraft("https://crm.example/1")).toBeNull();
    expect(await popupDraftItem.getValue()).toBeNull();
  });

  it("an import whose result was downloaded → its uploaded file is deleted", () => {
    const job = { jobId: "b", createdAt: 0, finishedAt: 1000, downloadedAt: 2000 } as BulkJob;
    expect(planBulkRetention([job], { now: 3000, fileDays: 7, historyDays: 365 })).toEqual({
      dropJobs: [],
      deleteFiles: ["b"],
    });
  });

  it("an import finished 8 days ago (7-day setting) → file deleted; a running one keeps its file", () => {
    const day = 24 * 60 * 60 * 1000;
    const jobs = [
      { jobId: "old", createdAt: 0, finishedAt: day, downloadedAt: null },
      { jobId: "running", createdAt: 0, finishedAt: null },
    ] as BulkJob[];
    expect(planBulkRetention(jobs, { now: 9 * day, fileDays: 7, historyDays: 365 })).toEqual({
      dropJobs: [],
      deleteFiles: ["old"],
    });
  });

  it("the token saved with saveToken → bound to its origin", async () => {
    await saveToken("tok", SANDBOX);
    expect(await readSavedToken()).toEqual({ token: "tok", origin: SANDBOX });
  });
});
