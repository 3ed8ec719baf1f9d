import { describe, expect, it } from "vitest";
import type { ColumnRole } from "../../../utils/bulk/mapping";
import {
  checkRow,
  checkRows,
  type ImportSettings,
  type OpChunk,
  planChunks,
  type RowCheck,
  rowsHandedOver,
  summarizeChecks,
} from "../../../utils/bulk/rows";
import { decodeCsvBytes } from "../../../utils/csv/decode";
import { parseCsv } from "../../../utils/csv/parse";
import type { Catalogue } from "../../../utils/storage";
import { generateLeadsCsv } from "../../fixtures/csv/generate";
import { CATALOGUE } from "./catalogue";

const HEADER = "call;request;phone;email;date;revenue;name;stage;tags;comment";
const ROLES: ColumnRole[] = [
  "callId",
  "requestId",
  "phone",
  "email",
  "date",
  "field:revenue",
  "field:name",
  "field:stage",
  "tags",
  "comment",
];
const settings = (change: Partial<ImportSettings> = {}): ImportSettings => ({
  roles: ROLES,
  catalogue: CATALOGUE,
  overwrite: true,
  region: "RU",
  ...change,
});
const check = (line: string, change: Partial<ImportSettings> = {}): RowCheck => {
  const [row] = parseCsv(`${HEADER}\n${line}\n`).rows;
  if (!row) throw new Error("no row");
  return checkRow(row, settings(change));
};
const issuesOf = (result: RowCheck) => (result.ok ? [] : result.issues.map((i) => i.code));

