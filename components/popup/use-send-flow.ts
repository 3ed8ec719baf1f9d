/**
 * The popup's send: check the form, ask "Send again?" when the same went out within a minute, queue the
 * lead and follow it.
 */
import { useState } from "preact/hooks";
import type { LeadOperation } from "../../utils/calltouch/schemas";
import { t } from "../../utils/i18n";
import { type EnqueueResult, sendMessage } from "../../utils/messaging";
import { popupLastSendItem } from "../../utils/storage";
import { type FormCheck, type FormErrors, NO_ERRORS, type SendPlan, type SentShape } from "./popup-form";
import { recentRepeat, sendDigest } from "./repeat-send";

/** A send waiting for "Send again?": the plan checked, its digest, and when the same was sent. */
export interface Repeat {
  plan: SendPlan;
  digest: string;
  sentAt: number;
}

interface SendFlowOptions {
  /** Checks the form as it is now; null while nothing can be sent (sending, not connected, still reading). */
  check: () => FormCheck | null;
  setErrors: (errors: FormErrors) => void;
  /** The check found inputs to fix (`errors`): show and focus them. */
  onInvalid: (errors: FormErrors) => void;
  /** Lists the queued lead and follows it (useSentLead's `follow`). */
  follow: (
    reply: { jobId: string; ids: number[] },
    operations: LeadOperation[],
    label: string,
    shape: SentShape,
  ) => void;
}

/** `submit` for the form; `repeat` while "Send again?" is asked, answered by `confirm` or `cancel`. */
export function useSendFlow({ check, setErrors, onInvalid, follow }: SendFlowOptions) {
  const [repeat, setRepeat] = useState<Repeat | null>(null);

  /** Queues the checked lead and follows it; remembers what was sent, for "Send again?". */
  const enqueue = async (plan: SendPlan, digest: string) => {
    const { operations, label, ...shape } = plan;
    setRepeat(null);
    let reply: EnqueueResult;
    try {
      reply = await sendMessage("enqueue", {
        source: "popup",
        ops: operations.map((operation) => ({ operation, label })),
      });
    } catch {
      setErrors({ ...NO_ERRORS, form: t("popupErrorBackground") });
      return;
    }
    if (!reply.ok) {
      setErrors({ ...NO_ERRORS, form: t("popupErrorEnqueue", reply.error) });
      return;
    }
    void popupLastSendItem.setValue({ digest, at: Date.now() }).catch(() => undefined);
    follow(reply, operations, label, shape);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = check();
    if (!checked) return;
    if (!checked.ok) {
      if (checked.invalid) onInvalid(checked.errors);
      setErrors(checked.errors);
      return;
    }
    setErrors(NO_ERRORS);
    const digest = sendDigest(checked.plan);
    const last = await popupLastSendItem.getValue().catch(() => null);
    const sentAt = recentRepeat(last, digest);
    if (sentAt !== null) {
      setRepeat({ plan: checked.plan, digest, sentAt });
      return;
    }
    await enqueue(checked.plan, digest);
  };

  return {
    repeat,
    submit,
    /** "Send again": the waiting send goes. */
    confirm: () => (repeat ? enqueue(repeat.plan, repeat.digest) : Promise.resolve()),
    /** "Cancel", or an edit: the question was about the form as it was. */
    cancel: () => setRepeat(null),
  };
}
