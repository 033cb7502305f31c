import type { Logger } from 'pino';
import type { FieldProblem } from '../../domain/errors/index.js';
import {
  LlmError,
  type LlmClient,
  type LlmRequest,
  type LlmResult,
  type LlmUsage,
} from '../../domain/prompt/index.js';
import { hashContent } from '../../domain/shared/canonical-json.js';
import { TransportError, type ChatCall, type ChatReply, type ChatTransport } from './chat-transport.js';
import type { LlmConfig } from './llm-config.js';
import { assertUsableSchema, buildRepairMessages, checkModelOutput } from './model-output.js';
import { computeCostUsd } from './price-table.js';
import { toSchemaName } from './provider-schema.js';
import { estimateTokens, ProviderLimiter } from './provider-limiter.js';
import type { LlmCache } from './response-cache.js';
import { computeBackoffMs, sleep } from './retry-policy.js';

export interface GatewayDeps {
  logger?: Logger;
  cache?: LlmCache;
  /** For tests that need predictable jitter. */
  random?: () => number;
}

/** Everything spent on one complete() call, across retries and the repair round. */
interface Tally {
  attempts: number;
  usage: LlmUsage;
  costUsd: number;
  costKnown: boolean;
  model: string;
}

function addUsage(tally: Tally, reply: ChatReply, estimate: number, prices: LlmConfig['priceTable']): void {
  const usage = reply.usage ?? { promptTokens: estimate, completionTokens: Math.ceil(reply.text.length / 4), totalTokens: 0 };
  if (!reply.usage) {
    usage.totalTokens = usage.promptTokens + usage.completionTokens;
    tally.usage.estimated = true;
  }
  tally.usage.promptTokens += usage.promptTokens;
  tally.usage.completionTokens += usage.completionTokens;
  tally.usage.totalTokens += usage.totalTokens;
  const cost = computeCostUsd(prices, reply.model, usage);
  tally.costUsd += cost.costUsd;
  tally.costKnown &&= cost.known;
  tally.model = reply.model;
}

function failureKind(error: TransportError): 'timeout' | 'unavailable' | 'rejected' | 'cancelled' {
  if (error.kind === 'cancelled') return 'cancelled';
  if (error.kind === 'timeout') return 'timeout';
  return error.retryable ? 'unavailable' : 'rejected';
}

/**
 * The provider-independent half of the gateway: cache, admission (limits),
 * retries with backoff honoring Retry-After, validation against the output
 * schema, one repair round, and accounting. Throws only LlmError.
 */
export class LlmGateway implements LlmClient {
  private readonly limiter: ProviderLimiter;

  constructor(
    private readonly transport: ChatTransport,
    private readonly config: LlmConfig,
    private readonly deps: GatewayDeps = {},
  ) {
    this.limiter = new ProviderLimiter({ concurrency: config.concurrency, rpm: config.rpm, tpm: config.tpm });
  }

  async complete(request: LlmRequest): Promise<LlmResult> {
    const started = performance.now();
    assertUsableSchema(request.outputSchema);
    const model = request.model ?? this.config.model;
    const cacheKey = this.readCacheKey(request, model);
    const hit = cacheKey === undefined ? undefined : this.deps.cache?.get(cacheKey);
    if (hit) {
      return { ...hit, cached: true, costUsd: 0, attempts: 0, latencyMs: performance.now() - started };
    }
    const call: ChatCall = {
      model,
      messages: request.messages,
      parameters: request.parameters,
      outputSchema: request.outputSchema,
      schemaName: toSchemaName(request.promptKey),
    };
    const tally: Tally = {
      attempts: 0,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      costUsd: 0,
      costKnown: true,
      model,
    };
    const result = await this.answer(call, request, tally, started);
    if (cacheKey !== undefined) this.deps.cache?.set(cacheKey, result, this.config.cacheTtlMs);
    this.deps.logger?.debug(
      { provider: this.transport.name, model: result.model, attempts: result.attempts, repaired: result.repaired, latencyMs: Math.round(result.latencyMs), tokens: result.usage.totalTokens },
      'llm call done',
    );
    return result;
  }

  private readCacheKey(request: LlmRequest, model: string): string | undefined {
    const wanted = request.cache ?? request.parameters.temperature === 0;
    if (!wanted || !this.deps.cache || this.config.cacheTtlMs <= 0) return undefined;
    return hashContent({ versionHash: request.versionHash, model, parameters: request.parameters, messages: request.messages });
  }

