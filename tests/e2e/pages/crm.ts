/** A CRM tab and the context menu on it: what a person does outside the extension's own pages. */
import type { Page } from "playwright-core";
import type { ExtensionSession } from "../harness";

/** Opens `url` in a new tab; resolves with the tab's page and its id (the popup opens for a tab id). */
export async function openCrmTab(
  session: ExtensionSession,
  url: string,
): Promise<{ page: Page; tabId: number }> {
  const page = await session.context.newPage();
  await page.goto(url);
  const worker = await session.worker();
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  if (tabId === undefined) throw new Error(`no tab for ${url}`);
  return { page, tabId };
}

export interface MenuClick {
  menuItemId: string;
  selectionText?: string;
  linkUrl?: string;
}

/**
 * Opens `url` and clicks the menu item on it, through the worker as the browser's listener would; resolves
 * with the notification the extension shows (null: none).
 */
export async function clickMenu(
  session: ExtensionSession,
  url: string,
  click: MenuClick,
): Promise<{ title: string; message: string } | null> {
  const { page, tabId } = await openCrmTab(session, url);
  const worker = await session.worker();
  const notice = await worker.evaluate(
    async ({ tabId, click }) => {
      type Background = { handleMenuClick(click: unknown, tabId?: number): Promise<unknown> };
      const background = (globalThis as unknown as { calltouchTagger: Background }).calltouchTagger;
      return background.handleMenuClick(click, tabId);
    },
    { tabId, click },
  );
  await page.close();
  return notice as { title: string; message: string } | null;
}
