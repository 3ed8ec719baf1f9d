/** The leads the popup sent: the queue's state, polled until the lead sent last is settled. */
import { useEffect, useState } from "preact/hooks";
import type { LeadOperation } from "../../utils/calltouch/schemas";
import { t } from "../../utils/i18n";
import { type QueueStatus, sendMessage } from "../../utils/messaging";
import { isSettled, type OpRecord } from "../../utils/sending/types";
import type { SentShape } from "./popup-form";
import { type SentLead, type SentPart, summariseParts, uncertainOps } from "./ResultList";

/** How often the popup asks the queue about the lead it sent. */
const POLL_MS = 300;

/** The lead followed until it settles: its job, its ops (fields, tags, comment, in the order sent), its shape. */
export interface Followed extends SentShape {
  jobId: string;
  opIds: number[];
}

/** What the popup keeps of an op the queue reported: its state, outcome and retries. */
const progressOf = (op: OpRecord): Omit<SentPart, "opId" | "method"> => ({
  state: op.state,
  result: op.result,
  error: op.error,
  attempts: op.attempts,
  notBefore: op.notBefore,
  item: op.item,
});

/** Nothing to place errors by: a lead sent again is followed for its state only. */
const NO_SHAPE: SentShape = { rowKeys: null, matching: [], fieldNames: [] };

/**
 * The sent leads and the queue's status. `onSettled` gets the ops of the followed lead once every one of
 * them is settled, with the shape that was sent.
 */
export function useSentLead(onSettled: (ops: OpRecord[], followed: Followed) => void) {
  const [sent, setSent] = useState<SentLead[]>([]);
  const [pending, setPending] = useState<Followed | null>(null);
  const [queue, setQueue] = useState<QueueStatus | null>(null);

  useEffect(() => {
    let active = true;
    sendMessage("getQueueStatus")
      .then((status) => active && setQueue(status))
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const [ops, status] = await Promise.all([
          sendMessage("getJob", { jobId: pending.jobId }),
          sendMessage("getQueueStatus").catch(() => null),
        ]);
        if (stopped) return;
        if (status) setQueue(status);
        const mine = ops.filter((o) => pending.opIds.includes(o.id));
        if (mine.length) {
          const byId = new Map(mine.map((o) => [o.id, o]));
          setSent((list) =>
            list.map((s) => {
              if (s.opId !== pending.opIds[0] || !s.parts) return s;
              const parts = s.parts.map((part): SentPart => {
                const op = byId.get(part.opId);
                return op ? { ...part, ...progressOf(op) } : part;
              });
              return { ...s, ...summariseParts(parts), parts };
            }),
          );
          if (mine.length === pending.opIds.length && mine.every(isSettled)) {
            setPending(null);
            onSettled(mine, pending);
            return;
          }
        }
      } catch {
        // The background may be restarting: ask again.
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pending]);

  /** Lists a lead the queue took (`ids`: one per operation) and follows it. */
  const follow = (
    reply: { jobId: string; ids: number[] },
    operations: LeadOperation[],
    label: string,
    shape: SentShape,
  ) => {
    const opId = reply.ids[0];
    if (opId === undefined) return;
    const parts: SentPart[] = operations.flatMap((operation, index) => {
      const id = reply.ids[index];
      return id === undefined ? [] : [{ opId: id, method: operation.method, state: "queued" as const }];
    });
    setSent((list) => [{ opId, jobId: reply.jobId, label, state: "queued", parts }, ...list]);
    setPending({ ...shape, jobId: reply.jobId, opIds: parts.map((part) => part.opId) });
  };

  /** Sends a lead's uncertain parts again (the user checked the lead in Calltouch) and follows them; an error text if it failed. */
  const sendAgain = async (lead: SentLead): Promise<string | null> => {
    const ids = uncertainOps(lead);
    if (ids.length === 0) return null;
    try {
      await sendMessage("retry", { ids });
    } catch (error) {
      return t("popupErrorEnqueue", String(error));
    }
    const requeued = (part: SentPart): SentPart =>
      ids.includes(part.opId)
        ? { opId: part.opId, method: part.method, state: "queued", item: part.item }
        : part;
    setSent((list) =>
      list.map((s) => (s.opId === lead.opId ? { ...s, state: "queued", parts: s.parts?.map(requeued) } : s)),
    );
    setPending({ ...NO_SHAPE, jobId: lead.jobId, opIds: (lead.parts ?? []).map((part) => part.opId) });
    return null;
  };

  /** Lifts a pause the user has dealt with (the refused field fixed); false when the background did not answer. */
  const resume = async (): Promise<boolean> => {
    try {
      setQueue(await sendMessage("resume"));
      return true;
    } catch {
      return false;
    }
  };

  return { sent, pending, queue, follow, sendAgain, resume };
}
