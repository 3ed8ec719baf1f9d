/** HubSpot: record pages of contacts, companies, deals and tickets. */
import type { CrmAdapter } from "../types";
import { selectorList } from "./url";

// `app.hubspot.com`, and the data-centre hosts: `app-eu1.hubspot.com`, `app-na2.hubspot.com`…
const HOST = /^app(?:-[a-z]{2}\d)?\.hubspot\.com$/i;
const CARD_PATH = /^\/contacts\/\d+\/(?:record\/\d-\d+|contact|company|deal|ticket)\/\d+/;

/** The adapter of HubSpot records. */
export const hubspot: CrmAdapter = {
  name: "hubspot",
  matchesUrl: (url) => HOST.test(url.hostname),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  // The record's left sidebar: the highlight and the "About this contact" card.
  card: [
    selectorList(
      '[data-test-id="left-sidebar"]',
      '[data-test-id="record-sidebar"]',
      '[data-selenium-test="profile-sidebar"]',
    ),
    selectorList('[data-selenium-test="record-highlight"]', '[data-test-id="profile-about-section"]'),
  ],
  fields: selectorList(
    '[data-test-id^="contact-property-phone"]',
    '[data-test-id^="contact-property-mobilephone"]',
    '[data-test-id^="contact-property-email"]',
    '[data-selenium-test^="property-input-phone"]',
    '[data-selenium-test^="property-input-mobilephone"]',
    '[data-selenium-test^="property-input-email"]',
    '[data-field="phone"]',
    '[data-field="mobilephone"]',
    '[data-field="email"]',
  ),
};

// Test URLs:
// https://app.hubspot.com/contacts/4470123/record/0-1/101
// https://app-eu1.hubspot.com/contacts/26012345/record/0-3/9001
// https://app.hubspot.com/contacts/4470123/contact/101
// https://app.hubspot.com/contacts/4470123/objects/0-1/views/all/list (a list: no card expected)
