/**
 * Counts events per key over a sliding window, in memory. Good enough for
 * login brute-force protection and per-key API limits on one server; each
 * server keeps its own counts.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records a hit and says whether the key is still within `limit`; returns seconds to wait when not. */
  hit(key: string, limit: number): { allowed: boolean; retryAfterSeconds: number } {
    const times = this.recent(key);
    if (times.length >= limit) {
      const oldest = times[0] ?? this.now();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000)) };
    }
    times.push(this.now());
    this.hits.set(key, times);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  count(key: string): number {
    return this.recent(key).length;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.hits.delete(key);
    return times;
  }
}
