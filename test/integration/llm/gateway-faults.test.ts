import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmError } from '../../../server/src/domain/prompt/index.js';
import { createLlmClient, type LlmConfig } from '../../../server/src/infra/llm/index.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { buildInvoiceRequest, validInvoiceAnswer } from './fixtures/invoice-request.js';

let llm: OpenAiTestServer;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => llm.reset());

function client(overrides: Partial<LlmConfig> = {}) {
  return createLlmClient({ baseUrl: llm.url, apiKey: 'test-key', retryBaseMs: 5, retryMaxDelayMs: 20, timeoutMs: 2_000, maxRetries: 3, ...overrides });
}

async function catchLlmError(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof LlmError)) throw new Error(`expected an LlmError, got ${String(error)}`);
  return error;
}

describe('gateway retries', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    llm.script([{ fault: 'rate_limit', retryAfter: '1', times: 1 }, { reply: validInvoiceAnswer }]);
    const started = performance.now();
    const result = await client().complete(buildInvoiceRequest());
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ output: validInvoiceAnswer, attempts: 2 });
    const [first = 0, second = 0] = llm.arrivals;
    expect(second - first).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_900);
  });

  it('caps an absurd Retry-After at maxRetryAfterMs', async () => {
    llm.script([{ fault: 'rate_limit', retryAfter: new Date(Date.now() + 3_600_000).toUTCString(), times: 1 }, { reply: validInvoiceAnswer }]);
    const started = performance.now();
    await client({ maxRetryAfterMs: 150 }).complete(buildInvoiceRequest());
    expect(performance.now() - started).toBeLessThan(1_000);
    const [first = 0, second = 0] = llm.arrivals;
    expect(second - first).toBeGreaterThanOrEqual(140);
  });

  it('retries a 500 and succeeds on the next attempt', async () => {
    llm.script([{ fault: 'server_error', times: 1 }, { reply: validInvoiceAnswer }]);
    const result = await client().complete(buildInvoiceRequest());
    expect(result).toMatchObject({ output: validInvoiceAnswer, attempts: 2, repaired: false });
  });

  it('gives up after maxRetries with a typed unavailable error carrying the status', async () => {
    llm.script([{ fault: 'server_error', status: 503 }]);
    const error = await catchLlmError(client({ maxRetries: 2 }).complete(buildInvoiceRequest()));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503, attempts: 3, code: 'INTERNAL_SERVER_ERROR' });
    expect(error.message).toMatch(/unavailable.*3 attempts/);
    expect(llm.requests).toHaveLength(3);
  });

  it('times out a hanging server within the configured bound, retrying first', async () => {
    llm.script([{ fault: 'hang' }]);
    const started = performance.now();
    const error = await catchLlmError(client({ timeoutMs: 150, maxRetries: 1 }).complete(buildInvoiceRequest()));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('recovers when a hang is followed by an answer', async () => {
    llm.script([{ fault: 'hang', times: 1 }, { reply: validInvoiceAnswer }]);
    const result = await client({ timeoutMs: 100 }).complete(buildInvoiceRequest());
    expect(result).toMatchObject({ output: validInvoiceAnswer, attempts: 2 });
  });

  it('stops waiting when the caller aborts', async () => {
    llm.script([{ fault: 'hang' }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await catchLlmError(client({ timeoutMs: 5_000 }).complete(buildInvoiceRequest({ signal: controller.signal })));
    expect(error.kind).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reports an unreachable server as unavailable, not as a crash', async () => {
    const closed = await startOpenAiTestServer();
    await closed.close();
    const error = await catchLlmError(
      createLlmClient({ baseUrl: closed.url, apiKey: 'k', retryBaseMs: 1, maxRetries: 1 }).complete(buildInvoiceRequest()),
    );
    expect(error).toMatchObject({ kind: 'unavailable', attempts: 2 });
  });
});

describe('gateway repair round', () => {
  it.each([
    ['malformed JSON', { fault: 'malformed_json', reply: validInvoiceAnswer }, 'json'],
    ['a schema violation', { fault: 'schema_violation' }, 'required'],
    ['a truncated answer', { fault: 'truncated', reply: validInvoiceAnswer }, 'truncated'],
  ] as const)('repairs %s on the second answer', async (_name, faulty, rule) => {
    llm.script([{ ...faulty, times: 1 }, { reply: validInvoiceAnswer }]);
    const result = await client().complete(buildInvoiceRequest());
    expect(result).toMatchObject({ output: validInvoiceAnswer, repaired: true, attempts: 2 });
    expect(result.validationErrors.map((problem) => problem.rule)).toContain(rule);
    const repair = llm.requests[1];
    const [previous, instruction] = (repair?.messages ?? []).slice(-2);
    expect(previous).toMatchObject({ role: 'assistant', content: expect.any(String) });
    expect(instruction?.role).toBe('user');
    expect(String(instruction?.content)).toContain('Your previous answer cannot be used');
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    // A cut-off answer gets twice the room the second time.
    expect(repair?.max_tokens).toBe(faulty.fault === 'truncated' ? 400 : 200);
  });

  it('shows the model exactly what was wrong', async () => {
    llm.script([{ reply: { vendor: 'Northwind', invoice_number: 'NS-1', total: 'a lot' }, times: 1 }, { reply: validInvoiceAnswer }]);
    await client().complete(buildInvoiceRequest());
    const instruction = String(llm.requests[1]?.messages.at(-1)?.content);
    expect(instruction).toContain('- /total: must be number');
    expect(llm.requests[1]?.messages.at(-2)).toEqual({ role: 'assistant', content: '{"vendor":"Northwind","invoice_number":"NS-1","total":"a lot"}' });
  });

  it('fails with invalid_output, the raw text and the problems when the repair is still invalid', async () => {
    llm.script([{ fault: 'schema_violation' }]);
    const error = await catchLlmError(client().complete(buildInvoiceRequest()));
    expect(error).toMatchObject({ kind: 'invalid_output', attempts: 2 });
    expect(JSON.parse(error.raw ?? '')).toEqual({ invoice_number: 'x', total: 0 });
    expect(error.validationErrors).toEqual([{ path: '/vendor', rule: 'required', message: "must have required property 'vendor'" }]);
    expect(error.usage?.totalTokens).toBeGreaterThan(0);
    expect(llm.requests).toHaveLength(2);
  });

  it('counts retries inside the repair round too', async () => {
    llm.script([{ fault: 'malformed_json', times: 1 }, { fault: 'server_error', times: 1 }, { reply: validInvoiceAnswer }]);
    const result = await client().complete(buildInvoiceRequest());
    expect(result).toMatchObject({ repaired: true, attempts: 3 });
  });
});

describe('gateway input checks', () => {
  it('refuses an output schema ajv cannot compile before calling the model', async () => {
    const error = await catchLlmError(client().complete(buildInvoiceRequest({ outputSchema: { type: 'object', properties: { a: { type: 'nonsense' } } } })));
    expect(error).toMatchObject({ kind: 'rejected', attempts: 0 });
    expect(error.validationErrors[0]?.path).toBe('/outputSchema');
    expect(llm.requests).toHaveLength(0);
  });
});
