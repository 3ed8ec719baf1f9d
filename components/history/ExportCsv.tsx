import { useEffect, useRef, useState } from "preact/hooks";
import { exportDelimiter } from "../../utils/csv/write";
import { plural, t, uiLanguage } from "../../utils/i18n";
import { sendMessage } from "../../utils/messaging";
import { HISTORY_MAX_LIMIT } from "../../utils/messaging-schemas";
import { privacySettingsItem } from "../../utils/storage";
import { downloadFile } from "../download-file";
import { buildHistoryCsv, csvFileName } from "./csv";
import { formatCount } from "./labels";
import { type HistoryFilters, toHistoryQuery } from "./query";

interface ExportCsvProps {
  filters: HistoryFilters;
  /** Custom-field API name → label, as the table shows them. */
  labels: ReadonlyMap<string, string>;
  disabled?: boolean;
}

type Progress =
  | { phase: "idle" }
  | { phase: "running"; rows: number }
  | { phase: "done"; rows: number; unreadable: number }
  | { phase: "cancelled" }
  | { phase: "failed" };

/** Downloads the history that matches the filters as CSV, reading it a page at a time, with progress. */
export function ExportCsv({ filters, labels, disabled }: ExportCsvProps) {
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ phase: "running", rows: 0 });
    try {
      const { csvDelimiter } = await privacySettingsItem.getValue();
      const result = await buildHistoryCsv(
        (before) => sendMessage("listHistory", toHistoryQuery(filters, HISTORY_MAX_LIMIT, before)),
        {
          signal: controller.signal,
          onProgress: (rows) => setProgress({ phase: "running", rows }),
          delimiter: exportDelimiter(csvDelimiter, uiLanguage()),
          labels,
        },
      );
      if (!result) {
        setProgress({ phase: "cancelled" });
        return;
      }
      downloadFile(result.blob, csvFileName(Date.now()));
      setProgress({ phase: "done", rows: result.rows, unreadable: result.unreadable });
    } catch {
      setProgress({ phase: "failed" });
    } finally {
      abort.current = null;
    }
  };

  const running = progress.phase === "running";
  return (
    <div class="export">
      {running ? (
        <button type="button" class="button button--secondary" onClick={() => abort.current?.abort()}>
          {t("historyExportCancel")}
        </button>
      ) : (
        <button type="button" class="button button--secondary" onClick={start} disabled={disabled}>
          {t("historyExport")}
        </button>
      )}
      <p role="status" class={progress.phase === "failed" ? "notice notice--error" : "notice"}>
        {progressText(progress)}
      </p>
    </div>
  );
}

function progressText(progress: Progress): string {
  switch (progress.phase) {
    case "idle":
      return "";
    case "running":
      return plural("historyExportProgress", progress.rows, [formatCount(progress.rows)]);
    case "done": {
      const done = plural("historyExportDone", progress.rows, [formatCount(progress.rows)]);
      return progress.unreadable > 0
        ? `${done} ${plural("historyExportUnreadable", progress.unreadable, [formatCount(progress.unreadable)])}`
        : done;
    }
    case "cancelled":
      return t("historyExportCancelled");
    case "failed":
      return t("errorBackground");
  }
}
