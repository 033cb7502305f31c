export interface LimiterOptions {
  concurrency: number;
  /** Requests per minute; 0 = unlimited. */
  rpm: number;
  /** Tokens per minute; 0 = unlimited. */
  tpm: number;
  now?: () => number;
}

/** A granted slot: give it back with the tokens the call really used. */
export interface Permit {
  release(actualTokens: number): void;
}

interface Waiter {
  tokens: number;
  grant: (permit: Permit) => void;
  fail: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Continuous-refill bucket. The request bucket holds one request, so calls
 * are paced evenly (providers also enforce sub-minute windows, so a burst of
 * a minute's quota would be refused anyway). The token bucket holds one
 * second of quota and may go into debt, so a request larger than the bucket
 * still runs once the previous debt is repaid instead of waiting forever.
 */
class Bucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    private readonly now: () => number,
  ) {
    this.level = capacity;
    this.updatedAt = now();
  }

  private refill(): void {
    const at = this.now();
    this.level = Math.min(this.capacity, this.level + (at - this.updatedAt) * this.perMs);
    this.updatedAt = at;
  }

  /** Milliseconds until `needed` is available (0 = now). */
  waitFor(needed: number): number {
    this.refill();
    const target = Math.min(needed, this.capacity);
    return this.level >= target ? 0 : (target - this.level) / this.perMs;
  }

  take(amount: number): void {
    this.level -= amount;
  }

  give(amount: number): void {
    this.refill();
    this.level = Math.min(this.capacity, this.level + amount);
  }
}

/**
 * Per-provider admission: a concurrency cap plus RPM and TPM buckets, first
 * come first served. Token use is estimated before the call and corrected
 * when the real usage is known.
 */
export class ProviderLimiter {
  private readonly queue: Waiter[] = [];
  private inFlight = 0;
  private readonly requests: Bucket | undefined;
  private readonly tokens: Bucket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly concurrency: number;

  constructor(options: LimiterOptions) {
    const now = options.now ?? (() => performance.now());
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.requests = options.rpm > 0 ? new Bucket(1, options.rpm / 60_000, now) : undefined;
    this.tokens = options.tpm > 0 ? new Bucket(Math.max(1, options.tpm / 60), options.tpm / 60_000, now) : undefined;
  }

  get active(): number {
    return this.inFlight;
  }

  get waiting(): number {
    return this.queue.length;
  }

  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((grant, fail) => {
      const waiter: Waiter = { tokens: Math.max(0, estimatedTokens), grant, fail };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          fail(signal.reason);
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.concurrency) {
      const head = this.queue[0] as Waiter;
      const wait = Math.max(this.requests?.waitFor(1) ?? 0, this.tokens?.waitFor(head.tokens) ?? 0);
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), Math.ceil(wait));
        return;
      }
      this.queue.shift();
      if (head.signal && head.onAbort) head.signal.removeEventListener('abort', head.onAbort);
      this.requests?.take(1);
      this.tokens?.take(head.tokens);
      this.inFlight += 1;
      head.grant(this.createPermit(head.tokens));
    }
  }

  private createPermit(estimated: number): Permit {
    let released = false;
    return {
      release: (actualTokens: number) => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        const difference = estimated - Math.max(0, actualTokens);
        if (difference > 0) this.tokens?.give(difference);
        else this.tokens?.take(-difference);
        this.pump();
      },
    };
  }
}

/** Rough token count before the call: ~4 characters a token, plus the answer budget. */
export function estimateTokens(messages: ReadonlyArray<{ content: string }>, maxTokens: number | undefined): number {
  const characters = messages.reduce((sum, message) => sum + message.content.length + 16, 0);
  return Math.ceil(characters / 4) + (maxTokens ?? 512);
}
