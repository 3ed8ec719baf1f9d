import "fake-indexeddb/auto";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { beforeEach, describe, expect, it, type Mock, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { App } from "../../entrypoints/bulk/App";
import { readBulkFile } from "../../utils/bulk/bulk-files";
import { decodeCsvBytes } from "../../utils/csv/decode";
import { parseCsv } from "../../utils/csv/parse";
import type { EngineHold, EnqueueRequest, JobProgress } from "../../utils/messaging";
import type { OpRecord, OpState } from "../../utils/sending/types";
import { emptyCounts } from "../../utils/sending/types";
import {
  type BulkJob,
  bulkJobsItem,
  bulkMappingsItem,
  type Catalogue,
  catalogueItem,
  DEFAULT_PRIVACY_SETTINGS,
  privacySettingsItem,
} from "../../utils/storage";
import { credentialsStatus } from "../fixtures/answers";
import { generateLeadsCsv } from "../fixtures/csv/generate";
import { fakeBackground } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";
import { resetPageEachTest } from "./page-hooks";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();

const CATALOGUE: Catalogue = [
  { id: "f-name", apiName: "name", label: "Имя", type: "text", options: [] },
  { id: "f-revenue", apiName: "revenue", label: "Выручка", type: "number", options: [] },
];

const EMPTY_COUNTS = emptyCounts();

/** The queue behind the fake background: stores enqueued ops and answers the job messages from them. */
function fakeQueue() {
  const ops: OpRecord[] = [];
  /** The engine's hold after a failure, as getQueueStatus reports it. */
  const engine: { hold: EngineHold | null } = { hold: null };
  const paused = new Set<string>();
  /** Ids of ops whose saved record no longer parses: listed as unreadable, never as items. */
  const damaged = new Set<number>();
  let nextId = 1;
  const progress = (jobId: string): JobProgress => {
    const counts = { ...EMPTY_COUNTS };
    const mine = ops.filter((op) => op.jobId === jobId);
    for (const op of mine) counts[op.state]++;
    return { jobId, total: mine.length, counts, paused: paused.has(jobId) };
  };
  const move = (jobId: string, from: OpState[], to: OpState) => {
    for (const op of ops) if (op.jobId === jobId && from.includes(op.state)) op.state = to;
  };
  const enqueue = (message: EnqueueRequest) => {
    const jobId = message.jobId ?? "";
    const ids = message.ops.map(({ operation, label }) => {
      const op: OpRecord = {
        id: nextId++,
        jobId,
        source: message.source,
        ...operation,
        label,
        state: paused.has(jobId) ? "held" : "queued",
        attempts: 0,
        notBefore: 0,
        createdAt: 0,
        updatedAt: 0,
      };
      ops.push(op);
      return op.id;
    });
    return { ok: true as const, jobId, ids };
  };
  const listJobOps = ({ jobId, afterId = 0, limit }: { jobId: string; afterId?: number; limit: number }) => {
    const mine = ops.filter((op) => op.jobId === jobId && op.id > afterId);
    const page = mine.slice(0, limit);
    const items = page.filter((op) => !damaged.has(op.id));
    const unreadable = page.filter((op) => damaged.has(op.id)).map((op) => op.id);
    const last = page.at(-1);
    return mine.length > limit && last ? { items, next: last.id, unreadable } : { items, unreadable };
  };
  background.handle({
    enqueue,
    getJobProgress: ({ jobId }) => progress(jobId),
    pauseJob: ({ jobId }) => {
      paused.add(jobId);
      move(jobId, ["queued"], "held");
      return progress(jobId);
    },
    resumeJob: ({ jobId }) => {
      paused.delete(jobId);
      move(jobId, ["held"], "queued");
      return progress(jobId);
    },
    cancelJob: ({ jobId }) => {
      move(jobId, ["queued", "held"], "cancelled");
      return progress(jobId);
    },
    listJobOps: (page) => listJobOps(page),
    listJobStates: (page) => {
      const { items, next, unreadable } = listJobOps(page);
      return { items: items.map(({ id, state }) => ({ id, state })), next, unreadable };
    },
    retry: (target) => {
      const ids = "ids" in target ? new Set(target.ids) : null;
      let count = 0;
      for (const op of ops) {
        const picked = ids
          ? ids.has(op.id) && ["failed", "notMatched", "uncertain"].includes(op.state)
          : "jobId" in target && op.jobId === target.jobId && op.state === target.state;
        if (!picked) continue;
        op.state = "queued";
        count++;
      }
      return { count };
    },
    getQueueStatus: () => ({
      counts: { ...EMPTY_COUNTS, queued: ops.filter((op) => op.state === "queued").length },
      hold: engine.hold,
      paused: null,
      lastRequest: null,
      totals: { requests: 0, leads: 0, rateLimited: 0 },
    }),
  });
  return {
    ops,
    engine,
    damaged,
    enqueue,
    /**
     * Calltouch answers every queued op (or those `only` picks): found (call 100000 + row phone), except
     * those `notMatched` picks, and those `failed` picks are refused.
     */
    settle(
      notMatched: (op: OpRecord) => boolean = () => false,
      failed: (op: OpRecord) => boolean = () => false,
      only: (op: OpRecord) => boolean = () => true,
    ) {
      for (const op of ops) {
        if (op.state !== "queued" || !only(op)) continue;
        const phone =
          op.item.matching.find((m) => m.type === "leadContact")?.leadContactParams.phones?.[0] ?? "0";
        if (failed(op)) {
          op.state = "failed";
          op.error = { kind: "server", message: "Internal error" };
        } else if (notMatched(op)) {
          op.state = "notMatched";
          op.result = {
            matchedType: null,
            callInfo: null,
            requestInfo: null,
            added: false,
            error: "Lead not found",
          };
        } else {
          op.state = "done";
          const callId = String(100_000 + Number(phone) - 79_990_000_000);
          op.result = {
            matchedType: "leadContact",
            callInfo: { callId, callReferenceId: null, sipCallId: null },
            requestInfo: null,
            added: true,
            error: null,
          };
        }
      }
    },
  };
}

const enqueued = () => background.calls("enqueue");

const csvFile = (bytes: Buffer, name = "leads.csv") =>
  new File([new Uint8Array(bytes)], name, { type: "text/csv" });

async function upload(file: File) {
  const input = screen.getByLabelText("CSV file");
  fireEvent.change(input, { target: { files: [file] } });
  await screen.findByRole("heading", { name: "Columns" });
}

/** The file read and its date column picked as the lead date, which the page never guesses. */
async function uploadWithDate(file: File) {
  await upload(file);
  fireEvent.change(select("Дата"), { target: { value: "date" } });
}

const select = (name: string) => screen.getByRole("combobox", { name }) as HTMLSelectElement;
const generated = generateLeadsCsv({ rows: 120, invalidEvery: 10, tagsEvery: 7, commentEvery: 30 });

let queue: ReturnType<typeof fakeQueue>;
let createObjectURL: Mock<(blob: Blob) => string>;

resetPageEachTest(background);

beforeEach(async () => {
  queue = fakeQueue();
  await catalogueItem.setValue(CATALOGUE);
  createObjectURL = vi.fn(() => "blob:result");
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
  vi.spyOn(fakeBrowser.runtime, "openOptionsPage").mockResolvedValue(undefined);
});

describe("reading a file", () => {
  it("reads a Windows-1251 semicolon file and guesses the columns from their names", async () => {
    render(<App />);
    await upload(csvFile(generated.bytes));
    expect(
      screen.getByText("leads.csv: 120 rows, 6 columns, Windows-1251, separated by semicolons."),
    ).toBeTruthy();
    expect(select("Имя").value).toBe("field:name");
    expect(select("Телефон").value).toBe("phone");
    expect(select("Выручка").value).toBe("field:revenue");
    // A date is used to find leads only when the user picks it.
    expect(select("Дата").value).toBe("ignore");
    expect(select("Теги").value).toBe("tags");
    expect(select("Комментарий").value).toBe("comment");
  });

  it("says why a file cannot be used", async () => {
    render(<App />);
    fireEvent.change(screen.getByLabelText("CSV file"), {
      target: { files: [new File(["Телефон;Имя\r\n"], "empty.csv")] },
    });
    const input = screen.getByLabelText("CSV file");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByRole("alert").textContent).toBe("The file has a header row but no data rows.");
  });

  it("shows the first 50 rows and why the others cannot be sent, row numbers as in the file", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    expect(screen.getByText("108 rows can be sent; 12 cannot.")).toBeTruthy();
    const reasons = screen.getByRole("list", { name: "Why rows cannot be sent" });
    const items = within(reasons)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual([
      "No phone, email or ID: 3 (rows 11, 51, 91)",
      "Invalid phone: 3 (rows 21, 61, 101)",
      "Value of the wrong type: 3 (rows 31, 71, 111)",
      "Date not understood: 3 (rows 41, 81, 121)",
    ]);
    const table = screen.getByRole("table", { name: "The first 50 rows" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(51);
    expect(within(rows[10] as HTMLElement).getByText("No phone, email or ID")).toBeTruthy();
    expect(within(rows[20] as HTMLElement).getByText("invalid phone “12-34”")).toBeTruthy();
    expect(within(rows[30] as HTMLElement).getByText("“n/a” in Выручка is not a number")).toBeTruthy();

    fireEvent.click(screen.getByRole("checkbox", { name: "Show only the rows that cannot be sent" }));
    const invalid = screen.getByRole("table", { name: "The first 12 rows that cannot be sent" });
    const lines = within(invalid)
      .getAllByRole("rowheader")
      .map((cell) => Number(cell.textContent));
    expect(lines).toEqual(generated.invalid.map((row) => row.index + 2));
  });

  it("explains a mapping that cannot work, and sends nothing", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.change(select("Телефон"), { target: { value: "ignore" } });
    expect(
      screen.getByText("Choose a column to find leads by: a phone, email, call ID or request ID."),
    ).toBeTruthy();
    fireEvent.change(select("Имя"), { target: { value: "callId" } });
    expect(
      screen.getByText(
        "The lead date is used together with phones or emails: choose a phone or email column too.",
      ),
    ).toBeTruthy();
    fireEvent.change(select("Теги"), { target: { value: "comment" } });
    expect(screen.getByText("“Comment” is chosen for more than one column: Теги, Комментарий.")).toBeTruthy();
    expect(select("Теги").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("button", { name: "Send" }).hasAttribute("disabled")).toBe(true);
    expect(enqueued()).toHaveLength(0);
  });

  it("remembers the mapping for files with the same columns", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.change(select("Комментарий"), { target: { value: "ignore" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Overwrite values the leads already have" }));
    await waitFor(async () => expect(Object.keys(await bulkMappingsItem.getValue())).toHaveLength(1));
    fireEvent.click(screen.getByRole("button", { name: "Choose another file" }));
    await upload(csvFile(generated.bytes, "again.csv"));
    expect(select("Комментарий").value).toBe("ignore");
    expect(
      (screen.getByRole("checkbox", { name: "Overwrite values the leads already have" }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect(
      screen.getByText("The columns are set as you chose last time for files like this one."),
    ).toBeTruthy();
  });
});

describe("sending", () => {
  async function startImport() {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await screen.findByRole("heading", { name: "In progress" });
    await waitFor(async () => {
      const [job] = await bulkJobsItem.getValue();
      expect(job?.queuedChunks).toBe(job?.chunks);
    });
  }

  it("needs consent to leave out the invalid rows", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    const consent = screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" });
    expect(consent.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(consent);
    expect(enqueued()).toHaveLength(0);
  });

  it("queues one message per method with the row's matching, stores the job and its file", async () => {
    await startImport();
    const messages = enqueued();
    expect(messages.map((m) => [m.source, m.ops[0]?.operation.method, m.ops.length])).toEqual([
      ["bulk", "customFields", 108],
      ["bulk", "tags", generated.tagged.length],
      ["bulk", "comment", generated.commented.length],
    ]);
    const first = messages[0]?.ops[0]?.operation;
    expect(first).toEqual({
      method: "customFields",
      item: {
        matching: [
          {
            type: "leadContact",
            leadContactParams: {
              phones: ["79990000000"],
              date: expect.stringMatching(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:00$/),
            },
          },
        ],
        addCustomFields: {
          overwrite: false,
          customFields: [
            { field: "name", value: "Иван Петров 0" },
            { field: "revenue", value: 1000 },
          ],
        },
      },
    });
    const [job] = await bulkJobsItem.getValue();
    expect(job).toMatchObject({
      fileName: "leads.csv",
      rows: 120,
      leftOut: 12,
      chunks: 3,
      cancelledAt: null,
    });
    expect(job?.totalOps).toBe(108 + generated.tagged.length + generated.commented.length);
    expect(new Set(messages.map((m) => m.jobId))).toEqual(new Set([job?.jobId]));
    expect(await readBulkFile(job?.jobId ?? "")).toBe(decodeCsvBytes(generated.bytes).text);
  });

  it("shows progress, pauses, resumes, and offers the result file when done", async () => {
    // The separator of exports is the user's choice (by language by default: commas in English).
    await privacySettingsItem.setValue({ ...DEFAULT_PRIVACY_SETTINGS, csvDelimiter: ";" });
    await startImport();
    const card = screen.getByRole("article", { name: "leads.csv" });
    await within(card).findByText("Sending");
    // Progress counts rows (leads), not operations.
    expect(within(card).getByText("0 of 108")).toBeTruthy();

    fireEvent.click(within(card).getByRole("button", { name: "Pause" }));
    await within(card).findByText("Paused");
    expect(queue.ops.every((op) => op.state === "held")).toBe(true);
    fireEvent.click(within(card).getByRole("button", { name: "Resume" }));
    await within(card).findByText("Sending");

    queue.settle((op) => op.method === "customFields" && /-(08|14)$/.test(op.label));
    const download = await within(card).findByRole(
      "button",
      { name: "Download result CSV" },
      { timeout: 3000 },
    );
    await waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.finishedAt).not.toBeNull());
    await waitFor(() => expect(card.textContent).toContain("104 updated · 4 not found · 12 left out"));
    expect(within(card).getByText("Finished", { selector: "strong" })).toBeTruthy();
    expect(within(card).queryByRole("button", { name: "Retry failed" })).toBeNull();
    fireEvent.click(download);
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const blob = createObjectURL.mock.calls[0]?.[0] as Blob;
    const text = await blob.text();
    expect(
      text.startsWith(
        "\ufeffИмя;Телефон;Выручка;Дата;Теги;Комментарий;Matched type;Call ID;Request ID;Status;Error\r\n",
      ),
    ).toBe(true);
    const result = parseCsv(text.slice(1));
    expect(result.rows).toHaveLength(120);
    const status = (i: number) => result.rows[i]?.cells.slice(6);
    expect(status(0)).toEqual(["leadContact", "100000", "", "Done", ""]);
    expect(status(8)).toEqual(["", "", "", "Not matched", "Lead not found"]);
    // Row 14 has tags too, found: the row is not matched as a whole, and names the call its tags went to.
    expect(status(14)).toEqual(["leadContact", "100014", "", "Not matched", "Lead not found"]);
    expect(status(9)).toEqual(["", "", "", "Left out", "No phone, email or ID"]);
    expect(status(29)).toEqual(["", "", "", "Left out", "“n/a” in Выручка is not a number"]);
    // The input file is deleted after the download; wait for it, so that no write lands in the next test.
    await waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.downloadedAt).toBeDefined());
  });

  it("says when Calltouch fails and the import waits to retry, and stops saying it once it goes on", async () => {
    await startImport();
    const until = new Date(2026, 0, 5, 14, 5, 12).getTime();
    queue.engine.hold = { kind: "server", until };
    const notice = await screen.findByText(/^Calltouch answered with an error: waiting leads are retried at/);
    expect(notice.textContent).toContain(
      new Intl.DateTimeFormat("en", { timeStyle: "medium" }).format(until),
    );
    queue.engine.hold = { kind: "network", until };
    await screen.findByText(/^Calltouch can't be reached: waiting leads are retried at/);
    queue.engine.hold = null;
    await waitFor(() => expect(screen.queryByText(/waiting leads are retried/)).toBeNull());
    // The page asks the engine every 2 s: three changes take up to 6 s.
  }, 15_000);

  it("cancels the rest after asking", async () => {
    await startImport();
    const card = screen.getByRole("article", { name: "leads.csv" });
    fireEvent.click(within(card).getByRole("button", { name: "Cancel" }));
    const yes = within(card).getByRole("button", { name: "Cancel the rest" });
    expect(document.activeElement).toBe(yes);
    fireEvent.click(yes);
    await within(card).findByText("Cancelled", { selector: "strong" });
    expect(queue.ops.every((op) => op.state === "cancelled")).toBe(true);
    expect((await bulkJobsItem.getValue())[0]?.cancelledAt).not.toBeNull();
  });
});

/** The generated row an op belongs to, by its phone (+7 999 000-00-00 is row 0). */
const rowOf = (op: OpRecord) =>
  Number(op.item.matching.find((m) => m.type === "leadContact")?.leadContactParams.phones?.[0]) -
  79_990_000_000;

/** The import's finish is stored: no write of this test is left to land in the next one's database. */
const waitForStoredFinish = () =>
  waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.finishedAt).not.toBeNull());

