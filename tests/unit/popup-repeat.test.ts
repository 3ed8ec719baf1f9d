import { describe, expect, it } from "vitest";
import type { SendPlan } from "../../components/popup/popup-form";
import { REPEAT_WINDOW_MS, recentRepeat, sendDigest } from "../../components/popup/repeat-send";

const plan = (comment: string): Pick<SendPlan, "operations"> => ({
  operations: [
    {
      method: "comment",
      item: {
        matching: [{ type: "leadContact", leadContactParams: { phones: ["79001234567"] } }],
        addComment: comment,
      },
    },
  ],
});

describe("sendDigest", () => {
  it("is the same for the same operations and differs when anything sent differs", () => {
    expect(sendDigest(plan("call back"))).toBe(sendDigest(plan("call back")));
    expect(sendDigest(plan("call back"))).not.toBe(sendDigest(plan("call back tomorrow")));
  });

  it("holds no contact in clear", () => {
    expect(sendDigest(plan("x"))).not.toContain("79001234567");
  });
});

describe("recentRepeat", () => {
  const now = 1_700_000_000_000;
  const digest = sendDigest(plan("call back"));

  it.each([
    ["nothing sent before", null, null],
    ["the same a moment ago", { digest, at: now - 1_000 }, now - 1_000],
    [
      "the same just inside the window",
      { digest, at: now - REPEAT_WINDOW_MS + 1 },
      now - REPEAT_WINDOW_MS + 1,
    ],
    ["the same a minute ago or more", { digest, at: now - REPEAT_WINDOW_MS }, null],
    ["other data a moment ago", { digest: "other", at: now - 1_000 }, null],
  ])("%s", (_, last, expected) => {
    expect(recentRepeat(last, digest, now)).toBe(expected);
  });
});
