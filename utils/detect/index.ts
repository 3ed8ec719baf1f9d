/**
 * Contact detection on CRM pages: the lead's phones and emails, the open card's first. Pure DOM code
 * with explicit imports (no extension APIs), so it runs in the content script and in happy-dom tests.
 */
import { generic, pickAdapter } from "./adapters";
import { createIgnoreSet } from "./ignore";
import { createSelectorLocator, findCards, rankContacts } from "./rank";
import { PageScan } from "./scan";
import type { Contact, CrmAdapter, DetectionResult, DetectOptions } from "./types";

export { CRM_ADAPTERS, pickAdapter } from "./adapters";
export { mailtoAddresses, normaliseEmail } from "./email";
export { normaliseContactValue } from "./ignore";
export { limitDetection, MAX_CONTACTS, MAX_DISPLAY } from "./limit";
export { isSupportedRegion, normalisePhone } from "./phone";
export { mergeContacts } from "./rank";
export { OWN_UI_ATTRIBUTE } from "./scan";
export type * from "./types";

const CACHE_LIMIT = 50_000;

/** A detector bound to one page's options: reuse it for the full scan and every batch of added nodes. */
export interface ContactDetector {
  /** The adapter chosen by the URL (`generic` when none claims it). */
  readonly adapter: CrmAdapter;
  /** Reads everything under `root` (usually `document`). */
  detect(root: ParentNode): DetectionResult;
  /** Reads only `nodes` (added since the last scan); merge the result with `mergeContacts`. */
  detectIn(nodes: readonly Node[]): Contact[];
}

/** Creates a detector: picks the adapter and normalises the ignore list once. */
export function createContactDetector(options: DetectOptions): ContactDetector {
  const region = options.region ?? "RU";
  const url = parseUrl(options.url);
  const adapter = url ? pickAdapter(url) : generic;
  const ignore = createIgnoreSet(options.ignore ?? [], region);
  const cache = new Map<string, string | null>();
  const anyCard = adapter.card.join(", ");
  // Added nodes are ranked with the card selector list that the last full scan found, else with all.
  let cardSelector = anyCard;
  const newScan = () => {
    // A page that lives for hours (an endless list) must not grow the cache without end.
    if (cache.size > CACHE_LIMIT) cache.clear();
    return new PageScan(region, cache, adapter.inactive);
  };

  const detect = (root: ParentNode): DetectionResult => {
    const scan = newScan();
    scan.scanRoot(root);
    const cards = adapter.card.length > 0 ? findCards(scan.scopes, adapter) : null;
    cardSelector = cards?.selector ?? anyCard;
    const found = !!cards?.selector;
    const card = found ? { locator: cards, adapter: adapter.name, hostOf: scan.hostOf.bind(scan) } : null;
    return {
      contacts: rankContacts(scan.found, card, ignore),
      adapter: found ? adapter.name : generic.name,
      // A CRM's list or board has no card to find; only a card page without one is unrecognised.
      layoutRecognised: found || !url || !adapter.isCardUrl(url),
    };
  };

  const detectIn = (nodes: readonly Node[]): Contact[] => {
    const scan = newScan();
    scan.scanNodes(nodes);
    const locator = cardSelector ? createSelectorLocator(cardSelector, adapter.fields) : null;
    const card = locator ? { locator, adapter: adapter.name, hostOf: scan.hostOf.bind(scan) } : null;
    return rankContacts(scan.found, card, ignore);
  };

  return { adapter, detect, detectIn };
}

/** Finds the contacts under `root`, ranked: the open card's contacts first. */
export function detectContacts(root: ParentNode, options: DetectOptions): DetectionResult {
  return createContactDetector(options).detect(root);
}

/** Finds the contacts in added nodes only (the MutationObserver path). */
export function detectContactsIn(nodes: readonly Node[], options: DetectOptions): Contact[] {
  return createContactDetector(options).detectIn(nodes);
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
