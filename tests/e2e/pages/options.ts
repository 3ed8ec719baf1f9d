/** The options page as a person uses it: the credentials form and what the page says back. */
import type { Page } from "playwright-core";
import type { ExtensionSession } from "../harness";

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(session: ExtensionSession): Promise<OptionsPage> {
    return new OptionsPage(await session.openPage("options.html"));
  }

  async fillToken(token: string) {
    await this.page.getByLabel("Access-Token").fill(token);
  }

  /** The token input's value (empty once a token is saved: it is never shown again). */
  tokenValue(): Promise<string> {
    return this.page.getByLabel("Access-Token").inputValue();
  }

  async fillSiteId(siteId: string) {
    await this.page.getByLabel("Cabinet ID (SiteId)").fill(siteId);
  }

  /** Opens "Advanced" and types the API address. */
  async fillApiAddress(url: string) {
    await this.page.getByText("Advanced").click();
    await this.page.getByLabel("API address").fill(url);
  }

  async save() {
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
  }

  /** True while some text matching `text` is shown. */
  async shows(text: string | RegExp): Promise<boolean> {
    return this.page.getByText(text).first().isVisible();
  }
}
