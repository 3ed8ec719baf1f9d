import { useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { z } from "zod";
import { ApiBaseUrlSchema, hostPermissionPattern } from "../../utils/calltouch/base-url";
import { DEFAULT_API_BASE_URL } from "../../utils/calltouch/limits";
import { errorText, t } from "../../utils/i18n";
import { type CredentialsStatus, type SaveCredentialsResult, sendMessage } from "../../utils/messaging";
import { CredentialsFormSchema } from "../../utils/storage";
import { ConnectionState } from "../ConnectionState";
import { Field } from "../Field";

type FieldName = "token" | "siteId" | "apiBaseUrl";
type FieldErrors = Partial<Record<FieldName, string>>;

const FIELD_ORDER: readonly FieldName[] = ["token", "siteId", "apiBaseUrl"];
const IDS: Record<FieldName, string> = { token: "token", siteId: "site-id", apiBaseUrl: "api-base-url" };
const DEFAULT_ORIGIN = new URL(DEFAULT_API_BASE_URL).origin;

interface CredentialsFormProps {
  /** What the background reports; the token itself is never sent to this page. */
  status: CredentialsStatus;
  /** Called after the background accepted the new credentials, when no newer status came with a check. */
  onSaved: () => void;
  /** The status the background answered a connection check with. */
  onStatus: (status: CredentialsStatus) => void;
}

/** Access-Token, SiteId and API address: validated here, saved by the background. */
export function CredentialsForm({ status, onSaved, onStatus }: CredentialsFormProps) {
  const [token, setToken] = useState("");
  const [showToken, setShowToken] = useState(false);
  const [siteId, setSiteId] = useState(status.siteId);
  const [apiBaseUrl, setApiBaseUrl] = useState(status.apiBaseUrl || DEFAULT_API_BASE_URL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState("");
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [checking, setChecking] = useState(false);
  const advanced = useRef<HTMLDetailsElement>(null);

  const edited = () => {
    setSaved(false);
    setFormError("");
  };

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    setFormError(t("formHasErrors"));
    const first = FIELD_ORDER.find((name) => next[name]);
    if (!first) return;
    // The API address sits in a collapsed <details>: open it so its error and input can be seen and focused.
    if (first === "apiBaseUrl" && advanced.current) advanced.current.open = true;
    document.getElementById(IDS[first])?.focus();
  };

  // The background checks the saved credentials with one request; its answer carries the new status.
  const check = async () => {
    setChecking(true);
    try {
      onStatus(await sendMessage("checkConnection"));
    } catch {
      setFormError(t("errorBackground"));
      onSaved();
    } finally {
      setChecking(false);
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    setSaved(false);
    setFormError("");
    const parsed = CredentialsFormSchema.safeParse({
      token,
      siteId,
      apiBaseUrl,
      // The saved token counts only for the host it was saved for.
      hasSavedToken: status.hasToken && !newHost,
    });
    if (!parsed.success) {
      showErrors(firstIssues(parsed.error));
      return;
    }
    setErrors({});
    const data = parsed.data;
    const url = new URL(data.apiBaseUrl);
    if (url.origin !== DEFAULT_ORIGIN) {
      // Asked before any other await: the browser grants a permission request only during the user's click.
      const granted = await browser.permissions
        .request({ origins: [hostPermissionPattern(data.apiBaseUrl)] })
        .catch(() => false);
      if (!granted) {
        showErrors({ apiBaseUrl: t("errorPermissionDenied", url.hostname) });
        return;
      }
    }
    setSaving(true);
    let result: SaveCredentialsResult;
    try {
      result = await sendMessage("saveCredentials", data);
    } catch {
      setSaving(false);
      setFormError(t("errorBackground"));
      return;
    }
    setSaving(false);
    if (result.ok) {
      setToken("");
      setShowToken(false);
      // Saved even when the check then fails (the user may be offline); the check's state says the rest.
      setSaved(true);
      await check();
      return;
    }
    const { permission, ...fieldErrors } = result.errors;
    const next: FieldErrors = {};
    for (const name of FIELD_ORDER) {
      const message = fieldErrors[name];
      if (message) next[name] = errorText(message);
    }
    if (permission && !next.apiBaseUrl) next.apiBaseUrl = errorText(permission);
    showErrors(next);
  };

  // A saved token is bound to its API host: a new host needs the token typed again, and the user is told
  // by name where it will go (the permission prompt does not say that a secret is sent).
  const typedHost = hostOf(apiBaseUrl);
  const newHost = typedHost !== null && typedHost !== (status.tokenHost ?? hostOf(DEFAULT_API_BASE_URL));
  const tokenHelp =
    status.hasToken && status.tokenHint && !newHost ? t("tokenSavedHint", status.tokenHint) : t("tokenHelp");
  const customApi = (status.apiBaseUrl || DEFAULT_API_BASE_URL) !== DEFAULT_API_BASE_URL;

  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <Field
        id={IDS.token}
        label={t("tokenLabel")}
        help={tokenHelp}
        error={errors.token}
        after={
          <button
            type="button"
            class="button button--secondary"
            aria-pressed={showToken}
            aria-controls={IDS.token}
            onClick={() => setShowToken((shown) => !shown)}
          >
            {t("tokenShow")}
          </button>
        }
      >
        {(control) => (
          <input
            {...control}
            type={showToken ? "text" : "password"}
            value={token}
            autoComplete="off"
            spellcheck={false}
            onInput={(e) => {
              setToken(e.currentTarget.value);
              setErrors((prev) => ({ ...prev, token: undefined }));
              edited();
            }}
          />
        )}
      </Field>

      <Field id={IDS.siteId} label={t("siteIdLabel")} help={t("siteIdHelp")} error={errors.siteId}>
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={siteId}
            onInput={(e) => {
              const value = e.currentTarget.value;
              setSiteId(value);
              // Say at once that only digits are accepted; "required" and length wait for Save.
              setErrors((prev) => ({
                ...prev,
                siteId: /\D/.test(value.trim()) ? errorText("siteIdDigits") : undefined,
              }));
              edited();
            }}
          />
        )}
      </Field>

      <details class="advanced" ref={advanced} open={customApi}>
        <summary>{t("advancedSummary")}</summary>
        <Field
          id={IDS.apiBaseUrl}
          label={t("apiUrlLabel")}
          help={t("apiUrlHelp", DEFAULT_API_BASE_URL)}
          error={errors.apiBaseUrl}
        >
          {(control) => (
            <input
              {...control}
              aria-describedby={
                newHost
                  ? `${control["aria-describedby"] ?? ""} api-host-warning`.trim()
                  : control["aria-describedby"]
              }
              type="url"
              autoComplete="off"
              spellcheck={false}
              value={apiBaseUrl}
              onInput={(e) => {
                setApiBaseUrl(e.currentTarget.value);
                setErrors((prev) => ({ ...prev, apiBaseUrl: undefined }));
                edited();
              }}
            />
          )}
        </Field>
        {newHost && (
          <p id="api-host-warning" class="notice notice--warning">
            {t("apiOriginWarning", typedHost)}
          </p>
        )}
      </details>

      <div class="form__actions">
        <button type="submit" class="button" aria-busy={saving}>
          {saving ? t("saving") : t("credentialsSave")}
        </button>
        {/* Not green: whether Calltouch accepts what was saved is the connection state's to say. */}
        <p role="status" class="notice">
          {saved ? t("credentialsSaved") : ""}
        </p>
      </div>
      <p class="field__help">{t("connectionCost")}</p>
      {(status.hasToken || checking) && (
        <div class="connection">
          <ConnectionState connection={status.connection} checking={checking} />
          {!checking && (
            <button type="button" class="button button--secondary" onClick={() => void check()}>
              {t("connectionCheckNow")}
            </button>
          )}
        </div>
      )}
      {formError && (
        <p role="alert" class="notice notice--error">
          {formError}
        </p>
      )}
    </form>
  );
}

/** The host of a typed API address, or null while it is not a valid one. */
function hostOf(address: string): string | null {
  const parsed = ApiBaseUrlSchema.safeParse(address);
  return parsed.success ? new URL(parsed.data).host : null;
}

/** The first issue of each form field, as text for the user. */
function firstIssues(error: z.ZodError): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path[0];
    if ((name === "token" || name === "siteId" || name === "apiBaseUrl") && !result[name]) {
      result[name] = errorText(issue.message);
    }
  }
  return result;
}
