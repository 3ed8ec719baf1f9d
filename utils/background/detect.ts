/** Contact detection in a tab, from the background: injects the content script and checks what it returns. */
import { browser } from "wxt/browser";
import { DetectionResultSchema } from "../detect/types";
import type { DetectReply } from "../messaging";

const CONTENT_SCRIPT = "/content-scripts/content.js";

/** Runs the content script in the tab's top frame and returns its contacts, or why it could not. */
export async function detectInTab(tabId: number): Promise<DetectReply> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) return { ok: false, error: "noTab", message: `No tab ${tabId}.` };
  let injected: unknown;
  try {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
    injected = frame?.result;
  } catch (e) {
    // The browser keeps extensions out of its own pages, the web store and pages not granted to us.
    return { ok: false, error: "noAccess", message: e instanceof Error ? e.message : String(e) };
  }
  const parsed = DetectionResultSchema.safeParse(injected);
  if (!parsed.success) {
    return { ok: false, error: "failed", message: "The page's contacts could not be read." };
  }
  return { ok: true, url: tab.url ?? "", title: tab.title ?? "", result: parsed.data };
}
