import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { blockedText } from "../../components/blocked-text";
import { FileDrop } from "../../components/bulk/FileDrop";
import { JobCard } from "../../components/bulk/JobCard";
import { createJob, queueJob, replanJob } from "../../utils/bulk/runner";
import { MappingTable } from "../../components/bulk/MappingTable";
import { Preview } from "../../components/bulk/Preview";
import { delimiterName, mappingProblemText } from "../../components/bulk/wording";
import { decodeCsvBytes, looksBinary } from "../../utils/csv/decode";
import {
  type ColumnRole,
  checkMapping,
  fitRoles,
  guessRoles,
  headerSignature,
} from "../../utils/csv/mapping";
import { type ParsedCsv, parseCsv } from "../../utils/csv/parse";
import { checkRows, type OpChunk, planChunks, summarizeChecks } from "../../utils/csv/rows";
import type { CountryCode } from "../../utils/detect";
import { formatDateTime, type MessageKey, t } from "../../utils/i18n";
import { type PauseState, sendMessage } from "../../utils/messaging";
import {
  BULK_MAPPINGS_MAX,
  type BulkJob,
  bulkJobsItem,
  bulkMappingsItem,
  type Catalogue,
  catalogueItem,
  DEFAULT_DETECTION_SETTINGS,
  detectionSettingsItem,
} from "../../utils/storage";

/** The largest file the page reads: a CSV of 100,000 leads is well under it. */
const MAX_FILE_MB = 50;
const MAX_ROWS = 100_000;
/** How often the engine's own pause (token, quota) is checked while an import runs. */
const ENGINE_POLL_MS = 2000;

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

const ENGINE_PAUSE_TEXT: Record<PauseState["reason"], MessageKey> = {
  auth: "bulkEnginePausedAuth",
  quota: "bulkEnginePausedQuota",
  noCredentials: "bulkEnginePausedNoCredentials",
  refused: "bulkEnginePausedRefused",
};

const openOptions = () => void browser.runtime.openOptionsPage();

/** Remembers a mapping for its header set, forgetting the least recently used beyond the limit. */
async function rememberMapping(signature: string, roles: ColumnRole[], overwrite: boolean) {
  const saved = await bulkMappingsItem.getValue();
  const entries = Object.entries({ ...saved, [signature]: { roles, overwrite, savedAt: Date.now() } })
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, BULK_MAPPINGS_MAX);
  await bulkMappingsItem.setValue(Object.fromEntries(entries));
}

