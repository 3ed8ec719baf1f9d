/** Saving and describing the Calltouch credentials. Runs in the background only: it alone reads the token. */
import { z } from "zod";
import { hostPermissionPattern } from "../calltouch/base-url";
import { type CalltouchClient, createCalltouchClient } from "../calltouch/client";
import { DEFAULT_API_BASE_URL } from "../calltouch/limits";
import type { CredentialsField, SaveCredentialsResult } from "../messaging";
import { readToken, SettingsSchema, saveSettings, saveToken, settingsItem, tokenHint } from "../storage";
import { withUsageCounting } from "../usage";

/** Checks whether the extension may reach an origin pattern (injected: `browser.permissions.contains`). */
export type HasHostPermission = (pattern: string) => Promise<boolean>;

const TokenSchema = z.string().trim().min(1, "tokenRequired").max(500, "tokenRequired");

/**
 * Validates and stores credentials. A missing token keeps the saved one; a custom API URL must already be
 * granted (the options page asks for it during the user's click). Error values are codes for `errorText()`.
 */
export async function saveCredentials(
  data: { token?: string; siteId: string; apiBaseUrl: string },
  hasHostPermission: HasHostPermission,
): Promise<SaveCredentialsResult> {
  const errors: Partial<Record<CredentialsField, string>> = {};
  const settings = SettingsSchema.safeParse({ siteId: data.siteId, apiBaseUrl: data.apiBaseUrl });
  if (!settings.success) {
    for (const issue of settings.error.issues) errors[issue.path[0] as CredentialsField] ??= issue.message;
  }
  if (!settings.data?.siteId) errors.siteId ??= "siteIdRequired";
  const token = data.token === undefined ? null : TokenSchema.safeParse(data.token);
  if (token && !token.success) errors.token = token.error.issues[0]?.message ?? "tokenRequired";
  if (!token && !(await readToken())) errors.token = "tokenRequired";
  if (settings.success && settings.data.apiBaseUrl !== DEFAULT_API_BASE_URL) {
    if (!(await hasHostPermission(hostPermissionPattern(settings.data.apiBaseUrl)))) {
      errors.permission = "permissionDenied";
    }
  }
  if (Object.keys(errors).length > 0 || !settings.success) return { ok: false, errors };
  if (token?.success) await saveToken(token.data);
  await saveSettings(settings.data);
  return { ok: true };
}

/** Whether a token is saved, its masked hint, and the settings; never the token itself. */
export async function describeCredentials() {
  const [token, settings] = await Promise.all([readToken(), settingsItem.getValue()]);
  return {
    hasToken: token !== null,
    tokenHint: token ? tokenHint(token) : null,
    siteId: settings.siteId,
    apiBaseUrl: settings.apiBaseUrl,
  };
}

/** A client for the saved credentials (counting its requests), or null until both token and SiteId are saved. */
export async function clientForSavedCredentials(): Promise<CalltouchClient | null> {
  const [token, settings] = await Promise.all([readToken(), settingsItem.getValue()]);
  if (!token || !settings.siteId) return null;
  return withUsageCounting(
    createCalltouchClient({ baseUrl: settings.apiBaseUrl, token, siteId: settings.siteId }),
  );
}
