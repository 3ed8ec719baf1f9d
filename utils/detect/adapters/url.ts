/** URL tests shared by the adapters. */

/** True when the URL's host is one of `domains` or a subdomain of one (`acme.amocrm.ru`). */
export function hostUnder(url: URL, domains: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** A CSS selector list written one selector a line. */
export function selectorList(...selectors: string[]): string {
  return selectors.join(", ");
}
