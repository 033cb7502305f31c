import type { LlmClient } from '../../../domain/prompt/index.js';
import type { GatewayDeps } from '../llm-gateway.js';
import type { LlmConfig, LlmProviderName } from '../llm-config.js';

/** A registry entry: how to tell the provider is configured, and how to build its client. */
export interface LlmProvider {
  name: LlmProviderName;
  isConfigured(config: LlmConfig): boolean;
  create(config: LlmConfig, deps: GatewayDeps): LlmClient;
}
