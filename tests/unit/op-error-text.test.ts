import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { LeadItem } from "../../utils/calltouch/schemas";
import { formatDateTime } from "../../utils/i18n";
import { type LiveOp, liveStateOf, liveText } from "../../utils/live-state";
import { type ErrorInput, explainError, kindOf } from "../../utils/op-error-text";
import { pauseText } from "../../utils/pause-text";
import { MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "../../utils/sending/backoff";
import { DAMAGED_OP_ERROR } from "../../utils/sending/types";
import { useFakeI18n } from "../components/fake-i18n";

const LABELS = new Map([
  ["lead_qualty", "Lead quality"],
  ["deal_amount", "Deal amount"],
]);
const ITEM: LeadItem = {
  matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
  addCustomFields: {
    overwrite: false,
    customFields: [
      { field: "product", value: "Kitchen" },
      { field: "deal_amount", value: "12,5" },
    ],
  },
};

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
});

describe("explainError", () => {
  // [error, English sentence, Russian sentence, raw text behind Details?]
  it.each<[ErrorInput, string, string, boolean]>([
    [
      { kind: "network", message: "Failed to fetch" },
      "Calltouch could not be reached: no connection, or the API address is wrong.",
      "Не удалось связаться с Calltouch: нет соединения или неверный адрес API.",
      false,
    ],
    [
      { message: "NetworkError when attempting to fetch resource." },
      "Calltouch could not be reached: no connection, or the API address is wrong.",
      "Не удалось связаться с Calltouch: нет соединения или неверный адрес API.",
      false,
    ],
    [
      { kind: "network", message: "The API did not answer in time." },
      "Calltouch did not answer in time.",
      "Calltouch не ответил вовремя.",
      false,
    ],
    [
      { kind: "server", message: "Calltouch answered HTTP 503." },
      "Calltouch is having trouble (HTTP 503).",
      "На сервере Calltouch сбой (HTTP 503).",
      false,
    ],
    [
      { message: "Calltouch answered HTTP 404." },
      "Calltouch answered with an unexpected error (HTTP 404).",
      "Calltouch ответил непредвиденной ошибкой (HTTP 404).",
      false,
    ],
    [
      { kind: "rateLimited", message: "Too many requests." },
      "Too many requests: Calltouch asked to slow down.",
      "Слишком много запросов: Calltouch попросил снизить темп.",
      false,
    ],
    [
      { kind: "quota", message: "Daily API points limit exceeded" },
      "Today's API points are spent.",
      "Баллы API на сегодня израсходованы.",
      false,
    ],
    [
      { kind: "auth", message: "Invalid Access-Token" },
      "Calltouch refused the Access-Token. Check it in the settings.",
      "Calltouch отклонил Access-Token. Проверьте его в настройках.",
      true,
    ],
    [
      { kind: "auth", message: "Access denied for SiteId" },
      "Calltouch refused the SiteId: it does not match the token. Check it in the settings.",
      "Calltouch отклонил SiteId: он не подходит к токену. Проверьте его в настройках.",
      true,
    ],
    [
      { kind: "badResponse", message: 'The answer does not match the API\'s schema: {"data":1}' },
      "Calltouch's answer could not be read.",
      "Не удалось прочитать ответ Calltouch.",
      true,
    ],
    [
      { kind: "unknownOutcome", message: "The API did not answer in time." },
      "Outcome unknown: the answer never came back, so the data may already be written. Check the lead in Calltouch.",
      "Результат неизвестен: ответ не пришёл, поэтому данные, возможно, уже записаны. Проверьте лид в Calltouch.",
      false,
    ],
    [
      { kind: "rejected", message: "Lead not found" },
      "Calltouch found no call or request for these contacts.",
      "Calltouch не нашёл звонка или заявки с этими контактами.",
      false,
    ],
    [
      DAMAGED_OP_ERROR,
      "Not sent: the saved record of this entry was damaged. Send it again, or queue it again from the CRM page or the CSV file.",
      "Не отправлено: сохранённая запись повреждена. Отправьте снова или поставьте в очередь со страницы CRM или из CSV-файла.",
      false,
    ],
    [
      { kind: "rejected", message: 'Custom field "lead_qualty" not found' },
      "Calltouch has no custom field «Lead quality (lead_qualty)». Check its API name in the field catalogue.",
      "В Calltouch нет пользовательского поля «Lead quality (lead_qualty)». Проверьте его API-имя в каталоге полей.",
      false,
    ],
    [
      { kind: "rejected", message: 'Custom field "deal_amount" already has a value' },
      "The lead already has a value in «Deal amount (deal_amount)»: switch on overwrite to replace it.",
      "У лида уже заполнено поле «Deal amount (deal_amount)»: чтобы заменить значение, включите перезапись.",
      false,
    ],
    [
      {
        kind: "validation",
        message: "This value is not a valid number.",
        fieldPath: "addCustomFields.customFields[1].value",
      },
      "Calltouch did not accept the field «Deal amount (deal_amount)»: this is not a number.",
      "Calltouch не принял поле «Deal amount (deal_amount)»: это не число.",
      false,
    ],
    [
      { kind: "validation", message: "This value should not be blank.", fieldPath: "addTags.tags[0].tag" },
      "Calltouch did not accept the tags: the value is empty.",
      "Calltouch не принял теги: значение пустое.",
      false,
    ],
    [
      {
        kind: "validation",
        message: "This value is too long. It should have 2000 characters or less.",
        fieldPath: "addComment",
      },
      "Calltouch did not accept the comment: the text is too long: at most 2000 characters.",
      "Calltouch не принял комментарий: текст слишком длинный: не больше 2000 символов.",
      false,
    ],
    [
      {
        kind: "validation",
        message: "This value is not a valid email address.",
        violations: [
          {
            fieldPath: "matching[1].leadContactParams.emails[0]",
            message: "This value is not a valid email address.",
          },
          { fieldPath: "matching[1].leadContactParams.phones[0]", message: "This value is not valid." },
        ],
      },
      "Calltouch did not accept search rule 2: this is not a valid email address. And 1 more problem.",
      "Calltouch не принял правило поиска 2: это не адрес электронной почты. И ещё 1 ошибка.",
      true,
    ],
    [
      { kind: "validation", message: "Phones must look like a phone" },
      "Calltouch did not accept the data.",
      "Calltouch не принял данные.",
      true,
    ],
    [
      { message: 'Field "deal" is unknown' },
      "Something went wrong while sending.",
      "При отправке что-то пошло не так.",
      true,
    ],
  ])("%o", (error, en, ru, details) => {
    const explained = explainError(error, { labels: LABELS, item: ITEM });
    expect(explained.text).toBe(en);
    expect(explained.details).toBe(details ? error.message : null);
    useFakeI18n("ru");
    expect(explainError(error, { labels: LABELS, item: ITEM }).text).toBe(ru);
  });

  it("gives the field and where to fix it", () => {
    expect(explainError({ kind: "rejected", message: 'Custom field "lead_qualty" not found' })).toMatchObject(
      {
        field: "lead_qualty",
        fix: "catalogue",
      },
    );
    expect(
      explainError(
        {
          kind: "validation",
          message: "This value is not valid.",
          fieldPath: "addCustomFields.customFields[1].value",
        },
        { item: ITEM },
      ),
    ).toMatchObject({
      field: "deal_amount",
      fieldPath: "addCustomFields.customFields[1].value",
      fix: "input",
    });
    expect(explainError({ kind: "network", message: "Failed to fetch" }).fix).toBeUndefined();
  });

  it.each([
    ["Failed to fetch", "network"],
    ["Calltouch answered HTTP 502.", "server"],
    ['Custom field "x" not found', "rejected"],
    [
      "The browser stopped the extension while this request was on its way: it may have been written.",
      "unknownOutcome",
    ],
    ["This value should not be blank.; addTags: This value is not valid.", "validation"],
    ["anything else", undefined],
  ])("knows %s by its words: %s", (message, kind) => {
    expect(kindOf({ message })).toBe(kind);
  });

  it("words a pause for a refused field in the user's language", () => {
    useFakeI18n("ru");
    expect(
      pauseText({ reason: "refused", message: 'Custom field "lead_qualty" not found', at: 0 }, "popup"),
    ).toContain("В Calltouch нет пользовательского поля «lead_qualty»");
  });
});

