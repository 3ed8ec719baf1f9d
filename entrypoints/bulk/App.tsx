import { useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { JobCard } from "../../components/bulk/JobCard";
import { NewImportForm } from "../../components/bulk/NewImportForm";
import { groupJobs } from "../../components/bulk/top-jobs";
import { useBulkJobs } from "../../components/bulk/use-bulk-jobs";
import { ConnectionState } from "../../components/ConnectionState";
import { EnginePauseNotice } from "../../components/EnginePauseNotice";
import { useCatalogueAndRegion } from "../../components/use-catalogue-and-region";
import { useCredentialsStatus } from "../../components/use-credentials-status";
import { useStoredValue } from "../../components/use-stored-value";
import { holdText } from "../../components/wait-reason";
import { type OpChunk, rowsHandedOver } from "../../utils/bulk/rows";
import { t } from "../../utils/i18n";
import { sendMessage } from "../../utils/messaging";
import { type BulkJob, bulkPutAwayItem } from "../../utils/storage";

const openOptions = () => void browser.runtime.openOptionsPage();

/** Rows of `job` handed to the background so far, when this page knows its messages. */
const handedRows = (job: BulkJob, plan: readonly OpChunk[] | undefined) =>
  plan && rowsHandedOver(plan, job.queuedChunks, job.rows - job.leftOut);

/** The bulk page: imports in progress and finished, and a new import from a CSV file. */
export function App() {
  const { catalogue, region } = useCatalogueAndRegion();
  const [announcement, setAnnouncement] = useState("");
  const bulk = useBulkJobs();
  const { jobs, enginePause, hold } = bulk;
  const credentials = useCredentialsStatus();
  const [putAwayUpTo, setPutAwayUpTo] = useStoredValue(bulkPutAwayItem);

  // An import seen running stays at the top when it finishes, where the user watched it; so does the last
  // one that finished (also after a reload) until the user puts it away.
  const watched = useRef(new Set<string>());
  for (const job of jobs ?? []) if (job.finishedAt === null) watched.current.add(job.jobId);
  const { top, finished } = groupJobs(jobs ?? [], watched.current, putAwayUpTo ?? 0, Date.now());
  const anyRunning = top.some((job) => job.finishedAt === null);
  const putAway = () => {
    const upTo = Math.max(0, ...top.map((job) => job.finishedAt ?? 0));
    setPutAwayUpTo(upTo);
    bulkPutAwayItem.setValue(upTo).catch(() => undefined);
  };

  return (
    <main class="page page--wide">
      <header class="page__header">
        <p class="page__product">{t("extName")}</p>
        <h1>{t("bulkHeading")}</h1>
        {credentials && <ConnectionState compact connection={credentials.connection} />}
        <p>{t("bulkIntro")}</p>
        <button type="button" class="button button--link" onClick={openOptions}>
          {t("bulkSettingsLink")}
        </button>
      </header>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {enginePause && (
        <EnginePauseNotice
          pause={enginePause}
          audience="bulk"
          alert
          blocked={bulk.blocked}
          onResume={() =>
            void sendMessage("resume")
              .then((status) => bulk.setEnginePause(status.paused))
              .catch(() => undefined)
          }
        />
      )}

      {hold && !enginePause && (
        <p class="status status--warning" role="status">
          {holdText(hold)}
        </p>
      )}

      {top.length > 0 && (
        <section aria-labelledby="running-heading">
          <div class="section-heading">
            <h2 id="running-heading">{t(anyRunning ? "bulkRunningHeading" : "bulkJustFinishedHeading")}</h2>
            {!anyRunning && (
              <button type="button" class="button button--link" onClick={putAway}>
                {t("bulkPutAway")}
              </button>
            )}
          </div>
          {top.map((job) => (
            <JobCard
              key={job.jobId}
              job={job}
              queueError={bulk.queueErrors[job.jobId]}
              handedRows={handedRows(job, bulk.plans[job.jobId])}
              onRetryQueue={() => void bulk.resumeQueueing(job)}
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
        <NewImportForm
          catalogue={catalogue}
          region={region}
          onStarted={(job, chunks) => bulk.startQueueing(job.jobId, chunks)}
          announce={setAnnouncement}
        />
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
