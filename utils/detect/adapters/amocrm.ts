/** amoCRM and Kommo (its international brand): one SPA, cards at `/leads/detail/ID` and kin. */
import type { CrmAdapter } from "../types";
import { hostUnder, selectorList } from "./url";

const CARD_PATH = /^\/(?:leads|contacts|companies|customers)\/(?:detail|add)\b/;

/** The adapter of amoCRM / Kommo cards. */
export const amocrm: CrmAdapter = {
  name: "amocrm",
  matchesUrl: (url) => hostUnder(url, ["amocrm.ru", "amocrm.com", "kommo.com"]),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  card: [
    selectorList("#card_holder", ".card-holder"),
    selectorList(".card-entity-form", "#edit_card"),
    selectorList(".card-fields__fields-block", ".linked-forms__group-wrapper"),
  ],
  // The contact's multi-fields (PEI: phone, email, IM) and the controls inside them.
  fields: selectorList(
    ".linked-form__field-pei",
    '[data-pei-code="phone"]',
    '[data-pei-code="email"]',
    ".control-phone",
    "input.js-control-phone",
    ".js-control-pei-input",
  ),
};

// Test URLs:
// https://acme.amocrm.ru/leads/detail/24001207
// https://acme.amocrm.ru/contacts/detail/3150419
// https://acme.kommo.com/leads/detail/1021
// https://acme.amocrm.ru/leads/pipeline/1234 (a list: no card expected)
