/** "Send again?": the same data sent to the same lead again within a minute is asked about first. */
import type { PopupLastSend } from "../../utils/storage";
import { md5 } from "./md5";
import type { SendPlan } from "./popup-form";

/** The same data sent to the same lead again within this time is asked about first. */
export const REPEAT_WINDOW_MS = 60_000;

/** A send's digest: of the operations it queues (the lead's matching, fields, tags, comment). */
export function sendDigest(plan: Pick<SendPlan, "operations">): string {
  return md5(JSON.stringify(plan.operations));
}

/** When the same send (`digest`) went out less than `REPEAT_WINDOW_MS` ago: the time it went; else null. */
export function recentRepeat(last: PopupLastSend | null, digest: string, now = Date.now()): number | null {
  return last && last.digest === digest && now - last.at < REPEAT_WINDOW_MS ? last.at : null;
}