/** Every message of the (one) import is queued. */
const waitForQueued = () =>
  waitFor(async () => {
    const [job] = await bulkJobsItem.getValue();
    expect(job?.chunks).toBeGreaterThan(0);
    expect(job?.queuedChunks).toBe(job?.chunks);
  });

describe("a finished import", () => {
  /** Finishes an import whose rows 0 and 1 fail (`refused` replaces their error) and row 8 is not found. */
  async function finishWithFailures(refused?: Pick<OpRecord, "error" | "result">) {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await waitForQueued();
    // Rows 0 and 1 fail; row 8 is not found.
    queue.settle(
      (op) => rowOf(op) === 8,
      (op) => op.method === "customFields" && rowOf(op) <= 1,
    );
    if (refused) for (const op of queue.ops) if (op.state === "failed") Object.assign(op, refused);
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(() => expect(card.textContent).toContain("Finished with errors"), { timeout: 3000 });
    await waitForStoredFinish();
    return card;
  }

  it("counts rows, is marked failed, and stays at the top", async () => {
    const card = await finishWithFailures();
    await waitFor(() =>
      expect(card.textContent).toContain("105 updated · 1 not found · 12 left out · 2 failed"),
    );
    expect(card.classList.contains("job--failed")).toBe(true);
    const top = await screen.findByRole("region", { name: "Just finished" });
    expect(within(top).getByRole("article", { name: "leads.csv" })).toBe(card);
    // Above the new import, where it was watched.
    const form = screen.getByRole("region", { name: "New import" });
    expect(top.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("marks a row failed in the result file when its saved operation could not be read", async () => {
    const card = await finishWithFailures();
    const third = queue.ops.find((op) => op.method === "customFields" && rowOf(op) === 2);
    if (third) queue.damaged.add(third.id);
    fireEvent.click(await within(card).findByRole("button", { name: "Download result CSV" }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const blob = createObjectURL.mock.calls[0]?.[0] as Blob;
    const rows = parseCsv((await blob.text()).slice(1)).rows;
    expect(rows[2]?.cells.slice(-2)).toEqual([
      "Failed",
      "Its saved record is damaged, so it was not sent: import this row again.",
    ]);
    expect(rows[3]?.cells.slice(-2)).toEqual(["Done", ""]);
    // The input file is deleted after the download: wait for it, so that no write lands in the next test.
    await waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.downloadedAt).toBeDefined());
  });

  it("counts and explains a row whose saved operation could not be read when no other row failed", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await waitForQueued();
    // Row 2's record is damaged: the engine fails it unsent, and neither the card nor the pages can read it.
    const damaged = queue.ops.find((op) => op.method === "customFields" && rowOf(op) === 2);
    if (!damaged) throw new Error("no op for row 2");
    queue.damaged.add(damaged.id);
    queue.settle(
      () => false,
      (op) => op === damaged,
    );
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(() => expect(card.textContent).toContain("107 updated · 12 left out · 1 failed"), {
      timeout: 3000,
    });
    expect(
      await within(card).findByText(
        "First failure: Its saved record is damaged, so it was not sent: import this row again.",
      ),
    ).toBeTruthy();
    await waitForStoredFinish();
  });

  it("says why the first failed row failed, in words, with the server's text behind Details", async () => {
    const card = await finishWithFailures();
    expect(
      await within(card).findByText("First failure: Calltouch answered with an unexpected error."),
    ).toBeTruthy();
    fireEvent.click(within(card).getByRole("button", { name: "Details" }));
    expect(within(card).getByText("Internal error", { selector: "pre" })).toBeTruthy();
  });

  it("names a field Calltouch does not know by its label and links to the catalogue", async () => {
    const message = 'Custom field "revenue" not found';
    const card = await finishWithFailures({
      error: { kind: "rejected", message },
      result: { matchedType: "leadContact", callInfo: null, requestInfo: null, added: false, error: message },
    });
    expect(
      await within(card).findByText(
        "First failure: Calltouch has no custom field «Выручка (revenue)». Check its API name in the field catalogue.",
      ),
    ).toBeTruthy();
    fireEvent.click(within(card).getByRole("button", { name: "Open the field catalogue" }));
    await waitFor(async () => {
      const tabs = await fakeBrowser.tabs.query({});
      expect(tabs.some((tab) => tab.url?.endsWith("/options.html#catalogue-heading"))).toBe(true);
    });
  });

  it("sends the failed rows again", async () => {
    const card = await finishWithFailures();
    const failedIds = queue.ops.filter((op) => op.state === "failed").map((op) => op.id);
    fireEvent.click(await within(card).findByRole("button", { name: "Retry failed" }));
    await waitFor(() => expect(background.calls("retry")).toEqual([{ ids: failedIds }]));
    await within(card).findByText("Sending", { selector: "strong" });
    queue.settle();
    await waitFor(() => expect(card.textContent).toContain("107 updated · 1 not found · 12 left out"), {
      timeout: 3000,
    });
    await waitForStoredFinish();
    expect(card.classList.contains("job--failed")).toBe(false);
  });

  it("opens the history", async () => {
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    const card = await finishWithFailures();
    fireEvent.click(within(card).getByRole("button", { name: "Open in History" }));
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/lead-history\.html$/) });
  });

  it("words the outcome in Russian", async () => {
    useFakeI18n("ru");
    render(<App />);
    fireEvent.change(screen.getByLabelText("CSV-файл"), { target: { files: [csvFile(generated.bytes)] } });
    await screen.findByRole("heading", { name: "Столбцы" });
    fireEvent.change(select("Дата"), { target: { value: "date" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Пропустить 12 строк, которые нельзя отправить" }));
    fireEvent.click(screen.getByRole("button", { name: "Отправить 108 строк" }));
    await waitForQueued();
    queue.settle(
      (op) => rowOf(op) === 8 || rowOf(op) === 14,
      (op) => op.method === "customFields" && rowOf(op) === 0,
    );
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(
      () =>
        expect(card.textContent).toContain(
          "обновлено 105 лидов · не найдено 2 лида · пропущено 12 строк · 1 строка с ошибкой",
        ),
      { timeout: 3000 },
    );
    expect(within(card).getByText("Завершена с ошибками", { selector: "strong" })).toBeTruthy();
    expect(within(card).getByRole("button", { name: "Повторить неудачные" })).toBeTruthy();
    expect(within(card).getByRole("button", { name: "Открыть в истории" })).toBeTruthy();
    await waitForStoredFinish();
  });
});

describe("leads whose outcome is unknown", () => {
  /** Two tagged rows: their tags leave, but Calltouch's answers never come back. */
  const lostRows = new Set(generated.tagged.slice(0, 2));

  /** Queues the import, then loses the answers to the tags of `lostRows`; resolves with those ops' ids. */
  async function loseTagAnswers() {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await waitForQueued();
    const lost = queue.ops.filter((op) => op.method === "tags" && lostRows.has(rowOf(op)));
    expect(lost).toHaveLength(2);
    for (const op of lost) {
      op.state = "uncertain";
      op.attempts = 1;
      op.error = { kind: "unknownOutcome", message: "The API did not answer in time." };
    }
    return lost.map((op) => op.id);
  }

  /** The number next to a count's label on the card. */
  const countOf = (card: HTMLElement, label: string) =>
    within(card).getByText(label).nextElementSibling?.textContent;

  it("counts them while the import runs and sends exactly that job's unknown ones again", async () => {
    await loseTagAnswers();
    // The rest of those two rows is answered; every other row still waits.
    queue.settle(undefined, undefined, (op) => lostRows.has(rowOf(op)));
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(() => expect(countOf(card, "Outcome unknown — check these leads in Calltouch")).toBe("2"), {
      timeout: 3000,
    });
    expect(within(card).getByText("Sending", { selector: "strong" })).toBeTruthy();

    fireEvent.click(
      await within(card).findByRole("button", { name: "Send the unknown ones again" }, { timeout: 3000 }),
    );
    const [job] = await bulkJobsItem.getValue();
    await waitFor(() =>
      expect(background.calls("retry")).toEqual([{ jobId: job?.jobId, state: "uncertain" }]),
    );
    await waitFor(() =>
      expect(within(card).queryByRole("button", { name: "Send the unknown ones again" })).toBeNull(),
    );
    queue.settle();
    await waitFor(() => expect(card.textContent).toContain("108 updated · 12 left out"), { timeout: 3000 });
    expect(card.textContent).not.toContain("outcome unknown");
    expect(within(card).getByText("Finished", { selector: "strong" })).toBeTruthy();
    await waitForStoredFinish();
  });

  it("counts them in a finished import and sends exactly those again with Retry failed", async () => {
    const lostIds = await loseTagAnswers();
    queue.settle();
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(() => expect(card.textContent).toContain("106 updated · 12 left out · 2 outcome unknown"), {
      timeout: 3000,
    });
    expect(within(card).getByText("Finished with errors", { selector: "strong" })).toBeTruthy();
    expect(countOf(card, "Outcome unknown — check these leads in Calltouch")).toBe("2");
    await waitForStoredFinish();

    fireEvent.click(within(card).getByRole("button", { name: "Retry failed" }));
    await waitFor(() => expect(background.calls("retry")).toEqual([{ ids: lostIds }]));
    await within(card).findByText("Sending", { selector: "strong" });
    queue.settle();
    await waitFor(() => expect(card.textContent).toContain("108 updated · 12 left out"), { timeout: 3000 });
    expect(within(card).queryByText("Outcome unknown — check these leads in Calltouch")).toBeNull();
    await waitForStoredFinish();
  });

  it("marks their rows Outcome unknown in the result file", async () => {
    await loseTagAnswers();
    queue.settle();
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(() => expect(card.textContent).toContain("2 outcome unknown"), { timeout: 3000 });
    await waitForStoredFinish();
    fireEvent.click(within(card).getByRole("button", { name: "Download result CSV" }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const blob = createObjectURL.mock.calls[0]?.[0] as Blob;
    const rows = parseCsv((await blob.text()).slice(1)).rows;
    const status = (row: number) => rows[row]?.cells.at(-2);
    expect([...lostRows].map(status)).toEqual(["Outcome unknown", "Outcome unknown"]);
    expect(rows.filter((row) => row.cells.at(-2) === "Outcome unknown")).toHaveLength(2);
    // The input file is deleted after the download: wait for it, so that no write lands in the next test.
    await waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.downloadedAt).toBeDefined());
  });
});

/** A UTF-8 file from lines of text. */
const textFile = (lines: string[], name = "deals.csv") =>
  new File([`${lines.join("\r\n")}\r\n`], name, { type: "text/csv" });

describe("mapping", () => {
  const DEALS: Catalogue = [
    { id: "s", apiName: "deal_stage", label: "Стадия сделки", type: "text", options: [] },
    { id: "m", apiName: "deal_sum", label: "Сумма сделки", type: "number", options: [] },
  ];

  it("matches columns to fields by label, word endings aside, and never guesses the lead date", async () => {
    await catalogueItem.setValue(DEALS);
    render(<App />);
    await upload(
      textFile(["Телефон;Стадия;Сумма;Дата создания", "+7 999 000-00-01;Новая;1500;26.11.2026 10:00"]),
    );
    expect(select("Стадия").value).toBe("field:deal_stage");
    expect(select("Сумма").value).toBe("field:deal_sum");
    expect(select("Дата создания").value).toBe("ignore");
    fireEvent.click(screen.getByRole("button", { name: "Send 1 row" }));
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]?.ops[0]?.operation.item.matching).toEqual([
      { type: "leadContact", leadContactParams: { phones: ["79990000001"] } },
    ]);
  });

  it("shows the rows unchecked and Send disabled until the columns are mapped", async () => {
    render(<App />);
    await upload(textFile(["Клиент;Контакт;Стадия", "Иван;+7 999 000-00-01;Новая", "Анна;нет;Новая"]));
    const send = screen.getByRole("button", { name: "Send" });
    expect(send.hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Send" }).getAttribute("aria-describedby")).toBe(
      "bulk-preview-counts",
    );
    expect(
      screen.getByText(
        "Map the columns first: the rows are checked once there is a column to find leads by and one to add.",
      ).id,
    ).toBe("bulk-preview-counts");
    const table = screen.getByRole("table", { name: "The first 2 rows" });
    expect(within(table).getAllByText("Not checked yet")).toHaveLength(2);
    expect(table.querySelector(".preview__row--invalid")).toBeNull();

    fireEvent.change(select("Контакт"), { target: { value: "phone" } });
    fireEvent.change(select("Клиент"), { target: { value: "field:name" } });
    // The count is what will really be sent: the second row has no phone.
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 1 row that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 1 row" }));
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]?.ops).toHaveLength(1);
  });

  it("sends a row with a bad email by its phone, and says so", async () => {
    render(<App />);
    await upload(
      textFile([
        "Телефон;Email;Имя",
        "+7 999 000-00-01;ivan@;Иван",
        "+7 999 000-00-02;anna@example.com;Анна",
        ";petr@;Пётр",
      ]),
    );
    expect(screen.getByText("2 rows can be sent; 1 cannot.")).toBeTruthy();
    const warnings = screen.getByRole("list", { name: "Rows sent with a warning" });
    expect(within(warnings).getByRole("listitem").textContent).toBe(
      "Invalid email left out, sent by the other contacts: 1 (rows 2)",
    );
    expect(screen.getByText("Ready; left out: invalid email “ivan@”")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 1 row that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 2 rows" }));
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]?.ops.map((op) => op.operation.item.matching[0])).toEqual([
      { type: "leadContact", leadContactParams: { phones: ["79990000001"] } },
      {
        type: "leadContact",
        leadContactParams: { phones: ["79990000002"], emails: ["anna@example.com"] },
      },
    ]);
  });

  it("says the same in Russian", async () => {
    useFakeI18n("ru");
    render(<App />);
    fireEvent.change(screen.getByLabelText("CSV-файл"), {
      target: { files: [textFile(["Телефон;Email;Имя", "+7 999 000-00-01;ivan@;Иван"])] },
    });
    await screen.findByRole("heading", { name: "Столбцы" });
    expect(screen.getByText("Можно отправить 1 строку — все строки файла.")).toBeTruthy();
    expect(screen.getByText("Готова; пропущено: неверный email «ivan@»")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Отправить 1 строку" })).toBeTruthy();
    fireEvent.change(select("Имя"), { target: { value: "ignore" } });
    expect(
      screen.getByText(
        "Сначала сопоставьте столбцы: строки проверяются, когда выбран столбец для поиска лидов и столбец с тем, что добавить.",
      ),
    ).toBeTruthy();
    expect(screen.getByRole("button", { name: "Отправить" }).hasAttribute("disabled")).toBe(true);
  });
});

