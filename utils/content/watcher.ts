/**
 * Keeps the contacts of one page at hand for the popup and the context menu. A full scan runs when asked
 * and something was removed or the URL changed; added nodes are scanned as they come (debounced), so a
 * CRM that renders a card bit by bit costs a few milliseconds, not a rescan of the page.
 */
import { createContactDetector, type DetectionResult, type DetectOptions, mergeContacts } from "../detect";

export interface PageWatcherOptions extends Omit<DetectOptions, "url"> {
  /** Waits before scanning added nodes; mutations meanwhile are scanned together. */
  debounceMs?: number;
  /** False once the extension is gone (updated, removed): the watcher stops at the next mutation. */
  alive?: () => boolean;
}

export interface PageWatcher {
  /** The page's contacts now. */
  current(): DetectionResult;
  /** Stops observing. */
  stop(): void;
}

/** Watches `doc` until `signal` aborts (the content script's context is invalidated). */
export function watchPage(
  doc: Document,
  options: PageWatcherOptions,
  signal: AbortSignal,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): PageWatcher {
  const debounceMs = options.debounceMs ?? 300;
  let url = doc.location?.href ?? "";
  let detector = createContactDetector({ ...options, url });
  let latest: DetectionResult | null = null;
  let added: Node[] = [];
  let pending = false;

  const flush = () => {
    pending = false;
    const nodes = added;
    added = [];
    if (!latest || nodes.length === 0) return;
    const connected = nodes.filter((node) => node.isConnected);
    latest = { ...latest, contacts: mergeContacts(latest.contacts, detector.detectIn(connected)) };
  };

  const observer = new MutationObserver((records) => {
    if (options.alive && !options.alive()) {
      observer.disconnect();
      return;
    }
    if (doc.location?.href !== url) {
      url = doc.location?.href ?? "";
      detector = createContactDetector({ ...options, url });
      latest = null;
    }
    for (const record of records) {
      // A removed node may have held a contact: only a full scan can tell what is left.
      if (record.removedNodes.length > 0 || record.type === "characterData") latest = null;
      for (const node of record.addedNodes) added.push(node);
    }
    if (!latest) {
      added = [];
      return;
    }
    if (!pending) {
      pending = true;
      schedule(flush, debounceMs);
    }
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
  signal.addEventListener("abort", () => observer.disconnect(), { once: true });

  return {
    current() {
      if (pending) flush();
      if (doc.location?.href !== url) {
        url = doc.location?.href ?? "";
        detector = createContactDetector({ ...options, url });
        latest = null;
      }
      latest ??= detector.detect(doc);
      return latest;
    },
    stop: () => observer.disconnect(),
  };
}
