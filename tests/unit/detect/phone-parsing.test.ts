// @vitest-environment node
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type CountryCode,
  getCountryCallingCode,
  type MetadataJson,
  parsePhoneNumberFromString,
} from "libphonenumber-js/core";
import examples from "libphonenumber-js/examples.mobile.json";
import minMetadata from "libphonenumber-js/min/metadata";
import { describe, expect, it } from "vitest";
import { normalisePhone } from "../../../utils/detect";

const FILE = path.resolve(import.meta.dirname, "../../../utils/detect/phone-metadata.json");
const UPDATE =
  "UPDATE_PHONE_METADATA=1 npx vitest run tests/unit/detect/phone-parsing.test.ts && npx biome format --write utils/detect";

// The positions (metadata v4) of a numbering plan that only formatting reads: the formats, the
// national prefix formatting rule, and whether that prefix is optional when formatting.
const FORMATTING_ONLY = new Map<number, unknown>([
  [4, []],
  [6, 0],
  [9, 0],
]);

type Plans = Record<string, unknown[]>;
type Metadata = { version: number; country_calling_codes: unknown; countries: Plans; nonGeographic?: Plans };

function withoutFormatting(metadata: Metadata): Metadata {
  const strip = (plans: Plans = {}) =>
    Object.fromEntries(
      Object.entries(plans).map(([key, plan]) => [
        key,
        plan.map((value, index) => (FORMATTING_ONLY.has(index) ? FORMATTING_ONLY.get(index) : value)),
      ]),
    );
  return {
    version: metadata.version,
    country_calling_codes: metadata.country_calling_codes,
    countries: strip(metadata.countries),
    nonGeographic: strip(metadata.nonGeographic),
  };
}

const full = minMetadata as unknown as MetadataJson;
const trimmed = JSON.parse(readFileSync(FILE, "utf8")) as MetadataJson;

/** What detection reads from a parse: the number, and whether it is possible and valid. */
function outcome(text: string, country: CountryCode, metadata: MetadataJson) {
  const parsed = parsePhoneNumberFromString(text, country, metadata);
  return parsed ? [parsed.number, parsed.country, parsed.isPossible(), parsed.isValid()] : null;
}

describe("utils/detect/phone-metadata.json", () => {
  it("is the installed libphonenumber-js `min` metadata without its formatting rules", () => {
    const expected = withoutFormatting(minMetadata as unknown as Metadata);
    if (process.env.UPDATE_PHONE_METADATA) writeFileSync(FILE, `${JSON.stringify(expected)}\n`);
    expect(JSON.parse(readFileSync(FILE, "utf8")), `regenerate it: ${UPDATE}`).toEqual(expected);
  });

  it.each(Object.entries(examples) as [CountryCode, string][])(
    "%s: numbers parse and validate as with the full `min` metadata",
    (country, example) => {
      const code = getCountryCallingCode(country, full);
      const variants = [example, `+${code} ${example}`, example.slice(0, -1), `${example}1`, `1${example}`];
      for (const text of variants)
        expect(outcome(text, country, trimmed)).toEqual(outcome(text, country, full));
    },
  );
});

describe("normalisePhone", () => {
  /** The full parse's answer with the installed `min` metadata: E.164 digits, or null when invalid. */
  const fullParse = (text: string, country: CountryCode) => {
    const parsed = parsePhoneNumberFromString(text, country, full);
    return parsed?.isValid() ? parsed.number.slice(1) : null;
  };

  it.each(Object.entries(examples) as [CountryCode, string][])(
    "%s: gives the full parse's answer, with and without the country code",
    (country, example) => {
      const code = getCountryCallingCode(country, full);
      const variants = [
        example,
        `+${code}${example}`,
        `+${code} ${example.slice(0, -1)}`,
        `+${code} ${example}9`,
        `+${code}0${example}`,
      ];
      for (const text of variants) expect(normalisePhone(text, country), text).toBe(fullParse(text, country));
    },
  );

  it("reads a national prefix written after the country code", () => {
    expect(normalisePhone("+7 8 (915) 777-11-22", "RU")).toBe(fullParse("+7 8 (915) 777-11-22", "RU"));
  });
});
