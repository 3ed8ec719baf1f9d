import { useState } from "preact/hooks";
import { t, uiLanguage } from "../../utils/i18n";
import { RegionSchema } from "../../utils/storage";
import { Field } from "../Field";
import { type Notice, StatusNotice } from "../StatusNotice";
import { updateDetectionSettings } from "./detection-settings";

/** The countries offered (ISO 3166-1 alpha-2): the CIS first among the users, then common others. */
export const REGIONS = [
  "RU",
  "KZ",
  "BY",
  "UZ",
  "KG",
  "TJ",
  "TM",
  "AM",
  "GE",
  "AZ",
  "MD",
  "UA",
  "TR",
  "AE",
  "IL",
  "CY",
  "RS",
  "ME",
  "DE",
  "PL",
  "LT",
  "LV",
  "EE",
  "FI",
  "FR",
  "IT",
  "ES",
  "NL",
  "GB",
  "US",
  "CA",
  "TH",
  "VN",
  "ID",
  "IN",
  "CN",
] as const;

/** The regions with their names in `language`, sorted by name; `current` is kept even if not offered. */
export function regionOptions(language: string, current: string): { code: string; name: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([language], { type: "region" });
  } catch {
    // No region names in this runtime: the codes are shown.
  }
  const codes: string[] = [...REGIONS];
  if (current && !codes.includes(current)) codes.push(current);
  return codes
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
}

interface RegionSelectProps {
  /** The stored region. */
  region: string;
}

/** The country of numbers written without a country code; saved as soon as it is chosen. */
export function RegionSelect({ region }: RegionSelectProps) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const language = uiLanguage();

  const choose = async (code: string) => {
    setNotice(null);
    try {
      await updateDetectionSettings(() => ({ region: RegionSchema.parse(code) }));
      setNotice({ text: t("detectionSaved") });
    } catch {
      setNotice({ text: t("errorStorage"), error: true });
    }
  };

  return (
    <div class="subsection">
      <Field id="region" label={t("regionLabel")} help={t("regionHelp")}>
        {(control) => (
          <select {...control} value={region} onChange={(e) => void choose(e.currentTarget.value)}>
            {regionOptions(language, region).map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <StatusNotice notice={notice} />
    </div>
  );
}
