import { useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { errorText, t } from "../../utils/i18n";
import { type CredentialsStatus, sendMessage } from "../../utils/messaging";
import {
  CSV_DELIMITERS,
  type PrivacySettings,
  PrivacySettingsSchema,
  privacySettingsItem,
} from "../../utils/storage";
import { Field } from "../Field";
import { type Notice, StatusNotice } from "../StatusNotice";
import { useStoredValue } from "../use-stored-value";

const DELIMITER_LABELS = {
  auto: "privacyCsvAuto",
  ";": "privacyCsvSemicolon",
  ",": "privacyCsvComma",
} as const satisfies Record<(typeof CSV_DELIMITERS)[number], string>;

interface PrivacySectionProps {
  status: CredentialsStatus | null;
  /** Called with the background's status after the token was forgotten. */
  onStatus: (status: CredentialsStatus) => void;
}

/** What is kept and shown: notifications with contacts, how long import files stay, the CSV separator; forget the token, clear the history. */
export function PrivacySection({ status, onStatus }: PrivacySectionProps) {
  const [stored] = useStoredValue(privacySettingsItem);
  return (
    <section class="card" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t("privacyHeading")}</h2>
      <p>{t("privacyIntro")}</p>
      <p>
        <a href={browser.runtime.getURL("/privacy.html")} target="_blank" rel="noreferrer">
          {t("privacyPolicyLink")}
        </a>
      </p>
      {stored ? <PrivacyForm key={JSON.stringify(stored)} stored={stored} /> : <p>{t("loading")}</p>}
      <DangerZone hasToken={status?.hasToken ?? false} onStatus={onStatus} />
    </section>
  );
}

function PrivacyForm({ stored }: { stored: PrivacySettings }) {
  const [contacts, setContacts] = useState(stored.notificationContacts);
  const [days, setDays] = useState(String(stored.bulkFileDays));
  const [delimiter, setDelimiter] = useState(stored.csvDelimiter);
  const [daysError, setDaysError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const parsed = PrivacySettingsSchema.safeParse({
      notificationContacts: contacts,
      bulkFileDays: days.trim() === "" ? Number.NaN : Number(days),
      csvDelimiter: delimiter,
    });
    if (!parsed.success) {
      setDaysError(errorText(parsed.error.issues[0]?.message ?? "bulkFileDaysRange"));
      document.getElementById("bulk-file-days")?.focus();
      return;
    }
    setDaysError(undefined);
    try {
      await privacySettingsItem.setValue(parsed.data);
      setNotice({ text: t("privacySaved") });
    } catch {
      setNotice({ text: t("errorStorage"), error: true });
    }
  };

  return (
    <form class="form" onSubmit={save} noValidate>
      <div class="field">
        <label class="checkbox">
          <input
            type="checkbox"
            checked={contacts}
            aria-describedby="notification-contacts-help"
            onChange={(e) => setContacts(e.currentTarget.checked)}
          />{" "}
          {t("privacyNotificationContacts")}
        </label>
        <p id="notification-contacts-help" class="field__help">
          {t("privacyNotificationContactsHelp")}
        </p>
      </div>
      <Field
        id="bulk-file-days"
        label={t("privacyBulkFileDays")}
        help={t("privacyBulkFileDaysHelp")}
        error={daysError}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            min={1}
            max={90}
            step={1}
            value={days}
            onInput={(e) => setDays(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id="csv-delimiter" label={t("privacyCsvDelimiter")}>
        {(control) => (
          <select
            {...control}
            value={delimiter}
            onChange={(e) => {
              const choice = CSV_DELIMITERS.find((d) => d === e.currentTarget.value);
              if (choice) setDelimiter(choice);
            }}
          >
            {CSV_DELIMITERS.map((d) => (
              <option key={d} value={d}>
                {t(DELIMITER_LABELS[d])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="form__actions">
        <button type="submit" class="button">
          {t("privacySave")}
        </button>
        <StatusNotice notice={notice} />
      </div>
    </form>
  );
}

type Pending = "forgetToken" | "clearHistory" | null;

/** The two deletions, each confirmed in place. */
function DangerZone({ hasToken, onStatus }: { hasToken: boolean; onStatus: (s: CredentialsStatus) => void }) {
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const run = async (action: Exclude<Pending, null>) => {
    setPending(null);
    try {
      if (action === "forgetToken") {
        onStatus(await sendMessage("forgetToken"));
        setNotice({ text: t("forgetTokenDone") });
      } else {
        const { removed } = await sendMessage("clearHistory");
        setNotice({ text: t("clearHistoryDone", removed.toLocaleString()) });
      }
    } catch {
      setNotice({ text: t("errorBackground"), error: true });
    }
  };

  return (
    <div class="subsection">
      {pending ? (
        <div role="alertdialog" aria-labelledby="privacy-confirm" class="confirm">
          <p id="privacy-confirm">
            {t(pending === "forgetToken" ? "forgetTokenConfirm" : "clearHistoryConfirm")}
          </p>
          <button type="button" class="button button--danger" onClick={() => void run(pending)}>
            {t("confirmYes")}
          </button>{" "}
          <button type="button" class="button button--secondary" onClick={() => setPending(null)}>
            {t("confirmNo")}
          </button>
        </div>
      ) : (
        <p>
          <button
            type="button"
            class="button button--secondary"
            disabled={!hasToken}
            onClick={() => setPending("forgetToken")}
          >
            {t("forgetTokenButton")}
          </button>{" "}
          <button type="button" class="button button--secondary" onClick={() => setPending("clearHistory")}>
            {t("clearHistoryButton")}
          </button>
        </p>
      )}
      <StatusNotice notice={notice} />
    </div>
  );
}
