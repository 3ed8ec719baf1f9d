/** The popup's contacts section: reading the page, what the reading found, and the lead's contacts. */
import type { ComponentProps } from "preact";
import { t } from "../../utils/i18n";
import { ContactPicker } from "./ContactPicker";
import { type Detection, detectionNotice } from "./use-page-contacts";

type ContactsSectionProps = Omit<ComponentProps<typeof ContactPicker>, "labelledBy"> & {
  detection: Detection;
};

/** "Reading the page…" until the page is read; then its problem, if any, and the contacts to pick. */
export function ContactsSection({ detection, ...picker }: ContactsSectionProps) {
  const notice = detectionNotice(detection);
  return (
    <section class="block" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t("popupContactsHeading")}</h2>
      {detection.phase === "loading" ? (
        <p class="hint">{t("popupReading")}</p>
      ) : (
        <>
          {notice && <p class={`status status--${notice.tone}`}>{notice.text}</p>}
          {detection.more > 0 && (
            <p class="status status--neutral">{t("popupMoreContacts", detection.more.toLocaleString())}</p>
          )}
          <ContactPicker labelledBy="contacts-heading" {...picker} />
        </>
      )}
    </section>
  );
}
