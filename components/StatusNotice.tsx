/** What a section says after an action: that it was done, or why it failed. */
export interface Notice {
  text: string;
  error?: boolean;
}

/** The section's status line, announced by screen readers: green when done, red when it failed. */
export function StatusNotice({ notice }: { notice: Notice | null }) {
  return (
    <p role="status" class={notice?.error ? "notice notice--error" : "notice notice--ok"}>
      {notice?.text ?? ""}
    </p>
  );
}
