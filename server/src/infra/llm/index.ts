export type { LlmClient, LlmRequest, LlmResult, LlmUsage, LlmErrorKind, LlmErrorDetails } from '../../domain/prompt/index.js';
export { LlmError } from '../../domain/prompt/index.js';
export { createLlmClient, createLlmClientHandle, type LlmClientHandle } from './create-llm-client.js';
export { defaultLlmConfig, readLlmConfig, resolveLlmConfig, type LlmConfig, type LlmProviderName } from './llm-config.js';
export { defaultPriceTable, computeCostUsd, findModelPrice, type ModelPrice, type PriceTable } from './price-table.js';
export { LlmGateway, type GatewayDeps } from './llm-gateway.js';
export { createMemoryLlmCache, type LlmCache } from './response-cache.js';
export type { ChatCall, ChatReply, ChatTransport, SendOptions } from './chat-transport.js';
export { TransportError } from './chat-transport.js';
export { llmProviders, type LlmProvider } from './providers/index.js';
export { OFFLINE_MISS_MESSAGE, OfflineLlmClient } from './providers/offline-provider.js';
export {
  RECORDING_FORMAT,
  buildRecording,
  hashRenderedInput,
  readRecordings,
  writeRecording,
  type LlmRecording,
} from './recordings.js';
export { isStrictCompatible } from './provider-schema.js';
