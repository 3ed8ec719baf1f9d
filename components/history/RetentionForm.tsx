import { useEffect, useState } from "preact/hooks";
import { errorText, plural, t } from "../../utils/i18n";
import { sendMessage } from "../../utils/messaging";
import { RETENTION_LIMITS, type Retention, RetentionSchema } from "../../utils/storage";
import { Field } from "../Field";
import { formatCount } from "./labels";

type RetentionField = keyof Retention;

/** The substitutions of a field's range error: its bounds. */
function rangeOf(field: RetentionField): [string, string] {
  return field === "maxCount"
    ? [formatCount(RETENTION_LIMITS.minCount), formatCount(RETENTION_LIMITS.maxCount)]
    : [formatCount(RETENTION_LIMITS.minAgeDays), formatCount(RETENTION_LIMITS.maxAgeDays)];
}

interface RetentionFormProps {
  /** Called with how many entries the new limits deleted. */
  onSaved: (removed: number) => void;
}

/** How much history is kept: at most so many entries, none older than so many days. */
export function RetentionForm({ onSaved }: RetentionFormProps) {
  const [form, setForm] = useState<Record<RetentionField, string> | null>(null);
  const [errors, setErrors] = useState<Partial<Record<RetentionField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    let active = true;
    sendMessage("getRetention")
      .then((retention) => active && setForm(toForm(retention)))
      .catch(() => active && setNotice({ error: true, text: t("errorBackground") }));
    return () => {
      active = false;
    };
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!form) return;
    const parsed = RetentionSchema.safeParse({
      maxCount: toNumber(form.maxCount),
      maxAgeDays: toNumber(form.maxAgeDays),
    });
    if (!parsed.success) {
      const found: Partial<Record<RetentionField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as RetentionField;
        found[field] ??= errorText(issue.message, rangeOf(field));
      }
      setErrors(found);
      setNotice({ error: true, text: t("formHasErrors") });
      document.getElementById(`retention-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const { retention, removed } = await sendMessage("setRetention", parsed.data);
      setForm(toForm(retention));
      setNotice({ error: false, text: plural("retentionSaved", removed, [formatCount(removed)]) });
      onSaved(removed);
    } catch {
      setNotice({ error: true, text: t("errorBackground") });
    } finally {
      setSaving(false);
    }
  };

  const input = (field: RetentionField, label: string) => (
    <Field id={`retention-${field}`} label={label} error={errors[field]}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={field === "maxCount" ? RETENTION_LIMITS.minCount : RETENTION_LIMITS.minAgeDays}
          max={field === "maxCount" ? RETENTION_LIMITS.maxCount : RETENTION_LIMITS.maxAgeDays}
          step={1}
          value={form?.[field] ?? ""}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setForm((current) => (current ? { ...current, [field]: value } : current));
          }}
        />
      )}
    </Field>
  );

  return (
    <section class="card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t("retentionHeading")}</h2>
      <p class="field__help">{t("retentionIntro")}</p>
      {form ? (
        <form class="retention" noValidate onSubmit={submit}>
          {input("maxCount", t("retentionCountLabel"))}
          {input("maxAgeDays", t("retentionAgeLabel"))}
          <div class="form__actions">
            <button type="submit" class="button" disabled={saving} aria-busy={saving}>
              {t("retentionSave")}
            </button>
            <p role="status" class={notice?.error ? "notice notice--error" : "notice notice--ok"}>
              {notice?.text}
            </p>
          </div>
        </form>
      ) : (
        <p role="status" class={notice?.error ? "notice notice--error" : "notice"}>
          {notice?.text ?? t("loading")}
        </p>
      )}
    </section>
  );
}

const toForm = (retention: Retention): Record<RetentionField, string> => ({
  maxCount: String(retention.maxCount),
  maxAgeDays: String(retention.maxAgeDays),
});

/** The number typed, or NaN for a blank or non-numeric value (the schema then reports it). */
function toNumber(text: string): number {
  const trimmed = text.trim().replace(/\s/g, "");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}
