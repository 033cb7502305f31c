/**
 * Backoff with full jitter: a random delay in [0, min(cap, base·2^attempt)].
 * Jitter spreads the retries of many runs that failed together, so they do
 * not hit a recovering server in lockstep.
 */
export function computeBackoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling * random());
}

/**
 * Reads `retry-after-ms` (OpenAI's, milliseconds) or `retry-after` (seconds,
 * or an HTTP date) into milliseconds; undefined when absent or unreadable.
 */
export function parseRetryAfterMs(
  header: (name: string) => string | null | undefined,
  now: () => number = Date.now,
): number | undefined {
  const millis = header('retry-after-ms');
  if (millis != null && millis.trim() !== '' && Number.isFinite(Number(millis))) return Math.max(0, Number(millis));
  const value = header('retry-after');
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
