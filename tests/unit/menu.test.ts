import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { cardContacts, contactsFromClick, operationFromPreset } from "../../utils/background/menu";
import { createMenuHandler } from "../../utils/background/menu-handler";
import type { DetectionResult } from "../../utils/detect";
import type { OpRecord } from "../../utils/sending/types";
import type { Preset } from "../../utils/storage";
import { useFakeI18n } from "../components/fake-i18n";

const preset: Preset = {
  id: "p",
  name: "Won",
  overwrite: false,
  fields: [{ apiName: "deal_stage", value: "won" }],
  matching: [{ type: "leadContact" }],
};

describe("contactsFromClick", () => {
  it.each([
    [
      "a selected phone in any format",
      { selectionText: "8 (915) 777-11-22" },
      { phones: ["79157771122"], emails: [] },
    ],
    ["a selected email", { selectionText: " Ivan@Mail.RU " }, { phones: [], emails: ["ivan@mail.ru"] }],
    [
      "a selection of both",
      { selectionText: "+7 915 777 11 22, ivan@mail.ru" },
      { phones: ["79157771122"], emails: ["ivan@mail.ru"] },
    ],
    ["a tel: link", { linkUrl: "tel:+79157771122" }, { phones: ["79157771122"], emails: [] }],
    [
      "a mailto: link with a subject",
      { linkUrl: "mailto:ivan@mail.ru?subject=Hi" },
      { phones: [], emails: ["ivan@mail.ru"] },
    ],
    ["a selected order number", { selectionText: "№ 24001207" }, null],
    ["a selected word", { selectionText: "hello" }, null],
    ["an http link", { linkUrl: "https://example.com" }, null],
  ])("reads %s", (_, click, expected) => {
    expect(contactsFromClick({ menuItemId: "preset:p", ...click }, "RU")).toEqual(expected);
  });
});

describe("cardContacts", () => {
  it("takes only the open card's contacts", () => {
    const result: DetectionResult = {
      adapter: "amocrm",
      layoutRecognised: true,
      contacts: [
        { kind: "phone", value: "79157771122", display: "", source: "amocrm", inCard: true },
        { kind: "email", value: "a@b.ru", display: "", source: "amocrm", inCard: true },
        { kind: "phone", value: "79990000000", display: "", source: "text", inCard: false },
      ],
    };
    expect(cardContacts(result)).toEqual({ phones: ["79157771122"], emails: ["a@b.ru"] });
    expect(cardContacts({ ...result, contacts: result.contacts.slice(2) })).toBeNull();
  });
});

describe("operationFromPreset", () => {
  it("writes the preset's fields onto the lead found by its matching", () => {
    expect(operationFromPreset(preset, { phones: ["79157771122"], emails: [] })).toEqual([
      {
        method: "customFields",
        item: {
          matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
          addCustomFields: { overwrite: false, customFields: [{ field: "deal_stage", value: "won" }] },
        },
      },
    ]);
  });

  it("adds the preset's tags and comment as ops of their own, with the same matching", () => {
    const matching = [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }];
    expect(
      operationFromPreset(
        { ...preset, tags: ["vip", "repeat"], tagsOverwrite: true, comment: "Called back" },
        { phones: ["79157771122"], emails: [] },
      ),
    ).toEqual([
      {
        method: "customFields",
        item: {
          matching,
          addCustomFields: { overwrite: false, customFields: [{ field: "deal_stage", value: "won" }] },
        },
      },
      {
        method: "tags",
        item: { matching, addTags: { overwrite: true, tags: [{ tag: "vip" }, { tag: "repeat" }] } },
      },
      { method: "comment", item: { matching, addComment: "Called back" } },
    ]);
  });

  it("leaves the fields op out of a preset without fields", () => {
    const ops = operationFromPreset(
      { ...preset, fields: [], tags: ["vip"] },
      { phones: ["79157771122"], emails: [] },
    );
    expect(ops?.map((op) => op.method)).toEqual(["tags"]);
    expect(ops?.[0]).toMatchObject({ item: { addTags: { overwrite: false } } });
  });

  it("returns null when the matching cannot use the contacts", () => {
    expect(
      operationFromPreset(
        { ...preset, matching: [{ type: "callContact" }] },
        { phones: [], emails: ["a@b.ru"] },
      ),
    ).toBeNull();
  });
});

