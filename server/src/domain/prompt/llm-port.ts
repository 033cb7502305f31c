import type { FieldProblem } from '../errors/index.js';
import type { JsonSchema, PromptParameters, RenderedMessage } from './prompt-spec.js';

/**
 * The port through which prompt steps reach a model. The domain states what
 * it needs (a validated JSON object for rendered messages); the gateway in
 * infra/llm decides how (provider, retries, limits, cache, recordings).
 */
export interface LlmRequest {
  messages: RenderedMessage[];
  /** The version's model; the gateway's default model when absent. */
  model?: string;
  parameters: PromptParameters;
  outputSchema: JsonSchema;
  /** promptVersionHash of the version that produced the messages. */
  versionHash: string;
  /** The prompt's key, for logs, recordings and the response-format name. */
  promptKey?: string;
  /** Overrides the cache default (on when temperature is 0). */
  cache?: boolean;
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** True when the provider reported no usage and the numbers are estimates. */
  estimated?: boolean;
}

export interface LlmResult {
  /** The parsed answer; it has passed the output schema. */
  output: Record<string, unknown>;
  /** The text the model returned for the accepted answer. */
  raw: string;
  model: string;
  provider: string;
  /** Tokens of all calls made for this result (both rounds when repaired). */
  usage: LlmUsage;
  /** What this call spent: 0 for cache hits and recorded answers. */
  costUsd: number;
  /** False when the model is missing from the price table (cost is then 0). */
  costKnown: boolean;
  latencyMs: number;
  /** HTTP attempts made, counting retries and the repair round. */
  attempts: number;
  repaired: boolean;
  cached: boolean;
  /** Problems of the first answer when a repair fixed them; empty otherwise. */
  validationErrors: FieldProblem[];
}

export interface LlmClient {
  complete(request: LlmRequest): Promise<LlmResult>;
}
