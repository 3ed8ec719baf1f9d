/**
 * Typed custom-field values as people write them (numbers, dates), read the same way by the presets on the
 * options page and by the popup. Pure.
 */

/**
 * A number as people type it, the one reading of numbers for presets, the popup and CSV: spaces group
 * thousands and a comma may be the decimal mark (`1 250,50` → 1250.5); with both marks the last one is
 * the decimal mark (`1,250.50` and `1.250,50` → 1250.5), as a spreadsheet exported in either locale
 * writes it. Null when it is not a number.
 */
export function parseDecimal(text: string): number | null {
  let s = text.replace(/[\s\u00a0\u202f'’_]/g, "");
  const commas = s.split(",").length - 1;
  const dots = s.split(".").length - 1;
  if (commas && dots) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    s =
      s.lastIndexOf(",") > s.lastIndexOf(".") ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  } else if (commas === 1) {
    s = s.replace(",", ".");
  } else if (commas > 1 || dots > 1) {
    // `1,250,000` or `1.250.000`: the marks only group thousands.
    s = s.replace(/[.,]/g, "");
  }
  s = s.replace(/^−/, "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const number = Number(s);
  return Number.isFinite(number) ? number : null;
}

/** True for a real calendar date written `yyyy-mm-dd` (what `<input type="date">` gives). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
