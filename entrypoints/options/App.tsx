import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiStatus } from "../../components/ApiStatus";
import { CatalogueEditor } from "../../components/CatalogueEditor";
import { CredentialsForm } from "../../components/CredentialsForm";
import { t } from "../../utils/i18n";
import { type CredentialsStatus, sendMessage } from "../../utils/messaging";

/** The options page: connection to Calltouch, its status, and the custom-field catalogue. */
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
      </header>

      <section class="card" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">{t("credentialsHeading")}</h2>
        <p>{t("credentialsIntro")}</p>
        {status ? <CredentialsForm status={status} onSaved={refresh} /> : loading && <p>{t("loading")}</p>}
      </section>

      <ApiStatus status={status} loading={loading} error={failed} onRefresh={refresh} />

      <CatalogueEditor />
    </main>
  );
}
