/** Moving one item of an edited list a place up or down. Pure. */

/** Where a move left the list, and which of the item's move buttons to focus, best first. */
export interface MovedItem<T> {
  items: T[];
  item: T;
  /** The button of the same direction, else (at the end of the list, where it is disabled) the other. */
  focus: readonly ["up", "down"] | readonly ["down", "up"];
}

/** `items` with the one at `index` swapped with its neighbour above (-1) or below (1); null when there is none. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): MovedItem<T> | null {
  const item = items[index];
  const other = items[index + delta];
  if (item === undefined || other === undefined) return null;
  const next = [...items];
  next[index] = other;
  next[index + delta] = item;
  return { items: next, item, focus: delta < 0 ? ["up", "down"] : ["down", "up"] };
}
