/** Saving and describing the Calltouch credentials. Runs in the background only: it alone reads the token. */
import { apiOrigin, hostPermissionPattern } from "../calltouch/base-url";
import { type CalltouchClient, createCalltouchClient } from "../calltouch/client";
import { CalltouchError } from "../calltouch/errors";
import { DEFAULT_API_BASE_URL } from "../calltouch/limits";
import type { CredentialsField, SaveCredentialsResult, SendRefusal } from "../messaging";
import { type Settings, SettingsSchema, saveSettings, settingsItem, TokenSchema } from "../storage";
import { withUsageCounting } from "../usage";
import { clearToken, readSavedToken, type SavedToken, saveToken, tokenHint } from "./token-store";

/** Checks whether the extension may reach an origin pattern (injected: `browser.permissions.contains`). */
export type HasHostPermission = (pattern: string) => Promise<boolean>;

/**
 * Validates and stores credentials. A missing token keeps the saved one, but only for the API origin it
 * was saved for: a new origin needs the token typed again (`tokenForNewOrigin`), so that moving the API
 * address never carries a saved secret to another host. A custom API URL must already be granted (the
 * options page asks for it during the user's click). Error values are codes for `errorText()`.
 */
export async function saveCredentials(
  data: { token?: string; siteId: string; apiBaseUrl: string },
  hasHostPermission: HasHostPermission,
): Promise<SaveCredentialsResult> {
  const errors: Partial<Record<CredentialsField, string>> = {};
  const settings = SettingsSchema.safeParse({ siteId: data.siteId, apiBaseUrl: data.apiBaseUrl });
  if (!settings.success) {
    for (const issue of settings.error.issues) {
      const field = issue.path[0];
      if (field === "siteId" || field === "apiBaseUrl") errors[field] ??= issue.message;
    }
  }
  if (!settings.data?.siteId) errors.siteId ??= "siteIdRequired";
  const token = data.token === undefined ? null : TokenSchema.safeParse(data.token);
  if (token && !token.success) errors.token = token.error.issues[0]?.message ?? "tokenRequired";
  if (!token) {
    const saved = await readSavedToken();
    if (!saved) errors.token = "tokenRequired";
    else if (settings.success && saved.origin !== apiOrigin(settings.data.apiBaseUrl)) {
      errors.token = "tokenForNewOrigin";
    }
  }
  if (settings.success && settings.data.apiBaseUrl !== DEFAULT_API_BASE_URL) {
    if (!(await hasHostPermission(hostPermissionPattern(settings.data.apiBaseUrl)))) {
      errors.permission = "permissionDenied";
    }
  }
  if (Object.keys(errors).length > 0 || !settings.success) return { ok: false, errors };
  if (token?.success) await saveToken(token.data, apiOrigin(settings.data.apiBaseUrl));
  await saveSettings(settings.data);
  return { ok: true };
}

/** Forgets the token (the settings stay: the user types the token again to send). */
export async function forgetToken(): Promise<void> {
  await clearToken();
}

/**
 * Why nothing may be sent with the saved credentials, or null when they may be used: none saved, a
 * token bound to another origin than the API address (the address changed without the token being typed
 * again), or the API host's permission removed. Checked before every request.
 */
export async function sendRefusal(
  saved: SavedToken | null,
  settings: Settings,
  hasHostPermission: HasHostPermission,
): Promise<SendRefusal | null> {
  if (!saved || !settings.siteId) return { reason: "noCredentials" };
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) return { reason: "noCredentials" };
  const origin = apiOrigin(parsed.data.apiBaseUrl);
  if (saved.origin !== origin) {
    return { reason: "originMismatch", tokenHost: new URL(saved.origin).host, apiHost: new URL(origin).host };
  }
  if (!(await hasHostPermission(hostPermissionPattern(parsed.data.apiBaseUrl)).catch(() => false))) {
    return { reason: "permissionMissing", host: new URL(origin).host };
  }
  return null;
}

/** Whether a token is saved, its masked hint, the settings, and why sending is refused; never the token itself. */
export async function describeCredentials(hasHostPermission: HasHostPermission) {
  const [saved, settings] = await Promise.all([readSavedToken(), settingsItem.getValue()]);
  return {
    hasToken: saved !== null,
    tokenHint: saved ? tokenHint(saved.token) : null,
    tokenHost: saved ? new URL(saved.origin).host : null,
    siteId: settings.siteId,
    apiBaseUrl: settings.apiBaseUrl,
    blocked: saved && settings.siteId ? await sendRefusal(saved, settings, hasHostPermission) : null,
  };
}

/** A client for the saved credentials, or why there is none. */
export type ClientResult = { ok: true; client: CalltouchClient } | { ok: false; refusal: SendRefusal };

/**
 * A client for the saved credentials (counting its requests), or the refusal. Before each request takes
 * its slot the engine asks `preflight`, which checks the refusal again (the permission can be removed at
 * any moment) and, when refused, answers an auth failure, so nothing leaves and the engine pauses.
 */
export async function clientForSavedCredentials(hasHostPermission: HasHostPermission): Promise<ClientResult> {
  const [saved, settings] = await Promise.all([readSavedToken(), settingsItem.getValue()]);
  const refusal = await sendRefusal(saved, settings, hasHostPermission);
  if (refusal || !saved) return { ok: false, refusal: refusal ?? { reason: "noCredentials" } };
  const client = withUsageCounting(
    createCalltouchClient({ baseUrl: settings.apiBaseUrl, token: saved.token, siteId: settings.siteId }),
  );
  return {
    ok: true,
    client: {
      prepare: client.prepare,
      post: client.post,
      async preflight() {
        const [nowSaved, nowSettings] = await Promise.all([readSavedToken(), settingsItem.getValue()]);
        const changed =
          nowSaved?.token !== saved.token ||
          nowSettings.apiBaseUrl !== settings.apiBaseUrl ||
          nowSettings.siteId !== settings.siteId;
        const late = changed
          ? ({ reason: "noCredentials" } as const)
          : await sendRefusal(nowSaved, nowSettings, hasHostPermission);
        return late ? new CalltouchError("auth", refusalText(late)) : null;
      },
    },
  };
}

/** The refusal in one English sentence, for the engine's pause and the history (the UI words it itself). */
export function refusalText(refusal: SendRefusal): string {
  switch (refusal.reason) {
    case "noCredentials":
      return "No Access-Token and SiteId are saved, or they changed: nothing was sent.";
    case "originMismatch":
      return `The Access-Token was saved for ${refusal.tokenHost}, not ${refusal.apiHost}: nothing was sent. Enter the token again.`;
    case "permissionMissing":
      return `The permission to reach ${refusal.host} was removed: nothing was sent.`;
  }
}