describe("while the page hands an import over", () => {
  it("counts rows, not operations, and a row once all its operations are handed", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    // The fields go first, then the tags, then the comments: the second message never comes back.
    let calls = 0;
    background.also({
      enqueue: (message) => (++calls === 2 ? new Promise(() => undefined) : queue.enqueue(message)),
    });
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    const card = await screen.findByRole("article", { name: "leads.csv" });
    const valid = new Set(generated.valid);
    const waiting = new Set([...generated.tagged, ...generated.commented].filter((row) => valid.has(row)));
    expect(waiting.size).toBeGreaterThan(0);
    expect(
      await within(card).findByText(`Handing the rows to the sender: ${108 - waiting.size} of 108.`),
    ).toBeTruthy();
  });

  it("shows the speed in leads per second", async () => {
    vi.spyOn(Date, "now").mockImplementation(() => clock);
    let clock = 1_000_000;
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await waitForQueued();
    const card = await screen.findByRole("article", { name: "leads.csv" });
    const speed = () => within(card).getByText("Speed").nextElementSibling?.textContent;
    expect(speed()).toBe("—");
    // 54 rows in 2 s: every operation of the first 54 sendable rows.
    clock += 2000;
    const firstRows = new Set(generated.valid.slice(0, 54));
    queue.settle(undefined, undefined, (op) => firstRows.has(rowOf(op)));
    await waitFor(() => expect(speed()).toBe("27 leads/s"), { timeout: 3000 });
    vi.mocked(Date.now).mockRestore();
  });
});

