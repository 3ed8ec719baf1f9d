import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { formatDateTime } from "../../utils/i18n";
import { type PauseAudience, pauseText } from "../../utils/pause-text";
import type { EnginePause } from "../../utils/sending/engine-state";
import { useFakeI18n } from "../components/fake-i18n";

const UNTIL = Date.UTC(2025, 2, 13, 0, 0);
const pause = (reason: EnginePause["reason"], change: Partial<EnginePause> = {}): EnginePause => ({
  reason,
  message: "",
  at: 0,
  ...change,
});

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
});

describe("pauseText", () => {
  it.each<[PauseAudience, EnginePause, RegExp]>([
    ["popup", pause("auth"), /^Sending is paused: Calltouch refused the request\..*The lead waits/],
    [
      "popup",
      pause("quota"),
      /^Sending is paused: today's API points are spent\. The lead waits in the queue\.$/,
    ],
    ["popup", pause("noCredentials"), /enter your Access-Token and SiteId in the settings/],
    ["popup", pause("refused", { message: "Field is gone" }), /same reason: Field is gone\. Fix it/],
    ["bulk", pause("auth"), /^Sending is paused: Calltouch refused the token or SiteId/],
    ["bulk", pause("quota"), /^Sending is paused: the cabinet's daily API points are used up\.$/],
    ["bulk", pause("noCredentials"), /^Sending waits for the Calltouch token and SiteId/],
    ["bulk", pause("refused", { message: "Field is gone" }), /same reason: Field is gone\. Fix the mapping/],
    ["notification", pause("auth"), /^check your Access-Token and SiteId in the settings$/],
    [
      "notification",
      pause("quota", { until: UNTIL }),
      /^the daily API points are spent; it resumes when Calltouch renews them \(midnight Moscow time\)$/,
    ],
    ["notification", pause("noCredentials"), /^enter the Access-Token and SiteId in the settings$/],
    [
      "notification",
      pause("refused", { message: "Field is gone" }),
      /^Calltouch refused every lead .* until you resume it$/,
    ],
  ])("%s: %o", (audience, paused, text) => {
    expect(pauseText(paused, audience)).toMatch(text);
  });

  it.each<[PauseAudience, string]>([
    ["popup", "The lead waits in the queue until"],
    ["bulk", "It goes on at"],
  ])("%s says when a quota pause ends", (audience, words) => {
    expect(pauseText(pause("quota", { until: UNTIL }), audience)).toContain(
      `${words} ${formatDateTime(UNTIL)}`,
    );
  });
});