const NOW = Date.UTC(2026, 0, 10, 9, 0);
const op = (change: Partial<LiveOp> = {}): LiveOp => ({
  state: "queued",
  attempts: 0,
  notBefore: 0,
  ...change,
});

describe("live states", () => {
  // [ops, pause, English, Russian]
  it.each<[string, LiveOp[], Parameters<typeof liveStateOf>[1], string, string]>([
    ["nothing sent", [], null, "", ""],
    ["sending", [op({ state: "sending" })], null, "Sending…", "Отправка…"],
    [
      "an unreadable answer, retried",
      [
        op({
          attempts: 1,
          notBefore: NOW,
          error: { kind: "badResponse", message: "The answer has 0 results for 1 leads." },
        }),
      ],
      null,
      `Calltouch's answer could not be read — retrying (2 of ${MAX_UNEXPECTED_ANSWER_ATTEMPTS})`,
      `Не удалось прочитать ответ Calltouch — повторная попытка (2 из ${MAX_UNEXPECTED_ANSWER_ATTEMPTS})`,
    ],
    [
      "a server down, next try in 8 s",
      [
        op({
          attempts: 3,
          notBefore: NOW + 7_200,
          error: { kind: "server", message: "Calltouch answered HTTP 503." },
        }),
      ],
      null,
      `Calltouch is having trouble (HTTP 503) — retrying (4 of ${MAX_ATTEMPTS}) in 8 s`,
      `На сервере Calltouch сбой (HTTP 503) — повторная попытка (4 из ${MAX_ATTEMPTS}) через 8 с`,
    ],
    [
      "no connection",
      [op({ attempts: 1, notBefore: NOW + 1000, error: { kind: "network", message: "Failed to fetch" } })],
      null,
      `Calltouch could not be reached: no connection, or the API address is wrong — retrying (2 of ${MAX_ATTEMPTS}) in 1 s`,
      `Не удалось связаться с Calltouch: нет соединения или неверный адрес API — повторная попытка (2 из ${MAX_ATTEMPTS}) через 1 с`,
    ],
    [
      "token refused",
      [op()],
      { reason: "auth", message: "Invalid Access-Token", at: 0 },
      "Paused: Calltouch refused the token",
      "Приостановлено: Calltouch отклонил токен",
    ],
    [
      "points spent",
      [op()],
      { reason: "quota", message: "", at: 0, until: NOW + 3_600_000 },
      "Paused: API points are spent until {until}",
      "Приостановлено: баллы API израсходованы до {until}",
    ],
    [
      "outcome unknown",
      [op({ state: "done" }), op({ state: "uncertain", error: { kind: "unknownOutcome", message: "x" } })],
      null,
      "Outcome unknown — check the lead in Calltouch",
      "Результат неизвестен — проверьте лид в Calltouch",
    ],
    [
      "failed, out of retries",
      [
        op({
          state: "failed",
          attempts: 8,
          error: { kind: "server", message: "Calltouch answered HTTP 502." },
        }),
      ],
      null,
      "Failed: Calltouch is having trouble (HTTP 502)",
      "Не отправлено: На сервере Calltouch сбой (HTTP 502)",
    ],
    ["done", [op({ state: "done" })], null, "Sent", "Отправлено"],
  ])("%s", (_, ops, pause, en, ru) => {
    const until = formatDateTime(NOW + 3_600_000);
    expect(liveText(liveStateOf(ops, pause), NOW)).toBe(en.replace("{until}", until));
    useFakeI18n("ru");
    expect(liveText(liveStateOf(ops, pause), NOW)).toBe(
      ru.replace("{until}", formatDateTime(NOW + 3_600_000)),
    );
  });
});
