/** Moving focus after a change, once the render that shows the change is on screen. */
import { useLayoutEffect, useRef } from "preact/hooks";

/**
 * Focus to move after the next render: set `.current` to targets, best first; the first one that `find`
 * turns into an enabled element gets focus.
 */
export function usePendingFocus(
  find: (target: string) => HTMLElement | null | undefined,
  initial: string[] = [],
): { current: string[] } {
  const pending = useRef(initial);
  // A layout effect runs in the commit of the very render that shows the change (a plain effect may run late,
  // against an older DOM).
  useLayoutEffect(() => {
    const targets = pending.current;
    if (!targets.length) return;
    pending.current = [];
    for (const target of targets) {
      const element = find(target);
      // A disabled button (↑ on the first row) cannot take focus: the next target does.
      if (element && !(element as HTMLButtonElement).disabled) {
        element.focus();
        return;
      }
    }
  });
  return pending;
}
