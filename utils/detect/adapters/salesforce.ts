/**
 * Salesforce Lightning Experience: record pages built of web components whose content sits in shadow
 * roots; the walk enters open ones. Console apps keep earlier tabs in the DOM, not shown.
 */
import type { CrmAdapter } from "../types";
import { hostUnder, selectorList } from "./url";

const CARD_PATH = /^\/lightning\/r\/\w+\/[a-zA-Z0-9]{15,18}\/view|^\/[a-zA-Z0-9]{15,18}$/;

/** The adapter of Salesforce Lightning records. */
export const salesforce: CrmAdapter = {
  name: "salesforce",
  matchesUrl: (url) => hostUnder(url, ["lightning.force.com", "my.salesforce.com"]),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  // The highlights panel and the record's detail panel, not the related lists.
  card: [
    selectorList("records-lwc-highlights-panel", "records-lwc-detail-panel"),
    selectorList(
      "records-highlights2",
      "force-highlights2",
      "records-record-layout-block",
      "force-record-layout-block",
    ),
  ],
  fields: selectorList(
    "lightning-formatted-phone",
    "lightning-formatted-email",
    "records-highlights-details-item",
    'records-record-layout-item[field-label*="Phone"]',
    'records-record-layout-item[field-label*="Email"]',
    'records-record-layout-item[field-label*="Телефон"]',
  ),
  inactive: selectorList(".oneContent:not(.active)", ".tabContent:not(.active)"),
};

// Test URLs:
// https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAV/view
// https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view
// https://acme.my.salesforce.com/00Q5g00000AbCdE
// https://acme.lightning.force.com/lightning/o/Lead/list (a list: no card expected)
