/** Ranking: the open card's contact fields first, then the rest of the card, then the page. */
import type { Occurrence } from "./scan";
import type { BaseSource, Contact, CrmAdapter } from "./types";

/** 0: a contact field of the card; 1: elsewhere in the card; 2: outside it. */
type Rank = 0 | 1 | 2;

/** Finds the card and its contact fields around an element, within the element's own tree. */
export interface CardLocator {
  closestCard(el: Element): Element | null;
  closestField(el: Element): Element | null;
}

const BASE_SOURCES: ReadonlySet<string> = new Set<BaseSource>(["tel-link", "mailto-link", "input", "text"]);

/** The cards found in every tree the walk entered, with the selector list that found them. */
export interface FoundCards extends CardLocator {
  /** The adapter's card selector list that matched, or null when no card is on the page. */
  selector: string | null;
}

/** Looks for the adapter's cards (first matching selector list wins) and fields in the given trees. */
export function findCards(scopes: readonly ParentNode[], adapter: CrmAdapter): FoundCards {
  // One query for all the lists: on a page without a card (a list of 5,000 rows) that is the only cost.
  const candidates = [...collect(scopes, adapter.card.join(", "))];
  const selector = adapter.card.find((list) => candidates.some((el) => el.matches(list))) ?? null;
  if (!selector) return { selector, closestCard: () => null, closestField: () => null };
  const cards = new Set(candidates.filter((el) => el.matches(selector)));
  const fields = collect(scopes, adapter.fields);
  return {
    selector,
    closestCard: (el) => closestIn(el, cards),
    closestField: (el) => closestIn(el, fields),
  };
}

/** A locator that matches selectors upwards from each node: cheap for a few added nodes. */
export function createSelectorLocator(cardSelector: string, fieldSelector: string): CardLocator {
  return {
    closestCard: (el) => el.closest(cardSelector),
    closestField: (el) => el.closest(fieldSelector),
  };
}

/** How to tell the card's contacts: where the card is, and the adapter that found it. */
export interface CardContext {
  locator: CardLocator;
  adapter: string;
  /** The element a shadow root or a frame's document hangs from. */
  hostOf(root: Node): Element | null;
}

/** Turns occurrences into ranked, deduplicated contacts without the ignored ones (normal values). */
export function rankContacts(
  found: readonly Occurrence[],
  card: CardContext | null,
  ignore: ReadonlySet<string>,
): Contact[] {
  const buckets: [Contact[], Contact[], Contact[]] = [[], [], []];
  for (const item of found) {
    if (ignore.size > 0 && ignore.has(item.value)) continue;
    const rank = card ? rankOf(item.node, card.locator, card.hostOf) : 2;
    buckets[rank].push({
      kind: item.kind,
      value: item.value,
      display: item.display,
      source: rank === 0 && card ? card.adapter : item.source,
      inCard: rank < 2,
    });
  }
  return dedupe(buckets.flat());
}

/** Merges contact lists (a full scan, then added nodes) keeping the ranking and the first of each. */
export function mergeContacts(...lists: readonly Contact[][]): Contact[] {
  const buckets: [Contact[], Contact[], Contact[]] = [[], [], []];
  for (const list of lists) for (const contact of list) buckets[contactRank(contact)].push(contact);
  return dedupe(buckets.flat());
}

function contactRank(contact: Contact): Rank {
  if (!contact.inCard) return 2;
  return BASE_SOURCES.has(contact.source) ? 1 : 0;
}

/** Climbs from the node through its tree, then through shadow hosts and frames, to find the card. */
function rankOf(node: Node, locator: CardLocator, hostOf: (root: Node) => Element | null): Rank {
  const start = node.nodeType === 1 ? (node as Element) : (node.parentElement ?? hostOf(node.getRootNode()));
  for (let el = start; el; el = hostOf(el.getRootNode())) {
    if (locator.closestCard(el)) return start && inField(start, el, locator, hostOf) ? 0 : 1;
  }
  return 2;
}

/** Whether a contact field stands between the node and the card (found at `cardLevel`'s tree). */
function inField(
  start: Element,
  cardLevel: Element,
  locator: CardLocator,
  hostOf: (root: Node) => Element | null,
): boolean {
  for (let el: Element | null = start; el; el = hostOf(el.getRootNode())) {
    if (locator.closestField(el)) return true;
    if (el === cardLevel) return false;
  }
  return false;
}

function collect(scopes: readonly ParentNode[], selector: string): Set<Element> {
  const found = new Set<Element>();
  for (const scope of scopes) for (const el of scope.querySelectorAll(selector)) found.add(el);
  return found;
}

function closestIn(el: Element, set: ReadonlySet<Element>): Element | null {
  if (set.size === 0) return null;
  for (let cur: Element | null = el; cur; cur = cur.parentElement) if (set.has(cur)) return cur;
  return null;
}

/** Keeps the first of each contact. A value alone tells its kind: digits are a phone, `@` an email. */
function dedupe(contacts: readonly Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((contact) => {
    if (seen.has(contact.value)) return false;
    seen.add(contact.value);
    return true;
  });
}
