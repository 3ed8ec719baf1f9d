import { t } from "../../utils/i18n";
import { detectionSettingsItem } from "../../utils/storage";
import { useStoredValue } from "../use-stored-value";
import { CrmSitesEditor } from "./CrmSitesEditor";
import { IgnoreListEditor } from "./IgnoreListEditor";
import { RegionSelect } from "./RegionSelect";

/** How contacts are found on pages: the region of local numbers, my numbers, and the CRM sites. */
export function DetectionSection() {
  const [settings] = useStoredValue(detectionSettingsItem);
  return (
    <section class="card" aria-labelledby="detection-heading">
      <h2 id="detection-heading">{t("detectionHeading")}</h2>
      {settings ? (
        <>
          <RegionSelect region={settings.region} />
          <div class="subsection">
            <h3 id="ignore-heading">{t("ignoreHeading")}</h3>
            <p>{t("ignoreIntro")}</p>
            <IgnoreListEditor ignore={settings.ignore} region={settings.region} />
          </div>
          <CrmSitesEditor enabledSites={settings.enabledSites} />
        </>
      ) : (
        <p>{t("loading")}</p>
      )}
    </section>
  );
}
