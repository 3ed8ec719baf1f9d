import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCsvBytes } from "../../utils/csv/decode";
import { parseCsv } from "../../utils/csv/parse";
import type { Catalogue } from "../../utils/storage";
import { generateLeadsCsv, HEADER_ROLES, HEADERS } from "../fixtures/csv/generate";
import { type ApiSession, startApiSession } from "./api-session";
import type { ExtensionSession } from "./harness";
import { BulkPage } from "./pages/bulk";
import { waitFor } from "./sandbox-client";

const ROWS = 10_000;
let setting: ApiSession;
let inspect: ApiSession["inspect"];
let session: ExtensionSession;

const CATALOGUE: Catalogue = [
  { id: "name", apiName: "name", label: "Имя", type: "text", options: [] },
  { id: "revenue", apiName: "revenue", label: "Выручка", type: "number", options: [] },
];

beforeAll(async () => {
  setting = await startApiSession({ token: "tok", siteId: "777", generated: ROWS });
  ({ session, inspect } = setting);
  await session.setItems({ catalogue: CATALOGUE });
});

afterAll(async () => {
  await setting?.close();
});

describe("the bulk page", () => {
  it(`imports ${ROWS} rows of a Windows-1251 file through a worker stop and a page reload, and accounts for every row`, async () => {
    const csv = generateLeadsCsv({ rows: ROWS, invalidEvery: 997, tagsEvery: 50, commentEvery: 200 });
    const valid = csv.valid.length;
    expect(csv.invalid.length).toBeGreaterThan(0);

    const bulk = await BulkPage.open(session);
    await bulk.uploadFile("crm-export.csv", csv.bytes);
    await bulk.waitForText(`crm-export.csv: ${ROWS} rows, 6 columns, Windows-1251, separated by semicolons.`);
    // Each column is set as a person would (the page's guess is not relied on).
    await bulk.mapColumns(HEADER_ROLES);
    // Rows cut by the worker stop below may be sent again; without overwrite, Calltouch refuses the repeat.
    await bulk.checkOverwrite();
    await bulk.waitForText(`${valid} rows can be sent; ${csv.invalid.length} cannot.`);
    await bulk.send(valid);
    // Without consent nothing starts.
    expect(await bulk.leaveOutConsent().getAttribute("aria-invalid")).toBe("true");
    await bulk.leaveOutConsent(csv.invalid.length).check();
    await bulk.send(valid);
    await bulk.job("crm-export.csv").waitFor();

    // In the middle: stop the worker and reload the page.
    await waitFor(
      async () => ((await inspect.stats()).uniquePhonesReceived >= 2000 ? true : undefined),
      60_000,
      "the first 2000 leads",
    );
    await session.stopWorkers();
    await bulk.page.reload();
    const middle = await inspect.stats();
    expect(middle.uniquePhonesReceived).toBeLessThan(valid);

    const job = bulk.job("crm-export.csv");
    await job.waitFor();
    await job.waitForResult(120_000);
    expect(await job.countText("Finished")).toBe(1);
    // The outcome in rows (leads), not operations.
    await job.waitForText(`${valid} updated · ${csv.invalid.length} left out`);

    const download = await job.downloadResult();
    expect(download.suggestedFilename()).toBe("crm-export-result.csv");
    const bytes = await readFile((await download.path()) as string);
    const decoded = decodeCsvBytes(bytes);
    expect(decoded).toMatchObject({ encoding: "utf-8", bom: true });
    const result = parseCsv(decoded.text);
    // The separator of exports follows the UI language by default (the browser runs in English).
    expect(result.delimiter).toBe(",");
    expect(result.headers).toEqual([...HEADERS, "Matched type", "Call ID", "Request ID", "Status", "Error"]);
    expect(result.rows).toHaveLength(ROWS);
    const invalid = new Map(csv.invalid.map((row) => [row.index, row.kind]));
    for (const row of result.rows) {
      const [matchedType, callId, requestId, status, error] = row.cells.slice(HEADERS.length);
      if (invalid.has(row.index)) {
        expect([status, error === ""]).toEqual(["Left out", false]);
      } else {
        expect([matchedType, callId, requestId, status, error]).toEqual([
          "leadContact",
          String(100_000 + row.index),
          "",
          "Done",
          "",
        ]);
      }
    }
    // The Cyrillic cells come back as they went in.
    expect(result.rows[3]?.cells[0]).toBe("Анна-Мария Щукина 3");

    const stats = await inspect.stats();
    expect(stats.uniquePhonesReceived).toBe(valid);
    expect(stats.http429).toBe(0);
    expect(stats.maxRequestsInAnyWindow).toBeLessThanOrEqual(5);
  });
});
