import { useEffect, useRef, useState } from "preact/hooks";
import type { CountryCode } from "../../utils/detect";
import { t } from "../../utils/i18n";
import { Field } from "../Field";
import { type Notice, StatusNotice } from "../StatusNotice";
import { updateDetectionSettings } from "./detection-settings";
import { parseIgnoreList } from "./ignore-list";

/** The limit of `ignore` in DetectionSettingsSchema (which would refuse a longer list). */
const MAX_ENTRIES = 500;
const ID = "ignore-list";

interface IgnoreListEditorProps {
  /** The stored entries. */
  ignore: readonly string[];
  /** The region their local numbers are read in. */
  region: CountryCode;
}

/** "My numbers and emails": one per line, checked line by line; the valid lines are saved. */
export function IgnoreListEditor({ ignore, region }: IgnoreListEditorProps) {
  const [text, setText] = useState(() => ignore.join("\n"));
  const [error, setError] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);
  const [saving, setSaving] = useState(false);
  // Until the user types, the textarea follows the stored list (another tab may change it).
  const edited = useRef(false);

  useEffect(() => {
    if (!edited.current) setText(ignore.join("\n"));
  }, [ignore]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    setNotice(null);
    const { entries, invalidLines } = parseIgnoreList(text, region);
    if (entries.length > MAX_ENTRIES) {
      setError(t("ignoreTooMany", String(MAX_ENTRIES)));
      document.getElementById(ID)?.focus();
      return;
    }
    setSaving(true);
    try {
      await updateDetectionSettings(() => ({ ignore: entries }));
    } catch {
      setSaving(false);
      setNotice({ text: t("errorStorage"), error: true });
      return;
    }
    setSaving(false);
    setNotice({ text: t("ignoreSaved", String(entries.length)) });
    if (invalidLines.length) {
      // The invalid lines stay in the textarea, where their numbers point, to be fixed.
      setError(t("ignoreInvalidLines", invalidLines.join(", ")));
      document.getElementById(ID)?.focus();
    } else {
      setError("");
      edited.current = false;
      setText(entries.join("\n"));
    }
  };

  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <Field id={ID} label={t("ignoreLabel")} help={t("ignoreHelp")} error={error || undefined}>
        {(control) => (
          <textarea
            {...control}
            rows={6}
            spellcheck={false}
            value={text}
            onInput={(e) => {
              edited.current = true;
              setText(e.currentTarget.value);
              setNotice(null);
            }}
          />
        )}
      </Field>
      <div class="form__actions">
        <button type="submit" class="button" aria-busy={saving}>
          {saving ? t("saving") : t("ignoreSave")}
        </button>
        <StatusNotice notice={notice} />
      </div>
    </form>
  );
}
