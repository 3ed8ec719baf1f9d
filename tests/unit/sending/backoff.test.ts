import { describe, expect, it } from "vitest";
import {
  backoffCap,
  backoffDelay,
  MAX_ATTEMPTS,
  MAX_UNEXPECTED_ANSWER_ATTEMPTS,
} from "../../../utils/sending/backoff";

describe("backoffDelay", () => {
  it.each([
    { attempt: 1, cap: 1_000 },
    { attempt: 2, cap: 2_000 },
    { attempt: 3, cap: 4_000 },
    { attempt: 6, cap: 32_000 },
    { attempt: 7, cap: 60_000 },
    { attempt: 50, cap: 60_000 },
    { attempt: 5000, cap: 60_000 },
    { attempt: 0, cap: 1_000 },
  ])("after attempt $attempt waits less than $cap ms", ({ attempt, cap }) => {
    expect(backoffCap(attempt)).toBe(cap);
    expect(backoffDelay(attempt, { random: () => 0 })).toBe(0);
    expect(backoffDelay(attempt, { random: () => 0.999_999 })).toBe(cap - 1);
    expect(backoffDelay(attempt, { random: () => 0.5 })).toBe(cap / 2);
  });

  it("never decreases its cap as attempts grow, and honours custom bounds", () => {
    const caps = Array.from({ length: 20 }, (_, i) => backoffCap(i + 1, { baseMs: 250, maxMs: 10_000 }));
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeGreaterThanOrEqual(caps[i - 1] ?? 0);
    expect(caps[0]).toBe(250);
    expect(Math.max(...caps)).toBe(10_000);
  });

  it("stays within [0, cap) for real randomness", () => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(backoffCap(attempt));
    }
  });

  it("gives transient failures more attempts than unexpected answers", () => {
    expect(MAX_ATTEMPTS).toBeGreaterThan(MAX_UNEXPECTED_ANSWER_ATTEMPTS);
    expect(MAX_UNEXPECTED_ANSWER_ATTEMPTS).toBeGreaterThan(1);
  });
});
