import { type ComponentChildren, Fragment } from "preact";
import { t } from "../../utils/i18n";
import { MoveButtons } from "../MoveButtons";
import { ADD_FOCUS, itemFocus, type OrderedList, UNDO_FOCUS } from "./use-ordered-list";

interface OrderedListEditorProps<T> {
  /** The loaded list, from `useOrderedList`. */
  list: OrderedList<T>;
  /** The accessible name of the list. */
  label: string;
  /** What stands in place of the list while it is empty. */
  empty: ComponentChildren;
  /** The item's text, before its buttons. */
  describe: (item: T) => ComponentChildren;
  /** The form that adds (`initial` null) or edits an item; it calls `list.save` or `list.cancel`. */
  form: (initial: T | null) => ComponentChildren;
  addLabel: string;
  /** False hides the add button (something the items need is missing). */
  canAdd?: boolean;
}

/** The items with their move, edit and remove buttons, the status with undo, and the form or the add button. */
export function OrderedListEditor<T extends { id: string }>({
  list,
  label,
  empty,
  describe,
  form,
  addLabel,
  canAdd = true,
}: OrderedListEditorProps<T>) {
  const { items, notice } = list;
  return (
    <>
      {items.length === 0 ? (
        empty
      ) : (
        <ol class="catalogue" aria-label={label}>
          {items.map((item, index) => {
            const name = list.nameOf(item);
            return (
              <li key={item.id} class="catalogue__item">
                <div class="catalogue__text">{describe(item)}</div>
                <div class="catalogue__actions">
                  <MoveButtons
                    index={index}
                    count={items.length}
                    upLabel={t("fieldMoveUpLabel", name)}
                    downLabel={t("fieldMoveDownLabel", name)}
                    focusAttributes={(direction) => ({ "data-focus": itemFocus(item.id, direction) })}
                    onMove={(delta) => list.move(index, delta)}
                  />
                  <button
                    type="button"
                    class="button button--secondary"
                    data-focus={itemFocus(item.id, "edit")}
                    aria-label={t("fieldEditLabel", name)}
                    onClick={() => list.startEditing(item.id)}
                  >
                    {t("fieldEdit")}
                  </button>
                  <button
                    type="button"
                    class="button button--danger"
                    aria-label={t("fieldRemoveLabel", name)}
                    onClick={() => list.remove(index)}
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
          <button type="button" class="button button--secondary" data-focus={UNDO_FOCUS} onClick={list.undo}>
            {t("undo")}
          </button>
        )}
      </div>

      {list.editing ? (
        // Keyed by the edited item: editing another one starts a fresh form.
        <Fragment key={list.editing}>{form(list.editedItem)}</Fragment>
      ) : (
        canAdd && (
          <button type="button" class="button" data-focus={ADD_FOCUS} onClick={list.startAdding}>
            {addLabel}
          </button>
        )
      )}
    </>
  );
}
