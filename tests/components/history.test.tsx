import { fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { localTime } from "../../components/history/csv";
import { serverWords, splitLongTokens } from "../../components/history/error-text";
import { sentText } from "../../components/history/field-labels";
import { dayStart, NO_FILTERS, toHistoryQuery } from "../../components/history/query";
import { App } from "../../entrypoints/lead-history/App";
import type { HistoryList, HistoryRow, QueueStatus, UsageReport } from "../../utils/messaging";
import type { OpState } from "../../utils/sending/types";
import { emptyCounts } from "../../utils/sending/types";
import { type CatalogueField, catalogueItem } from "../../utils/storage";
import { credentialsStatus } from "../fixtures/answers";
import { fakeBackground, type MessageData } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";
import { resetPageEachTest } from "./page-hooks";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();

const NOW = new Date(2025, 2, 12, 11, 5).getTime();
const STATES: OpState[] = ["done", "failed", "notMatched", "done", "queued"];

function rowOf(id: number): HistoryRow {
  const state = STATES[id % STATES.length] ?? "done";
  return {
    id,
    createdAt: NOW - (300 - id) * 60_000,
    updatedAt: NOW,
    label: `+7 915 000-${String(id).padStart(4, "0")}`,
    method: "customFields",
    fields: [{ name: "deal", value: `D-${id}` }],
    sent: `deal=D-${id}`,
    state,
    matchedType: state === "done" ? "leadContact" : null,
    callId: state === "done" ? String(1000 + id) : null,
    requestId: null,
    failure:
      state === "failed"
        ? { kind: "rejected", fieldPath: null, message: `Field "deal" is unknown, "${id}"` }
        : null,
    error: state === "failed" ? `Field "deal" is unknown, "${id}"` : null,
    attempts: 1,
    notBefore: null,
    source: "popup",
  };
}

type Query = MessageData<"listHistory">;

interface Backend {
  rows: HistoryRow[];
  status: QueueStatus;
  usage: UsageReport;
  /** Ops examined per `listHistory` call, as the background's scan limit. */
  scanLimit: number;
  /** Ids of rows whose saved record no longer parses: examined, counted, never answered. */
  damaged?: ReadonlySet<number>;
}

const zero = { requests: 0, leads: 0, rateLimited: 0 };

function backendOf(count: number): Backend {
  const rows = Array.from({ length: count }, (_, i) => rowOf(count - i));
  const counts = emptyCounts();
  for (const row of rows) counts[row.state]++;
  return {
    rows,
    status: {
      counts,
      paused: null,
      lastRequest: null,
      totals: { requests: 40, leads: 3200, rateLimited: 1 },
    },
    usage: {
      today: { requests: 12, leads: 1150, rateLimited: 0 },
      days: [
        { day: "2025-03-12", counters: { requests: 12, leads: 1150, rateLimited: 0 } },
        { day: "2025-03-11", counters: zero },
        { day: "2025-03-10", counters: { requests: 3, leads: 250, rateLimited: 1 } },
      ],
      share: 2,
      totals: { requests: 40, leads: 3200, rateLimited: 1 },
    },
    scanLimit: 10_000,
  };
}

/** Answers as the background does: newest first, filtered, a bounded scan per call. */
function listHistory(backend: Backend, query: Query): HistoryList {
  const older = backend.rows.filter((row) => query.before === undefined || row.id < query.before);
  const items: HistoryRow[] = [];
  let scanned = 0;
  let unreadable = 0;
  for (const row of older) {
    if (items.length === query.limit) return { items, next: items.at(-1)?.id, scanned, unreadable };
    if (scanned === backend.scanLimit) return { items, next: row.id + 1, partial: true, scanned, unreadable };
    scanned++;
    if (backend.damaged?.has(row.id)) {
      unreadable++;
      continue;
    }
    const matches =
      (!query.state || row.state === query.state) &&
      (!query.text || row.label.replace(/\D/g, "").includes(query.text.replace(/\D/g, ""))) &&
      (query.from === undefined || row.createdAt >= query.from) &&
      (query.to === undefined || row.createdAt < query.to);
    if (matches) items.push(row);
  }
  return { items, scanned, unreadable };
}

function serve(backend: Backend) {
  background.handle({
    listHistory: (query) => listHistory(backend, query),
    getQueueStatus: () => backend.status,
    getUsage: () => backend.usage,
    getRetention: () => ({ maxCount: 100_000, maxAgeDays: 365 }),
    setRetention: (retention) => ({ retention, removed: 5 }),
    retry: (target) => ({ count: "ids" in target ? target.ids.length : 51 }),
    resume: () => ({ ...backend.status, paused: null }),
  });
}

const calls = background.calls;
const lastQuery = () => calls("listHistory").at(-1);
const bodyRows = () =>
  within(screen.getByRole("table", { name: /^(Lead operations|Операции с лидами)/ }))
    .getAllByRole("row")
    .slice(1);
const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

async function renderPage(backend = backendOf(250)) {
  serve(backend);
  render(<App />);
  await screen.findByText("Entries on this page: 100.");
  return backend;
}

resetPageEachTest(background);

describe("the history table", () => {
  it("shows the newest page with headers, caption and one row per operation", async () => {
    await renderPage();
    const table = screen.getByRole("table", { name: "Lead operations, newest first: page 1" });
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(headers).toEqual([
      "",
      "Time",
      "Contacts",
      "What was sent",
      "Status",
      "Found in Calltouch",
      "Error",
      "Actions",
    ]);
    const rows = bodyRows();
    expect(rows).toHaveLength(100);
    expect(within(rows[0] as HTMLElement).getByText("+7 915 000-0250")).toBeTruthy();
    expect(rows[0]?.textContent).toContain("Done");
    expect(rows[0]?.textContent).toContain("Call 1250");
    expect(rows[0]?.textContent).toContain("by: lead contacts");
    expect(rows[4]?.textContent).toContain('Field "deal" is unknown, "246"');
    expect(calls("listHistory")[0]).toEqual({ limit: 100 });
  });

  it("pages with the cursor, forwards and back, never holding more than a page", async () => {
    await renderPage();
    fireEvent.click(screen.getByRole("button", { name: "Older" }));
    await screen.findByRole("table", { name: "Lead operations, newest first: page 2" });
    await waitFor(() => expect(bodyRows()[0]?.textContent).toContain("+7 915 000-0150"));
    expect(lastQuery()).toEqual({ limit: 100, before: 151 });

    fireEvent.click(screen.getByRole("button", { name: "Older" }));
    await screen.findByText("Entries on this page: 50.");
    expect(bodyRows()).toHaveLength(50);
    expect((screen.getByRole("button", { name: "Older" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Newer" }));
    await screen.findByRole("table", { name: "Lead operations, newest first: page 2" });
    await screen.findByText("Entries on this page: 100.");
    expect(lastQuery()).toEqual({ limit: 100, before: 151 });
  });

  it("filters by status from the first page, with each status's count", async () => {
    await renderPage();
    fireEvent.click(screen.getByRole("button", { name: "Older" }));
    await screen.findByRole("table", { name: /page 2/ });
    const status = screen.getByLabelText("Status");
    expect(within(status).getByRole("option", { name: "Failed (50)" })).toBeTruthy();
    fireEvent.change(status, { target: { value: "failed" } });
    await waitFor(() => expect(lastQuery()).toEqual({ limit: 100, state: "failed" }));
    await screen.findByRole("table", { name: /page 1/ });
    await waitFor(() => {
      const rows = bodyRows();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.textContent?.includes("Failed"))).toBe(true);
    });
  });

  it("searches once the typing stops", async () => {
    await renderPage();
    const search = screen.getByLabelText("Search");
    type(search, "9");
    type(search, "91");
    type(search, "915 000-0123");
    await screen.findByText("Entries on this page: 1.");
    expect(calls("listHistory").map((query) => query.text)).toEqual([undefined, "915 000-0123"]);
    expect(bodyRows()[0]?.textContent).toContain("+7 915 000-0123");
  });

  it("says when a search is still reading, and goes on until the page is full", async () => {
    const backend = backendOf(250);
    backend.scanLimit = 60;
    serve(backend);
    render(<App />);
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    await screen.findByText("Entries on this page: 50.");
    const queries = calls("listHistory").slice(1);
    expect(queries.map((q) => [q.limit, q.before])).toEqual([
      [100, undefined],
      [88, 191],
      [76, 131],
      [64, 71],
      [52, 11],
    ]);
    expect(bodyRows()).toHaveLength(50);
  });

  it("lets the user stop a long search and go on from where it stopped", async () => {
    const backend = backendOf(250);
    backend.scanLimit = 60;
    let release: () => void = () => undefined;
    serve(backend);
    background.also({
      listHistory: async (query) => {
        if (query.before === 131) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        return listHistory(backend, query);
      },
    });
    render(<App />);
    await screen.findByText("Entries on this page: 100.");
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    await screen.findByText("Searching older entries… checked so far: 120.");
    fireEvent.click(screen.getByRole("button", { name: "Stop searching" }));
    release();
    await screen.findByText("Search stopped after 180 entries. “Older” goes on from there.");
    expect(bodyRows()).toHaveLength(36);
    fireEvent.click(screen.getByRole("button", { name: "Older" }));
    await screen.findByText("Entries on this page: 14.");
  });

  it.each([
    [
      "en",
      "Entries on this page: 3.",
      "2 saved entries are damaged and not shown: their records could not be read.",
    ],
    [
      "ru",
      "Записей на странице: 3.",
      "2 сохранённые записи повреждены и не показаны: их не удалось прочитать.",
    ],
  ] as const)(
    "says how many saved entries it could not read and left out (%s)",
    async (locale, showing, damaged) => {
      useFakeI18n(locale);
      serve({ ...backendOf(5), damaged: new Set([4, 2]) });
      render(<App />);
      await screen.findByText(showing);
      expect(bodyRows().map((row) => row.textContent)).toEqual([
        expect.stringContaining("000-0005"),
        expect.stringContaining("000-0003"),
        expect.stringContaining("000-0001"),
      ]);
      expect(screen.getByText(damaged).getAttribute("role")).toBe("status");
    },
  );

  it("says nothing of damaged entries when every saved entry could be read", async () => {
    serve(backendOf(5));
    render(<App />);
    await screen.findByText("Entries on this page: 5.");
    expect(screen.queryByText(/damaged/)).toBeNull();
  });

  it("says so when nothing matches, and flags dates in the wrong order without asking", async () => {
    await renderPage();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2025-03-12" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2025-03-11" } });
    expect(await screen.findByText("The end date is before the start date.")).toBeTruthy();
    expect(screen.getByLabelText("To").getAttribute("aria-invalid")).toBe("true");
    const asked = calls("listHistory").length;
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2030-01-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "" } });
    await screen.findByText("Nothing matches these filters.");
    expect(calls("listHistory").slice(asked)).toEqual([{ limit: 100, from: new Date(2030, 0, 1).getTime() }]);
  });
});

