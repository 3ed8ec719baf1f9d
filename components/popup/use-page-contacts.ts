/** The popup's start: the page's contacts read by the content script, and the draft written on that page. */
import { useEffect, useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { contactFromKey, contactKey, type PopupContact } from "../../utils/contacts";
import type { DetectionResult } from "../../utils/detect";
import { t } from "../../utils/i18n";
import { type DetectReply, sendMessage } from "../../utils/messaging";
import type { PopupDraft } from "../../utils/storage";
import { restoreRows } from "../matching-rows";
import { EMPTY_FORM, type PopupForm } from "./popup-form";
import { clearDraft, leadOfPage, loadDraft } from "./use-draft";

export type Detection =
  | { phase: "loading" }
  | {
      phase: "ready";
      /** The page's URL. Null when the page could not be read. */
      url: string | null;
      /** The lead the page shows (`leadOfPage`): the draft belongs to it. Null when the page could not be read. */
      lead: string | null;
      /** The tab's title: the header names the lead by it. */
      title: string;
      /** The CRM adapter that read the page ("generic" for any other site); null when the page could not be read. */
      adapter: string | null;
      /** When the restored draft was last changed; null when the form started fresh. */
      draftSavedAt: number | null;
      layoutRecognised: boolean;
      problem: Exclude<DetectReply, { ok: true }>["error"] | null;
      message: string;
      /** Contacts found on the page. */
      found: number;
      /** Contacts beyond the listed ones (a very large page). */
      more: number;
    };

/** The tab the popup works on: `?tabId=N` (a popup opened as a tab, in tests), else the active tab. */
async function targetTabId(): Promise<number | null> {
  const param = new URLSearchParams(window.location.search).get("tabId");
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function detect(): Promise<DetectReply> {
  const tabId = await targetTabId().catch(() => null);
  if (tabId === null) return { ok: false, error: "noTab", message: "" };
  try {
    return await sendMessage("detectContacts", { tabId });
  } catch (error) {
    return { ok: false, error: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

/** The form a lead starts with: its card's contacts selected, nothing typed. */
export const freshForm = (contacts: readonly PopupContact[]): PopupForm => ({
  ...EMPTY_FORM,
  selected: contacts.filter((c) => c.inCard).map(contactKey),
});

/**
 * The contacts to list and the form to start with: the page's contacts (repeats dropped) and, with a
 * draft, the contacts it selected by hand and its inputs; without one, the open card's contacts selected.
 */
export function startingPoint(
  detected: DetectionResult["contacts"],
  draft: PopupDraft | null,
): { contacts: PopupContact[]; found: number; form: PopupForm | null; selected: string[] } {
  const found: PopupContact[] = [];
  const known = new Set<string>();
  for (const c of detected) {
    const contact: PopupContact = { kind: c.kind, value: c.value, inCard: c.inCard };
    if (known.has(contactKey(contact))) continue;
    known.add(contactKey(contact));
    found.push(contact);
  }
  if (!draft) {
    const selected = found.filter((c) => c.inCard).map(contactKey);
    return { contacts: found, found: found.length, form: null, selected };
  }
  // Contacts typed by hand are not on the page: the draft's selection brings them back.
  const typed = draft.selected
    .filter((key) => !known.has(key))
    .map(contactFromKey)
    .filter((c): c is PopupContact => c !== null);
  const contacts = [...found, ...typed];
  const keys = new Set(contacts.map(contactKey));
  const selected = draft.selected.filter((key) => keys.has(key));
  const rows = restoreRows(draft.matching);
  return {
    contacts,
    found: found.length,
    selected,
    form: {
      selected,
      rows: rows.length ? rows : null,
      fields: draft.fields,
      overwrite: draft.overwrite,
      tags: draft.tags ?? "",
      tagsOverwrite: draft.tagsOverwrite ?? false,
      comment: draft.comment ?? "",
    },
  };
}

/**
 * Reads the page once: `restore` gets the draft's form (or the card's contacts selected) before the
 * detection is ready. `addContact` lists a contact typed by hand.
 */
export function usePageContacts(restore: (form: PopupForm | null, selected: string[]) => void) {
  const [detection, setDetection] = useState<Detection>({ phase: "loading" });
  const [contacts, setContacts] = useState<PopupContact[]>([]);
  const onRestore = useRef(restore);
  onRestore.current = restore;

  useEffect(() => {
    let active = true;
    void (async () => {
      const reply = await detect();
      const url = reply.ok ? reply.url : null;
      const lead = reply.ok ? leadOfPage(reply.url, reply.result.contacts) : null;
      const draft = lead ? await loadDraft(lead) : null;
      if (!active) return;
      const start = startingPoint(reply.ok ? reply.result.contacts : [], draft);
      setContacts(start.contacts);
      onRestore.current(start.form, start.selected);
      setDetection({
        phase: "ready",
        url,
        lead,
        title: reply.ok ? reply.title : "",
        adapter: reply.ok ? reply.result.adapter : null,
        draftSavedAt: draft?.savedAt ?? null,
        layoutRecognised: reply.ok ? reply.result.layoutRecognised : true,
        problem: reply.ok ? null : reply.error,
        message: reply.ok ? "" : reply.message,
        found: start.found,
        more: reply.ok ? (reply.result.more ?? 0) : 0,
      });
    })();
    return () => {
      active = false;
    };
  }, []);

  const addContact = (contact: PopupContact) => {
    const key = contactKey(contact);
    setContacts((list) => (list.some((c) => contactKey(c) === key) ? list : [...list, contact]));
  };

  /** Takes contacts off the list (the user said they are the company's own). */
  const removeContacts = (keys: readonly string[]) => {
    const gone = new Set(keys);
    setContacts((list) => list.filter((c) => !gone.has(contactKey(c))));
  };

  /** Forgets the stored draft (sent, or cleared): the header's "Unsent draft" line goes. */
  const forgetDraft = () => {
    setDetection((current) => (current.phase === "ready" ? { ...current, draftSavedAt: null } : current));
    void clearDraft();
  };

  return { detection, contacts, addContact, removeContacts, forgetDraft };
}

export interface DetectionNotice {
  tone: "warning" | "error" | "neutral";
  text: string;
}

/** What the popup says about reading the page. */
export function detectionNotice(detection: Detection): DetectionNotice | null {
  if (detection.phase !== "ready") return null;
  switch (detection.problem) {
    case "noAccess":
      return { tone: "error", text: t("popupNoAccess") };
    case "noTab":
      return { tone: "error", text: t("popupNoTab") };
    case "failed":
      return { tone: "error", text: t("popupDetectFailed", detection.message || "—") };
  }
  if (detection.found === 0) return { tone: "neutral", text: t("popupNoContacts") };
  if (!detection.layoutRecognised) return { tone: "warning", text: t("popupLayoutUnknown") };
  return null;
}
