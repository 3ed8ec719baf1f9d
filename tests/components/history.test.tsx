import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { dayStart, NO_FILTERS, toHistoryQuery } from "../../components/history/query";
import { App } from "../../entrypoints/lead-history/App";
import {
  type HistoryList,
  type HistoryRow,
  type QueueStatus,
  sendMessage,
  type UsageReport,
} from "../../utils/messaging";
import type { OpState } from "../../utils/sending/types";
import { emptyCounts } from "../../utils/sending/types";
import { useFakeI18n } from "./fake-i18n";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const send = sendMessage as unknown as Mock<(type: string, data?: unknown) => Promise<unknown>>;

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
    sent: `deal=D-${id}`,
    state,
    matchedType: state === "done" ? "leadContact" : null,
    callId: state === "done" ? String(1000 + id) : null,
    requestId: null,
    error: state === "failed" ? `Field "deal" is unknown, "${id}"` : null,
    attempts: 1,
    source: "popup",
  };
}

interface Query {
  limit: number;
  before?: number;
  state?: OpState;
  text?: string;
  from?: number;
  to?: number;
}

interface Backend {
  rows: HistoryRow[];
  status: QueueStatus;
  usage: UsageReport;
  /** Ops examined per `listHistory` call, as the background's scan limit. */
  scanLimit: number;
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
function serve(backend: Backend) {
  send.mockImplementation(async (type, data) => {
    switch (type) {
      case "listHistory": {
        const query = data as Query;
        const older = backend.rows.filter((row) => query.before === undefined || row.id < query.before);
        const items: HistoryRow[] = [];
        let scanned = 0;
        for (const row of older) {
          if (items.length === query.limit) return { items, next: items.at(-1)?.id, scanned };
          if (scanned === backend.scanLimit) return { items, next: row.id + 1, partial: true, scanned };
          scanned++;
          const matches =
            (!query.state || row.state === query.state) &&
            (!query.text || row.label.replace(/\D/g, "").includes(query.text.replace(/\D/g, ""))) &&
            (query.from === undefined || row.createdAt >= query.from) &&
            (query.to === undefined || row.createdAt < query.to);
          if (matches) items.push(row);
        }
        return { items, scanned } satisfies HistoryList;
      }
      case "getQueueStatus":
        return backend.status;
      case "getUsage":
        return backend.usage;
      case "getRetention":
        return { maxCount: 100_000, maxAgeDays: 365 };
      case "setRetention":
        return { retention: data, removed: 5 };
      case "retry":
        return { count: "ids" in (data as object) ? (data as { ids: number[] }).ids.length : 51 };
      case "resume":
        return { ...backend.status, paused: null };
      default:
        throw new Error(`unexpected message ${type}`);
    }
  });
}

const calls = (type: string) => send.mock.calls.filter(([t]) => t === type).map(([, data]) => data);
const lastQuery = () => calls("listHistory").at(-1) as Query;
const bodyRows = () =>
  within(screen.getByRole("table", { name: /Lead operations/ }))
    .getAllByRole("row")
    .slice(1);
const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

async function renderPage(backend = backendOf(250)) {
  serve(backend);
  render(<App />);
  await screen.findByText("Entries on this page: 100.");
  return backend;
}

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
  send.mockReset();
});

afterEach(() => {
  cleanup();
});

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
    await waitFor(() => expect(bodyRows().every((row) => row.textContent?.includes("Failed"))).toBe(true));
  });

  it("searches once the typing stops", async () => {
    await renderPage();
    const search = screen.getByLabelText("Search");
    type(search, "9");
    type(search, "91");
    type(search, "915 000-0123");
    await screen.findByText("Entries on this page: 1.");
    expect(calls("listHistory").map((query) => (query as Query).text)).toEqual([undefined, "915 000-0123"]);
    expect(bodyRows()[0]?.textContent).toContain("+7 915 000-0123");
  });

  it("says when a search is still reading, and goes on until the page is full", async () => {
    const backend = backendOf(250);
    backend.scanLimit = 60;
    serve(backend);
    render(<App />);
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    await screen.findByText("Entries on this page: 50.");
    const queries = calls("listHistory").slice(1) as Query[];
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
    const answer = send.getMockImplementation();
    send.mockImplementation(async (kind, data) => {
      if (kind === "listHistory" && (data as Query).before === 131) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      return answer?.(kind, data);
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

describe("CSV export", () => {
  it("pages through the filtered history and downloads UTF-8 CSV with a BOM", async () => {
    const backend = backendOf(1200);
    backend.rows[0] = { ...backend.rows[0], label: "Иван, +7 915", sent: "=HYPERLINK(1)" } as HistoryRow;
    await renderPage(backend);
    let blob: Blob | undefined;
    const createObjectURL = vi.fn((value: Blob) => {
      blob = value;
      return "blob:history";
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);

    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await screen.findByText("Exported rows: 1,200.");
    expect(click).toHaveBeenCalledTimes(1);
    expect(calls("listHistory").slice(1)).toEqual([
      { limit: 500 },
      { limit: 500, before: 701 },
      { limit: 500, before: 201 },
    ]);
    const bytes = new Uint8Array(await (blob as Blob).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe(
      "Time (ISO),Contacts,Method,What was sent,Status,Matched by,Call ID,Request ID,Error",
    );
    expect(lines[1]).toBe(
      `${new Date(rowOf(1200).createdAt).toISOString()},"Иван, +7 915",Custom fields,'=HYPERLINK(1),Done,lead contacts,2200,,`,
    );
    expect(lines[5]).toContain(',Failed,,,,"Field ""deal"" is unknown, ""1196"""');
    expect(lines).toHaveLength(1202);
  });
});

describe("usage", () => {
  it("shows today's requests and leads, the days with requests, and why requests count", async () => {
    await renderPage();
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

describe("retention", () => {
  it("checks the limits inline and saves valid ones", async () => {
    await renderPage();
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
    expect(await screen.findByText("Saved. Old entries deleted: 5.")).toBeTruthy();
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
