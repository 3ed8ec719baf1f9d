/** "My numbers and emails" from the popup: "This is my number", and the first run's question. */
import { useEffect, useState } from "preact/hooks";
import { contactText, type PopupContact } from "../../utils/contacts";
import { detectionSettingsItem, myNumbersAskedItem } from "../../utils/storage";
import { parseIgnoreList } from "../options/ignore-list";

/** The most entries the list holds (as `DetectionSettingsSchema` allows). */
const MAX_ENTRIES = 500;

/**
 * Adds contacts to "my numbers" as a person reads them (`+7 915 777-11-22`), each once (a number already
 * listed in another spelling is not added again). False when the list could not be saved.
 */
export async function addMyNumbers(contacts: readonly PopupContact[]): Promise<boolean> {
  try {
    const settings = await detectionSettingsItem.getValue();
    const text = [...settings.ignore, ...contacts.map(contactText)].join("\n");
    const ignore = parseIgnoreList(text, settings.region).entries;
    if (ignore.length > MAX_ENTRIES) return false;
    await detectionSettingsItem.setValue({ ...settings, ignore });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether to ask which of the page's numbers are the company's own: once, when "my numbers" is empty and
 * the question was never answered or dismissed. `done` records that it was.
 */
export function useFirstRun(): { ask: boolean; done: () => void } {
  const [ask, setAsk] = useState(false);
  useEffect(() => {
    let active = true;
    Promise.all([detectionSettingsItem.getValue(), myNumbersAskedItem.getValue()])
      .then(([settings, asked]) => active && setAsk(!asked && settings.ignore.length === 0))
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, []);
  const done = () => {
    setAsk(false);
    void myNumbersAskedItem.setValue(true).catch(() => undefined);
  };
  return { ask, done };
}
