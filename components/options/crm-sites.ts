/** The CRM sites the extension can run on by itself: host match patterns, granted as optional permissions. */

import { DEV_BUILD } from "../../utils/build-flavour";
import { isLoopbackHost } from "../../utils/calltouch/base-url";
import type { MessageKey } from "../../utils/i18n";

/** A known CRM: the adapter it is read by (utils/detect/adapters) and the hosts it is served from. */
export interface CrmSite {
  /** The adapter's name. */
  id: string;
  /** The message naming the CRM. */
  label: MessageKey;
  /** Host match patterns: the adapter's domains, any subdomain. */
  patterns: readonly string[];
}

/**
 * The adapters' domains as match patterns. HubSpot's app hosts (`app.`, `app-eu1.`…) cannot be written
 * as one pattern, so it is all of `hubspot.com`; Bitrix24 on a company's own server is "another site".
 */
export const CRM_SITES: readonly CrmSite[] = [
  {
    id: "amocrm",
    label: "crmSiteAmocrm",
    patterns: ["https://*.amocrm.ru/*", "https://*.amocrm.com/*", "https://*.kommo.com/*"],
  },
  {
    id: "bitrix24",
    label: "crmSiteBitrix24",
    patterns: [
      "ru",
      "com",
      "by",
      "kz",
      "ua",
      "de",
      "eu",
      "es",
      "fr",
      "it",
      "pl",
      "uk",
      "in",
      "cn",
      "jp",
      "com.br",
      "com.tr",
      "site",
    ].map((zone) => `https://*.bitrix24.${zone}/*`),
  },
  {
    id: "retailcrm",
    label: "crmSiteRetailcrm",
    patterns: [
      "https://*.retailcrm.ru/*",
      "https://*.retailcrm.pro/*",
      "https://*.simla.com/*",
      "https://*.simla.io/*",
    ],
  },
  { id: "hubspot", label: "crmSiteHubspot", patterns: ["https://*.hubspot.com/*"] },
  { id: "pipedrive", label: "crmSitePipedrive", patterns: ["https://*.pipedrive.com/*"] },
  {
    id: "salesforce",
    label: "crmSiteSalesforce",
    patterns: ["https://*.lightning.force.com/*", "https://*.my.salesforce.com/*"],
  },
];

const KNOWN_PATTERNS = new Set(CRM_SITES.flatMap((site) => site.patterns));

/** True when every pattern of `site` is among the enabled ones. */
export function isSiteEnabled(site: CrmSite, enabledSites: readonly string[]): boolean {
  return site.patterns.every((pattern) => enabledSites.includes(pattern));
}

/** The enabled patterns that no known CRM owns: the sites the user added by address. */
export function otherSitePatterns(enabledSites: readonly string[]): string[] {
  return enabledSites.filter((pattern) => !KNOWN_PATTERNS.has(pattern));
}

/** The address a site pattern stands for (`https://crm.mycompany.ru/*` → `https://crm.mycompany.ru`). */
export function patternOrigin(pattern: string): string {
  return pattern.replace(/\/\*$/, "");
}

export type SiteAddressError = "siteUrlInvalid" | "insecureUrl" | "httpsRequired";

/**
 * The match pattern of a site address as typed (`crm.mycompany.ru`, `https://crm.mycompany.ru/crm/deal/`):
 * its scheme and host, any port and path. https only, or plain http on loopback (local test pages) in
 * development builds, whose manifest alone lists loopback among the optional hosts.
 */
export function siteAddressPattern(input: string): { pattern: string } | { error: SiteAddressError } {
  const text = input.trim();
  if (!text) return { error: "siteUrlInvalid" };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { error: "siteUrlInvalid" };
  }
  const loopback = DEV_BUILD && isLoopbackHost(url.hostname);
  // A host with a dot (an IDN is punycode here already); `*` and other pattern syntax are not hosts.
  if (!loopback && !/^[a-z\d-]+(?:\.[a-z\d-]+)+$/i.test(url.hostname)) return { error: "siteUrlInvalid" };
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return { error: DEV_BUILD ? "insecureUrl" : "httpsRequired" };
  }
  return { pattern: `${url.protocol}//${url.hostname}/*` };
}
