import { systemClock, type Clock } from '../shared/clock.js';

/**
 * json-logic-js keeps operations in global state, so an operator cannot be
 * handed a per-call clock. Evaluation is synchronous, though: the evaluator
 * installs the caller's clock for the duration of one call and restores the
 * previous one after, and `now` is read once per evaluation so every `now`
 * in a rule sees the same instant.
 */
let activeClock: Clock = systemClock;
let depth = 0;
let instant: string | undefined;

export function runWithClock<T>(clock: Clock, run: () => T): T {
  const previousClock = activeClock;
  const previousInstant = instant;
  activeClock = clock;
  instant = undefined;
  depth += 1;
  try {
    return run();
  } finally {
    depth -= 1;
    activeClock = previousClock;
    instant = previousInstant;
  }
}

/** The evaluation's "now" as an ISO 8601 UTC instant. */
export function currentInstant(): string {
  if (instant !== undefined && depth > 0) return instant;
  const now = activeClock.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('the clock returned an invalid date');
  const iso = now.toISOString();
  if (depth > 0) instant = iso;
  return iso;
}
