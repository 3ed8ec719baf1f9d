/**
 * Bitrix24, cloud (`*.bitrix24.ru`, `.com`, `.by`, `.kz`…) and on-premise (any host, `/crm/` paths).
 * Cards open in a side panel: an iframe of the same origin, which the walk enters.
 */
import type { CrmAdapter } from "../types";
import { selectorList } from "./url";

const CLOUD_HOST =
  /(?:^|\.)bitrix24\.(?:ru|com|by|kz|ua|de|eu|es|fr|it|pl|uk|in|cn|jp|com\.br|com\.tr|site)$/i;
const CRM_PATH = /^\/crm\/(?:lead|deal|contact|company|quote|invoice|type)\//;
const CARD_PATH = /^\/crm\/(?:(?:lead|deal|contact|company|quote)\/details|type\/\d+\/details)\/\d+/;

/** The adapter of Bitrix24 CRM cards. */
export const bitrix24: CrmAdapter = {
  name: "bitrix24",
  matchesUrl: (url) => CLOUD_HOST.test(url.hostname) || CRM_PATH.test(url.pathname),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  // The entity editor of a details page (in the page itself or in the slider's iframe).
  card: [
    ".crm-entity-card-container",
    selectorList(".ui-entity-editor-column-content", ".crm-entity-section-info"),
    ".crm-entity-widget-client-block",
  ],
  fields: selectorList(
    ".crm-entity-widget-content-block-field-phone",
    ".crm-entity-widget-content-block-field-email",
    ".crm-entity-widget-content-block-mutlifield",
    '[data-cid="PHONE"]',
    '[data-cid="EMAIL"]',
    ".crm-entity-widget-client-contact-phone",
    ".crm-entity-widget-client-contact-email",
    ".crm-entity-phone-number",
    ".crm-entity-email",
  ),
  // Sliders closed but kept in the page.
  inactive: ".side-panel-overlay-hide",
};

// Test URLs:
// https://acme.bitrix24.ru/crm/deal/details/512/
// https://acme.bitrix24.kz/crm/lead/details/77/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER
// https://crm.acme.ru/crm/contact/details/9001/ (on-premise)
// https://acme.bitrix24.ru/crm/deal/kanban/ (a board: cards open in a slider over it)
