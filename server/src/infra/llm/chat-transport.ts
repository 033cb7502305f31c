import type { JsonSchema, PromptParameters, RenderedMessage } from '../../domain/prompt/index.js';

/**
 * What a live provider implements: one HTTP exchange, no retries, no
 * validation. The gateway wraps it with everything else, so a new provider
 * (Anthropic, Bedrock, ...) is only this interface plus a registry entry.
 */
export interface ChatCall {
  model: string;
  messages: RenderedMessage[];
  parameters: PromptParameters;
  outputSchema: JsonSchema;
  /** `^[A-Za-z0-9_-]{1,64}$`, for structured-output APIs that name the schema. */
  schemaName: string;
}

export interface ChatReply {
  /** The message text; '' when the model refused or sent nothing. */
  text: string;
  finishReason: string;
  /** The model that answered (may be a dated snapshot of the requested one). */
  model: string;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  refusal?: string;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface ChatTransport {
  readonly name: string;
  send(call: ChatCall, options: SendOptions): Promise<ChatReply>;
}

export type TransportFailureKind = 'timeout' | 'cancelled' | 'connection' | 'http';

/** A failed exchange, classified so the gateway can decide to retry. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
