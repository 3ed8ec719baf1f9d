/** The bulk page as a person uses it: upload a CSV, map its columns, send, and follow the job's card. */
import type { Locator, Page } from "playwright-core";
import type { ExtensionSession } from "../harness";

export class BulkPage {
  constructor(readonly page: Page) {}

  static async open(session: ExtensionSession): Promise<BulkPage> {
    return new BulkPage(await session.openPage("bulk.html"));
  }

  async uploadFile(name: string, bytes: Buffer) {
    await this.page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: bytes });
  }

  /** Sets each column's select to its role (`phone`, `field:name`, …), as a person would. */
  async mapColumns(roles: Record<string, string>) {
    for (const [header, role] of Object.entries(roles)) {
      await this.page.getByRole("combobox", { name: header, exact: true }).selectOption(role);
    }
  }

  async checkOverwrite() {
    await this.page.getByRole("checkbox", { name: "Overwrite values the leads already have" }).check();
  }

  /** The consent to leave out the rows that cannot be sent. */
  leaveOutConsent(rows?: number): Locator {
    return this.page.getByRole("checkbox", {
      name: rows === undefined ? /^Leave out the/ : `Leave out the ${rows} rows that cannot be sent`,
    });
  }

  async send(rows: number) {
    await this.page.getByRole("button", { name: `Send ${rows} rows` }).click();
  }

  /** Waits for `text` to be shown. */
  async waitForText(text: string) {
    await this.page.getByText(text).waitFor();
  }

  /** The card of the import of file `name`. */
  job(name: string): JobCard {
    return new JobCard(this.page, this.page.getByRole("article", { name }));
  }
}

export class JobCard {
  constructor(
    readonly page: Page,
    readonly card: Locator,
  ) {}

  waitFor(options?: { timeout?: number }) {
    return this.card.waitFor(options);
  }

  /** Waits until the job is over and its result can be downloaded. */
  async waitForResult(timeout: number) {
    await this.card.getByRole("button", { name: "Download result CSV" }).waitFor({ timeout });
  }

  /** How many times `text` is shown in the card, exactly. */
  countText(text: string): Promise<number> {
    return this.card.getByText(text, { exact: true }).count();
  }

  async waitForText(text: string) {
    await this.card.getByText(text, { exact: true }).waitFor();
  }

  /** Clicks "Download result CSV"; resolves with the download. */
  async downloadResult() {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.card.getByRole("button", { name: "Download result CSV" }).click(),
    ]);
    return download;
  }
}
