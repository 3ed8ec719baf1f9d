import { useState } from "preact/hooks";
import { t } from "../../utils/i18n";

interface FileDropProps {
  /** Shown under the input and announced; marks it invalid. */
  error?: string;
  busy: boolean;
  onFile: (file: File) => void;
}

/** The CSV file input, which a file can also be dropped on. */
export function FileDrop({ error, busy, onFile }: FileDropProps) {
  const [over, setOver] = useState(false);
  const pick = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is a pointer shortcut; the file input inside is the way for everyone.
    <div
      class={over ? "drop drop--over" : "drop"}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        pick(event.dataTransfer?.files);
      }}
    >
      <label for="bulk-file" class="drop__label">
        {t("bulkFileLabel")}
      </label>
      <input
        id="bulk-file"
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? "bulk-file-error bulk-file-help" : "bulk-file-help"}
        aria-busy={busy}
        onChange={(event) => {
          pick(event.currentTarget.files);
          // The same file chosen again (after fixing it) must be read again.
          event.currentTarget.value = "";
        }}
      />
      <p id="bulk-file-help" class="field__help">
        {t("bulkFileHelp")} {t("bulkDropHint")}
      </p>
      {error && (
        <p id="bulk-file-error" class="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
