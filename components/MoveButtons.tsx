interface MoveButtonsProps {
  index: number;
  count: number;
  upLabel: string;
  downLabel: string;
  /** Attributes by which focus finds the button again after a move (an `id` or a `data-focus`). */
  focusAttributes: (direction: "up" | "down") => Record<string, string>;
  onMove: (delta: -1 | 1) => void;
}

/** The ↑ and ↓ buttons that move an item of a list one place; the first cannot go up, nor the last down. */
export function MoveButtons({ index, count, upLabel, downLabel, focusAttributes, onMove }: MoveButtonsProps) {
  return (
    <>
      <button
        type="button"
        class="button button--icon"
        {...focusAttributes("up")}
        aria-label={upLabel}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        class="button button--icon"
        {...focusAttributes("down")}
        aria-label={downLabel}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        <span aria-hidden="true">↓</span>
      </button>
    </>
  );
}
