/** The fallback for any other page: no card is known, so every contact ranks by document order. */
import type { CrmAdapter } from "../types";

/** The adapter used when no CRM adapter claims the URL, or when a CRM's card was not found. */
export const generic: CrmAdapter = {
  name: "generic",
  matchesUrl: () => true,
  isCardUrl: () => false,
  card: [],
  fields: "",
};