  private async answer(call: ChatCall, request: LlmRequest, tally: Tally, started: number): Promise<LlmResult> {
    const first = await this.callWithRetries(call, request.signal, tally);
    const firstCheck = checkModelOutput(first, call.outputSchema);
    if (firstCheck.ok) return this.buildResult(firstCheck.output, first.text, tally, started, false, []);

    this.deps.logger?.info({ provider: this.transport.name, problems: firstCheck.problems.length }, 'llm answer invalid, repairing');
    const maxTokens = call.parameters.maxTokens;
    const repairCall: ChatCall = {
      ...call,
      messages: buildRepairMessages(call.messages, first.text, firstCheck.problems, call.outputSchema),
      // A cut-off answer needs room to be complete the second time.
      parameters: firstCheck.truncated && maxTokens !== undefined ? { ...call.parameters, maxTokens: maxTokens * 2 } : call.parameters,
    };
    const second = await this.callWithRetries(repairCall, request.signal, tally);
    const secondCheck = checkModelOutput(second, call.outputSchema);
    if (secondCheck.ok) return this.buildResult(secondCheck.output, second.text, tally, started, true, firstCheck.problems);
    throw new LlmError(`model output still invalid after one repair: ${summarize(secondCheck.problems)}`, {
      kind: 'invalid_output',
      attempts: tally.attempts,
      raw: second.text,
      validationErrors: secondCheck.problems,
      usage: tally.usage,
      costUsd: tally.costUsd,
      model: tally.model,
    });
  }

  private buildResult(
    output: Record<string, unknown>,
    raw: string,
    tally: Tally,
    started: number,
    repaired: boolean,
    validationErrors: FieldProblem[],
  ): LlmResult {
    return {
      output,
      raw,
      model: tally.model,
      provider: this.transport.name,
      usage: tally.usage,
      costUsd: tally.costUsd,
      costKnown: tally.costKnown,
      latencyMs: performance.now() - started,
      attempts: tally.attempts,
      repaired,
      cached: false,
      validationErrors,
    };
  }

  private async callWithRetries(call: ChatCall, signal: AbortSignal | undefined, tally: Tally): Promise<ChatReply> {
    const estimate = estimateTokens(call.messages, call.parameters.maxTokens);
    for (let retry = 0; ; retry += 1) {
      const permit = await this.limiter.acquire(estimate, signal).catch((reason: unknown) => {
        throw this.cancelled(tally, reason);
      });
      tally.attempts += 1;
      try {
        const reply = await this.transport.send(call, { timeoutMs: this.config.timeoutMs, ...(signal ? { signal } : {}) });
        permit.release(reply.usage?.totalTokens ?? estimate);
        addUsage(tally, reply, estimate, this.config.priceTable);
        return reply;
      } catch (error) {
        const failure = error instanceof TransportError ? error : new TransportError('connection', String(error), true, undefined, undefined, { cause: error });
        // Refused requests used no tokens; timed-out ones may have.
        permit.release(failure.status === undefined ? estimate : 0);
        if (!failure.retryable || retry >= this.config.maxRetries) throw this.toLlmError(failure, tally);
        const delayMs =
          failure.retryAfterMs !== undefined
            ? Math.min(failure.retryAfterMs, this.config.maxRetryAfterMs)
            : computeBackoffMs(retry, this.config.retryBaseMs, this.config.retryMaxDelayMs, this.deps.random);
        this.deps.logger?.warn(
          { provider: this.transport.name, model: call.model, attempt: tally.attempts, kind: failure.kind, status: failure.status, delayMs },
          'llm call failed, retrying',
        );
        await sleep(delayMs, signal).catch((reason: unknown) => {
          throw this.cancelled(tally, reason);
        });
      }
    }
  }

  private cancelled(tally: Tally, reason: unknown): LlmError {
    return new LlmError('model call cancelled', { kind: 'cancelled', attempts: tally.attempts, usage: tally.usage, costUsd: tally.costUsd }, { cause: reason });
  }

  private toLlmError(failure: TransportError, tally: Tally): LlmError {
    const kind = failureKind(failure);
    const what =
      kind === 'timeout'
        ? `model call timed out after ${this.config.timeoutMs} ms`
        : kind === 'cancelled'
          ? 'model call cancelled'
          : kind === 'rejected'
            ? `model server refused the request (HTTP ${failure.status ?? '?'}): ${failure.message}`
            : `model server unavailable: ${failure.message}`;
    const suffix = kind === 'timeout' || kind === 'unavailable' ? ` (${tally.attempts} attempts)` : '';
    return new LlmError(
      `${what}${suffix}`,
      {
        kind,
        attempts: tally.attempts,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        usage: tally.usage,
        costUsd: tally.costUsd,
        model: tally.model,
      },
      { cause: failure },
    );
  }
}

function summarize(problems: FieldProblem[]): string {
  return problems.slice(0, 3).map((problem) => `${problem.path || '/'} ${problem.message}`).join('; ');
}
