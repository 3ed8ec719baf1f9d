/** Pipedrive: deal, person, organization and lead pages. */
import type { CrmAdapter } from "../types";
import { hostUnder, selectorList } from "./url";

const CARD_PATH = /^\/(?:deal|person|organization)\/\d+|^\/leads\/inbox\/[\w-]+/;

/** The adapter of Pipedrive detail pages. */
export const pipedrive: CrmAdapter = {
  name: "pipedrive",
  matchesUrl: (url) => hostUnder(url, ["pipedrive.com"]),
  isCardUrl: (url) => CARD_PATH.test(url.pathname),
  // The details sidebar with the person's fields.
  card: [
    selectorList('[data-testid="details-sidebar"]', ".lead-details-sidebar"),
    selectorList('[data-testid="person-details"]', '[data-testid="sidebar-person"]', ".detailView .sidebar"),
  ],
  fields: selectorList(
    '[data-testid="phone"]',
    '[data-testid="email"]',
    '[data-testid$="-phone"]',
    '[data-testid$="-email"]',
    '[data-test="phone-field"]',
    '[data-test="email-field"]',
  ),
};

// Test URLs:
// https://acme.pipedrive.com/deal/4242
// https://acme.pipedrive.com/person/1717
// https://acme.pipedrive.com/leads/inbox/4e2c9a70-0c47-11ef-a0b5-3b1f2c5d6e7f
// https://acme.pipedrive.com/pipeline/1/user/everyone (a board: no card expected)
