/**
 * The engine's clock for windows, holds and backoff: milliseconds on the epoch scale that never go back
 * while this context lives. `Date.now()` jumps when the user or NTP sets the clock (back: the queue
 * stalls; forward: a burst); `performance.now()` does not. Its origin is the wall clock when this context
 * (worker, background page) started, so times persisted by an earlier context stay comparable; a clock
 * change that falls exactly between two contexts is absorbed by the clamps where stored times are read.
 */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}
