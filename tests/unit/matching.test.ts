import { describe, expect, it } from "vitest";
import { MatchingSchema } from "../../utils/calltouch/schemas";
import { buildMatching, DEFAULT_TEMPLATE } from "../../utils/matching";

const both = { phones: ["79157771122"], emails: ["name@server.com"] };
const phoneOnly = { phones: ["79157771122"], emails: [] };
const emailOnly = { phones: [], emails: ["name@server.com"] };

describe("buildMatching", () => {
  it("by default finds the lead by every phone and email", () => {
    expect(buildMatching(DEFAULT_TEMPLATE, both)).toEqual([
      { type: "leadContact", leadContactParams: { phones: ["79157771122"], emails: ["name@server.com"] } },
    ]);
  });

  it.each([
    ["a call search without a phone", [{ type: "callContact" as const }], emailOnly, []],
    [
      "a request search by email",
      [{ type: "requestContact" as const }],
      emailOnly,
      [{ type: "requestContact", requestContactParams: { emails: ["name@server.com"] } }],
    ],
    [
      "a call search by phone, with its parameters",
      [
        {
          type: "callContact" as const,
          searchDepth: 120,
          typeToMatch: "nearestUniq",
          tags: ["t1"],
          tagsLogic: "or" as const,
        },
      ],
      phoneOnly,
      [
        {
          type: "callContact",
          callContactParams: {
            phones: ["79157771122"],
            searchDepth: 120,
            tags: ["t1"],
            tagsLogic: "or",
            callTypeToMatch: "nearestUniq",
          },
        },
      ],
    ],
    ["no contacts at all", DEFAULT_TEMPLATE, { phones: [], emails: [] }, []],
  ])("handles %s", (_, template, contacts, expected) => {
    expect(buildMatching(template, contacts)).toEqual(expected);
  });

  it("keeps the template's priority order, and its result passes the API's schema", () => {
    const rows = buildMatching(
      [{ type: "callContact" }, { type: "requestContact" }, { type: "leadContact" }],
      both,
    );
    expect(rows.map((r) => r.type)).toEqual(["callContact", "requestContact", "leadContact"]);
    expect(MatchingSchema.safeParse(rows).success).toBe(true);
  });
});
