import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { newTemplateRow, type RowDraft, rowFromTemplate } from "../../components/matching-rows";
import { presetFromDraft } from "../../components/preset-draft";
import type { MatchingTemplateRow } from "../../utils/storage";
import { useFakeI18n } from "../components/fake-i18n";

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
});

/** The template row a draft row saves as, or its errors. */
function saved(row: RowDraft) {
  const draft = {
    id: "p",
    name: "P",
    fields: [],
    overwrite: false,
    tags: "vip",
    tagsOverwrite: false,
    comment: "",
    rows: [row],
  };
  const result = presetFromDraft(draft, []);
  return result.ok ? result.preset.matching[0] : result.errors.rows[row.key];
}

describe("a preset's matching row as edited", () => {
  it.each<[string, MatchingTemplateRow, Partial<RowDraft>]>([
    [
      "defaults",
      { type: "leadContact" },
      { searchDepth: "", depthCustom: false, typeToMatch: "", matchCustom: false },
    ],
    [
      "a listed depth and type to match",
      { type: "callContact", searchDepth: 1440, typeToMatch: "nearestUniq" },
      { searchDepth: "1440", depthCustom: false, typeToMatch: "nearestUniq", matchCustom: false },
    ],
    [
      "typed values (Other…)",
      { type: "requestContact", searchDepth: 90, typeToMatch: "latest" },
      { searchDepth: "90", depthCustom: true, typeToMatch: "latest", matchCustom: true },
    ],
    [
      "tags",
      { type: "callContact", tags: ["vip", "new"], tagsLogic: "or" },
      { tags: "vip, new", tagsLogic: "or" },
    ],
    [
      "tags with Calltouch's own logic (Default)",
      { type: "leadContact", tags: ["vip"] },
      { tags: "vip", tagsLogic: "" },
    ],
  ])("%s: opened as typed, saved as stored", (_, stored, edited) => {
    const row = rowFromTemplate(stored);
    expect(row).toMatchObject(edited);
    expect(saved(row)).toEqual(stored);
  });

  it.each<[string, Partial<RowDraft>, object]>([
    [
      "Other… without minutes",
      { depthCustom: true, searchDepth: "" },
      { searchDepth: "Enter a whole number of minutes, greater than 0." },
    ],
    [
      "Other… with a fraction",
      { depthCustom: true, searchDepth: "1.5" },
      { searchDepth: "Enter a whole number of minutes, greater than 0." },
    ],
    ["Other… without a value", { matchCustom: true, typeToMatch: " " }, { typeToMatch: expect.any(String) }],
  ])("refuses %s by its input", (_, change, errors) => {
    expect(saved({ ...newTemplateRow(), ...change })).toEqual(errors);
  });
});
