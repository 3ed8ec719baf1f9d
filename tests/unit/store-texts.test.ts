import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const read = (locale: string, file: string) =>
  readFileSync(path.resolve("store", locale, file), "utf8").trim();

describe.each(["en", "ru"])("the %s store listing", (locale) => {
  it("has a short description within the Chrome Web Store's 132 characters", () => {
    const short = read(locale, "short-description.txt");
    expect(short.length).toBeGreaterThan(40);
    expect(short.length).toBeLessThanOrEqual(132);
    expect(short).not.toContain("\n");
  });

  it("has a long description within the stores' limits that names the privacy policy", () => {
    const long = read(locale, "description.txt");
    expect(long.length).toBeGreaterThan(500);
    expect(long.length).toBeLessThanOrEqual(16_000);
    expect(long).toContain("PRIVACY.md");
  });
});
