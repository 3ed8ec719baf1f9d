/** The popup as a person uses it: pick the lead's contacts, fill fields, send, read what Calltouch did. */
import type { Page } from "playwright-core";
import type { ExtensionSession } from "../harness";
import { openCrmTab } from "./crm";

export class PopupPage {
  constructor(readonly page: Page) {}

  /** Opens the CRM page `url` in a tab, then the popup for that tab (as the toolbar button does). */
  static async openOn(session: ExtensionSession, url: string): Promise<PopupPage> {
    const { tabId } = await openCrmTab(session, url);
    return new PopupPage(await session.openPage(`popup.html?tabId=${tabId}`));
  }

  /** A contact's checkbox, by the phone or email it shows. */
  contact(text: string) {
    return this.page.getByRole("checkbox", { name: text });
  }

  /** Unchecks every checked contact but the one whose label contains `text`. */
  async keepOnlyContact(text: string) {
    for (const box of await this.page.getByRole("checkbox").all()) {
      const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "");
      if ((await box.isChecked()) && !label.includes(text)) await box.uncheck();
    }
  }

  /** Types `value` into the field labelled `label`. */
  async fillField(label: string, value: string) {
    await this.page.getByLabel(label).fill(value);
  }

  /** Chooses `option` in the list field labelled `label`. */
  async chooseField(label: string, option: string) {
    await this.page.getByLabel(label).selectOption(option);
  }

  async send() {
    await this.page.getByRole("button", { name: "Send to Calltouch" }).click();
  }

  /** True while some text matching `text` is shown (the results say what Calltouch matched). */
  async shows(text: string | RegExp): Promise<boolean> {
    return this.page.getByText(text).first().isVisible();
  }
}
