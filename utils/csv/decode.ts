/** Turns the bytes of a CSV file into text: UTF-8 (with or without a BOM), else Windows-1251. Pure. */

export type CsvEncoding = "utf-8" | "windows-1251";

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** True when the file began with a UTF-8 byte order mark (Excel's "CSV UTF-8" writes one). */
  bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Decodes a file as CRMs and Excel export it. Bytes that are valid UTF-8 are UTF-8; anything else is
 * taken as Windows-1251, the code page of Russian Excel, in which every byte is a character.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  const bom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    // ignoreBOM: the mark is already cut off above; a second one would be part of the data.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { text: stripBom(text), encoding: "utf-8", bom };
  } catch {
    return { text: stripBom(new TextDecoder("windows-1251").decode(body)), encoding: "windows-1251", bom };
  }
}

/**
 * True for a file that is not text (an Excel workbook, an image, a PDF named .csv): a NUL byte in its
 * first 8 KB, which no CSV export of a CRM or Excel has.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/** The text without a leading U+FEFF (a BOM that survived an earlier conversion). */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