describe("the connection badge", () => {
  it("shows the last check in the page's header", async () => {
    background.also({
      getCredentialsStatus: () => credentialsStatus({ connection: { state: "connected", at: Date.now() } }),
    });
    render(<App />);
    const header = (await screen.findByRole("heading", { level: 1, name: "Bulk import" })).closest("header");
    await waitFor(() =>
      expect(within(header as HTMLElement).getByRole("status").textContent).toMatch(/^Connected · checked/),
    );
  });
});

describe("finished imports after a reload", () => {
  const stored = (jobId: string, finishedAt: number): BulkJob => ({
    jobId,
    fileName: `${jobId}.csv`,
    createdAt: finishedAt - 60_000,
    settings: { roles: [], catalogue: CATALOGUE, overwrite: false, region: "RU" },
    rows: 3,
    leftOut: 0,
    totalOps: 0,
    chunks: 0,
    queuedChunks: 0,
    runs: [],
    cancelledAt: null,
    finishedAt,
  });
  const headingOf = (article: HTMLElement) =>
    article.closest("section")?.querySelector("h2")?.textContent ?? "";

  it("keeps the last finished import on top until the user puts it away", async () => {
    const now = Date.now();
    await bulkJobsItem.setValue([stored("old", now - 3 * 86_400_000), stored("yesterday", now - 86_400_000)]);
    render(<App />);
    const last = await screen.findByRole("article", { name: "yesterday.csv" });
    expect(headingOf(last)).toBe("Just finished");
    expect(headingOf(screen.getByRole("article", { name: "old.csv" }))).toBe("Finished imports");

    fireEvent.click(screen.getByRole("button", { name: "Move to the finished imports" }));
    await waitFor(() =>
      expect(headingOf(screen.getByRole("article", { name: "yesterday.csv" }))).toBe("Finished imports"),
    );
    expect(screen.queryByRole("region", { name: "Just finished" })).toBeNull();
    // Put away for good: a reload keeps it in the list.
    cleanup();
    render(<App />);
    const again = await screen.findByRole("article", { name: "yesterday.csv" });
    expect(headingOf(again)).toBe("Finished imports");
  });

  it("keeps every import that finished in the last few minutes on top", async () => {
    const now = Date.now();
    await bulkJobsItem.setValue([
      stored("earlier", now - 60 * 60_000),
      stored("a", now - 3 * 60_000),
      stored("b", now - 60_000),
    ]);
    render(<App />);
    const top = await screen.findByRole("region", { name: "Just finished" });
    await waitFor(() =>
      expect(
        within(top)
          .getAllByRole("article")
          .map((a) => a.querySelector("h3")?.textContent),
      ).toEqual(["a.csv", "b.csv"]),
    );
    expect(headingOf(screen.getByRole("article", { name: "earlier.csv" }))).toBe("Finished imports");
  });
});

