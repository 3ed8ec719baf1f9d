import { useMemo, useRef, useState } from "preact/hooks";
import {
  type ColumnRole,
  checkMapping,
  fitRoles,
  guessRoles,
  headerSignature,
} from "../../utils/bulk/mapping";
import { recallMapping, rememberMapping } from "../../utils/bulk/mappings";
import { checkImportRows } from "../../utils/bulk/row-checks";
import { type OpChunk, planChunks, summarizeChecks } from "../../utils/bulk/rows";
import { createJob } from "../../utils/bulk/runner";
import { decodeCsvBytes, looksBinary } from "../../utils/csv/decode";
import { type ParsedCsv, parseCsv } from "../../utils/csv/parse";
import type { CountryCode } from "../../utils/detect";
import { plural, t } from "../../utils/i18n";
import { type BulkJob, type Catalogue, catalogueItem } from "../../utils/storage";
import { CheckWithHelp } from "../CheckField";
import { FileDrop } from "./FileDrop";
import { MappingTable } from "./MappingTable";
import { Preview } from "./Preview";
import { delimiterName, mappingProblemText } from "./wording";

/** The largest file the page reads: a CSV of 100,000 leads is well under it. */
const MAX_FILE_MB = 50;
const MAX_ROWS = 100_000;

/** A file being set up for import. */
interface Draft {
  fileName: string;
  text: string;
  encoding: string;
  parsed: ParsedCsv;
  signature: string;
  roles: ColumnRole[];
  overwrite: boolean;
  /** The roles came from the mapping remembered for this header set. */
  remembered: boolean;
  consent: boolean;
}

interface NewImportFormProps {
  /** The catalogue of custom fields; null while it loads. */
  catalogue: Catalogue | null;
  region: CountryCode;
  /** The import is stored: queue its messages. */
  onStarted: (job: BulkJob, chunks: readonly OpChunk[]) => void;
  /** Says something to screen readers. */
  announce: (text: string) => void;
}

