/** Every CRM adapter, and the choice of one by URL. */
import type { CrmAdapter } from "../types";
import { amocrm } from "./amocrm";
import { bitrix24 } from "./bitrix24";
import { generic } from "./generic";
import { hubspot } from "./hubspot";
import { pipedrive } from "./pipedrive";
import { retailcrm } from "./retailcrm";
import { salesforce } from "./salesforce";

/** The CRM adapters, most specific first; `generic` is not among them. */
export const CRM_ADAPTERS: readonly CrmAdapter[] = [
  amocrm,
  retailcrm,
  hubspot,
  pipedrive,
  salesforce,
  bitrix24, // last: its on-premise test is a path (`/crm/deal/…`) that any host may have
];

/** The adapter whose CRM serves `url`, else `generic`. */
export function pickAdapter(url: URL): CrmAdapter {
  return CRM_ADAPTERS.find((adapter) => adapter.matchesUrl(url)) ?? generic;
}

export { amocrm, bitrix24, generic, hubspot, pipedrive, retailcrm, salesforce };