describe("the menu click handler", () => {
  const done: OpRecord = {
    id: 1,
    jobId: "j",
    source: "menu",
    method: "customFields",
    item: { matching: [{ type: "call", callParams: { callId: 1 } }] },
    state: "done",
    attempts: 1,
    notBefore: 0,
    createdAt: 0,
    updatedAt: 0,
    label: "",
    result: {
      matchedType: "leadContact",
      callInfo: { callId: "1001", callReferenceId: null, sipCallId: null },
      requestInfo: null,
      added: true,
      error: null,
    },
  };
  const setUp = (overrides: Partial<Parameters<typeof createMenuHandler>[0]> = {}) => {
    const notify = vi.fn(async () => undefined);
    const enqueue = vi.fn(async () => ({ jobId: "j" }));
    const handler = createMenuHandler({
      enqueue,
      detect: async () => ({ ok: false, error: "noAccess", message: "no" }),
      listJob: async () => [done],
      paused: async () => null,
      openOptions: async () => undefined,
      presets: async () => [preset],
      region: async () => "RU",
      notify,
      sleep: async () => undefined,
      ...overrides,
    });
    return { handler, notify, enqueue };
  };

  it("enqueues the preset for the selection and notifies what was written", async () => {
    const { handler, notify, enqueue } = setUp();
    const notice = await handler({ menuItemId: "preset:p", selectionText: "+7 915 777-11-22" }, 3);
    expect(enqueue).toHaveBeenCalledWith({
      source: "menu",
      ops: [expect.objectContaining({ label: "+79157771122" })],
    });
    expect(notice).toEqual({ title: "Won: +79157771122", message: "notifyDoneCall" });
    expect(notify).toHaveBeenCalledWith(notice);
  });

  it("enqueues the fields, tags and comment of a preset under one job and sums up the outcome", async () => {
    const full: Preset = { ...preset, tags: ["vip"], comment: "Called back" };
    const { handler, enqueue } = setUp({
      presets: async () => [full],
      listJob: async () => [done, { ...done, id: 2, method: "tags" }, { ...done, id: 3, method: "comment" }],
    });
    const notice = await handler({ menuItemId: "preset:p", selectionText: "+7 915 777-11-22" }, 3);
    const ops = operationFromPreset(full, { phones: ["79157771122"], emails: [] });
    expect(ops).toHaveLength(3);
    expect(enqueue).toHaveBeenCalledWith({
      source: "menu",
      ops: (ops ?? []).map((operation) => ({ operation, label: "+79157771122" })),
    });
    expect(notice?.message).toBe("notifyDoneCallParts");
  });

  it("reports the first part that failed", async () => {
    const { handler } = setUp({
      presets: async () => [{ ...preset, tags: ["vip"] }],
      listJob: async () => [
        done,
        { ...done, id: 2, method: "tags", state: "failed", error: { kind: "rejected", message: "no" } },
      ],
    });
    const notice = await handler({ menuItemId: "preset:p", selectionText: "+7 915 777-11-22" }, 3);
    expect(notice?.message).toBe("notifyFailedReason");
  });

  it("says that nothing usable was selected, and sends nothing", async () => {
    const { handler, enqueue } = setUp();
    const notice = await handler({ menuItemId: "preset:p", selectionText: "hello" }, 3);
    expect(notice?.message).toBe("notifyNothingSelected");
    expect(enqueue).not.toHaveBeenCalled();
  });

  it("tells the user when sending is paused", async () => {
    const { handler } = setUp({
      listJob: async () => [{ ...done, state: "queued" }],
      paused: async () => ({ reason: "auth", message: "bad token", at: 0 }),
    });
    const notice = await handler({ menuItemId: "preset:p", selectionText: "ivan@mail.ru" }, 3);
    expect(notice?.message).toBe("notifyPaused");
  });

  it("reports a preset that was removed meanwhile", async () => {
    const { handler } = setUp();
    expect((await handler({ menuItemId: "preset:gone", selectionText: "ivan@mail.ru" }, 3))?.message).toBe(
      "notifyPresetMissing",
    );
  });
});

describe("the menu's notification, in the user's language", () => {
  const queued: OpRecord = {
    id: 1,
    jobId: "j",
    source: "menu",
    method: "customFields",
    item: {
      matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
      addCustomFields: { customFields: [{ field: "deal_stage", value: "won" }] },
    },
    state: "queued",
    attempts: 0,
    notBefore: 0,
    createdAt: 0,
    updatedAt: 0,
    label: "",
  };
  const click = { menuItemId: "preset:p", selectionText: "+7 915 777-11-22" };
  const handlerFor = (ops: OpRecord[], waitMs = 60_000) =>
    createMenuHandler({
      enqueue: async () => ({ jobId: "j" }),
      detect: async () => ({ ok: false, error: "noAccess", message: "no" }),
      listJob: async () => ops,
      paused: async () => null,
      openOptions: async () => undefined,
      presets: async () => [preset],
      region: async () => "RU",
      notify: async () => undefined,
      showContacts: async () => false,
      sleep: async () => undefined,
      waitMs,
    });

  beforeEach(() => {
    fakeBrowser.reset();
    useFakeI18n("ru");
  });

  it.each<[string, OpRecord, string]>([
    [
      "a field Calltouch does not know",
      {
        ...queued,
        state: "failed",
        error: { kind: "rejected", message: 'Custom field "deal_stage" not found' },
      },
      "Не записано. В Calltouch нет пользовательского поля «deal_stage». Проверьте его API-имя в каталоге полей.",
    ],
    [
      "no connection, out of retries",
      { ...queued, state: "failed", attempts: 8, error: { kind: "network", message: "Failed to fetch" } },
      "Не записано. Не удалось связаться с Calltouch: нет соединения или неверный адрес API.",
    ],
    [
      "an unknown outcome",
      {
        ...queued,
        state: "uncertain",
        error: { kind: "unknownOutcome", message: "The API did not answer in time." },
      },
      "Результат неизвестен — проверьте лид в Calltouch, прежде чем отправлять снова.",
    ],
  ])("says %s", async (_, op, message) => {
    expect((await handlerFor([op])(click, 3))?.message).toBe(message);
  });

  it("says a lead that Calltouch keeps failing is being retried, not just queued", async () => {
    const retrying: OpRecord = {
      ...queued,
      attempts: 2,
      notBefore: 0,
      error: { kind: "server", message: "Calltouch answered HTTP 502." },
    };
    expect((await handlerFor([retrying], 5)(click, 3))?.message).toBe(
      "Пока не записано: На сервере Calltouch сбой (HTTP 502) — повторная попытка (3 из 8). Результат будет виден в расширении.",
    );
  });
});
