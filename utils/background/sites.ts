/** The content script on the CRM sites the user enabled: registered to run by itself there. */
import { browser } from "wxt/browser";

const SCRIPT_ID = "crm-sites";

/**
 * Registers the content script for the enabled sites whose host permission is granted (and unregisters
 * it when none is left). Returns the patterns it runs on.
 */
export async function syncCrmSites(enabledSites: readonly string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of enabledSites) {
    if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) granted.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length > 0) {
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        js: ["content-scripts/content.js"],
        matches: granted,
        runAt: "document_idle",
        persistAcrossSessions: true,
      },
    ]);
  }
  return granted;
}
