import { defaultPriceTable, type PriceTable } from './price-table.js';

export type LlmProviderName = 'openai' | 'offline';

export interface LlmConfig {
  /** `auto` picks openai when a base URL or key is set, else offline. */
  provider: 'auto' | LlmProviderName;
  baseUrl?: string;
  apiKey?: string;
  /** Default model; a prompt version's own model wins. */
  model: string;
  /** Per HTTP attempt, including reading the body. */
  timeoutMs: number;
  /** Retries after the first attempt, for 429/5xx/timeouts/connection errors. */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** Upper bound on a server's Retry-After, so a bad header cannot park a run for hours. */
  maxRetryAfterMs: number;
  concurrency: number;
  /** Requests per minute; 0 means no limit. */
  rpm: number;
  /** Tokens per minute; 0 means no limit. */
  tpm: number;
  /** Response cache lifetime; 0 disables the cache. */
  cacheTtlMs: number;
  cacheMaxEntries: number;
  priceTable: PriceTable;
  /** Structured output to try first; falls back to json_object when the server refuses. */
  responseFormat: 'json_schema' | 'json_object';
  /** When set, every live answer is also written here as a recording. */
  recordDir?: string;
  /** Where the offline provider finds recorded answers. */
  recordingsDir: string;
}

export const defaultLlmConfig: LlmConfig = {
  provider: 'auto',
  model: 'gpt-4o-mini',
  timeoutMs: 60_000,
  maxRetries: 3,
  retryBaseMs: 500,
  retryMaxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  concurrency: 8,
  rpm: 0,
  tpm: 0,
  cacheTtlMs: 60 * 60_000,
  cacheMaxEntries: 1_000,
  priceTable: defaultPriceTable,
  responseFormat: 'json_schema',
  recordingsDir: 'seeds/recordings',
};

export function resolveLlmConfig(config: Partial<LlmConfig> = {}): LlmConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...defaultLlmConfig, ...defined };
}

function readNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function readText(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** The gateway's settings from the environment (LLM_*); unset values keep their defaults. */
export function readLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const provider = readText(env, 'LLM_PROVIDER');
  if (provider !== undefined && !['auto', 'openai', 'offline'].includes(provider)) {
    throw new RangeError(`LLM_PROVIDER must be auto, openai or offline, got "${provider}"`);
  }
  return resolveLlmConfig({
    provider: provider as LlmConfig['provider'] | undefined,
    baseUrl: readText(env, 'LLM_BASE_URL'),
    apiKey: readText(env, 'LLM_API_KEY'),
    model: readText(env, 'LLM_MODEL'),
    timeoutMs: readNumber(env, 'LLM_TIMEOUT_MS'),
    maxRetries: readNumber(env, 'LLM_MAX_RETRIES'),
    concurrency: readNumber(env, 'LLM_CONCURRENCY'),
    rpm: readNumber(env, 'LLM_RPM'),
    tpm: readNumber(env, 'LLM_TPM'),
    cacheTtlMs: readNumber(env, 'LLM_CACHE_TTL_MS'),
    recordDir: readText(env, 'LLM_RECORD_DIR'),
    recordingsDir: readText(env, 'LLM_RECORDINGS_DIR'),
  });
}
