import { formatDateTime, t, uiLanguage } from "../../utils/i18n";
import type { PauseState, UsageReport } from "../../utils/messaging";
import type { UsageCounters } from "../../utils/usage";
import { formatCount } from "./labels";
import { ResumeButton } from "./ResumeButton";

interface UsagePanelProps {
  usage: UsageReport | null;
  /** The queue's pause; a quota or refusal pause is shown here, with a button to resume. */
  paused: PauseState | null;
  onResume: () => void;
  resuming: boolean;
  /** What the last action said (e.g. "Sending resumed."). */
  notice?: string;
}

/** What the extension's requests cost: requests and leads today and per day, and the quota pause. */
export function UsagePanel({ usage, paused, onResume, resuming, notice }: UsagePanelProps) {
  const quota = paused?.reason === "quota" ? paused : null;
  const refused = paused?.reason === "refused" ? paused : null;
  return (
    <section class="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">{t("usageHeading")}</h2>
      {quota && (
        <div class="status status--warning" role="alert">
          <p>
            {quota.until ? t("usagePausedQuota", formatDateTime(quota.until)) : t("usagePausedQuotaNoTime")}
          </p>
          {quota.message && <p class="status__detail">{t("statusServerMessage", quota.message)}</p>}
          <ResumeButton onResume={onResume} resuming={resuming} label={t("usageResume")} />
        </div>
      )}
      {refused && (
        <div class="status status--error" role="alert">
          <p>{t("usagePausedRefused")}</p>
          {refused.message && <p class="status__detail">{t("statusServerMessage", refused.message)}</p>}
          <ResumeButton onResume={onResume} resuming={resuming} label={t("resumeSending")} />
        </div>
      )}
      <p role="status" class="notice">
        {notice}
      </p>
      <UsageDetails usage={usage} />
    </section>
  );
}

/** Today's figures, the days with requests in the last 30 days and the totals since install. */
export function UsageDetails({ usage }: { usage: UsageReport | null }) {
  if (!usage) return <p>{t("loading")}</p>;
  const active = usage.days.filter((day) => day.counters.requests > 0);
  const sum = active.reduce<UsageCounters>(
    (total, { counters }) => ({
      requests: total.requests + counters.requests,
      leads: total.leads + counters.leads,
      rateLimited: total.rateLimited + counters.rateLimited,
    }),
    { requests: 0, leads: 0, rateLimited: 0 },
  );
  return (
    <>
      <p class="usage__today">
        {t("usageToday", [formatCount(usage.today.requests), formatCount(usage.today.leads)])}
      </p>
      <p class="field__help">{t("usageExplain")}</p>
      <p class="usage__share">
        {t("usageShare", [formatShare(usage.share), formatCount(usage.today.rateLimited)])}
      </p>
      <p class="field__help">{t("usageShareExplain")}</p>
      {active.length === 0 ? (
        <p>{t("usageNoDays")}</p>
      ) : (
        <table class="usage">
          <caption>{t("usageTableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("usageColDay")}</th>
              <th scope="col">{t("usageColRequests")}</th>
              <th scope="col">{t("usageColLeads")}</th>
              <th scope="col">{t("usageColRateLimited")}</th>
            </tr>
          </thead>
          <tbody>
            {active.map(({ day, counters }) => (
              <tr key={day}>
                <th scope="row">
                  <time dateTime={day}>{formatDay(day)}</time>
                </th>
                <td>{formatCount(counters.requests)}</td>
                <td>{formatCount(counters.leads)}</td>
                <td>{formatCount(counters.rateLimited)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("usageTotal")}</th>
              <td>{formatCount(sum.requests)}</td>
              <td>{formatCount(sum.leads)}</td>
              <td>{formatCount(sum.rateLimited)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p class="field__help">
        {t("usageSinceInstall", [formatCount(usage.totals.requests), formatCount(usage.totals.leads)])}
      </p>
    </>
  );
}

/** The share in requests per second, written for the UI language ("2", "0,5"). */
export function formatShare(share: number): string {
  return new Intl.NumberFormat(uiLanguage(), { maximumFractionDigits: 1 }).format(share);
}

/** A `yyyy-mm-dd` day written for the UI language. */
function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "medium" }).format(
    new Date(year, month - 1, date),
  );
}
