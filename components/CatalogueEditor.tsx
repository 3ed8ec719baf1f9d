import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { t } from "../utils/i18n";
import { type Catalogue, type CatalogueField, catalogueItem, saveCatalogue } from "../utils/storage";
import { CatalogueFieldForm, FIELD_TYPE_LABELS } from "./CatalogueFieldForm";

interface Notice {
  text: string;
  error?: boolean;
  /** The last removed field and where it was, while its removal can be undone. */
  removed?: { field: CatalogueField; index: number };
}

/** Which form is open: the edited field's id, NEW, or none. */
type Editing = string | null;
const NEW = "new";

const displayName = (field: CatalogueField) => field.label || field.apiName;

/** The custom-field catalogue: add, edit, remove (with undo) and reorder; every change is saved at once. */
export function CatalogueEditor() {
  const [fields, setFields] = useState<Catalogue | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const section = useRef<HTMLElement>(null);
  // Buttons to focus after the next render, first enabled one wins (`data-focus` values).
  const pendingFocus = useRef<string[]>([]);

  useEffect(() => {
    let active = true;
    catalogueItem.getValue().then((value) => {
      if (active) setFields(value);
    });
    const unwatch = catalogueItem.watch((value) => setFields(value));
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  // A layout effect runs in the commit of the very render that shows the change (a plain effect may run late,
  // against an older DOM).
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

  if (!fields) {
    return (
      <section class="card" aria-labelledby="catalogue-heading">
        <h2 id="catalogue-heading">{t("catalogueHeading")}</h2>
        <p>{t("loading")}</p>
      </section>
    );
  }

  /** Shows the change at once and stores it; puts the old list back if storing fails. */
  const commit = async (next: Catalogue, done: Notice, focus: string[]) => {
    const previous = fields;
    pendingFocus.current = focus;
    setFields(next);
    setNotice(done);
    try {
      await saveCatalogue(next);
    } catch {
      setFields(previous);
      setNotice({ text: t("errorStorage"), error: true });
    }
  };

  const move = (index: number, delta: -1 | 1) => {
    const field = fields[index];
    const other = fields[index + delta];
    if (!field || !other) return;
    const next = [...fields];
    next[index] = other;
    next[index + delta] = field;
    const [same, opposite] = delta < 0 ? ["up", "down"] : ["down", "up"];
    void commit(
      next,
      { text: t("fieldMoved", [displayName(field), String(index + delta + 1), String(next.length)]) },
      [`${field.id}:${same}`, `${field.id}:${opposite}`],
    );
  };

  const remove = (index: number) => {
    const field = fields[index];
    if (!field) return;
    if (editing === field.id) setEditing(null);
    void commit(
      fields.filter((_, i) => i !== index),
      { text: t("fieldRemoved", displayName(field)), removed: { field, index } },
      ["undo", "add"],
    );
  };

  const undo = () => {
    const removed = notice?.removed;
    if (!removed) return;
    const next = [...fields];
    next.splice(Math.min(removed.index, next.length), 0, removed.field);
    void commit(next, { text: t("fieldRestored", displayName(removed.field)) }, [`${removed.field.id}:edit`]);
  };

  const save = (field: CatalogueField) => {
    const exists = fields.some((f) => f.id === field.id);
    const next = exists ? fields.map((f) => (f.id === field.id ? field : f)) : [...fields, field];
    setEditing(null);
    void commit(next, { text: t(exists ? "fieldUpdated" : "fieldAdded", displayName(field)) }, [
      `${field.id}:edit`,
    ]);
  };

  const cancel = () => {
    pendingFocus.current = editing && editing !== NEW ? [`${editing}:edit`, "add"] : ["add"];
    setEditing(null);
  };

  const editedField = editing && editing !== NEW ? (fields.find((f) => f.id === editing) ?? null) : null;

  return (
    <section class="card" aria-labelledby="catalogue-heading" ref={section}>
      <h2 id="catalogue-heading">{t("catalogueHeading")}</h2>
      <p>{t("catalogueIntro")}</p>
      {fields.length === 0 ? (
        <p class="catalogue__empty">{t("catalogueEmpty")}</p>
      ) : (
        <ol class="catalogue" aria-label={t("catalogueListLabel")}>
          {fields.map((field, index) => {
            const name = displayName(field);
            return (
              <li key={field.id} class="catalogue__item">
                <div class="catalogue__text">
                  <span class="catalogue__name">{name}</span>
                  {field.label && <code class="catalogue__api-name">{field.apiName}</code>}
                  <span class="catalogue__type">
                    {field.type === "list"
                      ? t("fieldSummaryList", field.options.join(", "))
                      : t(FIELD_TYPE_LABELS[field.type])}
                  </span>
                </div>
                <div class="catalogue__actions">
                  <button
                    type="button"
                    class="button button--icon"
                    data-focus={`${field.id}:up`}
                    aria-label={t("fieldMoveUpLabel", name)}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    class="button button--icon"
                    data-focus={`${field.id}:down`}
                    aria-label={t("fieldMoveDownLabel", name)}
                    disabled={index === fields.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    class="button button--secondary"
                    data-focus={`${field.id}:edit`}
                    aria-label={t("fieldEditLabel", name)}
                    onClick={() => setEditing(field.id)}
                  >
                    {t("fieldEdit")}
                  </button>
                  <button
                    type="button"
                    class="button button--danger"
                    aria-label={t("fieldRemoveLabel", name)}
                    onClick={() => remove(index)}
                  >
                    {t("fieldRemove")}
                  </button>
                </div>
              </li>
            );
          })}
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
        <CatalogueFieldForm
          key={editing}
          initial={editedField}
          catalogue={fields}
          onSave={save}
          onCancel={cancel}
        />
      ) : (
        <button
          type="button"
          class="button"
          data-focus="add"
          onClick={() => {
            setNotice(null);
            setEditing(NEW);
          }}
        >
          {t("catalogueAdd")}
        </button>
      )}
    </section>
  );
}
