import type { LlmClient } from '../../domain/prompt/index.js';
import type { GatewayDeps } from './llm-gateway.js';
import { resolveLlmConfig, type LlmConfig } from './llm-config.js';
import { llmProviders } from './providers/index.js';
import { RecordingLlmClient } from './recordings.js';
import { createMemoryLlmCache } from './response-cache.js';

export interface LlmClientHandle {
  client: LlmClient;
  /** The provider that serves, for logs and the status page. */
  provider: string;
  config: LlmConfig;
}

/**
 * Builds the process's LlmClient: the named provider, or (auto) the first
 * configured one in the registry, which is offline when no LLM_BASE_URL or
 * LLM_API_KEY is set. Live answers are also recorded when LLM_RECORD_DIR is set.
 */
export function createLlmClientHandle(config: Partial<LlmConfig> = {}, deps: GatewayDeps = {}): LlmClientHandle {
  const resolved = resolveLlmConfig(config);
  const provider =
    resolved.provider === 'auto'
      ? llmProviders.find((candidate) => candidate.isConfigured(resolved))
      : llmProviders.find((candidate) => candidate.name === resolved.provider);
  if (!provider) throw new RangeError(`no LLM provider named ${resolved.provider}`);
  const cache = deps.cache ?? createMemoryLlmCache(resolved.cacheMaxEntries);
  let client = provider.create(resolved, { ...deps, cache });
  if (resolved.recordDir && provider.name !== 'offline') {
    client = new RecordingLlmClient(client, resolved.recordDir, resolved.model, deps.logger);
  }
  deps.logger?.info({ provider: provider.name, model: resolved.model, baseUrl: resolved.baseUrl ?? null }, 'llm gateway ready');
  return { client, provider: provider.name, config: resolved };
}

export function createLlmClient(config: Partial<LlmConfig> = {}, deps: GatewayDeps = {}): LlmClient {
  return createLlmClientHandle(config, deps).client;
}
