/** The history page as a person uses it (filter, page, search, export) and the figures a test reads off it. */
import type { Page } from "playwright-core";
import type { ExtensionSession } from "../harness";

/** Counts every table row the DOM ever holds; an init script, so it runs before the page's own scripts. */
function watchRows() {
  const state = globalThis as unknown as { maxRows: number };
  state.maxRows = 0;
  new MutationObserver(() => {
    state.maxRows = Math.max(state.maxRows, document.getElementsByTagName("tr").length);
  }).observe(document, { childList: true, subtree: true });
}

export class HistoryPage {
  constructor(readonly page: Page) {}

  static async open(session: ExtensionSession): Promise<HistoryPage> {
    return new HistoryPage(await session.openPage("lead-history.html"));
  }

  /** Opens the page in a new tab that counts the table rows the DOM holds from the start (`maxRows`). */
  static async openWatchingRows(session: ExtensionSession): Promise<HistoryPage> {
    const page = await session.context.newPage();
    await page.addInitScript(watchRows);
    await page.goto(`chrome-extension://${session.extensionId}/lead-history.html`);
    return new HistoryPage(page);
  }

  /**
   * Resolves once the table shows a settled page whose every row has `state` and contains `text`, and
   * whose first row contains `first`.
   */
  async settled(
    { state, text, first }: { state?: string; text?: string; first?: string } = {},
    timeout = 120_000,
  ) {
    await this.page.waitForFunction(
      ({ state, text, first }) => {
        const table = document.querySelector("table.history");
        if (table?.getAttribute("aria-busy") !== "false") return false;
        const rows = [...table.querySelectorAll("tbody tr")];
        return (
          rows.length > 0 &&
          (!first || rows[0]?.textContent?.includes(first)) &&
          rows.every(
            (row) =>
              (!state || row.querySelector(".state")?.textContent === state) &&
              (!text || row.textContent?.includes(text)),
          )
        );
      },
      { state, text, first },
      { timeout, polling: 20 },
    );
  }

  /** The table's body rows. */
  rows() {
    return this.page.locator("table.history tbody tr");
  }

  /** The text of the first row. */
  firstRowText() {
    return this.rows().first().textContent();
  }

  /** Chooses a status in the filter; "" shows every status. */
  async filterByStatus(state: string) {
    await this.page.getByLabel("Status").selectOption(state);
  }

  async older() {
    await this.page.getByRole("button", { name: "Older" }).click();
  }

  async search(text: string) {
    await this.page.getByLabel("Search").fill(text);
  }

  /** Waits for `text` to be shown. */
  async waitForText(text: string | RegExp, timeout?: number) {
    await this.page.getByText(text).waitFor({ timeout });
  }

  /** Clicks Export CSV; resolves with the download. */
  async exportCsv(timeout: number) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download", { timeout }),
      this.page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    return download;
  }

  /** The most table rows the DOM has held since the page opened (`openWatchingRows` only). */
  maxRows(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as { maxRows: number }).maxRows);
  }
}
