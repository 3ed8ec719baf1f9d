import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { z } from "zod";
import { t } from "../utils/i18n";
import { type Catalogue, catalogueItem, type Preset, PresetSchema, presetsItem } from "../utils/storage";
import { PresetForm } from "./PresetForm";

interface Notice {
  text: string;
  error?: boolean;
  /** The last removed preset and where it was, while its removal can be undone. */
  removed?: { preset: Preset; index: number };
}

/** Which form is open: the edited preset's id, NEW, or none. */
type Editing = string | null;
const NEW = "new";

const PresetListSchema = z.array(PresetSchema);

/** The presets of the context menu: add, edit, remove (with undo) and reorder; every change is saved at once. */
export function PresetsEditor() {
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const section = useRef<HTMLElement>(null);
  // Buttons to focus after the next render, first enabled one wins (`data-focus` values).
  const pendingFocus = useRef<string[]>([]);

  useEffect(() => {
    let active = true;
    Promise.all([presetsItem.getValue(), catalogueItem.getValue()]).then(([storedPresets, fields]) => {
      if (!active) return;
      setPresets(storedPresets);
      setCatalogue(fields);
    });
    const unwatchPresets = presetsItem.watch((value) => setPresets(value));
    const unwatchCatalogue = catalogueItem.watch((value) => setCatalogue(value));
    return () => {
      active = false;
      unwatchPresets();
      unwatchCatalogue();
    };
  }, []);

  useLayoutEffect(() => {
    const targets = pendingFocus.current;
    if (!targets.length || !section.current) return;
    pendingFocus.current = [];
    for (const target of targets) {
      const button = section.current.querySelector<HTMLButtonElement>(`[data-focus="${target}"]`);
      if (button && !button.disabled) {
        button.focus();
        return;
      }
    }
  });

  if (!presets || !catalogue) {
    return (
      <section class="card" aria-labelledby="presets-heading">
        <h2 id="presets-heading">{t("presetsHeading")}</h2>
        <p>{t("loading")}</p>
      </section>
    );
  }

  /** Shows the change at once and stores it; puts the old list back if storing fails. */
  const commit = async (next: Preset[], done: Notice, focus: string[]) => {
    const previous = presets;
    pendingFocus.current = focus;
    setPresets(next);
    setNotice(done);
    try {
      await presetsItem.setValue(PresetListSchema.parse(next));
    } catch {
      setPresets(previous);
      setNotice({ text: t("errorStorage"), error: true });
    }
  };

  const move = (index: number, delta: -1 | 1) => {
    const preset = presets[index];
    const other = presets[index + delta];
    if (!preset || !other) return;
    const next = [...presets];
    next[index] = other;
    next[index + delta] = preset;
    const [same, opposite] = delta < 0 ? ["up", "down"] : ["down", "up"];
    void commit(
      next,
      { text: t("fieldMoved", [preset.name, String(index + delta + 1), String(next.length)]) },
      [`${preset.id}:${same}`, `${preset.id}:${opposite}`],
    );
  };

  const remove = (index: number) => {
    const preset = presets[index];
    if (!preset) return;
    if (editing === preset.id) setEditing(null);
    void commit(
      presets.filter((_, i) => i !== index),
      { text: t("presetRemoved", preset.name), removed: { preset, index } },
      ["undo", "add"],
    );
  };

  const undo = () => {
    const removed = notice?.removed;
    if (!removed) return;
    const next = [...presets];
    next.splice(Math.min(removed.index, next.length), 0, removed.preset);
    void commit(next, { text: t("presetRestored", removed.preset.name) }, [`${removed.preset.id}:edit`]);
  };

  const save = (preset: Preset) => {
    const exists = presets.some((p) => p.id === preset.id);
    const next = exists ? presets.map((p) => (p.id === preset.id ? preset : p)) : [...presets, preset];
    setEditing(null);
    void commit(next, { text: t(exists ? "presetUpdated" : "presetAdded", preset.name) }, [
      `${preset.id}:edit`,
    ]);
  };

  const cancel = () => {
    pendingFocus.current = editing && editing !== NEW ? [`${editing}:edit`, "add"] : ["add"];
    setEditing(null);
  };

  const fieldName = (apiName: string) => {
    const field = catalogue.find((f) => f.apiName === apiName);
    return field?.label || apiName;
  };
  const summary = (preset: Preset) =>
    preset.fields.map((f) => `${fieldName(f.apiName)}: ${f.value}`).join(", ");

  const editedPreset = editing && editing !== NEW ? (presets.find((p) => p.id === editing) ?? null) : null;

  return (
    <section class="card" aria-labelledby="presets-heading" ref={section}>
      <h2 id="presets-heading">{t("presetsHeading")}</h2>
      <p>{t("presetsIntro")}</p>
      {catalogue.length === 0 && <p class="catalogue__empty">{t("presetsNeedCatalogue")}</p>}
      {presets.length === 0 ? (
        catalogue.length > 0 && <p class="catalogue__empty">{t("presetsEmpty")}</p>
      ) : (
        <ol class="catalogue" aria-label={t("presetsListLabel")}>
          {presets.map((preset, index) => (
            <li key={preset.id} class="catalogue__item">
              <div class="catalogue__text">
                <span class="catalogue__name">{preset.name}</span>
                <span class="catalogue__type">{summary(preset)}</span>
                {preset.overwrite && <span class="catalogue__type">{t("presetOverwrites")}</span>}
              </div>
              <div class="catalogue__actions">
                <button
                  type="button"
                  class="button button--icon"
                  data-focus={`${preset.id}:up`}
                  aria-label={t("fieldMoveUpLabel", preset.name)}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  class="button button--icon"
                  data-focus={`${preset.id}:down`}
                  aria-label={t("fieldMoveDownLabel", preset.name)}
                  disabled={index === presets.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  class="button button--secondary"
                  data-focus={`${preset.id}:edit`}
                  aria-label={t("fieldEditLabel", preset.name)}
                  onClick={() => setEditing(preset.id)}
                >
                  {t("fieldEdit")}
                </button>
                <button
                  type="button"
                  class="button button--danger"
                  aria-label={t("fieldRemoveLabel", preset.name)}
                  onClick={() => remove(index)}
                >
                  {t("fieldRemove")}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}

      <div class="catalogue__notice">
        <p role="status" class={notice?.error ? "notice notice--error" : "notice"}>
          {notice?.text ?? ""}
        </p>
        {notice?.removed && (
          <button type="button" class="button button--secondary" data-focus="undo" onClick={undo}>
            {t("undo")}
          </button>
        )}
      </div>

      {editing ? (
        <PresetForm
          key={editing}
          initial={editedPreset}
          catalogue={catalogue}
          onSave={save}
          onCancel={cancel}
        />
      ) : (
        catalogue.length > 0 && (
          <button
            type="button"
            class="button"
            data-focus="add"
            onClick={() => {
              setNotice(null);
              setEditing(NEW);
            }}
          >
            {t("presetsAdd")}
          </button>
        )
      )}
    </section>
  );
}
