/** The shapes of contact detection: what the popup receives and what a CRM adapter declares. */
import type { CountryCode } from "libphonenumber-js/core";
import { z } from "zod";
import { MAX_CONTACTS, MAX_DISPLAY, MAX_VALUE } from "./limit";

export type { CountryCode };

const ContactKindSchema = z.enum(["phone", "email"]);
export type ContactKind = z.infer<typeof ContactKindSchema>;

/** Where a contact was read when no adapter claimed it. */
export type BaseSource = "tel-link" | "mailto-link" | "input" | "text";

/** One contact found on a page. */
const ContactSchema = z.object({
  kind: ContactKindSchema,
  /** A phone as the digits of its E.164 form without `+` (`79157771122`); an email in lower case. */
  value: z.string().min(1).max(MAX_VALUE),
  /** As written on the page, trimmed. */
  display: z.string().max(MAX_DISPLAY),
  /** A `BaseSource`, or the adapter's name when it came from a contact field of the open card. */
  source: z.string().max(50),
  /** True when it came from the open lead card (anywhere inside it). */
  inCard: z.boolean(),
});
export type Contact = z.infer<typeof ContactSchema>;

export interface DetectOptions {
  /** The page's URL: it picks the CRM adapter. */
  url: string;
  /** The region of numbers written without a country code. Default RU. */
  region?: CountryCode;
  /** "My numbers": the company's own lines, tracking numbers and emails, in any format. */
  ignore?: readonly string[];
}

/**
 * What the detector finds, and what the content script returns: checked by the background, since a
 * content script runs inside a web page. The detector already cuts a large page's list
 * (`limitDetection`), so a real page always fits.
 */
export const DetectionResultSchema = z.object({
  /** Ranked: the open card's contact fields, the rest of the card, then the page; deduplicated. */
  contacts: z.array(ContactSchema).max(MAX_CONTACTS),
  /** The adapter that found the card, or "generic". */
  adapter: z.string().max(50),
  /** False when a CRM's card page was open but its card was not found: the generic scan ran instead. */
  layoutRecognised: z.boolean(),
  /** Contacts beyond the ones listed (the list is cut for transfer, see `limitDetection`). */
  more: z.number().int().nonnegative().optional(),
});
export type DetectionResult = z.infer<typeof DetectionResultSchema>;

/** What one CRM's pages look like: its URLs and where the open card keeps the lead's contacts. */
export interface CrmAdapter {
  /** Short and stable: it becomes the `source` of the card's contacts. */
  name: string;
  /** True for the CRM's own pages (host, or the path of an on-premise install). */
  matchesUrl(url: URL): boolean;
  /** True when the URL is the page of one lead, deal, contact or company. */
  isCardUrl(url: URL): boolean;
  /**
   * Selector lists of the open card's containers, most specific first: the first one that finds
   * anything marks the cards, so a broad fallback (a whole form) applies only when the precise fails.
   */
  card: readonly string[];
  /** Selector list of the contact fields inside the card. */
  fields: string;
  /** Selector list of containers that are in the DOM but not shown (cached tabs, closed panels). */
  inactive?: string;
}
