import { cleanup } from "@testing-library/preact";
import { afterEach, beforeEach } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { FakeBackground } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";

/**
 * Registers the hooks every page test starts from: before each test a clean fake browser, English words and
 * `background` with no handlers; after it, the rendered page unmounted. Call it before the file's own hooks.
 */
export function resetPageEachTest(background: FakeBackground): void {
  beforeEach(() => {
    fakeBrowser.reset();
    useFakeI18n("en");
    background.reset();
  });
  afterEach(() => {
    cleanup();
  });
}
