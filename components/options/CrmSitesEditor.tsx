import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { errorText, t } from "../../utils/i18n";
import { Field } from "../Field";
import { type Notice, StatusNotice } from "../StatusNotice";
import { CRM_SITES, isSiteEnabled, otherSitePatterns, patternOrigin, siteAddressPattern } from "./crm-sites";
import { updateDetectionSettings } from "./detection-settings";

/** A site as switched on and off: a known CRM (its id) or another site (its pattern). */
interface SiteEntry {
  key: string;
  name: string;
  patterns: readonly string[];
  /** All its patterns are stored. */
  stored: boolean;
}

const OTHER_ID = "site-other";
const checkboxId = (key: string) => `site-${key}`;

/** Asks for host access; must be called in the user's click, before any await, or the browser refuses. */
function requestAccess(origins: readonly string[]): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [...origins] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

interface CrmSitesEditorProps {
  /** The stored host match patterns. */
  enabledSites: readonly string[];
}

/** The CRM sites where the content script runs by itself: each one asks for its host permission. */
export function CrmSitesEditor({ enabledSites }: CrmSitesEditorProps) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [address, setAddress] = useState("");
  const [addressError, setAddressError] = useState("");

  const known: SiteEntry[] = CRM_SITES.map((site) => ({
    key: site.id,
    name: t(site.label),
    patterns: site.patterns,
    stored: isSiteEnabled(site, enabledSites),
  }));
  const others: SiteEntry[] = otherSitePatterns(enabledSites).map((pattern) => ({
    key: pattern,
    name: patternOrigin(pattern),
    patterns: [pattern],
    stored: true,
  }));
  const enabledKey = enabledSites.join("\n");

  // A site stays listed as enabled when its access is withdrawn in the browser's own settings: say so.
  // Keyed by the patterns' text, not the array, which is new on every storage read.
  useEffect(() => {
    let active = true;
    const entries = [
      ...CRM_SITES.filter((site) => isSiteEnabled(site, enabledSites)).map((site) => ({
        key: site.id,
        patterns: site.patterns,
      })),
      ...otherSitePatterns(enabledSites).map((pattern) => ({ key: pattern, patterns: [pattern] })),
    ];
    Promise.all(
      entries.map(async ({ key, patterns }) => {
        try {
          return (await browser.permissions.contains({ origins: [...patterns] })) ? null : key;
        } catch {
          return null;
        }
      }),
    ).then((keys) => {
      if (active) setRevoked(new Set(keys.filter((key): key is string => key !== null)));
    });
    return () => {
      active = false;
    };
  }, [enabledKey]);

  const setError = (key: string, text: string) => setErrors((prev) => ({ ...prev, [key]: text }));

  /** Stores the patterns once `access` is granted; says where it went wrong otherwise. */
  const enable = async (entry: SiteEntry, access: Promise<boolean>): Promise<"ok" | "denied" | "failed"> => {
    setNotice(null);
    setError(entry.key, "");
    if (!(await access)) return "denied";
    try {
      await updateDetectionSettings((current) => ({
        enabledSites: [...new Set([...current.enabledSites, ...entry.patterns])],
      }));
    } catch {
      setNotice({ text: t("errorStorage"), error: true });
      return "failed";
    }
    setRevoked((prev) => new Set([...prev].filter((key) => key !== entry.key)));
    setNotice({ text: t("siteEnabled", entry.name) });
    return "ok";
  };

  /** Enables a listed site; a refusal is said next to it. */
  const enableListed = async (entry: SiteEntry, access: Promise<boolean>) => {
    if ((await enable(entry, access)) === "denied") setError(entry.key, t("siteAccessDenied", entry.name));
  };

  /** Removes the patterns from storage, then gives the host access back. */
  const disable = async (entry: SiteEntry, focusAfter?: string) => {
    setNotice(null);
    setError(entry.key, "");
    try {
      await updateDetectionSettings((current) => ({
        enabledSites: current.enabledSites.filter((pattern) => !entry.patterns.includes(pattern)),
      }));
    } catch {
      setNotice({ text: t("errorStorage"), error: true });
      return;
    }
    try {
      await browser.permissions.remove({ origins: [...entry.patterns] });
    } catch {
      // The site is off either way; a permission the browser keeps is harmless without the content script.
    }
    setNotice({ text: t("siteDisabled", entry.name) });
    if (focusAfter) document.getElementById(focusAfter)?.focus();
  };

  const toggle = (entry: SiteEntry, checked: boolean) => {
    if (checked) void enableListed(entry, requestAccess(entry.patterns));
    else void disable(entry);
  };

  const addOther = async (event: Event) => {
    event.preventDefault();
    const parsed = siteAddressPattern(address);
    if ("error" in parsed) {
      setAddressError(errorText(parsed.error));
      document.getElementById(OTHER_ID)?.focus();
      return;
    }
    const entry: SiteEntry = {
      key: parsed.pattern,
      name: patternOrigin(parsed.pattern),
      patterns: [parsed.pattern],
      stored: false,
    };
    if (enabledSites.includes(parsed.pattern)) {
      setAddressError(t("siteDuplicate"));
      document.getElementById(OTHER_ID)?.focus();
      return;
    }
    const access = requestAccess(entry.patterns);
    setAddressError("");
    const result = await enable(entry, access);
    if (result === "ok") setAddress("");
    if (result !== "denied") return;
    setAddressError(t("siteAccessDenied", entry.name));
    document.getElementById(OTHER_ID)?.focus();
  };

  const describedBy = (key: string, hasError: boolean, isRevoked: boolean) =>
    [hasError && `${checkboxId(key)}-error`, isRevoked && `${checkboxId(key)}-revoked`]
      .filter(Boolean)
      .join(" ") || undefined;

  return (
    <div class="subsection">
      <h3 id="sites-heading">{t("sitesHeading")}</h3>
      <p>{t("sitesIntro")}</p>
      <fieldset class="group">
        <legend>{t("sitesKnownLegend")}</legend>
        <ul class="sites">
          {known.map((entry) => {
            const isRevoked = entry.stored && revoked.has(entry.key);
            const error = errors[entry.key];
            const id = checkboxId(entry.key);
            return (
              <li key={entry.key} class="field field--check">
                <input
                  id={id}
                  type="checkbox"
                  checked={entry.stored && !isRevoked}
                  aria-invalid={Boolean(error)}
                  aria-describedby={describedBy(entry.key, Boolean(error), isRevoked)}
                  onChange={(e) => toggle(entry, e.currentTarget.checked)}
                />
                <label for={id}>{entry.name}</label>
                {error && (
                  <p id={`${id}-error`} class="field__error">
                    {error}
                  </p>
                )}
                {isRevoked && (
                  <p id={`${id}-revoked`} class="field__help">
                    {t("siteRevoked")}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>

      {others.length > 0 && (
        <ul class="catalogue" aria-label={t("sitesOtherListLabel")}>
          {others.map((entry, index) => {
            const next = others[index + 1] ?? others[index - 1];
            return (
              <li key={entry.key} class="catalogue__item">
                <div class="catalogue__text">
                  <span class="catalogue__name">{entry.name}</span>
                  {revoked.has(entry.key) && <span class="catalogue__type">{t("siteRevoked")}</span>}
                  {errors[entry.key] && <span class="field__error">{errors[entry.key]}</span>}
                </div>
                <div class="catalogue__actions">
                  {revoked.has(entry.key) && (
                    <button
                      type="button"
                      class="button button--secondary"
                      aria-label={t("siteGrantLabel", entry.name)}
                      onClick={() => void enableListed(entry, requestAccess(entry.patterns))}
                    >
                      {t("siteGrant")}
                    </button>
                  )}
                  <button
                    type="button"
                    id={`${checkboxId(entry.key)}-remove`}
                    class="button button--danger"
                    aria-label={t("fieldRemoveLabel", entry.name)}
                    onClick={() => void disable(entry, next ? `${checkboxId(next.key)}-remove` : OTHER_ID)}
                  >
                    {t("fieldRemove")}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <form class="form" onSubmit={addOther} noValidate>
        <Field
          id={OTHER_ID}
          label={t("siteOtherLabel")}
          help={t("siteOtherHelp")}
          error={addressError || undefined}
          after={
            <button type="submit" class="button button--secondary">
              {t("siteAdd")}
            </button>
          }
        >
          {(control) => (
            <input
              {...control}
              type="url"
              autoComplete="off"
              spellcheck={false}
              value={address}
              onInput={(e) => {
                setAddress(e.currentTarget.value);
                setAddressError("");
              }}
            />
          )}
        </Field>
      </form>
      <StatusNotice notice={notice} />
    </div>
  );
}