describe("retry", () => {
  it("retries the selected leads", async () => {
    await renderPage();
    fireEvent.click(screen.getByRole("checkbox", { name: "Select +7 915 000-0247" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Select +7 915 000-0246" }));
    expect(screen.queryByRole("checkbox", { name: "Select +7 915 000-0250" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Retry selected (2)" }));
    expect(await screen.findByText("Queued again: 2.")).toBeTruthy();
    expect(calls("retry")).toEqual([{ ids: [247, 246] }]);
    expect(screen.getByRole("button", { name: "Retry selected (0)" })).toBeTruthy();
  });

  it("selects every retryable lead of the page at once", async () => {
    await renderPage();
    fireEvent.click(
      screen.getByRole("checkbox", { name: "Select every failed or not found lead on this page" }),
    );
    expect(screen.getByRole("button", { name: "Retry selected (40)" })).toBeTruthy();
  });

  it("retries one row, and all failed", async () => {
    await renderPage();
    fireEvent.click(screen.getByRole("button", { name: "Retry +7 915 000-0246" }));
    await screen.findByText("Queued again: 1.");
    fireEvent.click(screen.getByRole("button", { name: "Retry all failed (50)" }));
    await screen.findByText("Queued again: 51.");
    expect(calls("retry")).toEqual([{ ids: [246] }, { allFailed: true }]);
  });
});

describe("a lead whose outcome is unknown", () => {
  /** Ten rows; the tags of +7 915 000-0007 left, but Calltouch's answer never came back. */
  function backendWithUncertain(): Backend {
    const backend = backendOf(10);
    const index = backend.rows.findIndex((row) => row.id === 7);
    const before = backend.rows[index] as HistoryRow;
    const message = "The API did not answer in time.";
    backend.rows[index] = {
      ...before,
      method: "tags",
      fields: [],
      sent: "callback",
      state: "uncertain",
      matchedType: null,
      callId: null,
      failure: { kind: "unknownOutcome", fieldPath: null, message },
      error: message,
    };
    backend.status.counts[before.state]--;
    backend.status.counts.uncertain++;
    return backend;
  }
  const rowWith = (label: string) =>
    bodyRows().find((row) => row.textContent?.includes(label)) as HTMLElement;

  it.each([
    [
      "en" as const,
      "Entries on this page: 10.",
      "Outcome unknown",
      "Outcome unknown — check the lead in Calltouch before sending again.",
      "Send again +7 915 000-0007",
      "Send again",
      "Queued again: 1.",
    ],
    [
      "ru" as const,
      "Записей на странице: 10.",
      "Результат неизвестен",
      "Результат неизвестен — проверьте лид в Calltouch, прежде чем отправлять снова.",
      "Отправить снова +7 915 000-0007",
      "Отправить снова",
      "Снова в очереди: 1.",
    ],
  ])(
    "says so on its row and sends only that lead again with Send again (%s)",
    async (locale, entries, status, hint, buttonName, buttonText, queued) => {
      useFakeI18n(locale);
      serve(backendWithUncertain());
      render(<App />);
      await screen.findByText(entries);
      const row = rowWith("+7 915 000-0007");
      expect(within(row).getByText(status)).toBeTruthy();
      expect(within(row).getByText(hint)).toBeTruthy();
      const again = within(row).getByRole("button", { name: buttonName });
      expect(again.textContent).toBe(buttonText);
      // Only that row says it: the others were answered.
      expect(bodyRows().filter((r) => r.textContent?.includes(hint))).toHaveLength(1);

      fireEvent.click(again);
      expect(await screen.findByText(queued)).toBeTruthy();
      expect(calls("retry")).toEqual([{ ids: [7] }]);
    },
  );

  it("counts it in the status filter and lists it alone when picked", async () => {
    serve(backendWithUncertain());
    render(<App />);
    await screen.findByText("Entries on this page: 10.");
    const status = screen.getByLabelText("Status");
    expect(within(status).getByRole("option", { name: "Outcome unknown (1)" })).toBeTruthy();
    fireEvent.change(status, { target: { value: "uncertain" } });
    await waitFor(() => expect(lastQuery()).toEqual({ limit: 100, state: "uncertain" }));
    await screen.findByText("Entries on this page: 1.");
    expect(bodyRows()[0]?.textContent).toContain(
      "Outcome unknown — check the lead in Calltouch before sending again.",
    );
  });
});

const CATALOGUE_DEAL: CatalogueField = {
  id: "f1",
  apiName: "deal",
  label: "Номер сделки",
  type: "text",
  options: [],
};

/** Catches the file the page downloads. */
function catchDownload(): () => Promise<string> {
  let blob: Blob | undefined;
  const createObjectURL = vi.fn((value: Blob) => {
    blob = value;
    return "blob:history";
  });
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
  return async () => {
    const bytes = new Uint8Array(await (blob as Blob).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return new TextDecoder().decode(bytes.slice(3));
  };
}

describe("CSV export", () => {
  it("pages through the filtered history and downloads UTF-8 CSV with a BOM, in local time", async () => {
    const backend = backendOf(1200);
    backend.rows[0] = {
      ...backend.rows[0],
      label: "Иван, +7 915",
      method: "comment",
      fields: [],
      sent: "=HYPERLINK(1)",
    } as HistoryRow;
    await renderPage(backend);
    const file = catchDownload();

    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await screen.findByText("Exported rows: 1,200.");
    expect(calls("listHistory").slice(1)).toEqual([
      { limit: 500 },
      { limit: 500, before: 701 },
      { limit: 500, before: 201 },
    ]);
    const lines = (await file()).split("\r\n");
    expect(lines[0]).toBe(
      "Time (local),Contacts,Method,What was sent,Status,Matched by,Call ID,Request ID,Error",
    );
    // Row 1200 was made 900 minutes after 11:05 on 12 March, local time.
    expect(localTime(rowOf(1200).createdAt)).toBe("2025-03-13 02:05:00");
    expect(lines[1]).toBe(
      `2025-03-13 02:05:00,"Иван, +7 915",Comment,'=HYPERLINK(1),Done,lead contacts,2200,,`,
    );
    expect(lines[5]).toContain(',Failed,,,,"Field ""deal"" is unknown, ""1196"""');
    expect(lines).toHaveLength(1202);
  });

  it("writes `;`, Russian headers and field labels for a Russian user", async () => {
    useFakeI18n("ru");
    await catalogueItem.setValue([CATALOGUE_DEAL]);
    serve(backendOf(5));
    render(<App />);
    await screen.findByText("Записей на странице: 5.");
    await waitFor(() => expect(bodyRows()[0]?.textContent).toContain("Номер сделки: D-5"));
    const file = catchDownload();
    fireEvent.click(screen.getByRole("button", { name: "Выгрузить в CSV" }));
    // The count agrees with its noun (not "Выгружено строк: 5").
    await screen.findByText("Выгружено 5 строк.", { selector: ".export [role=status]" });
    const lines = (await file()).split("\r\n");
    expect(lines[0]).toBe(
      "Время (местное);Контакты;Метод;Что отправлено;Статус;Найден по;ID звонка;ID заявки;Ошибка",
    );
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d;\+7 915 000-0005;Пользовательские поля;/);
    expect(lines[1]).toContain(";Номер сделки: D-5;");
  });
  it.each([
    [
      "en",
      "Export CSV",
      "Exported rows: 1,197. 3 damaged entries were left out: their records could not be read.",
    ],
    [
      "ru",
      "Выгрузить в CSV",
      "Выгружено 1 197 строк. 3 повреждённые записи не выгружены: их не удалось прочитать.",
    ],
  ] as const)(
    "says how many damaged entries the file leaves out, over every page (%s)",
    async (locale, button, done) => {
      useFakeI18n(locale);
      // One damaged record on each of the three pages the export reads.
      const backend = { ...backendOf(1200), damaged: new Set([1150, 600, 3]) };
      serve(backend);
      render(<App />);
      await waitFor(() => expect(bodyRows()).toHaveLength(100));
      const file = catchDownload();
      fireEvent.click(screen.getByRole("button", { name: button }));
      await screen.findByText(done, { selector: ".export [role=status]" });
      const lines = (await file()).split("\r\n");
      // The header, 1,197 rows and the empty string after the last line break.
      expect(lines).toHaveLength(1199);
      expect(lines.some((line) => line.includes("000-1150"))).toBe(false);
    },
  );
});

describe("field labels", () => {
  it("names each field by its catalogue label, or by its API name when it has none", async () => {
    await catalogueItem.setValue([{ ...CATALOGUE_DEAL, label: "Deal number" }]);
    const backend = backendOf(250);
    backend.rows[0] = {
      ...backend.rows[0],
      fields: [
        { name: "deal", value: "D-250" },
        { name: "stage", value: "won; lost=yes" },
      ],
      sent: "deal=D-250; stage=won; lost=yes",
    } as HistoryRow;
    await renderPage(backend);
    await waitFor(() =>
      expect(bodyRows()[0]?.textContent).toContain("Deal number: D-250; stage: won; lost=yes"),
    );
    expect(bodyRows()[1]?.textContent).toContain("Deal number: D-249");
    expect(screen.queryByText(/deal=/)).toBeNull();
  });
});

const connectionStatus = (state: "connected" | "tokenRefused") =>
  credentialsStatus({ connection: { state, at: NOW } });

const queuedRow = () => {
  const row = bodyRows().find((tr) => tr.textContent?.includes("+7 915 000-0009"));
  expect(row?.textContent).toContain("Waiting");
  return row as HTMLElement;
};

describe("pauses", () => {
  it("says nothing when the engine sends as usual", async () => {
    serve(backendOf(10));
    render(<App />);
    await screen.findByText("Entries on this page: 10.");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(within(queuedRow()).getByText("Waiting").parentElement?.textContent).toBe("Waiting");
  });

  it.each<[string, Partial<QueueStatus>, "alert" | "status", RegExp, string]>([
    [
      "a refused token",
      { paused: { reason: "auth", message: "Access denied", at: NOW } },
      "alert",
      /Calltouch refused the Access-Token or SiteId .*Calltouch said: Access denied/,
      "Paused: token or SiteId refused",
    ],
    [
      "missing credentials",
      { paused: { reason: "noCredentials", message: "", at: NOW } },
      "alert",
      /no Access-Token and SiteId are saved/,
      "Paused: no token saved",
    ],
    [
      "spent points",
      { paused: { reason: "quota", message: "", at: NOW, until: new Date(2025, 2, 13).getTime() } },
      "alert",
      /today's API points are spent: sending is paused until Mar 13, 2025/,
      "Paused: API points spent until Mar 13, 2025, 12:00 AM",
    ],
    [
      "the refusal breaker",
      { paused: { reason: "refused", message: 'Custom field "lead_qualty" not found', at: NOW } },
      "alert",
      /refused every lead of a request .*lead_qualty/,
      "Paused: Calltouch refused a whole request",
    ],
    [
      "a removed host permission",
      { blocked: { reason: "permissionMissing", host: "api.calltouch.ru" } },
      "alert",
      /api\.calltouch\.ru/,
      "Paused: check the connection settings",
    ],
    [
      "a rate-limit hold",
      { hold: { kind: "rateLimited", until: new Date(2025, 2, 12, 11, 6, 30).getTime() } },
      "status",
      /Calltouch answered “too many requests”: waiting leads go out at 11:06:30 AM/,
      "Held until 11:06:30 AM: too many requests (429)",
    ],
    [
      "an unreachable server",
      { hold: { kind: "network", until: new Date(2025, 2, 12, 11, 7, 0).getTime() } },
      "status",
      /Calltouch can't be reached: waiting leads are retried at 11:07:00 AM/,
      "Retrying at 11:07:00 AM: Calltouch can't be reached",
    ],
    [
      "an unreadable answer",
      { hold: { kind: "badResponse", until: new Date(2025, 2, 12, 11, 7, 0).getTime() } },
      "status",
      /Calltouch answered with an error: waiting leads are retried at 11:07:00 AM/,
      "Retrying at 11:07:00 AM: Calltouch answered with an error",
    ],
  ])("shows %s at the top and on every waiting row", async (_, change, role, notice, rowText) => {
    const backend = backendOf(10);
    Object.assign(backend.status, change);
    serve(backend);
    render(<App />);
    await screen.findByText("Entries on this page: 10.");
    const found = await screen.findAllByRole(role);
    expect(found.some((element) => notice.test(element.textContent ?? ""))).toBe(true);
    await waitFor(() => expect(within(queuedRow()).getByText(rowText)).toBeTruthy());
    expect(bodyRows().filter((row) => row.textContent?.includes(rowText))).toHaveLength(2);
  });

  it("links a pause the settings fix to the settings, and resumes one they do not", async () => {
    const backend = backendOf(10);
    backend.status.paused = { reason: "auth", message: "", at: NOW };
    serve(backend);
    const { unmount } = render(<App />);
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("link", { name: "Open the settings" }).getAttribute("href")).toBe(
      "/options.html",
    );
    expect(within(alert).queryByRole("button")).toBeNull();
    unmount();

    backend.status.paused = { reason: "refused", message: "", at: NOW };
    render(<App />);
    fireEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "Resume sending" }));
    expect(await screen.findByText("Sending resumed.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("tells the user the quota paused sending, and resumes on request", async () => {
    const backend = backendOf(10);
    backend.status.paused = {
      reason: "quota",
      message: "Points exhausted",
      at: NOW,
      until: new Date(2025, 2, 13).getTime(),
    };
    serve(backend);
    render(<App />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(
      "Calltouch says today's API points are spent: sending is paused until",
    );
    expect(alert.textContent).toContain("Calltouch said: Points exhausted");
    fireEvent.click(within(alert).getByRole("button", { name: "Resume now" }));
    expect(await screen.findByText("Sending resumed.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls("resume")).toHaveLength(1);
  });
});

const JSON_DUMP = `The answer does not match the API's schema: {"data":{"leads":[{"matched":"maybe","${"x".repeat(60)}":1}]}}`;
const LONG_PROSE = `${"Calltouch could not add the value because the field accepts only the options listed in the cabinet ".repeat(3)}(list: a, b, c).`;

/** A page whose newest rows failed with `errors`, in order. */
async function renderErrors(errors: string[]) {
  const backend = backendOf(10);
  errors.forEach((error, index) => {
    backend.rows[index] = { ...backend.rows[index], state: "failed", error } as HistoryRow;
  });
  serve(backend);
  render(<App />);
  await screen.findByText("Entries on this page: 10.");
  return bodyRows().slice(0, errors.length);
}

describe("errors in rows", () => {
  it("says a message it does not know in a short sentence, with the raw text behind Details", async () => {
    const [dump, prose, json] = await renderErrors([
      JSON_DUMP,
      LONG_PROSE,
      '{"type":"apiError","data":{"apiErrorData":{"message":"Token expired"}}}',
    ]);
    expect(within(dump as HTMLElement).getByText("Calltouch's answer could not be read.")).toBeTruthy();
    const details = within(dump as HTMLElement).getByRole("button", { name: "Details" });
    const raw = document.getElementById(details.getAttribute("aria-controls") ?? "") as HTMLElement;
    expect(details.getAttribute("aria-expanded")).toBe("false");
    expect(raw.hidden).toBe(true);
    fireEvent.click(details);
    expect(details.getAttribute("aria-expanded")).toBe("true");
    expect(raw.hidden).toBe(false);
    expect(raw.textContent).toBe(JSON_DUMP);

    for (const [row, text] of [
      [prose, LONG_PROSE],
      [json, "Token expired"],
    ] as const) {
      expect(within(row as HTMLElement).getByText("Something went wrong while sending.")).toBeTruthy();
      fireEvent.click(within(row as HTMLElement).getByRole("button", { name: "Details" }));
      expect(within(row as HTMLElement).getByText(text, { exact: false, selector: "pre" })).toBeTruthy();
    }
  });

  it("keeps the raw text out of the sentence: only the Details box may break mid-word", async () => {
    const [row] = await renderErrors([`Rejected ${"a".repeat(40)} value`]);
    const sentence = (row as HTMLElement).querySelector(".error-details__text");
    expect(sentence?.textContent).toBe("Something went wrong while sending.");
    expect((row as HTMLElement).querySelector(".error-details__raw")?.textContent).toContain("a".repeat(40));
  });

  it("words the errors our client writes in the user's language", async () => {
    useFakeI18n("ru");
    const backend = backendOf(10);
    backend.rows[0] = { ...backend.rows[0], state: "failed", error: "Failed to fetch" } as HistoryRow;
    backend.rows[1] = {
      ...backend.rows[1],
      state: "failed",
      error: "Calltouch answered HTTP 502.",
    } as HistoryRow;
    serve(backend);
    render(<App />);
    await screen.findByText("Записей на странице: 10.");
    const [network, status] = bodyRows();
    expect(
      within(network as HTMLElement).getByText(
        "Не удалось связаться с Calltouch: нет соединения или неверный адрес API.",
      ),
    ).toBeTruthy();
    // The sentence says all that "Failed to fetch" does: the browser's words are never shown.
    expect(within(network as HTMLElement).queryByRole("button", { name: "Подробности" })).toBeNull();
    expect((network as HTMLElement).textContent).not.toContain("Failed to fetch");
    expect(within(status as HTMLElement).getByText("На сервере Calltouch сбой (HTTP 502).")).toBeTruthy();
  });

  it.each([
    [
      "en" as const,
      "Calltouch has no custom field «Lead quality (lead_qualty)». Check its API name in the field catalogue.",
      "Open the field catalogue",
    ],
    [
      "ru" as const,
      "В Calltouch нет пользовательского поля «Lead quality (lead_qualty)». Проверьте его API-имя в каталоге полей.",
      "Открыть каталог полей",
    ],
  ])(
    "names a field Calltouch does not know by its label and links to the catalogue (%s)",
    async (locale, text, fix) => {
      useFakeI18n(locale);
      await catalogueItem.setValue([
        { id: "f-q", apiName: "lead_qualty", label: "Lead quality", type: "text", options: [] },
      ]);
      const backend = backendOf(10);
      backend.rows[0] = {
        ...backend.rows[0],
        state: "failed",
        error: 'Custom field "lead_qualty" not found',
      } as HistoryRow;
      serve(backend);
      render(<App />);
      const cell = (await screen.findByText(text)).closest("td") as HTMLElement;
      fireEvent.click(within(cell).getByRole("button", { name: fix }));
      await waitFor(async () => {
        const tabs = await fakeBrowser.tabs.query({});
        expect(tabs.some((tab) => tab.url?.endsWith("/options.html#catalogue-heading"))).toBe(true);
      });
    },
  );
});

/** Opens the one-line usage and returns its toggle. */
async function openUsage(name: RegExp | string = /^Today: /) {
  const toggle = await screen.findByRole("button", { name });
  if (toggle.getAttribute("aria-expanded") !== "true") fireEvent.click(toggle);
  return toggle;
}

describe("usage", () => {
  it("is one line above the table that opens to today's detail and the days with requests", async () => {
    await renderPage();
    const toggle = screen.getByRole("button", {
      name: "Today: 12 requests · 1,150 leads · share 2/s · 0 × 429",
    });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("table", { name: "Days with requests in the last 30 days" })).toBeNull();
    expect(screen.queryByRole("spinbutton", { name: "Keep at most (entries)" })).toBeNull();
    const history = screen.getByRole("table", { name: /Lead operations/ });
    expect(toggle.compareDocumentPosition(history) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    await openUsage();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText("Today: requests — 12, leads sent — 1,150.")).toBeTruthy();
    expect(screen.getByText(/Calltouch spends API points per request, not per lead/)).toBeTruthy();
    const table = screen.getByRole("table", { name: "Days with requests in the last 30 days" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual([
      "DayRequestsLeadsRefused as too frequent (429)",
      "Mar 12, 2025121,1500",
      "Mar 10, 202532501",
      "30 days in all151,4001",
    ]);
    expect(await screen.findByRole("spinbutton", { name: "Keep at most (entries)" })).toBeTruthy();
  });

  it.each([
    [12, 1150, "Сегодня: 12 запросов · 1 150 лидов · доля 2/с · 0 × 429"],
    [1, 3, "Сегодня: 1 запрос · 3 лида · доля 2/с · 0 × 429"],
    [22, 21, "Сегодня: 22 запроса · 21 лид · доля 2/с · 0 × 429"],
  ])("agrees in Russian: %i requests, %i leads", async (requests, leads, line) => {
    useFakeI18n("ru");
    const backend = backendOf(5);
    backend.usage.today = { requests, leads, rateLimited: 0 };
    serve(backend);
    render(<App />);
    const toggle = await screen.findByRole("button", { name: /^Сегодня: / });
    expect(toggle.textContent?.replace(/\u00a0/g, " ")).toBe(line);
  });
});

describe("retention", () => {
  it("checks the limits inline and saves valid ones", async () => {
    await renderPage();
    await openUsage();
    const count = (await screen.findByLabelText("Keep at most (entries)")) as HTMLInputElement;
    const age = screen.getByLabelText("Delete entries older than (days)") as HTMLInputElement;
    expect(count.value).toBe("100000");
    expect(age.value).toBe("365");
    type(count, "50");
    type(age, "");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Enter a whole number from 100 to 1,000,000.")).toBeTruthy();
    expect(screen.getByText("Enter a whole number of days from 1 to 3,650.")).toBeTruthy();
    expect(count.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(count);
    expect(calls("setRetention")).toEqual([]);

    type(count, "5000");
    type(age, "90");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved. 5 old entries deleted.")).toBeTruthy();
    expect(calls("setRetention")).toEqual([{ maxCount: 5000, maxAgeDays: 90 }]);
  });
});

describe("in Russian", () => {
  it("speaks Russian", async () => {
    useFakeI18n("ru");
    serve(backendOf(5));
    render(<App />);
    expect(await screen.findByText("Записей на странице: 5.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Выгрузить в CSV" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Что отправлено" })).toBeTruthy();
  });
});

describe("the page header", () => {
  it("shows the connection state the options page checked", async () => {
    const backend = backendOf(5);
    serve(backend);
    background.also({ getCredentialsStatus: () => connectionStatus("tokenRefused") });
    render(<App />);
    const header = (await screen.findByRole("heading", { level: 1, name: "History and usage" })).closest(
      "header",
    );
    await waitFor(() =>
      expect(within(header as HTMLElement).getByRole("status").textContent).toMatch(
        /^Token refused · checked/,
      ),
    );
  });
});

describe("a retry waiting out its backoff", () => {
  it("says when it goes, and only while no hold of the whole queue says it instead", async () => {
    const backend = backendOf(10);
    const at = Date.now() + 3_600_000;
    const clock = new Intl.DateTimeFormat("en", { timeStyle: "medium" }).format(at);
    backend.rows[1] = { ...backend.rows[1], attempts: 2, notBefore: at } as HistoryRow;
    serve(backend);
    render(<App />);
    await screen.findByText("Entries on this page: 10.");
    expect(within(queuedRow()).getByText(`Next try at ${clock}`)).toBeTruthy();
    expect(within(queuedRow()).getByText("Attempts: 2")).toBeTruthy();
    // A fresh op that never left says nothing of a next try.
    expect(bodyRows().filter((row) => row.textContent?.includes("Next try"))).toHaveLength(1);
  });
});

describe("Russian agreement", () => {
  it.each([
    [1, "Сохранено. Удалена 1 старая запись."],
    [3, "Сохранено. Удалено 3 старые записи."],
    [5, "Сохранено. Удалено 5 старых записей."],
    [21, "Сохранено. Удалена 21 старая запись."],
  ])("says %i old entries were deleted with the words agreeing", async (removed, text) => {
    useFakeI18n("ru");
    serve(backendOf(5));
    background.also({ setRetention: (retention) => ({ retention, removed }) });
    render(<App />);
    await screen.findByText("Записей на странице: 5.");
    await openUsage(/^Сегодня: /);
    await screen.findByDisplayValue("100000");
    fireEvent.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await screen.findByText(text)).toBeTruthy();
  });
});

describe("toHistoryQuery", () => {
  it("turns the date inputs into a range of local days, the end day included", () => {
    expect(
      toHistoryQuery({ state: "failed", from: "2025-03-01", to: "2025-03-31", text: " 915 " }, 50, 77),
    ).toEqual({
      limit: 50,
      before: 77,
      state: "failed",
      from: new Date(2025, 2, 1).getTime(),
      to: new Date(2025, 3, 1).getTime(),
      text: "915",
    });
    expect(toHistoryQuery(NO_FILTERS, 100)).toEqual({ limit: 100 });
    expect(dayStart("2025-13-45x")).toBeUndefined();
  });
});

describe("sentText", () => {
  const labels = new Map([
    ["deal", "Deal number"],
    ["stage", "Stage"],
  ]);
  const custom = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
  it.each<[string, Pick<HistoryRow, "fields" | "sent">, string]>([
    [
      "labels",
      { fields: custom(["deal", "D-1"], ["stage", "won"]), sent: "x" },
      "Deal number: D-1; Stage: won",
    ],
    ["API names", { fields: custom(["deal", "a"], ["b", "c"]), sent: "x" }, "Deal number: a; b: c"],
    ["separators in values", { fields: custom(["deal", "a; b=c"]), sent: "x" }, "Deal number: a; b=c"],
    ["tags and comments", { fields: [], sent: "deal=x, stage=y" }, "deal=x, stage=y"],
    ["nothing", { fields: [], sent: "" }, ""],
  ])("%s", (_, row, shown) => {
    expect(sentText(row, labels)).toBe(shown);
  });
});

describe("serverWords", () => {
  it.each([
    ["Field is unknown", "Field is unknown"],
    ['Rejected: {"data":{"x":1}}', "Rejected"],
    ['{"data":{"apiErrorData":{"message":"Token \\"abc\\" expired"}}}', 'Token "abc" expired'],
    ['{"data":[1,2', "Calltouch's answer could not be read."],
    ["Phones leads[0].matching[0] must not be empty", "Phones leads[0].matching[0] must not be empty"],
  ])("%s → %s", (raw, summary) => {
    expect(serverWords(raw)).toBe(summary);
  });

  it("splits long tokens from prose", () => {
    expect(splitLongTokens(`see ${"x".repeat(31)} now`)).toEqual([
      { text: "see ", long: false },
      { text: "x".repeat(31), long: true },
      { text: " now", long: false },
    ]);
  });
});
