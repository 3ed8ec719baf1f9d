import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { ColumnRole } from "../../../utils/bulk/mapping";
import { checkImportRows } from "../../../utils/bulk/row-checks";
import { checkRows, type ImportSettings, planChunks } from "../../../utils/bulk/rows";
import { createJob, replanJob, retryFailed } from "../../../utils/bulk/runner";
import { parseCsv } from "../../../utils/csv/parse";
import type { OpRecord, OpState } from "../../../utils/sending/types";
import { bulkJobsItem, type Catalogue } from "../../../utils/storage";
import { fakeBackground } from "../../components/fake-background";

vi.mock("../../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();

const CATALOGUE: Catalogue = [{ id: "1", apiName: "name", label: "Имя", type: "text", options: [] }];
const ROLES: ColumnRole[] = ["phone", "email", "field:name"];
const SETTINGS: ImportSettings = { roles: ROLES, catalogue: CATALOGUE, overwrite: false, region: "RU" };
// The second row's email cannot be read: sent by its phone now, left out by the strict check of before.
const TEXT = "phone;email;name\r\n+79990000001;a@example.com;A\r\n+79990000002;b@;B\r\n";

/** The chunks the import check of today plans for TEXT. */
const importChunks = () => planChunks(checkImportRows(parseCsv(TEXT), SETTINGS));
/** A stored import of TEXT's two rows, planned as `chunks` with `leftOut` rows left out. */
const jobOf = (chunks: ReturnType<typeof planChunks>, leftOut = 0) =>
  createJob({ fileName: "f.csv", text: TEXT, settings: SETTINGS, rows: 2, leftOut, chunks });

beforeEach(() => {
  fakeBrowser.reset();
  background.reset();
});

describe("replanJob", () => {
  it("plans a stored import again exactly as it started", async () => {
    const chunks = importChunks();
    const job = await jobOf(chunks);
    expect((await replanJob(job))?.chunks).toEqual(chunks);
  });

  it("plans an import started before unreadable contacts were warnings by the strict check it used", async () => {
    const chunks = planChunks(checkRows(parseCsv(TEXT), SETTINGS));
    expect(chunks[0]?.entries).toHaveLength(1);
    const job = await jobOf(chunks, 1);
    expect((await replanJob(job))?.chunks).toEqual(chunks);
  });
});

describe("retryFailed", () => {
  const op = (id: number, state: OpState): OpRecord => ({
    id,
    state,
    jobId: "j",
    source: "bulk",
    method: "comment",
    item: { matching: [{ type: "call", callParams: { callId: id } }], addComment: "c" },
    label: "",
    attempts: 1,
    notBefore: 0,
    createdAt: 0,
    updatedAt: 0,
  });

  it("queues the failed and unknown ops of the import again and reopens it", async () => {
    const chunks = importChunks();
    const job = await jobOf(chunks);
    await bulkJobsItem.setValue([{ ...job, finishedAt: 5 }]);
    background.handle({
      listJobOps: ({ afterId }) =>
        afterId === undefined
          ? { items: [op(1, "done"), op(2, "failed")], next: 2, unreadable: [] }
          : { items: [op(3, "uncertain"), op(4, "notMatched"), op(5, "cancelled")], unreadable: [] },
      retry: (target) => ({ count: "ids" in target ? target.ids.length : 0 }),
    });
    expect(await retryFailed(job)).toBe(2);
    expect(background.calls("retry")).toEqual([{ ids: [2, 3] }]);
    expect((await bulkJobsItem.getValue())[0]?.finishedAt).toBeNull();
  });

  it("sends nothing when nothing failed", async () => {
    background.handle({
      listJobOps: () => ({ items: [op(1, "done"), op(2, "notMatched")], unreadable: [] }),
    });
    const chunks = importChunks();
    const job = await jobOf(chunks);
    expect(await retryFailed(job)).toBe(0);
    expect(background.calls("retry")).toEqual([]);
  });
});