/** The bulk page: imports in progress and finished, and a new import from a CSV file. */
export function App() {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [region, setRegion] = useState<CountryCode>(DEFAULT_DETECTION_SETTINGS.region);
  const [jobs, setJobs] = useState<BulkJob[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fileError, setFileError] = useState("");
  const [reading, setReading] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState("");
  const [consentError, setConsentError] = useState("");
  const [queueErrors, setQueueErrors] = useState<Record<string, string>>({});
  const [enginePause, setEnginePause] = useState<PauseState | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const consentBox = useRef<HTMLInputElement>(null);
  /** Jobs this page is queueing now. */
  const queueing = useRef(new Set<string>());

  useEffect(() => {
    let active = true;
    catalogueItem
      .getValue()
      .then((value) => active && setCatalogue(value))
      .catch(() => active && setCatalogue([]));
    detectionSettingsItem
      .getValue()
      .then((settings) => active && setRegion(settings.region))
      .catch(() => undefined);
    bulkJobsItem
      .getValue()
      .then((value) => {
        if (!active) return;
        setJobs(value);
        // Imports whose messages were not all queued when the page closed: queue the rest.
        for (const job of value) if (needsQueueing(job)) void resumeQueueing(job);
      })
      .catch(() => active && setJobs([]));
    const unwatchJobs = bulkJobsItem.watch((value) => setJobs(value ?? []));
    const unwatchCatalogue = catalogueItem.watch((value) => setCatalogue(value ?? []));
    return () => {
      active = false;
      unwatchJobs();
      unwatchCatalogue();
    };
  }, []);

  const running = (jobs ?? []).filter((job) => job.finishedAt === null);
  const finished = (jobs ?? []).filter((job) => job.finishedAt !== null).reverse();
  const anyRunning = running.length > 0;

  useEffect(() => {
    if (!anyRunning) {
      setEnginePause(null);
      return;
    }
    let stopped = false;
    const check = () =>
      sendMessage("getQueueStatus")
        .then((status) => {
          if (stopped) return;
          setEnginePause(status.paused);
          setBlocked(blockedText(status.blocked));
        })
        .catch(() => undefined);
    void check();
    const timer = setInterval(check, ENGINE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [anyRunning]);

  function needsQueueing(job: BulkJob) {
    return job.finishedAt === null && job.cancelledAt === null && job.queuedChunks < job.chunks;
  }

  function runQueue(jobId: string, chunks: readonly OpChunk[]) {
    if (queueing.current.has(jobId)) return;
    queueing.current.add(jobId);
    setQueueErrors(({ [jobId]: _, ...rest }) => rest);
    queueJob(jobId, chunks)
      .catch((error) =>
        setQueueErrors((errors) => ({
          ...errors,
          [jobId]: error instanceof Error ? error.message : String(error),
        })),
      )
      .finally(() => queueing.current.delete(jobId));
  }

  async function resumeQueueing(job: BulkJob) {
    const plan = await replanJob(job).catch(() => null);
    if (!plan || plan.chunks.length !== job.chunks) {
      setQueueErrors((errors) => ({ ...errors, [job.jobId]: t("bulkFileGone") }));
      return;
    }
    runQueue(job.jobId, plan.chunks);
  }

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
    () => (draft && settings && problems.length === 0 ? checkRows(draft.parsed, settings) : null),
    [draft?.parsed, settings, problems],
  );
  const summary = useMemo(
    () => (draft && checks ? summarizeChecks(draft.parsed, checks) : null),
    [draft?.parsed, checks],
  );

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
      const saved = (await bulkMappingsItem.getValue())[signature];
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
      setAnnouncement(t("bulkFileRead", [file.name, String(parsed.rows.length)]));
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
    if (!draft || !settings || !checks || !summary || starting) return;
    if (summary.valid === 0) {
      setStartError(t("bulkNothingValid"));
      return;
    }
    if (summary.invalid > 0 && !draft.consent) {
      setConsentError(t("bulkConsentRequired"));
      consentBox.current?.focus();
      return;
    }
    setStarting(true);
    try {
      await rememberMapping(draft.signature, draft.roles, draft.overwrite);
      const chunks = planChunks(checks);
      const job = await createJob({
        fileName: draft.fileName,
        text: draft.text,
        settings,
        rows: draft.parsed.rows.length,
        leftOut: summary.invalid,
        chunks,
      });
      setDraft(null);
      setAnnouncement(t("bulkStarted", draft.fileName));
      runQueue(job.jobId, chunks);
    } catch (error) {
      setStartError(t("bulkStartFailed", error instanceof Error ? error.message : String(error)));
    } finally {
      setStarting(false);
    }
  }

  return (
    <main class="page page--wide">
      <header class="page__header">
        <p class="page__product">{t("extName")}</p>
        <h1>{t("bulkHeading")}</h1>
        <p>{t("bulkIntro")}</p>
        <button type="button" class="button button--link" onClick={openOptions}>
          {t("bulkSettingsLink")}
        </button>
      </header>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {enginePause && (
        <div class="status status--warning" role="alert">
          <p>
            {blocked ??
              (enginePause.reason === "quota" && enginePause.until
                ? t("bulkEnginePausedQuotaUntil", formatDateTime(enginePause.until))
                : t(ENGINE_PAUSE_TEXT[enginePause.reason], enginePause.message))}
          </p>
          {enginePause.reason !== "quota" && (
            <button type="button" class="button button--secondary" onClick={openOptions}>
              {t("bulkSettingsLink")}
            </button>
          )}
          {enginePause.reason === "refused" && (
            <button
              type="button"
              class="button button--secondary"
              onClick={() =>
                void sendMessage("resume")
                  .then((status) => setEnginePause(status.paused))
                  .catch(() => undefined)
              }
            >
              {t("resumeSending")}
            </button>
          )}
        </div>
      )}

      {running.length > 0 && (
        <section aria-labelledby="running-heading">
          <h2 id="running-heading">{t("bulkRunningHeading")}</h2>
          {running.map((job) => (
            <JobCard
              key={job.jobId}
              job={job}
              queueError={queueErrors[job.jobId]}
              onRetryQueue={() => void resumeQueueing(job)}
              announce={setAnnouncement}
            />
          ))}
        </section>
      )}

      <section class="card" aria-labelledby="new-heading">
        <h2 id="new-heading">{t("bulkNewHeading")}</h2>
        {catalogue !== null && catalogue.length === 0 && (
          <div class="status status--warning">
            <p>{t("bulkNoCatalogue")}</p>
            <button type="button" class="button button--secondary" onClick={openOptions}>
              {t("bulkSettingsLink")}
            </button>
          </div>
        )}
        {!draft ? (
          <FileDrop error={fileError} busy={reading} onFile={(file) => void readFile(file)} />
        ) : (
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
            <div class="field field--check">
              <input
                id="bulk-overwrite"
                type="checkbox"
                checked={draft.overwrite}
                aria-describedby="bulk-overwrite-help"
                onChange={(event) => {
                  changeDraft({ overwrite: event.currentTarget.checked });
                  void rememberMapping(draft.signature, draft.roles, event.currentTarget.checked);
                }}
              />
              <label for="bulk-overwrite">{t("bulkOverwriteLabel")}</label>
              <p id="bulk-overwrite-help" class="field__help">
                {t("bulkOverwriteHelp")}
              </p>
            </div>

            {checks && summary && (
              <>
                <h3>{t("bulkPreviewHeading")}</h3>
                <Preview parsed={draft.parsed} roles={draft.roles} checks={checks} summary={summary} />
                {summary.invalid > 0 && summary.valid > 0 && (
                  <div class={consentError ? "field field--check field--invalid" : "field field--check"}>
                    <input
                      ref={consentBox}
                      id="bulk-consent"
                      type="checkbox"
                      checked={draft.consent}
                      aria-invalid={Boolean(consentError)}
                      aria-describedby={
                        consentError ? "bulk-consent-error bulk-consent-help" : "bulk-consent-help"
                      }
                      onChange={(event) => {
                        changeDraft({ consent: event.currentTarget.checked });
                        setConsentError("");
                      }}
                    />
                    <label for="bulk-consent">{t("bulkConsent", String(summary.invalid))}</label>
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
                  <button type="submit" class="button" aria-busy={starting} disabled={summary.valid === 0}>
                    {t("bulkStart", String(summary.valid))}
                  </button>
                </div>
                {summary.valid === 0 && <p class="field__error">{t("bulkNothingValid")}</p>}
              </>
            )}
          </form>
        )}
      </section>

      {finished.length > 0 && (
        <section aria-labelledby="finished-heading">
          <h2 id="finished-heading">{t("bulkFinishedHeading")}</h2>
          {finished.map((job) => (
            <JobCard key={job.jobId} job={job} onRetryQueue={() => undefined} announce={setAnnouncement} />
          ))}
        </section>
      )}
    </main>
  );
}
