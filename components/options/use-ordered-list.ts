/**
 * A stored, ordered list edited in place on the options page (the custom-field catalogue, the presets):
 * add, edit, remove with undo, move up and down. Each change is shown at once, stored, and said in a
 * status message; focus goes to where the user acts next.
 */
import type { RefObject } from "preact";
import { useRef, useState } from "preact/hooks";
import { type MessageKey, t } from "../../utils/i18n";
import { moveItem } from "../move-item";
import type { Notice } from "../StatusNotice";
import { usePendingFocus } from "../use-pending-focus";
import { type ReadableItem, useStoredValue } from "../use-stored-value";

/** What the list says after a change. */
export interface ListNotice<T> extends Notice {
  /** The last removed item and where it was, while its removal can be undone. */
  removed?: { item: T; index: number };
}

/** The messages that say what happened to an item; each takes the item's name. */
export interface ItemMessages {
  added: MessageKey;
  updated: MessageKey;
  removed: MessageKey;
  restored: MessageKey;
}

interface OrderedListOptions<T> {
  stored: ReadableItem<T[]>;
  /** Stores the whole list; when it throws, the list shown goes back to what it was. */
  store: (items: T[]) => Promise<void>;
  /** The item's name in messages and button labels. */
  nameOf: (item: T) => string;
  messages: ItemMessages;
}

/** The list's state and what the user can do with it. */
export interface OrderedList<T> {
  items: T[];
  nameOf: (item: T) => string;
  /** Holds the list's buttons: the ones to focus (by `data-focus`) are looked for inside it. */
  section: RefObject<HTMLElement>;
  notice: ListNotice<T> | null;
  /** Which form is open: the edited item's id, a key of its own while adding, or null for none. */
  editing: string | null;
  /** The item the open form edits; null for a new one. */
  editedItem: T | null;
  startAdding: () => void;
  startEditing: (id: string) => void;
  move: (index: number, delta: -1 | 1) => void;
  remove: (index: number) => void;
  undo: () => void;
  /** Adds the item, or replaces the one with its id, and closes the form. */
  save: (item: T) => void;
  /** Closes the form. */
  cancel: () => void;
}

/** The value of `editing` while the form adds an item. */
const NEW_ITEM = "new";

/** The `data-focus` value of the add button, where focus returns when a form is cancelled. */
export const ADD_FOCUS = "add";
/** The `data-focus` value of the undo button, focused after a removal. */
export const UNDO_FOCUS = "undo";

/** The `data-focus` value of an item's button. */
export const itemFocus = (id: string, control: "up" | "down" | "edit"): string => `${id}:${control}`;

/** Loads the list from `stored` (null until then), keeps it current, and edits it; every change is stored at once. */
export function useOrderedList<T extends { id: string }>({
  stored,
  store,
  nameOf,
  messages,
}: OrderedListOptions<T>): OrderedList<T> | null {
  const [items, setItems] = useStoredValue(stored);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<ListNotice<T> | null>(null);
  const section = useRef<HTMLElement>(null);
  const pendingFocus = usePendingFocus((target) =>
    section.current?.querySelector<HTMLElement>(`[data-focus="${target}"]`),
  );

  if (!items) return null;

  /** Shows the change at once and stores it; puts the old list back if storing fails. */
  const commit = async (next: T[], done: ListNotice<T>, focus: string[]) => {
    const previous = items;
    pendingFocus.current = focus;
    setItems(next);
    setNotice(done);
    try {
      await store(next);
    } catch {
      setItems(previous);
      setNotice({ text: t("errorStorage"), error: true });
    }
  };

  const move = (index: number, delta: -1 | 1) => {
    const moved = moveItem(items, index, delta);
    if (!moved) return;
    const { item } = moved;
    void commit(
      moved.items,
      { text: t("fieldMoved", [nameOf(item), String(index + delta + 1), String(moved.items.length)]) },
      moved.focus.map((direction) => itemFocus(item.id, direction)),
    );
  };

  const remove = (index: number) => {
    const item = items[index];
    if (!item) return;
    if (editing === item.id) setEditing(null);
    void commit(
      items.filter((_, i) => i !== index),
      { text: t(messages.removed, nameOf(item)), removed: { item, index } },
      [UNDO_FOCUS, ADD_FOCUS],
    );
  };

  const undo = () => {
    const removed = notice?.removed;
    if (!removed) return;
    const next = [...items];
    next.splice(Math.min(removed.index, next.length), 0, removed.item);
    void commit(next, { text: t(messages.restored, nameOf(removed.item)) }, [
      itemFocus(removed.item.id, "edit"),
    ]);
  };

  const save = (item: T) => {
    const exists = items.some((other) => other.id === item.id);
    const next = exists ? items.map((other) => (other.id === item.id ? item : other)) : [...items, item];
    setEditing(null);
    void commit(next, { text: t(exists ? messages.updated : messages.added, nameOf(item)) }, [
      itemFocus(item.id, "edit"),
    ]);
  };

  const cancel = () => {
    pendingFocus.current =
      editing && editing !== NEW_ITEM ? [itemFocus(editing, "edit"), ADD_FOCUS] : [ADD_FOCUS];
    setEditing(null);
  };

  const startAdding = () => {
    setNotice(null);
    setEditing(NEW_ITEM);
  };

  const editedItem =
    editing && editing !== NEW_ITEM ? (items.find((item) => item.id === editing) ?? null) : null;

  return {
    items,
    nameOf,
    section,
    notice,
    editing,
    editedItem,
    startAdding,
    startEditing: setEditing,
    move,
    remove,
    undo,
    save,
    cancel,
  };
}
