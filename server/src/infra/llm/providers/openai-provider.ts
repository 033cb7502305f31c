import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from 'pino';
import { TransportError, type ChatCall, type ChatReply, type ChatTransport, type SendOptions } from '../chat-transport.js';
import type { LlmConfig } from '../llm-config.js';
import { LlmGateway } from '../llm-gateway.js';
import { prepareProviderSchema } from '../provider-schema.js';
import { parseRetryAfterMs } from '../retry-policy.js';
import type { LlmProvider } from './llm-provider.js';
import { createNodeHttpFetch } from './node-http-fetch.js';

/**
 * What this server turned out to support. Learned from its 400 answers and
 * kept for the life of the process, so the fallback costs one extra request
 * once, not one per call.
 */
interface ServerQuirks {
  responseFormat: 'json_schema' | 'json_object';
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

function describeSchemaInText(messages: ChatCall['messages'], schema: unknown): ChatCompletionMessageParam[] {
  const instruction = `Answer with a single JSON object, no prose and no code fences, that validates against this JSON Schema:\n${JSON.stringify(schema)}`;
  const [first, ...rest] = messages;
  // Some chat templates (llama.cpp, vLLM) only accept one leading system message.
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

export function buildChatBody(call: ChatCall, quirks: ServerQuirks): ChatCompletionCreateParamsNonStreaming {
  const { schema, strict } = prepareProviderSchema(call.outputSchema);
  const { temperature, maxTokens, seed, topP } = call.parameters;
  const structured = quirks.responseFormat === 'json_schema';
  return {
    model: call.model,
    messages: structured ? call.messages : describeSchemaInText(call.messages, schema),
    response_format: structured
      ? { type: 'json_schema', json_schema: { name: call.schemaName, schema, strict } }
      : { type: 'json_object' },
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(maxTokens !== undefined ? { [quirks.maxTokensField]: maxTokens } : {}),
  };
}

function readErrorText(error: APIError): string {
  return `${error.message} ${error.param ?? ''} ${JSON.stringify(error.error ?? {})}`;
}

/**
 * A 400 saying the server does not do json_schema at all. Not a schema the
 * server found invalid, and not some other complaint about response_format
 * (JSON mode's "say json"): those would switch structured output off for good.
 */
function isJsonSchemaUnsupported(error: APIError): boolean {
  if (error.status !== 400) return false;
  const text = readErrorText(error);
  if (/invalid schema/i.test(text)) return false;
  const aboutResponseFormat = error.param === 'response_format' || /response_format/.test(error.message);
  return aboutResponseFormat && /json_schema/i.test(text) && /not supported|unsupported|unknown|not allowed|invalid (value|type|parameter)|must be one of/i.test(text);
}

function isMaxTokensUnsupported(error: APIError): boolean {
  return error.status === 400 && /max_tokens/.test(readErrorText(error)) && /max_completion_tokens/.test(readErrorText(error));
}

function classify(error: unknown, timedOut: boolean, cancelled: boolean): TransportError {
  if (cancelled) return new TransportError('cancelled', 'cancelled by the caller', false, undefined, undefined, { cause: error });
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    return new TransportError('timeout', 'request timed out', true, undefined, undefined, { cause: error });
  }
  if (error instanceof APIUserAbortError) return new TransportError('cancelled', 'request aborted', false, undefined, undefined, { cause: error });
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const retryAfterMs = error.headers ? parseRetryAfterMs((name) => error.headers?.get(name)) : undefined;
    return new TransportError('http', error.message, retryable, status, retryAfterMs, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError('connection', message, true, undefined, undefined, { cause: error });
}

/** One chat completion over the official SDK; the SDK's own retries are off because the gateway owns them. */
export class OpenAiTransport implements ChatTransport {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly quirks: ServerQuirks;

  constructor(config: LlmConfig, private readonly logger?: Logger) {
    this.client = new OpenAI({
      apiKey: config.apiKey ?? 'not-needed',
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      maxRetries: 0,
      fetch: createNodeHttpFetch(),
      // Our own timer (send) bounds each attempt including the body; this is a backstop.
      timeout: config.timeoutMs + 1_000,
    });
    this.quirks = { responseFormat: config.responseFormat, maxTokensField: 'max_tokens' };
  }

  async send(call: ChatCall, options: SendOptions): Promise<ChatReply> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, options.timeoutMs);
    const onAbort = (): void => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.exchange(call, controller.signal);
    } catch (error) {
      throw classify(error, timedOut, options.signal?.aborted === true);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async exchange(call: ChatCall, signal: AbortSignal): Promise<ChatReply> {
    for (;;) {
      try {
        const completion = await this.client.chat.completions.create(buildChatBody(call, this.quirks), { signal, maxRetries: 0 });
        const choice = completion.choices[0];
        const usage = completion.usage;
        return {
          text: choice?.message.content ?? '',
          finishReason: choice?.finish_reason ?? 'unknown',
          model: completion.model || call.model,
          ...(usage
            ? { usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens } }
            : {}),
          ...(choice?.message.refusal ? { refusal: choice.message.refusal } : {}),
        };
      } catch (error) {
        if (!(error instanceof APIError)) throw error;
        if (this.quirks.responseFormat === 'json_schema' && isJsonSchemaUnsupported(error)) {
          this.quirks.responseFormat = 'json_object';
          this.logger?.warn({ provider: this.name }, 'server refused json_schema response_format; using JSON mode with ajv validation');
          continue;
        }
        if (this.quirks.maxTokensField === 'max_tokens' && isMaxTokensUnsupported(error)) {
          this.quirks.maxTokensField = 'max_completion_tokens';
          continue;
        }
        throw error;
      }
    }
  }
}

export const openAiProvider: LlmProvider = {
  name: 'openai',
  isConfigured: (config) => Boolean(config.baseUrl || config.apiKey),
  create: (config, deps) => new LlmGateway(new OpenAiTransport(config, deps.logger), config, deps),
};
