/**
 * The history page over 100,000 ops in the real extension: it must work and stay light (a page of rows in
 * the DOM, never the history). The timings are printed (`history@100k: {...}`), not asserted: they measure.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionSession, launchExtension } from "./harness";
import { HistoryPage } from "./pages/history";

const TOTAL = 100_000;
/** The op whose phone the rare search looks for: in the middle of the history. */
const NEEDLE_ID = 50_000;
/** Most table rows (of every table on the page) the DOM may hold at any time. */
const MAX_DOM_ROWS = 300;

let session: ExtensionSession;
const figures: Record<string, number> = {};

beforeAll(async () => {
  session = await launchExtension();
  // The background creates the database on its first use.
  await session.call("getQueueStatus");
  const seeder = await session.openPage("lead-history.html");
  figures.seedMs = await seed(seeder);
  await seeder.close();
});

afterAll(async () => {
  if (Object.keys(figures).length > 0) console.log(`history@100k: ${JSON.stringify(figures)}`);
  await session?.close();
});

/** `id`'s phone as the label writes it: `+7 (916) 005-00-00`. */
function phoneOf(id: number): string {
  const d = String(id).padStart(7, "0");
  return `+7 (916) ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
}

/**
 * Writes TOTAL ops straight into the extension's IndexedDB from an extension page, in a few transactions:
 * 60% done, 20% not matched, 10% failed, 10% done with a comment; every 1000th queued. Then drops the
 * stored counters, so the queue counts the states once from its index. Resolves with the time it took.
 */
async function seed(page: Page): Promise<number> {
  return page.evaluate(
    async ({ total, now }) => {
      const started = performance.now();
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open("calltouch-tagger");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const done = (tx: IDBTransaction) =>
        new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const span = 200 * 24 * 60 * 60 * 1000;
      const chunk = 25_000;
      for (let start = 1; start <= total; start += chunk) {
        const tx = db.transaction("ops", "readwrite");
        const store = tx.objectStore("ops");
        for (let id = start; id < start + chunk && id <= total; id++) {
          const d = String(id).padStart(7, "0");
          const phone = `7916${d}`;
          const label = `+7 (916) ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
          const kind = id % 10;
          const state =
            id % 1000 === 0 ? "queued" : kind < 6 || kind === 9 ? "done" : kind < 8 ? "notMatched" : "failed";
          const createdAt = now - Math.round(((total - id) / total) * span);
          const matching = [{ type: "leadContact", leadContactParams: { phones: [phone] } }];
          const comment = kind === 9;
          store.put({
            id,
            jobId: `seed-${Math.floor(id / 500)}`,
            source: id % 3 === 0 ? "bulk" : id % 3 === 1 ? "popup" : "menu",
            method: comment ? "comment" : "customFields",
            item: comment
              ? { matching, addComment: `Called back, lead ${id}` }
              : { matching, addCustomFields: { customFields: [{ field: "deal", value: `D-${id}` }] } },
            state,
            attempts: state === "queued" ? 0 : 1,
            notBefore: createdAt,
            createdAt,
            updatedAt: createdAt + 1000,
            label,
            ...(state === "done"
              ? {
                  result: {
                    matchedType: "leadContact",
                    callInfo: { callId: String(500_000 + id), callReferenceId: null, sipCallId: null },
                    requestInfo: null,
                    added: true,
                    error: null,
                  },
                }
              : {}),
            ...(state === "notMatched"
              ? {
                  result: { matchedType: null, callInfo: null, requestInfo: null, added: false, error: null },
                }
              : {}),
            ...(state === "failed" ? { error: { kind: "rejected", message: "Unknown field: deal" } } : {}),
          });
        }
        await done(tx);
      }
      const tx = db.transaction("counters", "readwrite");
      tx.objectStore("counters").delete("ops");
      await done(tx);
      db.close();
      return Math.round(performance.now() - started);
    },
    { total: TOTAL, now: Date.now() },
  );
}

const since = (start: number) => Date.now() - start;

describe(`the history page with ${TOTAL.toLocaleString("en")} operations`, () => {
  it("is a page of its own, not an override of the browser's history", async () => {
    const worker = await session.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.chrome_url_overrides).toBeUndefined();
  });

  it("opens on the newest page, filters, searches and pages without loading the history", async () => {
    const status = await session.call("getQueueStatus");
    expect(status.counts).toMatchObject({ done: 69_900, notMatched: 20_000, failed: 10_000, queued: 100 });

    let start = Date.now();
    const history = await HistoryPage.openWatchingRows(session);
    await history.settled();
    figures.firstRowsMs = since(start);
    expect(await history.rows().count()).toBe(100);
    expect(await history.firstRowText()).toContain(phoneOf(TOTAL));

    start = Date.now();
    await history.filterByStatus("failed");
    await history.settled({ state: "Failed" });
    figures.filterFailedMs = since(start);
    expect(await history.rows().count()).toBe(100);

    start = Date.now();
    await history.older();
    await history.page.getByRole("table", { name: /page 2$/ }).waitFor();
    await history.settled({ state: "Failed" });
    figures.nextPageFailedMs = since(start);

    await history.filterByStatus("");
    await history.settled({ first: phoneOf(TOTAL) });
    start = Date.now();
    await history.older();
    await history.settled({ first: phoneOf(TOTAL - 100) });
    figures.nextPageMs = since(start);

    // A common search fills its page from the newest ops.
    start = Date.now();
    await history.search("916 008");
    await history.settled({ text: "+7 (916) 008-" });
    figures.searchCommonMs = since(start);
    expect(await history.rows().count()).toBe(100);

    // A phone typed another way, found only by its digits in the middle of the history: the search reads
    // every op, a bounded slice per message, and says so while it does.
    start = Date.now();
    await history.search("916 005 00 00");
    await history.waitForText(/^Searching older entries… checked so far: [\d,]+\.$/);
    await history.page.getByRole("cell", { name: phoneOf(NEEDLE_ID) }).waitFor({ timeout: 120_000 });
    figures.searchRareFirstMatchMs = since(start);
    await history.settled({ text: phoneOf(NEEDLE_ID) });
    await history.waitForText("Entries on this page: 1.", 120_000);
    figures.searchRareFullScanMs = since(start);

    const maxRows = await history.maxRows();
    figures.maxDomRows = maxRows;
    expect(maxRows).toBeGreaterThan(100);
    expect(maxRows).toBeLessThanOrEqual(MAX_DOM_ROWS);
  });

  it("exports the whole history as CSV, page by page", async () => {
    const history = await HistoryPage.open(session);
    await history.settled();
    const start = Date.now();
    const download = await history.exportCsv(170_000);
    const file = await download.path();
    figures.exportCsvMs = since(start);
    const bytes = await readFile(file);
    figures.exportCsvBytes = bytes.length;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").split("\r\n");
    expect(lines).toHaveLength(TOTAL + 2);
    expect(lines[1]).toContain(`${phoneOf(TOTAL)}`);
    await history.waitForText("Exported rows: 100,000.");
  });

  it("prunes to the retention in bounded steps, keeping waiting ops and true counts", async () => {
    const start = Date.now();
    const { removed } = await session.call("setRetention", { maxCount: 50_000, maxAgeDays: 365 });
    figures.prune50kMs = since(start);
    expect(removed).toBe(50_000);
    const { counts } = await session.call("getQueueStatus");
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(50_000);
    expect(counts.queued).toBe(100);
    const first = await session.call("listHistory", { limit: 1, state: "done", before: 50_001 });
    expect(first.items).toEqual([]);
  });
});
