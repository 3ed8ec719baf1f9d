/** The choices both matching editors offer (a preset's template on the options page, the popup's rules). */
import { DEFAULT_SEARCH_DEPTH_MINUTES } from "../utils/calltouch/limits";

/** The search depths offered, in minutes: 2 hours, 1 day, 30 days, 6 months (Calltouch's default). */
export const SEARCH_DEPTHS = [120, 1440, 43_200, DEFAULT_SEARCH_DEPTH_MINUTES] as const;

/** The `*TypeToMatch` values seen in the vendor's documents; the list is open ("Other…"). */
export const TYPES_TO_MATCH = ["nearest", "nearestUniq", "nearestUniqLead"] as const;
