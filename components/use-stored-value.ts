/** A storage item's value in a component, kept current as storage changes (another tab, the background). */
import { useEffect, useState } from "preact/hooks";
import type { PrivateItem } from "../utils/private-store";

/** What a component needs of a stored item: its value and its changes. */
export type ReadableItem<T> = Pick<PrivateItem<T>, "getValue" | "watch">;

/**
 * The item's value, null while it loads. The setter changes only what is shown (a change shown before
 * it is stored, or taken back when storing fails); the next change in storage replaces it.
 */
export function useStoredValue<T>(item: ReadableItem<T>): [T | null, (value: T) => void] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let active = true;
    item.getValue().then((stored) => {
      if (active) setValue(stored);
    });
    const unwatch = item.watch((stored) => setValue(stored));
    return () => {
      active = false;
      unwatch();
    };
  }, [item]);
  return [value, setValue];
}
