/** Retry timing for requests that failed in a way that may pass by itself (network, 5xx, bad answers). */

/** Requests an op may use on retryable failures (network, 5xx) before it is marked `failed`. */
export const MAX_ATTEMPTS = 8;

/**
 * Requests an op may use on answers that do not parse or a non-5xx unexpected status: such answers rarely
 * fix themselves, but a proxy hiccup can produce one, so a couple of retries before giving up.
 */
export const MAX_UNEXPECTED_ANSWER_ATTEMPTS = 3;

export interface BackoffOptions {
  /** Delay cap of the first retry. */
  baseMs?: number;
  /** Upper bound of any delay. */
  maxMs?: number;
  /** Injected in tests; returns a number in [0, 1). */
  random?: () => number;
}

/** The cap of the delay after the `attempt`-th failed request: baseMs doubled per attempt, at most maxMs. */
export function backoffCap(attempt: number, { baseMs = 1000, maxMs = 60_000 }: BackoffOptions = {}): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** Delay before retrying after the `attempt`-th failed request: uniform in [0, cap) ("full jitter"). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const random = options.random ?? Math.random;
  return Math.floor(random() * backoffCap(attempt, options));
}
