import { openDB } from "idb";
import { beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { getDb } from "../../utils/db";
import { PRIVATE_DB, PRIVATE_STORE } from "../../utils/private-store";
import { createOpQueue } from "../../utils/sending/queue";
import { emptyCounts } from "../../utils/sending/types";
import {
  type BulkJob,
  bulkJobsItem,
  bulkMappingsItem,
  type PopupDraft,
  popupDraftItem,
  tamperAlertItem,
} from "../../utils/storage";
import { readUsage, recordRequest, type Usage } from "../../utils/usage";
import { newOps, resetDb } from "./sending/helpers";

/** Writes `value` under `key` straight into the private store, as a damaged or tampered database holds it. */
async function tamper(key: string, value: unknown): Promise<void> {
  const db = await openDB(PRIVATE_DB, 1, {
    upgrade(db) {
      db.createObjectStore(PRIVATE_STORE);
    },
  });
  await db.put(PRIVATE_STORE, value, key);
  db.close();
}

const job = (jobId: string): BulkJob => ({
  jobId,
  fileName: "leads.csv",
  createdAt: 1_700_000_000_000,
  settings: { roles: ["phone", "field:stage"], catalogue: [], overwrite: false, region: "RU" },
  rows: 3,
  leftOut: 0,
  totalOps: 3,
  chunks: 1,
  queuedChunks: 1,
  runs: [[1, 0, 3]],
  cancelledAt: null,
  finishedAt: null,
});

const draft: PopupDraft = {
  url: "https://crm.example/lead/1",
  selected: ["phone:79157771122"],
  matching: [],
  fields: { stage: "qualified" },
  overwrite: true,
  tags: "vip, hot",
  comment: "Called back",
  savedAt: 1_700_000_000_000,
};

let warn: MockInstance<typeof console.warn>;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

/** The key and zod's issue of every warning logged. */
const warnings = () => warn.mock.calls.map(([text, issue]) => ({ text: String(text), issue }));

describe("private-store items", () => {
  it("a good popup draft, bulk job and mapping round-trip unchanged and unlogged", async () => {
    await popupDraftItem.setValue(draft);
    await bulkJobsItem.setValue([job("a")]);
    const mapping = { roles: ["phone", "ignore"], overwrite: false, savedAt: 5 };
    await bulkMappingsItem.setValue({ "phone|note": mapping });
    expect(await popupDraftItem.getValue()).toEqual(draft);
    expect(await bulkJobsItem.getValue()).toEqual([job("a")]);
    expect(await bulkMappingsItem.getValue()).toEqual({ "phone|note": mapping });
    expect(warn).not.toHaveBeenCalled();
  });

  it("a tampered popup draft is reset to none, with the key and the issue logged", async () => {
    await tamper("popupDraft", { ...draft, tags: ["not", "a", "string"] });
    expect(await popupDraftItem.getValue()).toBeNull();
    expect(warnings()).toEqual([
      { text: expect.stringContaining('"popupDraft"'), issue: expect.objectContaining({ path: ["tags"] }) },
    ]);
  });

  it("a bulk job list keeps its good jobs and drops the broken one, logged", async () => {
    await tamper("bulkJobs", [job("a"), { ...job("b"), runs: "1,0,3" }, job("c")]);
    expect((await bulkJobsItem.getValue()).map((j) => j.jobId)).toEqual(["a", "c"]);
    expect(warnings()).toEqual([
      { text: expect.stringContaining('"bulkJobs"'), issue: expect.objectContaining({ path: [1, "runs"] }) },
    ]);
  });

  it("tampered bulk mappings are reset to none, logged", async () => {
    await tamper("bulkMappings", { "phone|note": { roles: "phone", overwrite: false, savedAt: 5 } });
    expect(await bulkMappingsItem.getValue()).toEqual({});
    expect(warnings()[0]?.text).toContain('"bulkMappings"');
  });

  it("a watcher in the same context gets the parsed value of a change", async () => {
    const seen: unknown[] = [];
    const unwatch = tamperAlertItem.watch((value) => seen.push(value));
    await tamperAlertItem.setValue({ at: 1, keys: ["settings"] });
    await tamperAlertItem.setValue(null);
    unwatch();
    expect(seen).toEqual([{ at: 1, keys: ["settings"] }, null]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("usage counters in the queue's database", () => {
  it("round-trip what was recorded", async () => {
    const noon = new Date(2026, 11, 2, 12).getTime();
    await recordRequest(40, false, noon);
    await recordRequest(0, true, noon);
    const usage: Usage = await readUsage();
    const counters = { requests: 2, leads: 40, rateLimited: 1 };
    expect(usage).toEqual({ totals: counters, days: { "2026-12-02": counters } });
    expect(warn).not.toHaveBeenCalled();
  });

  it("are reset to zero when the stored value is broken, with the key and the issue logged", async () => {
    await (await getDb()).put("kv", { totals: { requests: "many" }, days: {} }, "usage");
    expect(await readUsage()).toEqual({ totals: { requests: 0, leads: 0, rateLimited: 0 }, days: {} });
    expect(warnings()).toEqual([
      {
        text: expect.stringContaining('"kv:usage"'),
        issue: expect.objectContaining({ path: ["totals", "requests"] }),
      },
    ]);
  });

  it("count on from zero after a broken value instead of failing every request", async () => {
    await (await getDb()).put("kv", "garbage", "usage");
    await recordRequest(5, false, new Date(2026, 11, 2, 12).getTime());
    expect((await readUsage()).totals).toEqual({ requests: 1, leads: 5, rateLimited: 0 });
  });
});

describe("queue counters in the queue's database", () => {
  it("a broken total is counted again from the ops, logged, and stays right afterwards", async () => {
    const queue = createOpQueue();
    await queue.enqueue(newOps(3));
    expect(await queue.counts()).toEqual({ ...emptyCounts(), queued: 3 });
    await (await getDb()).put("counters", { queued: "3" }, "ops");
    expect(await queue.counts()).toEqual({ ...emptyCounts(), queued: 3 });
    expect(warnings()).toEqual([
      {
        text: expect.stringContaining('"counters:ops"'),
        issue: expect.objectContaining({ path: ["queued"] }),
      },
    ]);
    await queue.takeBatch({ runId: "run-1" });
    expect(await queue.counts()).toEqual({ ...emptyCounts(), queued: 0, sending: 3 });
  });

  it("a broken job counter is counted again from the job's ops, logged", async () => {
    const queue = createOpQueue();
    await queue.enqueue(newOps(2, { jobId: "j" }));
    await (await getDb()).put("counters", ["garbage"], "job:j");
    expect((await queue.jobProgress("j")).counts).toEqual({ ...emptyCounts(), queued: 2 });
    expect(warnings()[0]?.text).toContain('"counters:job:j"');
  });

  it("broken job holds are dropped, logged: the queued ops are sent rather than stuck", async () => {
    const queue = createOpQueue();
    await queue.enqueue(newOps(2, { jobId: "j" }));
    await (await getDb()).put("counters", { j: "paused" }, "jobHolds");
    expect(await queue.takeBatch({ runId: "run-1" })).toHaveLength(2);
    expect(warnings()[0]?.text).toContain('"counters:jobHolds"');
  });
});
