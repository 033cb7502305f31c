import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient, createMemoryLlmCache, type LlmConfig } from '../../../server/src/infra/llm/index.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { buildInvoiceRequest, validInvoiceAnswer } from './fixtures/invoice-request.js';

let llm: OpenAiTestServer;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => {
  llm.reset();
  llm.script([{ reply: validInvoiceAnswer }]);
});

function client(overrides: Partial<LlmConfig> = {}) {
  return createLlmClient({ baseUrl: llm.url, apiKey: 'test-key', retryBaseMs: 5, timeoutMs: 5_000, ...overrides });
}

describe('response cache', () => {
  it('answers the second identical call at temperature 0 from the cache', async () => {
    const gateway = client();
    const request = buildInvoiceRequest({ cache: undefined });
    const first = await gateway.complete(request);
    const second = await gateway.complete({ ...request });
    expect(llm.requests).toHaveLength(1);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, output: first.output, costUsd: 0, attempts: 0, usage: first.usage });
  });

  it('does not cache at temperature 0.7', async () => {
    const gateway = client();
    const request = buildInvoiceRequest({ cache: undefined, parameters: { temperature: 0.7 } });
    await gateway.complete(request);
    const second = await gateway.complete(request);
    expect(llm.requests).toHaveLength(2);
    expect(second.cached).toBe(false);
  });

  it.each([
    ['version', { versionHash: 'b'.repeat(64) }],
    ['model', { model: 'docket-test-model' }],
    ['parameters', { parameters: { temperature: 0, maxTokens: 999 } }],
    ['messages', { messages: [{ role: 'user' as const, content: 'other JSON input' }] }],
  ])('keys the cache by %s', async (_name, change) => {
    const gateway = client();
    const request = buildInvoiceRequest({ cache: undefined, text: 'same text' });
    await gateway.complete(request);
    const other = await gateway.complete({ ...request, ...change });
    expect(other.cached).toBe(false);
    expect(llm.requests).toHaveLength(2);
  });

  it('expires entries after the TTL and can be turned off per request', async () => {
    let now = 0;
    const gateway = createLlmClient({ baseUrl: llm.url, apiKey: 'k', cacheTtlMs: 1_000 }, { cache: createMemoryLlmCache(10, () => now) });
    const request = buildInvoiceRequest({ cache: undefined });
    await gateway.complete(request);
    now = 999;
    expect((await gateway.complete(request)).cached).toBe(true);
    now = 2_500;
    expect((await gateway.complete(request)).cached).toBe(false);
    expect((await gateway.complete({ ...request, cache: false })).cached).toBe(false);
    expect(llm.requests).toHaveLength(3);
  });

  it('gives each caller its own copy of a cached output', async () => {
    const gateway = client();
    const request = buildInvoiceRequest({ cache: undefined });
    const first = await gateway.complete(request);
    first.output.total = -1;
    expect((await gateway.complete(request)).output.total).toBe(validInvoiceAnswer.total);
  });
});

describe('rate and concurrency limits', () => {
  it('paces requests to the RPM limit', async () => {
    const gateway = client({ rpm: 600, concurrency: 10 });
    await Promise.all(Array.from({ length: 6 }, () => gateway.complete(buildInvoiceRequest())));
    const gaps = llm.arrivals.slice(1).map((at, index) => at - (llm.arrivals[index] ?? 0));
    expect(gaps).toHaveLength(5);
    // 600 RPM = one request every 100 ms; arrivals at the server add network jitter.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(60);
    const span = (llm.arrivals.at(-1) ?? 0) - (llm.arrivals[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(450);
    expect(span).toBeLessThan(800);
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    llm.setLatency(60);
    const gateway = client({ concurrency: 3 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 9 }, () => gateway.complete(buildInvoiceRequest())));
    expect(results.every((result) => result.output.total === validInvoiceAnswer.total)).toBe(true);
    expect(llm.stats.maxInFlight).toBe(3);
    // Three waves of 60 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(170);
  });

  it('holds requests back under a TPM limit and corrects the estimate with real usage', async () => {
    llm.script([{ reply: validInvoiceAnswer, usage: { prompt_tokens: 100, completion_tokens: 20 } }]);
    // 12,000 tokens a minute = 200 a second; each request is estimated at
    // ~250 tokens (with maxTokens 200) but really uses 120.
    const gateway = client({ tpm: 12_000, concurrency: 10 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => gateway.complete(buildInvoiceRequest())));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(3_000);
  });
});
