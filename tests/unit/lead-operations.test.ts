import { describe, expect, it } from "vitest";
import { fieldValue } from "../../components/preset-draft";
import type { MatchingRow } from "../../utils/calltouch/schemas";
import { parseDecimal } from "../../utils/custom-field-values";
import { readValue } from "../../utils/custom-fields";
import {
  buildLeadOperations,
  type LeadContent,
  leadLabel,
  MAX_LABEL_LENGTH,
  parseTags,
  rejectionText,
} from "../../utils/lead-operations";

const MATCHING: MatchingRow[] = [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }];
const NOTHING: LeadContent = {
  matching: MATCHING,
  fields: [],
  overwrite: false,
  tags: [],
  tagsOverwrite: false,
  comment: "",
};

describe("one number parser (presets, popup, CSV)", () => {
  it.each([
    ["1 250,50", 1250.5],
    ["1\u00a0250,50", 1250.5],
    ["1\u00a0250", 1250],
    ["1250.5", 1250.5],
    // Both marks: the last is the decimal mark, as spreadsheets of either locale write it.
    ["1,250.50", 1250.5],
    ["1.250,50", 1250.5],
    ["1,250,000", 1_250_000],
    [" -3 ", -3],
    ["-3,5", -3.5],
    ["0,5", 0.5],
    ["0", 0],
    ["1 2 3", 123],
  ])("reads %j as %d", (text, number) => {
    expect(parseDecimal(text)).toBe(number);
  });

  it.each(["", "abc", "12abc", "12 abc", "1,2,3.4.5", "1e5", "--1"])("refuses %j", (text) => {
    expect(parseDecimal(text)).toBeNull();
  });

  it.each(["1,250.50", "1 250,50", "1250.5"])("a preset and the popup read %j alike", (text) => {
    const field = { id: "1", apiName: "amount", label: "", type: "number" as const, options: [] };
    expect(fieldValue("number", text)).toEqual({ value: 1250.5 });
    expect(readValue(field, text)).toEqual({ ok: true, value: 1250.5 });
  });
});

describe("one tags parser", () => {
  it.each([
    ["vip, повторный", ["vip", "повторный"]],
    [" vip ,, vip ,new ", ["vip", "new"]],
    [" vip, repeat,,vip , ", ["vip", "repeat"]],
    ["", []],
    [" , ,", []],
  ])("%j", (text, tags) => {
    expect(parseTags(text)).toEqual(tags);
  });
});

describe("buildLeadOperations", () => {
  it.each<[string, Partial<LeadContent>, string[]]>([
    ["fields only", { fields: [{ field: "f", value: 1 }] }, ["customFields"]],
    ["tags only", { tags: ["vip"] }, ["tags"]],
    ["a comment only", { comment: "Called back" }, ["comment"]],
    [
      "all three, in the order fields, tags, comment",
      { comment: "c", tags: ["t"], fields: [{ field: "f", value: "v" }] },
      ["customFields", "tags", "comment"],
    ],
  ])("%s", (_, change, methods) => {
    const built = buildLeadOperations({ ...NOTHING, ...change });
    expect(built.ok && built.operations.map((op) => op.method)).toEqual(methods);
  });

  it("puts the same matching and each part's overwrite switch in every op", () => {
    const built = buildLeadOperations({
      matching: MATCHING,
      fields: [{ field: "f", value: "v" }],
      overwrite: true,
      tags: ["vip"],
      tagsOverwrite: false,
      comment: "  Called back ",
    });
    expect(built).toEqual({
      ok: true,
      operations: [
        {
          method: "customFields",
          item: {
            matching: MATCHING,
            addCustomFields: { overwrite: true, customFields: [{ field: "f", value: "v" }] },
          },
        },
        {
          method: "tags",
          item: { matching: MATCHING, addTags: { overwrite: false, tags: [{ tag: "vip" }] } },
        },
        { method: "comment", item: { matching: MATCHING, addComment: "Called back" } },
      ],
    });
  });

  it.each<[string, Partial<LeadContent>, string]>([
    ["no matching", { matching: [], tags: ["vip"] }, "noMatching"],
    ["nothing to add", { comment: "   " }, "nothingToAdd"],
    ["an op the schema refuses", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "rejected"],
  ])("refuses %s", (_, change, code) => {
    const built = buildLeadOperations({ ...NOTHING, ...change });
    expect(built.ok ? null : built.issue.code).toBe(code);
  });

  it("says where a refused op is wrong", () => {
    expect(rejectionText({ code: "rejected", path: "item.addComment", message: "Too big" })).toBe(
      "item.addComment: Too big",
    );
    expect(rejectionText({ code: "rejected", path: "", message: "Invalid" })).toBe("Invalid");
  });
});

describe("leadLabel", () => {
  it.each<[string[], string | undefined, string]>([
    [["+7 915 777-11-22", "a@b.ru"], undefined, "+7 915 777-11-22, a@b.ru"],
    [["Call: 1", "Request: 2"], "; ", "Call: 1; Request: 2"],
    [[], undefined, ""],
  ])("%j", (parts, separator, label) => {
    expect(leadLabel(parts, separator)).toBe(label);
  });

  it("is cut to the longest label the queue stores", () => {
    expect(leadLabel(["x".repeat(MAX_LABEL_LENGTH + 10)])).toHaveLength(MAX_LABEL_LENGTH);
  });
});
