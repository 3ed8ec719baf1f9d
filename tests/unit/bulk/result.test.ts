import { describe, expect, it } from "vitest";
import { buildResultCsv, mergeOutcome, type OpOutcome } from "../../../utils/bulk/result";
import { checkRows } from "../../../utils/bulk/rows";
import { parseCsv } from "../../../utils/csv/parse";
import { leadResult, RESULT_WORDS } from "../../fixtures/answers";

const op = (state: OpOutcome["state"], change: Partial<OpOutcome> = {}): OpOutcome => ({
  method: "customFields",
  state,
  ...change,
});

describe("mergeOutcome", () => {
  it.each<[string, OpOutcome[], string]>([
    ["all done", [op("done"), op("done", { method: "tags" })], "done"],
    ["one not matched", [op("done"), op("notMatched", { method: "tags" })], "notMatched"],
    ["one failed", [op("notMatched"), op("failed", { method: "tags" }), op("done")], "failed"],
    ["cancelled", [op("done"), op("cancelled", { method: "comment" })], "cancelled"],
    ["still queued", [op("done"), op("queued", { method: "tags" })], "pending"],
    ["held by a pause", [op("held")], "pending"],
    ["sending", [op("sending")], "pending"],
    ["no ops", [], "notQueued"],
  ])("%s → %s", (_, ops, status) => {
    expect(mergeOutcome(ops).status).toBe(status);
  });

  it("names the lead Calltouch found, preferring a done op", () => {
    const merged = mergeOutcome([
      op("notMatched", { result: leadResult({ matchedType: null, callInfo: null }) }),
      op("done", {
        method: "tags",
        result: leadResult({
          matchedType: "request",
          callInfo: null,
          requestInfo: { requestId: "77", requestNumber: null },
        }),
      }),
    ]);
    expect(merged).toMatchObject({ matchedType: "request", callId: "", requestId: "77" });
  });

  it("gives one op's error as is, and several ops' errors with their method", () => {
    expect(
      mergeOutcome([op("failed", { error: { kind: "validation", message: "Bad phone" } }), op("done")]).error,
    ).toBe("Bad phone");
    expect(
      mergeOutcome([
        op("failed", { error: { kind: "server", message: "HTTP 500" } }),
        op("notMatched", { method: "tags", result: leadResult({ error: "Lead not found" }) }),
      ]).error,
    ).toBe("customFields: HTTP 500 | tags: Lead not found");
  });
});

describe("buildResultCsv", () => {
  const text =
    'Имя;Телефон;Выручка;Комментарий\r\nИван;79990000001;1 250,50;"a;b"\r\nПётр;12;5;\r\nОля;79990000003;7;"line\nbreak ""q"""\r\nЛишний;79990000004;1;x;y\r\n';
  const parsed = parseCsv(text);
  const checks = checkRows(parsed, {
    roles: ["field:name", "phone", "field:revenue", "comment"],
    catalogue: [
      { id: "1", apiName: "name", label: "", type: "text", options: [] },
      { id: "2", apiName: "revenue", label: "", type: "number", options: [] },
    ],
    overwrite: false,
    region: "RU",
  });
  const ops: Record<number, OpOutcome[]> = {
    0: [op("done", { result: leadResult() }), op("done", { method: "comment", result: leadResult() })],
    2: [
      op("done", { result: leadResult() }),
      op("failed", { method: "comment", error: { kind: "server", message: "HTTP 502" } }),
    ],
  };
  const csv = buildResultCsv({
    parsed,
    checks,
    opsOfRow: (i) => ops[i] ?? [],
    words: RESULT_WORDS,
    delimiter: ";",
  });

  it("starts with a BOM, writes the chosen semicolons and every input row, and adds five columns", () => {
    expect(
      csv.startsWith(
        "\ufeffИмя;Телефон;Выручка;Комментарий;Matched type;Call ID;Request ID;Status;Error\r\n",
      ),
    ).toBe(true);
    const reparsed = parseCsv(csv.slice(1));
    expect(reparsed.delimiter).toBe(";");
    expect(reparsed.rows.map((r) => r.cells)).toEqual([
      ["Иван", "79990000001", "1 250,50", "a;b", "leadContact", "1001", "", "Done", ""],
      ["Пётр", "12", "5", "", "", "", "", "Left out", "phone"],
      ["Оля", "79990000003", "7", 'line\nbreak "q"', "leadContact", "1001", "", "Failed", "HTTP 502"],
      ["Лишний", "79990000004", "1", "x;y", "", "", "", "Left out", "fieldCount"],
    ]);
  });

  it("marks a row failed when one of its operations' saved records could not be read, keeping what the others did", () => {
    const out = buildResultCsv({
      parsed,
      checks,
      opsOfRow: (i) => ops[i] ?? [],
      // Иван's comment op and Оля's second op were damaged on disk.
      damagedRows: new Set([0, 2]),
      words: RESULT_WORDS,
      delimiter: ";",
    });
    expect(parseCsv(out.slice(1)).rows.map((r) => r.cells.slice(4))).toEqual([
      ["leadContact", "1001", "", "Failed", "Saved record damaged: not sent"],
      ["", "", "", "Left out", "phone"],
      ["leadContact", "1001", "", "Failed", "Saved record damaged: not sent | HTTP 502"],
      ["", "", "", "Left out", "fieldCount"],
    ]);
  });

  it("writes the chosen commas, quoting a cell that holds a semicolon", () => {
    const commaParsed = parseCsv("phone;name\n79990000001;Иван;Петров\n");
    const commaChecks = checkRows(commaParsed, {
      roles: ["phone", "field:name"],
      catalogue: [{ id: "1", apiName: "name", label: "", type: "text", options: [] }],
      overwrite: false,
      region: "RU",
    });
    const out = buildResultCsv({
      parsed: commaParsed,
      checks: commaChecks,
      opsOfRow: () => [],
      words: RESULT_WORDS,
      delimiter: ",",
    });
    expect(out).toBe(
      '\ufeffphone,name,Matched type,Call ID,Request ID,Status,Error\r\n79990000001,"Иван;Петров",,,,Left out,fieldCount\r\n',
    );
  });
});
