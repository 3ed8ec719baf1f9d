/**
 * The popup's draft in storage: restored for the lead it was written for, saved a moment after each change.
 *
 * One draft is kept at a time, bound to its lead (the open card's contacts). Opening the popup on another
 * lead starts a fresh form and leaves the stored draft alone: it comes back when that lead's card is opened
 * again, until the user edits the other lead's form (the new draft replaces it) or a day passes.
 */
import { useEffect, useMemo, useRef } from "preact/hooks";
import { contactKey } from "../../utils/contacts";
import type { ContactKind } from "../../utils/detect/types";
import { freshDraft, type PopupDraft, popupDraftItem } from "../../utils/storage";
import type { PopupForm } from "./popup-form";

/**
 * The lead a page shows, as a draft is bound to it: the open card's contacts (sorted, so their order on
 * the page does not matter); without a card, the page's address and every contact found on it.
 */
export function leadOfPage(
  url: string,
  contacts: readonly { kind: ContactKind; value: string; inCard: boolean }[],
): string {
  const card = contacts.filter((c) => c.inCard).map(contactKey);
  if (card.length) return `card:${[...new Set(card)].sort().join(",")}`;
  return `page:${url}|${[...new Set(contacts.map(contactKey))].sort().join(",")}`;
}

/** How long the popup waits after a change before it stores the draft. */
export const DRAFT_DELAY_MS = 300;

/**
 * The stored draft when it was written for `lead` within `DRAFT_TTL_MS`, else null (another lead starts
 * fresh; its draft stays stored). An expired draft is deleted: it holds a lead's contacts.
 */
export async function loadDraft(lead: string, now = Date.now()): Promise<PopupDraft | null> {
  const stored = await popupDraftItem.getValue().catch(() => null);
  const draft = freshDraft(stored, now);
  if (stored && !draft) await popupDraftItem.setValue(null).catch(() => undefined);
  return draft && draft.lead === lead ? draft : null;
}

/**
 * Stores `draft` (debounced) whenever it changes; null stores nothing. A change still waiting when the
 * popup closes is written on `pagehide`, so the last keystrokes are not lost.
 */
export function useDraftSaver(draft: Omit<PopupDraft, "savedAt"> | null): void {
  const waiting = useRef<PopupDraft | null>(null);

  useEffect(() => {
    if (!draft) {
      waiting.current = null;
      return;
    }
    waiting.current = { ...draft, savedAt: Date.now() };
    const timer = setTimeout(() => {
      const next = waiting.current;
      waiting.current = null;
      if (next) void popupDraftItem.setValue(next);
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  useEffect(() => {
    const flush = () => {
      const next = waiting.current;
      waiting.current = null;
      if (next) void popupDraftItem.setValue(next);
    };
    window.addEventListener("pagehide", flush);
    return () => window.removeEventListener("pagehide", flush);
  }, []);
}

/**
 * Saves `form` as the draft of the page's `lead` (at `url`), once the user changed something (`dirty`):
 * a form only opened is not a draft. Nothing is saved while the page is unread.
 */
export function usePopupDraft(
  form: PopupForm,
  dirty: boolean,
  url: string | null,
  lead: string | null,
): void {
  const draft = useMemo(() => {
    if (!dirty || !url || !lead) return null;
    const { rows, ...rest } = form;
    return { url, lead, ...rest, matching: rows ?? [] };
  }, [dirty, url, lead, form]);
  useDraftSaver(draft);
}

/** Forgets the draft (after a successful send, or Clear). */
export function clearDraft(): Promise<void> {
  return popupDraftItem.setValue(null);
}
