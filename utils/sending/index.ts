/** The send engine's public API, for the background (which runs it) and the pages (which read the queue). */
export { backoffCap, backoffDelay, MAX_ATTEMPTS, MAX_UNEXPECTED_ANSWER_ATTEMPTS } from "./backoff";
export { createSendEngine, type EngineStatus, type EngineSummary, type SendEngine } from "./engine";
export {
  createEngineStateStore,
  type EnginePause,
  type EngineStateStore,
  type LastError,
  type PauseReason,
} from "./engine-state";
export type { OpPage, PageQuery } from "./history";
export {
  createKvLimiterStore,
  createMemoryLimiterStore,
  createRateLimiter,
  createSessionLimiterStore,
  type LimiterStore,
  type RateLimiter,
} from "./limiter";
export { nextMoscowMidnight } from "./outcome";
export { createOpQueue, type OpQueue, type OpUpdate, type RetryTarget } from "./queue";
export {
  isSettled,
  type NewOp,
  OP_STATES,
  type OpError,
  type OpRecord,
  type OpSource,
  type OpState,
  OpStateSchema,
  RETRYABLE_STATES,
} from "./types";
