import type { LeadResult, Method } from "../../utils/calltouch/schemas";
import { type MessageKey, t } from "../../utils/i18n";
import type { OpError, OpState } from "../../utils/sending/types";
import { typeName } from "../matching-words";

/** One part of a sent lead (its fields, tags or comment): one op, as the queue last reported it. */
export interface SentPart {
  opId: number;
  method: Method;
  state: OpState;
  result?: LeadResult;
  error?: OpError;
}

/** One lead sent from this popup, as the queue last reported it. */
export interface SentLead {
  opId: number;
  jobId: string;
  /** The contacts, as a person reads them. */
  label: string;
  state: OpState;
  result?: LeadResult;
  error?: OpError;
  /** Each op sent for the lead (fields, tags, comment), in the order sent; the lead's state sums them up. */
  parts?: SentPart[];
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
    case "uncertain":
      return t("popupResultUncertain");
    case "cancelled":
      // Only bulk jobs are cancelled; a popup's lead never is.
      return t("popupResultFailed", message);
  }
}

/** The ops of a lead whose outcome is unknown: the ones "Send again" sends. */
export function uncertainOps(lead: SentLead): number[] {
  const parts = lead.parts ?? [{ opId: lead.opId, state: lead.state }];
  return parts.filter((part) => part.state === "uncertain").map((part) => part.opId);
}

const PART_NAMES: Record<Method, MessageKey> = {
  customFields: "popupPartFields",
  tags: "popupPartTags",
  comment: "popupPartComment",
};

/** The lead's state, result and error summed up from its parts: pending while one is, else the first problem. */
export function summariseParts(parts: readonly SentPart[]): Pick<SentLead, "state" | "result" | "error"> {
  const pending = parts.find(isPending);
  const problem = parts.find((p) => p.state !== "done");
  const lead = pending ?? problem ?? parts[0];
  const result = lead?.result ?? parts.find((p) => p.result)?.result;
  return { state: lead?.state ?? "queued", result, error: lead?.error };
}

/** One part's outcome, after its name: "Tags: added to call 1001." */
export function partText(part: SentPart): string {
  const name = t(PART_NAMES[part.method]);
  let outcome: string;
  if (part.state === "done") {
    const found = foundText(part.result);
    outcome = found ? t("popupResultPartAdded", found) : t("popupResultPartAddedUnnamed");
  } else if (part.state === "failed" && part.error?.kind === "rejected") {
    outcome = t("popupResultPartNotAdded", part.error.message || part.result?.error || "");
  } else {
    outcome = outcomeText({ jobId: "", label: "", ...part });
  }
  return t("popupResultPart", [name, outcome]);
}

/** True when the lead is shown part by part: more than its custom fields were sent. */
const byParts = (lead: SentLead): lead is SentLead & { parts: SentPart[] } =>
  !!lead.parts && (lead.parts.length > 1 || lead.parts[0]?.method !== "customFields");

interface ResultListProps {
  leads: SentLead[];
  /** Sends the lead's uncertain ops again, after the user checked the lead in Calltouch. */
  onSendAgain: (lead: SentLead) => void;
}

/** What Calltouch did with each lead sent from this popup, the latest first. */
export function ResultList({ leads, onSendAgain }: ResultListProps) {
  if (leads.length === 0) return null;
  return (
    <section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{t("popupResultsHeading")}</h2>
      <ul class="results__list">
        {leads.map((lead) => {
          const tone = isPending(lead)
            ? "neutral"
            : lead.state === "done"
              ? "ok"
              : lead.state === "uncertain"
                ? "warning"
                : "error";
          const matched = lead.result?.matchedType;
          return (
            <li key={lead.opId} class={`status status--${tone} result`}>
              <p class="result__label">{lead.label}</p>
              {byParts(lead) ? (
                lead.parts.map((part) => <p key={part.opId}>{partText(part)}</p>)
              ) : (
                <p>{outcomeText(lead)}</p>
              )}
              {matched && <p class="status__detail">{t("popupResultMatchedBy", typeName(matched))}</p>}
              {uncertainOps(lead).length > 0 && (
                <button
                  type="button"
                  class="button button--secondary status__action"
                  onClick={() => onSendAgain(lead)}
                >
                  {t("popupSendAgain")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
