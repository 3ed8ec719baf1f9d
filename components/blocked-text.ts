/** The user's words for a refusal to send (utils/background/credentials.ts), shared by every page. */
import { t } from "../utils/i18n";
import type { SendRefusal } from "../utils/messaging";

/** What to tell the user, or null for "no credentials" (the pause's own words say it). */
export function blockedText(blocked: SendRefusal | null | undefined): string | null {
  if (blocked?.reason === "originMismatch") {
    return t("blockedOriginMismatch", [blocked.tokenHost, blocked.apiHost]);
  }
  if (blocked?.reason === "permissionMissing") return t("blockedPermissionMissing", blocked.host);
  return null;
}
