interface ResumeButtonProps {
  onResume: () => void;
  /** True while the resume request is on its way: the button is disabled and busy. */
  resuming: boolean;
  label: string;
}

/** The button under a pause notice that lifts the queue's pause. */
export function ResumeButton({ onResume, resuming, label }: ResumeButtonProps) {
  return (
    <button
      type="button"
      class="button button--secondary status__action"
      onClick={onResume}
      disabled={resuming}
      aria-busy={resuming}
    >
      {label}
    </button>
  );
}