/** A new import: the file, its columns, the preview of its rows, and Send. */
export function NewImportForm({ catalogue, region, onStarted, announce }: NewImportFormProps) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fileError, setFileError] = useState("");
  const [reading, setReading] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState("");
  const [consentError, setConsentError] = useState("");
  const consentBox = useRef<HTMLInputElement>(null);

  const problems = useMemo(() => (draft ? checkMapping(draft.roles) : []), [draft?.roles]);
  const invalidColumns = useMemo(
    () => new Set(problems.flatMap((p) => (p.code === "duplicate" ? p.columns : []))),
    [problems],
  );
  const settings = useMemo(
    () => (draft && catalogue ? { roles: draft.roles, catalogue, overwrite: draft.overwrite, region } : null),
    [draft?.roles, draft?.overwrite, catalogue, region],
  );
  const checks = useMemo(
    () => (draft && settings && problems.length === 0 ? checkImportRows(draft.parsed, settings) : null),
    [draft?.parsed, settings, problems],
  );
  const summary = useMemo(
    () => (draft && checks ? summarizeChecks(draft.parsed, checks) : null),
    [draft?.parsed, checks],
  );
  const chunks = useMemo(() => (checks ? planChunks(checks) : null), [checks]);
  /** The rows the chunks carry: what Send will really send. */
  const sendable = useMemo(
    () => new Set(chunks?.flatMap((chunk) => chunk.entries.map((entry) => entry.row))).size,
    [chunks],
  );
  const ready = chunks !== null && sendable > 0;

  async function readFile(file: File) {
    setFileError("");
    setStartError("");
    if (file.size > MAX_FILE_MB * 1024 * 1024) {
      setFileError(t("bulkFileTooLarge", String(MAX_FILE_MB)));
      return;
    }
    setReading(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (looksBinary(bytes)) {
        setFileError(t("bulkFileBinary", file.name));
        return;
      }
      const decoded = decodeCsvBytes(bytes);
      const parsed = parseCsv(decoded.text);
      if (parsed.empty || parsed.rows.length === 0) {
        setFileError(t(parsed.empty ? "bulkFileEmpty" : "bulkFileNoRows"));
        return;
      }
      if (parsed.rows.length > MAX_ROWS) {
        setFileError(t("bulkFileTooManyRows", String(MAX_ROWS)));
        return;
      }
      // The file may come before the catalogue has loaded: the guess needs the catalogue.
      const fields = catalogue ?? (await catalogueItem.getValue().catch(() => []));
      const signature = headerSignature(parsed.headers);
      const saved = await recallMapping(signature);
      const fitted = saved ? fitRoles(saved.roles, parsed.headers, fields) : null;
      setDraft({
        fileName: file.name,
        text: decoded.text,
        encoding: decoded.encoding === "utf-8" ? "UTF-8" : "Windows-1251",
        parsed,
        signature,
        roles: fitted ?? guessRoles(parsed.headers, fields),
        overwrite: saved?.overwrite ?? false,
        remembered: fitted !== null,
        consent: false,
      });
      setConsentError("");
      announce(t("bulkFileRead", [file.name, String(parsed.rows.length)]));
    } catch (error) {
      setFileError(t("bulkFileUnreadable", error instanceof Error ? error.message : String(error)));
    } finally {
      setReading(false);
    }
  }

  const changeDraft = (change: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...change } : d));
    setStartError("");
  };
  const changeRole = (column: number, role: ColumnRole) => {
    if (!draft) return;
    const roles = draft.roles.map((r, i) => (i === column ? role : r));
    changeDraft({ roles, remembered: false, consent: false });
    void rememberMapping(draft.signature, roles, draft.overwrite);
  };

  async function start(event: Event) {
    event.preventDefault();
    if (!draft || !settings || !summary || !chunks || !ready || starting) return;
    if (summary.invalid > 0 && !draft.consent) {
      setConsentError(t("bulkConsentRequired"));
      consentBox.current?.focus();
      return;
    }
    setStarting(true);
    try {
      await rememberMapping(draft.signature, draft.roles, draft.overwrite);
      const job = await createJob({
        fileName: draft.fileName,
        text: draft.text,
        settings,
        rows: draft.parsed.rows.length,
        leftOut: summary.invalid,
        chunks,
      });
      setDraft(null);
      announce(t("bulkStarted", draft.fileName));
      onStarted(job, chunks);
    } catch (error) {
      setStartError(t("bulkStartFailed", error instanceof Error ? error.message : String(error)));
    } finally {
      setStarting(false);
    }
  }

  if (!draft) return <FileDrop error={fileError} busy={reading} onFile={(file) => void readFile(file)} />;
  return (
    <form onSubmit={start} noValidate>
      <p>
        {t("bulkFileSummary", [
          draft.fileName,
          String(draft.parsed.rows.length),
          String(draft.parsed.headers.length),
          draft.encoding,
          delimiterName(draft.parsed.delimiter),
        ])}
      </p>
      <button type="button" class="button button--link" onClick={() => setDraft(null)}>
        {t("bulkChooseAnother")}
      </button>

      <h3 id="mapping-heading">{t("bulkMappingHeading")}</h3>
      <p class="field__help">{t("bulkMappingIntro")}</p>
      {draft.remembered && <p class="field__help">{t("bulkMappingRemembered")}</p>}
      <MappingTable
        parsed={draft.parsed}
        roles={draft.roles}
        catalogue={catalogue ?? []}
        invalidColumns={invalidColumns}
        onRole={changeRole}
      />
      {problems.length > 0 && (
        <ul class="problems" aria-live="polite">
          {problems.map((problem) => (
            <li key={JSON.stringify(problem)} class="field__error">
              {mappingProblemText(problem, draft.parsed.headers, catalogue ?? [])}
            </li>
          ))}
        </ul>
      )}
      <CheckWithHelp
        id="bulk-overwrite"
        label={t("bulkOverwriteLabel")}
        help={t("bulkOverwriteHelp")}
        checked={draft.overwrite}
        onChange={(overwrite) => {
          changeDraft({ overwrite });
          void rememberMapping(draft.signature, draft.roles, overwrite);
        }}
      />

      <h3>{t("bulkPreviewHeading")}</h3>
      <Preview parsed={draft.parsed} roles={draft.roles} checks={checks} summary={summary} />
      {summary && summary.invalid > 0 && summary.valid > 0 && (
        <div class={consentError ? "field field--check field--invalid" : "field field--check"}>
          <input
            ref={consentBox}
            id="bulk-consent"
            type="checkbox"
            checked={draft.consent}
            aria-invalid={Boolean(consentError)}
            aria-describedby={consentError ? "bulk-consent-error bulk-consent-help" : "bulk-consent-help"}
            onChange={(event) => {
              changeDraft({ consent: event.currentTarget.checked });
              setConsentError("");
            }}
          />
          <label for="bulk-consent">{plural("bulkConsent", summary.invalid)}</label>
          {consentError && (
            <p id="bulk-consent-error" class="field__error">
              {consentError}
            </p>
          )}
          <p id="bulk-consent-help" class="field__help">
            {t("bulkConsentHelp")}
          </p>
        </div>
      )}
      {startError && (
        <p class="notice notice--error" role="alert">
          {startError}
        </p>
      )}
      <div class="form__actions">
        <button
          type="submit"
          class="button"
          aria-busy={starting}
          disabled={!ready}
          aria-describedby={ready ? undefined : chunks ? "bulk-start-why" : "bulk-preview-counts"}
        >
          {chunks ? plural("bulkStart", sendable) : t("bulkStartUnready")}
        </button>
      </div>
      {chunks && !ready && (
        <p id="bulk-start-why" class="field__error">
          {t("bulkNothingValid")}
        </p>
      )}
    </form>
  );
}