describe("after a reload", () => {
  it("lists unfinished imports and queues what was left, without queueing a message twice", async () => {
    render(<App />);
    await uploadWithDate(csvFile(generated.bytes));
    fireEvent.click(screen.getByRole("checkbox", { name: "Leave out the 12 rows that cannot be sent" }));
    // The page "closes" after the background stored the second message but before its ids were recorded.
    let calls = 0;
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    background.also({
      enqueue: (message) => {
        const reply = queue.enqueue(message);
        if (++calls !== 2) return reply;
        stop();
        return new Promise(() => undefined);
      },
    });
    fireEvent.click(screen.getByRole("button", { name: "Send 108 rows" }));
    await stopped;
    cleanup();
    background.also({ enqueue: queue.enqueue });

    const [before] = await bulkJobsItem.getValue();
    expect(before?.queuedChunks).toBe(1);
    const stored = queue.ops.length;

    render(<App />);
    const card = await screen.findByRole("article", { name: "leads.csv" });
    await waitFor(async () => expect((await bulkJobsItem.getValue())[0]?.queuedChunks).toBe(3));
    // Only the third message was sent again; the second was found among the job's ops.
    expect(queue.ops.length).toBe(stored + generated.commented.length);
    const job = (await bulkJobsItem.getValue())[0] as BulkJob;
    expect(job.runs.reduce((n, run) => n + run[2], 0)).toBe(job.totalOps);
    expect(within(card).getByText("Sending")).toBeTruthy();
  });
});

describe("in Russian", () => {
  it("speaks Russian", async () => {
    useFakeI18n("ru");
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Массовая загрузка" })).toBeTruthy();
    await upload2();
    expect(screen.getByText("Можно отправить 108 строк, нельзя — 12.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Отправить 108 строк" })).toBeTruthy();
    expect(
      screen.getByRole("checkbox", { name: "Пропустить 12 строк, которые нельзя отправить" }),
    ).toBeTruthy();
  });

  async function upload2() {
    fireEvent.change(screen.getByLabelText("CSV-файл"), { target: { files: [csvFile(generated.bytes)] } });
    await screen.findByRole("heading", { name: "Столбцы" });
    fireEvent.change(select("Дата"), { target: { value: "date" } });
  }
});
