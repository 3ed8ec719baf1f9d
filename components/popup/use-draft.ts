/** The popup's draft in storage: restored for the page it was written on, saved a moment after each change. */
import { useEffect, useRef } from "preact/hooks";
import { freshDraft, type PopupDraft, popupDraftItem } from "../../utils/storage";

/** How long the popup waits after a change before it stores the draft. */
export const DRAFT_DELAY_MS = 300;

/**
 * The stored draft when it was written on `url` within `DRAFT_TTL_MS`, else null (another page starts
 * fresh). An expired draft is deleted: it holds a lead's contacts.
 */
export async function loadDraft(url: string, now = Date.now()): Promise<PopupDraft | null> {
  const stored = await popupDraftItem.getValue().catch(() => null);
  const draft = freshDraft(stored, now);
  if (stored && !draft) await popupDraftItem.setValue(null).catch(() => undefined);
  return draft && draft.url === url ? draft : null;
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

/** Forgets the draft (after a successful send). */
export function clearDraft(): Promise<void> {
  return popupDraftItem.setValue(null);
}
