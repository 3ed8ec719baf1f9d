/**
 * Writes utils/detect/phone-metadata.json: libphonenumber-js's `min` metadata without the rules that only
 * formatting reads (detection parses and validates, it never formats), which keeps the content script small.
 * Run after updating libphonenumber-js: `npx tsx scripts/update-phone-metadata.ts`. A unit test fails while
 * the file differs from what this would write.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import minMetadata from "libphonenumber-js/min/metadata";

export const PHONE_METADATA_FILE = path.resolve(import.meta.dirname, "../utils/detect/phone-metadata.json");

// The positions (metadata v4) of a numbering plan that only formatting reads: the formats, the
// national prefix formatting rule, and whether that prefix is optional when formatting.
const FORMATTING_ONLY = new Map<number, unknown>([
  [4, []],
  [6, 0],
  [9, 0],
]);

type Plans = Record<string, unknown[]>;
export type PhoneMetadata = {
  version: number;
  country_calling_codes: unknown;
  countries: Plans;
  nonGeographic?: Plans;
};

/** The installed `min` metadata with every formatting-only position of every plan emptied. */
export function phoneMetadataWithoutFormatting(): PhoneMetadata {
  // The package types its JSON as an opaque MetadataJson; its v4 layout is documented in its README.
  const metadata = minMetadata as unknown as PhoneMetadata;
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PHONE_METADATA_FILE, `${JSON.stringify(phoneMetadataWithoutFormatting())}\n`);
  console.log(`wrote ${path.relative(process.cwd(), PHONE_METADATA_FILE)}`);
}
