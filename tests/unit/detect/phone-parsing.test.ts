// @vitest-environment node
import { readFileSync } from "node:fs";
import {
  type CountryCode,
  getCountryCallingCode,
  type MetadataJson,
  parsePhoneNumberFromString,
} from "libphonenumber-js/core";
import examples from "libphonenumber-js/examples.mobile.json";
import minMetadata from "libphonenumber-js/min/metadata";
import { describe, expect, it } from "vitest";
import { PHONE_METADATA_FILE, phoneMetadataWithoutFormatting } from "../../../scripts/update-phone-metadata";
import { normalisePhone } from "../../../utils/detect";

const full = minMetadata as unknown as MetadataJson;
const trimmed = JSON.parse(readFileSync(PHONE_METADATA_FILE, "utf8")) as MetadataJson;

/** What detection reads from a parse: the number, and whether it is possible and valid. */
function outcome(text: string, country: CountryCode, metadata: MetadataJson) {
  const parsed = parsePhoneNumberFromString(text, country, metadata);
  return parsed ? [parsed.number, parsed.country, parsed.isPossible(), parsed.isValid()] : null;
}

describe("utils/detect/phone-metadata.json", () => {
  it("is the installed libphonenumber-js `min` metadata without its formatting rules", () => {
    expect(
      JSON.parse(readFileSync(PHONE_METADATA_FILE, "utf8")),
      "regenerate it: npx tsx scripts/update-phone-metadata.ts",
    ).toEqual(phoneMetadataWithoutFormatting());
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
