/**
 * The context-menu item "Tag this lead": one sub-item per preset. A click applies the preset to the
 * selected phone/email, the clicked tel:/mailto: link, or else the open lead card's contacts.
 */
import { browser } from "wxt/browser";
import type { LeadOperation } from "../calltouch/schemas";
import type { CountryCode, DetectionResult } from "../detect";
import { normaliseContactValue, normaliseEmail, normalisePhone } from "../detect";
import { safeDecode } from "../detect/decode";
import { mailtoAddresses } from "../detect/email";
import { t } from "../i18n";
import { buildLeadOperations } from "../lead-operations";
import { buildMatching, type LeadContacts } from "../matching";
import type { Preset } from "../storage";

export const MENU_ROOT = "tag-lead";
/** The most of a clicked link or selection read: a lead's contacts fit many times over. */
const MAX_CLICK_TEXT = 10_000;
const PRESET_PREFIX = "preset:";
const OPEN_OPTIONS = "open-options";
const CONTEXTS: ["selection", "link", "page"] = ["selection", "link", "page"];

/** Rebuilds the menu for the current presets (a hint to create one when there is none). */
export async function buildMenu(presets: readonly Preset[]): Promise<void> {
  await browser.contextMenus.removeAll();
  const contexts = CONTEXTS;
  browser.contextMenus.create({ id: MENU_ROOT, title: t("menuTagLead"), contexts });
  if (presets.length === 0) {
    browser.contextMenus.create({
      id: OPEN_OPTIONS,
      parentId: MENU_ROOT,
      title: t("menuNoPresets"),
      contexts,
    });
  }
  for (const preset of presets) {
    browser.contextMenus.create({
      id: PRESET_PREFIX + preset.id,
      parentId: MENU_ROOT,
      title: preset.name,
      contexts,
    });
  }
}

/** What a menu click carries that matters here. */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  linkUrl?: string;
}

/** The phones and emails of the selection or link; null when neither holds one. */
export function contactsFromClick(click: MenuClick, region: CountryCode): LeadContacts | null {
  const phones = new Set<string>();
  const emails = new Set<string>();
  // A page writes the link and the selection: both are bounded before they are read.
  const link = (click.linkUrl ?? "").slice(0, MAX_CLICK_TEXT);
  if (/^(tel|callto):/i.test(link)) {
    const phone = normalisePhone(safeDecode(link), region);
    if (phone) phones.add(phone);
  } else if (/^mailto:/i.test(link)) {
    for (const address of mailtoAddresses(link)) {
      const email = normaliseEmail(address);
      if (email) emails.add(email);
    }
  }
  // A selection may hold several contacts ("+7 915 777-11-22, ivan@mail.ru"): each piece on its own.
  for (const piece of (click.selectionText ?? "").slice(0, MAX_CLICK_TEXT).split(/[,;\n]+/)) {
    const contact = piece.trim() ? normaliseContactValue(piece, region) : null;
    if (contact?.kind === "phone") phones.add(contact.value);
    if (contact?.kind === "email") emails.add(contact.value);
  }
  if (phones.size === 0 && emails.size === 0) return null;
  return { phones: [...phones], emails: [...emails] };
}

/** The open card's contacts from a detection, or null when the page shows no card contact. */
export function cardContacts(result: DetectionResult): LeadContacts | null {
  const card = result.contacts.filter((c) => c.inCard);
  if (card.length === 0) return null;
  return {
    phones: card.filter((c) => c.kind === "phone").map((c) => c.value),
    emails: card.filter((c) => c.kind === "email").map((c) => c.value),
  };
}

/**
 * The lead operations a preset makes of the contacts, all with the same matching: custom fields (when the
 * preset has fields), tags, a comment. Null when its matching cannot use the contacts.
 */
export function operationFromPreset(preset: Preset, contacts: LeadContacts): LeadOperation[] | null {
  const built = buildLeadOperations({
    matching: buildMatching(preset.matching, contacts),
    fields: preset.fields.map((f) => ({ field: f.apiName, value: f.value })),
    overwrite: preset.overwrite,
    tags: preset.tags ?? [],
    tagsOverwrite: preset.tagsOverwrite ?? false,
    comment: preset.comment ?? "",
  });
  return built.ok ? built.operations : null;
}

/** Is this click on a preset item? Returns its preset id. */
export function presetIdOf(click: MenuClick): string | null {
  const id = String(click.menuItemId);
  return id.startsWith(PRESET_PREFIX) ? id.slice(PRESET_PREFIX.length) : null;
}

/** Is this click on the "create a preset" hint? */
export function isOpenOptions(click: MenuClick): boolean {
  return click.menuItemId === OPEN_OPTIONS;
}

/** A person-readable list of the contacts (for the notification and the history). */
export function describeContacts(contacts: LeadContacts): string {
  return [...contacts.phones.map((p) => `+${p}`), ...contacts.emails].join(", ");
}
