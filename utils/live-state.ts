/**
 * Where a lead stands now, as one honest state: sending, retrying (attempt k of n, next in s), paused (and
 * why), outcome unknown, failed (and why), not found, done. The popup's footer, the bulk job card and the
 * menu's notification say the same states in the same words (the background too, hence utils/).
 */
import { formatDateTime, t } from "./i18n";
import {
  attemptsAllowed,
  clause,
  type ExplainContext,
  type ExplainedError,
  explainError,
} from "./op-error-text";
import type { EnginePause } from "./sending/engine-state";
import type { OpRecord } from "./sending/types";

/** One lead's state now. `nextAt` and `until` are epoch ms; `error` is the reason already in the user's words. */
export type LiveState =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "retrying"; attempt: number; of: number; nextAt: number; error: ExplainedError }
  | { kind: "paused"; reason: EnginePause["reason"]; until?: number; error?: ExplainedError }
  | { kind: "uncertain" }
  | { kind: "failed"; error: ExplainedError }
  | { kind: "notFound" }
  | { kind: "done" };

/** The part of an op its live state needs. */
export type LiveOp = Pick<OpRecord, "state" | "attempts" | "notBefore" | "error" | "result"> &
  Partial<Pick<OpRecord, "item">>;

/**
 * The state of a lead from its ops and the engine's pause: pending while one op is (paused, retrying or
 * sending), else the worst outcome (unknown, failed, not found), else done. Idle with no ops.
 */
export function liveStateOf(
  ops: readonly LiveOp[],
  pause: EnginePause | null,
  context: ExplainContext = {},
): LiveState {
  if (ops.length === 0) return { kind: "idle" };
  const explain = (op: LiveOp, error: NonNullable<LiveOp["error"]>) =>
    explainError(error, { ...context, item: op.item ?? context.item });
  const pending = ops.filter((op) => op.state === "queued" || op.state === "sending" || op.state === "held");
  if (pending.length > 0) {
    if (pause) {
      const refused =
        pause.reason === "refused"
          ? explainError({ kind: "rejected", message: pause.message }, context)
          : undefined;
      return {
        kind: "paused",
        reason: pause.reason,
        ...(pause.until ? { until: pause.until } : {}),
        ...(refused ? { error: refused } : {}),
      };
    }
    // A queued op that carries an error has failed a request and waits for its next try (utils/sending/outcome.ts).
    const waiting = pending.find((op) => op.state === "queued" && op.error && op.attempts > 0);
    if (waiting?.error) {
      return {
        kind: "retrying",
        attempt: waiting.attempts + 1,
        of: attemptsAllowed(waiting.error),
        nextAt: waiting.notBefore,
        error: explain(waiting, waiting.error),
      };
    }
    return { kind: "sending" };
  }
  if (ops.some((op) => op.state === "uncertain")) return { kind: "uncertain" };
  const failed = ops.find((op) => op.state === "failed" || op.state === "cancelled");
  if (failed) {
    const error = failed.error ?? { kind: "rejected" as const, message: failed.result?.error ?? "" };
    return { kind: "failed", error: explain(failed, error) };
  }
  if (ops.some((op) => op.state === "notMatched")) return { kind: "notFound" };
  return { kind: "done" };
}

/** Whole seconds from `now` to `at`, never below zero. */
const secondsTo = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));

/** The state in one line, in the UI language; `now` counts down to a retry. */
export function liveText(state: LiveState, now = Date.now()): string {
  switch (state.kind) {
    case "idle":
      return "";
    case "sending":
      return t("liveSending");
    case "retrying": {
      const numbers = [clause(state.error.text), String(state.attempt), String(state.of)];
      const seconds = secondsTo(state.nextAt, now);
      return seconds > 0 ? t("liveRetryingIn", [...numbers, String(seconds)]) : t("liveRetrying", numbers);
    }
    case "paused":
      if (state.reason === "auth") return t("livePausedAuth");
      if (state.reason === "noCredentials") return t("livePausedNoCredentials");
      if (state.reason === "quota")
        return state.until ? t("livePausedQuotaUntil", formatDateTime(state.until)) : t("livePausedQuota");
      return t("livePausedRefused", clause(state.error?.text ?? ""));
    case "uncertain":
      return t("liveUncertain");
    case "failed":
      return t("liveFailed", clause(state.error.text));
    case "notFound":
      return t("liveNotFound");
    case "done":
      return t("liveDone");
  }
}

/** How the state looks: a tone for its colour, and whether it is still moving (the button says Sending). */
export function liveTone(state: LiveState): "neutral" | "ok" | "warning" | "error" {
  switch (state.kind) {
    case "done":
      return "ok";
    case "paused":
    case "uncertain":
    case "retrying":
    case "notFound":
      return "warning";
    case "failed":
      return "error";
    default:
      return "neutral";
  }
}
