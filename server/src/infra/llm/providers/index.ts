import type { LlmProvider } from './llm-provider.js';
import { offlineProvider } from './offline-provider.js';
import { openAiProvider } from './openai-provider.js';

/** Every LLM provider, in order of preference: the first configured one serves. Offline is the fallback. */
export const llmProviders: readonly LlmProvider[] = [openAiProvider, offlineProvider];

export type { LlmProvider } from './llm-provider.js';
