import type { LlmResult } from '../../domain/prompt/index.js';

/**
 * Exact-match response cache. In memory by default; a shared store (Redis,
 * a table) can implement the same two methods for several workers.
 */
export interface LlmCache {
  get(key: string): LlmResult | undefined;
  set(key: string, value: LlmResult, ttlMs: number): void;
}

interface Entry {
  value: LlmResult;
  expiresAt: number;
}

/** LRU by insertion order of a Map: a hit is moved to the end, the oldest is evicted first. */
export function createMemoryLlmCache(maxEntries = 1_000, now: () => number = Date.now): LlmCache {
  const entries = new Map<string, Entry>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return structuredClone(entry.value);
    },
    set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { value: structuredClone(value), expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
