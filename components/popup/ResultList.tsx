import type { LeadItem, LeadResult, Method } from "../../utils/calltouch/schemas";
import { type MessageKey, t } from "../../utils/i18n";
import { type LiveState, liveStateOf, liveText, liveTone } from "../../utils/live-state";
import type { EnginePause } from "../../utils/sending/engine-state";
import type { OpError, OpState } from "../../utils/sending/types";
import { catalogueItem } from "../../utils/storage";
import { ErrorDetails } from "../ErrorDetails";
import { typeName } from "../matching-words";
import { useStoredValue } from "../use-stored-value";

/** What the queue last reported of an op: its retries (for "retrying 2 of 3, next in 4 s") and the item sent. */
interface OpProgress {
  /** Requests that carried the op and failed; with an error and `queued`, the op waits to be tried again. */
  attempts?: number;
  /** Epoch ms of the next try. */
  notBefore?: number;
  /** The item sent, to name the field an error points at. */
  item?: LeadItem;
}

/** One part of a sent lead (its fields, tags or comment): one op, as the queue last reported it. */
export interface SentPart extends OpProgress {
  opId: number;
  method: Method;
  state: OpState;
  result?: LeadResult;
  error?: OpError;
}

/** One lead sent from this popup, as the queue last reported it. */
export interface SentLead extends OpProgress {
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

/** The live state of a lead or a part, as the queue last reported it. */
export function stateOf(
  lead: Pick<SentPart, "state" | "result" | "error" | "attempts" | "notBefore" | "item">,
  pause: EnginePause | null = null,
  labels?: ReadonlyMap<string, string>,
): LiveState {
  return liveStateOf([{ attempts: 0, notBefore: 0, ...lead }], pause, labels ? { labels } : {});
}

/** The outcome in one sentence (also announced in the status region); a failure's reason is in the user's words. */
export function outcomeText(lead: SentLead, pause: EnginePause | null = null, now = Date.now()): string {
  const state = stateOf(lead, pause);
  switch (state.kind) {
    case "done": {
      const found = foundText(lead.result);
      return found ? t("popupResultDone", found) : t("popupResultDoneUnnamed");
    }
    case "uncertain":
      return t("popupResultUncertain");
    case "notFound":
      return t("popupResultNotMatched");
    case "failed":
      return `${t("popupLeadFailed")} ${state.error.text}`;
    default:
      return liveText(state, now);
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

/** Each part's sentences: written (to a call, a request, the lead) and not written. */
const PART_WORDS: Record<Method, { added: MessageKey; unnamed: MessageKey; failed: MessageKey }> = {
  customFields: {
    added: "popupPartFieldsAdded",
    unnamed: "popupPartFieldsAddedUnnamed",
    failed: "popupPartFieldsFailed",
  },
  tags: { added: "popupPartTagsAdded", unnamed: "popupPartTagsAddedUnnamed", failed: "popupPartTagsFailed" },
  comment: {
    added: "popupPartCommentAdded",
    unnamed: "popupPartCommentAddedUnnamed",
    failed: "popupPartCommentFailed",
  },
};

/** The lead's state, result and error summed up from its parts: pending while one is, else the first problem. */
export function summariseParts(
  parts: readonly SentPart[],
): Pick<SentLead, "state" | "result" | "error" | "attempts" | "notBefore" | "item"> {
  const pending = parts.find(isPending);
  const problem = parts.find((p) => p.state !== "done");
  const lead = pending ?? problem ?? parts[0];
  const result = lead?.result ?? parts.find((p) => p.result)?.result;
  return {
    state: lead?.state ?? "queued",
    result,
    error: lead?.error,
    attempts: lead?.attempts,
    notBefore: lead?.notBefore,
    item: lead?.item,
  };
}

/**
 * One part's outcome as a sentence ("The tags were added to call 1001.", «Теги добавлены в звонок 1001.»);
 * a part still on its way, or whose outcome is unknown, is its name and its state ("Tags: Sending…").
 */
export function partText(part: SentPart, pause: EnginePause | null = null, now = Date.now()): string {
  const words = PART_WORDS[part.method];
  const state = stateOf(part, pause);
  if (state.kind === "done") {
    const found = foundText(part.result);
    return found ? t(words.added, found) : t(words.unnamed);
  }
  if (state.kind === "failed") return `${t(words.failed)} ${state.error.text}`;
  return t("popupResultPart", [t(PART_NAMES[part.method]), liveText(state, now)]);
}

/** True when the lead is shown part by part: more than its custom fields were sent. */
const byParts = (lead: SentLead): lead is SentLead & { parts: SentPart[] } =>
  !!lead.parts && (lead.parts.length > 1 || lead.parts[0]?.method !== "customFields");

interface ResultListProps {
  leads: SentLead[];
  /** Sends the lead's uncertain ops again, after the user checked the lead in Calltouch. */
  onSendAgain: (lead: SentLead) => void;
  /** The engine's pause: a lead still queued says why it waits. */
  pause?: EnginePause | null;
  /** Moves the focus to the inputs an error is about (the popup marks them); without it, no "Show the field". */
  onShowInput?: () => void;
}

/** One part, or a lead sent as one op: its sentence, and a failure's reason with what fixes it. */
function Outcome({
  part,
  state,
  lead,
  onShowInput,
}: {
  part: SentPart | SentLead;
  state: LiveState;
  lead: string;
  onShowInput?: () => void;
}) {
  if (state.kind !== "failed") return <p>{lead}</p>;
  const prefix = "method" in part ? t(PART_WORDS[part.method].failed) : t("popupLeadFailed");
  return <ErrorDetails lead={prefix} error={state.error} onShowInput={onShowInput} />;
}

/** What Calltouch did with each lead sent from this popup, the latest first. */
export function ResultList({ leads, onSendAgain, pause = null, onShowInput }: ResultListProps) {
  const [catalogue] = useStoredValue(catalogueItem);
  if (leads.length === 0) return null;
  const labels = new Map((catalogue ?? []).filter((f) => f.label).map((f) => [f.apiName, f.label]));
  const now = Date.now();
  return (
    <section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{t("popupResultsHeading")}</h2>
      <ul class="results__list">
        {leads.map((lead) => {
          const leadState = stateOf(lead, pause, labels);
          const tone = isPending(lead) && leadState.kind !== "retrying" ? "neutral" : liveTone(leadState);
          const matched = lead.result?.matchedType;
          return (
            <li key={lead.opId} class={`status status--${tone} result`}>
              <p class="result__label">{lead.label}</p>
              {byParts(lead) ? (
                lead.parts.map((part) => (
                  <Outcome
                    key={part.opId}
                    part={part}
                    state={stateOf(part, pause, labels)}
                    lead={partText(part, pause, now)}
                    onShowInput={onShowInput}
                  />
                ))
              ) : (
                <Outcome
                  part={lead}
                  state={leadState}
                  lead={outcomeText(lead, pause, now)}
                  onShowInput={onShowInput}
                />
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
