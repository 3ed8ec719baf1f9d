import { browser } from "wxt/browser";

/** Opens the bulk page in a new tab (the popup and the options page link to it). */
export function openBulkPage(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL("/bulk.html") });
}
