/** RetailCRM and Simla.com (its international brand): orders and customers. */
import type { CrmAdapter } from "../types";
import { hostUnder, selectorList } from "./url";

const CARD_PATH = /^\/(?:orders\/(?:\d+|add)|customers(?:-corporate)?\/(?:\d+|add))\b/;

/** The adapter of RetailCRM / Simla order and customer cards. */
export const retailcrm: CrmAdapter = {
  name: "retailcrm",
  matchesUrl: (url) => hostUnder(url, ["retailcrm.ru", "retailcrm.pro", "simla.com", "simla.io"]),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  card: [
    selectorList("#order-customer", ".order-customer", "#customer-card"),
    selectorList('form[name="intaro_crmbundle_ordertype"]', 'form[name="intaro_crmbundle_customertype"]'),
  ],
  fields: selectorList(
    ".customer-phone",
    ".customer-email",
    '[id^="intaro_crmbundle_ordertype_phone"]',
    '[id^="intaro_crmbundle_ordertype_additionalPhone"]',
    '[id^="intaro_crmbundle_ordertype_email"]',
    '[id^="intaro_crmbundle_customertype_phones"]',
    '[id^="intaro_crmbundle_customertype_email"]',
  ),
};

// Test URLs:
// https://acme.retailcrm.ru/orders/10452/edit
// https://acme.retailcrm.ru/customers/3301
// https://acme.simla.com/orders/add
// https://acme.retailcrm.ru/orders/ (a list: no card expected)