describe("checkRow", () => {
  it("matches by call, then request, then phone/email with the date, and adds fields, tags and a comment", () => {
    const result = check(
      "1001;2002;8 (999) 000-00-01, +7 916 123 45 67;Ivan@Example.com;26.11.2026 14:05;1 250,50;Иван;WON;vip, new;Перезвонить",
    );
    const matching = [
      { type: "call", callParams: { callId: 1001 } },
      { type: "request", requestParams: { requestId: 2002 } },
      {
        type: "leadContact",
        leadContactParams: {
          phones: ["79990000001", "79161234567"],
          emails: ["ivan@example.com"],
          date: "26-11-2026 14:05:00",
        },
      },
    ];
    expect(result).toEqual({
      ok: true,
      plan: {
        index: 0,
        label: "#1001, #2002, +7 999 000-00-01, +7 916 123-45-67, ivan@example.com",
        ops: [
          {
            method: "customFields",
            item: {
              matching,
              addCustomFields: {
                overwrite: true,
                customFields: [
                  { field: "revenue", value: 1250.5 },
                  { field: "name", value: "Иван" },
                  { field: "stage", value: "won" },
                ],
              },
            },
          },
          {
            method: "tags",
            item: { matching, addTags: { overwrite: false, tags: [{ tag: "vip" }, { tag: "new" }] } },
          },
          { method: "comment", item: { matching, addComment: "Перезвонить" } },
        ],
      },
    });
  });

  it("sends only the operations the row has values for", () => {
    const result = check(";;79990000001;;;;Иван;;;");
    expect(result.ok && result.plan.ops.map((op) => op.method)).toEqual(["customFields"]);
    const tagsOnly = check(";;79990000001;;;;;;vip;");
    expect(tagsOnly.ok && tagsOnly.plan.ops.map((op) => op.method)).toEqual(["tags"]);
  });

  it("passes the overwrite switch to custom fields only", () => {
    const result = check(";;79990000001;;;5;;;vip;", { overwrite: false });
    if (!result.ok) throw new Error("invalid");
    expect(result.plan.ops[0]?.item).toMatchObject({ addCustomFields: { overwrite: false } });
    expect(result.plan.ops[1]?.item).toMatchObject({ addTags: { overwrite: false } });
  });

  it.each([
    ["no phone, email or ID", ";;;;;5;;;;", ["noContact"]],
    ["an invalid phone", ";;12-34;;;5;;;;", ["phone"]],
    ["one invalid phone among good ones", ";;79990000001, 12;;;5;;;;", ["phone"]],
    ["an invalid email", ";;;ivan@;;5;;;;", ["email"]],
    ["a date that does not parse", ";;79990000001;;32.13.2026;5;;;;", ["date"]],
    ["a number field with text", ";;79990000001;;;n/a;;;;", ["fieldValue"]],
    ["a value not in the list", ";;79990000001;;;;;maybe;;", ["fieldValue"]],
    ["an invalid call ID", "abc;;79990000001;;;5;;;;", ["callId"]],
    ["an invalid request ID", ";-1;;;;5;;;;", ["requestId"]],
    ["nothing to add", ";;79990000001;;;;;;;", ["nothingToAdd"]],
    ["a wrong field count", "1;2;3", ["fieldCount"]],
    ["several problems at once", ";;12;x@;;n/a;;;;", ["phone", "email", "fieldValue"]],
  ])("%s", (_, line, codes) => {
    expect(issuesOf(check(line))).toEqual(codes);
  });

  it("says where the bad value is", () => {
    const result = check(";;79990000001;;;12 руб.;;;;");
    expect(result).toEqual({
      ok: false,
      index: 0,
      issues: [{ code: "fieldValue", column: 5, value: "12 руб.", expected: "number" }],
    });
  });

  it("refuses more tags than one request takes", () => {
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`).join(",");
    expect(issuesOf(check(`;;79990000001;;;;;;"${tags}";`))).toEqual(["tooManyTags"]);
  });

  it("reports an operation the request schema refuses instead of queueing it", () => {
    const catalogue: Catalogue = [{ id: "1", apiName: " ", label: "", type: "text", options: [] }];
    const roles: ColumnRole[] = [
      "ignore",
      "ignore",
      "phone",
      "ignore",
      "ignore",
      "ignore",
      "field: ",
      "ignore",
      "ignore",
      "ignore",
    ];
    const result = check(";;79990000001;;;;Иван;;;", { roles, catalogue });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: "rejected", message: expect.stringContaining("addCustomFields") }],
    });
  });

  it("ignores columns mapped to nothing", () => {
    const roles = [...ROLES];
    roles[2] = "ignore";
    expect(issuesOf(check(";;garbage;a@b.ru;;5;;;;", { roles }))).toEqual([]);
  });
});

describe("summarizeChecks and planChunks", () => {
  const generated = generateLeadsCsv({ rows: 1234, invalidEvery: 100, tagsEvery: 10, commentEvery: 50 });
  const parsed = parseCsv(decodeCsvBytes(generated.bytes).text);
  const roles: ColumnRole[] = ["field:name", "phone", "field:revenue", "date", "tags", "comment"];
  const checks = checkRows(parsed, settings({ roles }));

  it("reads the generated Windows-1251 file: every valid row is valid, every invalid row says why", () => {
    expect(checks.filter((c) => c.ok).map((c) => (c.ok ? c.plan.index : -1))).toEqual(generated.valid);
    const summary = summarizeChecks(parsed, checks, 2);
    expect(summary.valid).toBe(generated.valid.length);
    expect(summary.invalid).toBe(generated.invalid.length);
    expect(summary.byCode.map((entry) => [entry.code, entry.rows]).sort()).toEqual(
      [
        ["date", 3],
        ["fieldValue", 3],
        ["noContact", 3],
        ["phone", 3],
      ].sort(),
    );
    // Spreadsheet row numbers: the header is row 1, and comments with line breaks are still one row.
    expect(summary.byCode.find((e) => e.code === "noContact")?.lines).toEqual([101, 501]);
  });

  it("sends the same phone the file has for each row", () => {
    for (const c of checks.slice(0, 20)) {
      if (!c.ok) continue;
      const row = c.plan.ops[0]?.item.matching[0];
      expect(row).toEqual({
        type: "leadContact",
        leadContactParams: { phones: [generated.phones[c.plan.index]], date: expect.any(String) },
      });
    }
  });

  it("chunks operations by method, 500 at most, rows in file order", () => {
    const chunks = planChunks(checks);
    expect(chunks.map((c) => [c.method, c.entries.length])).toEqual([
      ["customFields", 500],
      ["customFields", 500],
      ["customFields", 222],
      ["tags", generated.tagged.length],
      ["comment", generated.commented.length],
    ]);
    expect(chunks.find((c) => c.method === "tags")?.entries.map((e) => e.row)).toEqual(generated.tagged);
    expect(planChunks(checks)).toEqual(chunks);
  });
});

describe("rowsHandedOver", () => {
  const entry = (row: number) => ({
    row,
    operation: { method: "tags" as const, item: { matching: [], addTags: { tags: [{ tag: "x" }] } } },
    label: "",
  });
  // Rows 0-3 have fields; rows 1 and 3 tags too; row 3 a comment too.
  const chunks: OpChunk[] = [
    { method: "customFields", entries: [0, 1].map(entry) },
    { method: "customFields", entries: [2, 3].map(entry) },
    { method: "tags", entries: [1, 3].map(entry) },
    { method: "comment", entries: [3].map(entry) },
  ];
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
  ])("after %i messages, %i of 4 rows are handed over whole", (queued, rows) => {
    expect(rowsHandedOver(chunks, queued, 4)).toBe(rows);
  });
});
