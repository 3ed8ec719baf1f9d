import { useCallback, useEffect, useState } from "preact/hooks";
import { UsageSection } from "../../components/history/UsageSection";
import { ApiStatus } from "../../components/options/ApiStatus";
import { CatalogueEditor } from "../../components/options/CatalogueEditor";
import { CredentialsForm } from "../../components/options/CredentialsForm";
import { DetectionSection } from "../../components/options/DetectionSection";
import { PresetsEditor } from "../../components/options/PresetsEditor";
import { PrivacySection } from "../../components/options/PrivacySection";
import { formatDateTime, type MessageKey, t } from "../../utils/i18n";
import { type CredentialsStatus, sendMessage } from "../../utils/messaging";

/** The page's sections, in order, for the in-page navigation. */
const SECTIONS: readonly { target: string; label: MessageKey }[] = [
  { target: "credentials-heading", label: "credentialsHeading" },
  { target: "catalogue-heading", label: "catalogueHeading" },
  { target: "presets-heading", label: "presetsHeading" },
  { target: "detection-heading", label: "detectionHeading" },
  { target: "privacy-heading", label: "privacyHeading" },
];

/** The options page: connection to Calltouch and its status, custom fields, presets, contact detection. */
export function App() {
  const [status, setStatus] = useState<CredentialsStatus | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setStatus(await sendMessage("getCredentialsStatus"));
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <main class="page">
      <header class="page__header">
        <p class="page__product">{t("extName")}</p>
        <h1>{t("optionsHeading")}</h1>
        <p class="page-links">
          <a href="/lead-history.html">{t("historyLink")}</a> · <a href="/bulk.html">{t("bulkOpen")}</a>
        </p>
      </header>
      {/* Outside the header, so that it can stay on screen (sticky) the whole way down the page. */}
      <nav class="page__nav options-nav" aria-label={t("optionsNavLabel")}>
        <ul>
          {SECTIONS.map(({ target, label }) => (
            <li key={target}>
              <a href={`#${target}`}>{t(label)}</a>
            </li>
          ))}
        </ul>
      </nav>

      {status?.tamper && (
        <div class="status status--error" role="alert">
          <p>{t("tamperAlert", [status.tamper.keys.join(", "), formatDateTime(status.tamper.at)])}</p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => void sendMessage("dismissTamperAlert").then(setStatus, () => setFailed(true))}
          >
            {t("tamperDismiss")}
          </button>
        </div>
      )}

      <section class="card" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">{t("credentialsHeading")}</h2>
        <p>{t("credentialsIntro")}</p>
        {status ? (
          <CredentialsForm status={status} onSaved={refresh} onStatus={setStatus} />
        ) : (
          loading && <p>{t("loading")}</p>
        )}
      </section>

      <ApiStatus status={status} loading={loading} error={failed} onRefresh={refresh} />

      <UsageSection />

      <CatalogueEditor />

      <PresetsEditor />

      <DetectionSection />

      <PrivacySection status={status} onStatus={setStatus} />
    </main>
  );
}
