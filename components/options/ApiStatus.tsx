import { formatDateTime, t } from "../../utils/i18n";
import type { CredentialsStatus } from "../../utils/messaging";
import { blockedText } from "../blocked-text";

type Tone = "ok" | "warning" | "error" | "neutral";

interface StatusText {
  tone: Tone;
  text: string;
  /** What the API or the background said, when it helps. */
  detail?: string;
}

/**
 * What the user reads about the connection: a refusal to send first (token bound to another host, permission
 * removed), then a pause, else the outcome of the last request.
 */
export function describeStatus(
  status: Pick<CredentialsStatus, "paused" | "lastRequest"> & Partial<Pick<CredentialsStatus, "blocked">>,
): StatusText {
  const { paused, lastRequest } = status;
  const blocked = blockedText(status.blocked);
  if (blocked) return { tone: "error", text: blocked };
  if (paused) {
    switch (paused.reason) {
      case "auth":
        return {
          tone: "error",
          text: t("statusPausedAuth", formatDateTime(paused.at)),
          detail: serverSaid(paused.message),
        };
      case "quota":
        return {
          tone: "warning",
          text: paused.until
            ? t("statusPausedQuota", formatDateTime(paused.until))
            : t("statusPausedQuotaNoTime"),
          detail: serverSaid(paused.message),
        };
      case "noCredentials":
        return { tone: "warning", text: t("statusPausedNoCredentials") };
      case "refused":
        return {
          tone: "error",
          text: t("statusPausedRefused", formatDateTime(paused.at)),
          detail: serverSaid(paused.message),
        };
    }
  }
  if (!lastRequest) return { tone: "neutral", text: t("statusNoRequests") };
  const at = formatDateTime(lastRequest.at);
  if (lastRequest.ok) return { tone: "ok", text: t("statusOk", at) };
  if (lastRequest.kind === "auth") {
    return { tone: "error", text: t("statusAuthError", at), detail: serverSaid(lastRequest.message) };
  }
  return { tone: "error", text: t("statusError", at), detail: lastRequest.message || undefined };
}

function serverSaid(message: string | undefined): string | undefined {
  return message ? t("statusServerMessage", message) : undefined;
}

interface ApiStatusProps {
  status: CredentialsStatus | null;
  loading: boolean;
  /** Set when the background did not answer. */
  error: boolean;
  onRefresh: () => void;
}

/** The state of the connection to Calltouch, with a button to ask the background again. */
export function ApiStatus({ status, loading, error, onRefresh }: ApiStatusProps) {
  const shown: StatusText | null = error
    ? { tone: "error", text: t("errorBackground") }
    : status
      ? describeStatus(status)
      : null;
  return (
    <section class="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t("statusHeading")}</h2>
      <div role="status" class={`status status--${shown?.tone ?? "neutral"}`}>
        {loading && !shown ? (
          <p>{t("loading")}</p>
        ) : (
          shown && (
            <>
              <p class="status__text">{shown.text}</p>
              {shown.detail && <p class="status__detail">{shown.detail}</p>}
            </>
          )
        )}
      </div>
      <button type="button" class="button button--secondary" onClick={onRefresh} aria-busy={loading}>
        {t("statusRefresh")}
      </button>
    </section>
  );
}
