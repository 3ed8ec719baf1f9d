/**
 * Loads a CRM fixture page into happy-dom's document the way a browser would show it:
 * - a frame's `src` becomes its `srcdoc`, since happy-dom loads no pages: `/name/…` is the fixture
 *   `name.html`, as tests/e2e/crm-server.ts serves them;
 * - `<script data-fixture-setup>` runs (happy-dom does not run scripts set through innerHTML), so the
 *   Salesforce page builds its shadow roots, and the amoCRM page its field rows, with the code a browser runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Contact, CountryCode } from "../../../utils/detect";

export const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/crm");

/** A fixture's `*.expected.json`: how to detect on it and what must come out. */
export interface FixtureExpectation {
  url: string;
  region?: CountryCode;
  ignore: string[];
  adapter: string;
  layoutRecognised: boolean;
  contacts: Contact[];
}

/** Reads a fixture's expectation file. */
export function readExpectation(name: string): FixtureExpectation {
  return JSON.parse(readFixtureFile(`${name}.expected.json`));
}

/** Replaces the document's content with the fixture page and waits until its frames have loaded. */
export async function loadFixture(name: string): Promise<void> {
  const html = readFixtureFile(`${name}.html`).replace(
    /(<iframe\b[^>]*?)\ssrc="([^"]+)"/g,
    (_, start: string, src: string) =>
      `${start} srcdoc="${escapeAttribute(readFixtureFile(`${src.split("/")[1]}.html`))}"`,
  );
  const parsed = new DOMParser().parseFromString(html, "text/html");
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  for (const script of document.querySelectorAll("script[data-fixture-setup]")) {
    new Function(script.textContent ?? "")();
  }
  await framesLoaded(document);
}

function readFixtureFile(file: string): string {
  return readFileSync(path.join(FIXTURES, file), "utf8");
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}

async function framesLoaded(doc: Document): Promise<void> {
  const frames = [...doc.querySelectorAll("iframe")];
  for (let attempt = 0; attempt < 100; attempt++) {
    if (frames.every((frame) => frame.contentDocument?.body?.childElementCount)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("A fixture's frame did not load");
}
