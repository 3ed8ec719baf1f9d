import { useEffect, useState } from "preact/hooks";

/** `value`, once it has not changed for `delayMs` (typing in a search box asks the background once). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
