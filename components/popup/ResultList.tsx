import type { LeadResult } from "../../utils/calltouch/schemas";
import { t } from "../../utils/i18n";
import type { OpError, OpState } from "../../utils/sending/types";
import { typeName } from "./wording";

/** One lead sent from this popup, as the queue last reported it. */
export interface SentLead {
  opId: number;
  jobId: string;
  /** The contacts, as a person reads them. */
  label: string;
  state: OpState;
  result?: LeadResult;
  error?: OpError;
}

/** True while the queue still holds the lead. */
export const isPending = (lead: Pick<SentLead, "state">): boolean =>
  lead.state === "queued" || lead.state === "sending";

/** Which call or request the fields went to, in words; empty when Calltouch named neither. */
function foundText(result: LeadResult | undefined): string {
  if (result?.callInfo) return t("popupResultCall", result.callInfo.callId);
  if (result?.requestInfo) return t("popupResultRequest", result.requestInfo.requestId);
  return "";
}

/** The outcome in one sentence (also announced in the status region). */
export function outcomeText(lead: SentLead): string {
  const message = lead.error?.message || lead.result?.error || "";
  switch (lead.state) {
    case "queued":
    case "sending":
    case "held":
      return t("popupSending");
    case "done": {
      const found = foundText(lead.result);
      return found ? t("popupResultDone", found) : t("popupResultDoneUnnamed");
    }
    case "notMatched":
      return t("popupResultNotMatched");
    case "failed":
      if (lead.error?.kind === "validation") return t("popupResultInvalid", message);
      if (lead.error?.kind === "rejected") {
        const found = foundText(lead.result);
        return found ? t("popupResultRejected", [found, message]) : t("popupResultFailed", message);
      }
      return t("popupResultFailed", message);
    case "cancelled":
      // Only bulk jobs are cancelled; a popup's lead never is.
      return t("popupResultFailed", message);
  }
}

interface ResultListProps {
  leads: SentLead[];
}

/** What Calltouch did with each lead sent from this popup, the latest first. */
export function ResultList({ leads }: ResultListProps) {
  if (leads.length === 0) return null;
  return (
    <section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{t("popupResultsHeading")}</h2>
      <ul class="results__list">
        {leads.map((lead) => {
          const tone = isPending(lead) ? "neutral" : lead.state === "done" ? "ok" : "error";
          const matched = lead.result?.matchedType;
          return (
            <li key={lead.opId} class={`status status--${tone} result`}>
              <p class="result__label">{lead.label}</p>
              <p>{outcomeText(lead)}</p>
              {matched && <p class="status__detail">{t("popupResultMatchedBy", typeName(matched))}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
