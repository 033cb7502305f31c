import type { RetryPolicy } from '../steps/step-kind.js';

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half is
 * random, so retries from many runs that failed together spread out but
 * never come back sooner than half the backoff. A Retry-After from the other
 * side is a floor.
 */
export function computeRetryDelay(policy: RetryPolicy, failedAttempts: number, random: () => number, retryAfterMs = 0): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jittered = capped / 2 + (capped / 2) * random();
  return Math.round(Math.max(retryAfterMs, jittered));
}
