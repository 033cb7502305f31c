import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCostUsd,
  createLlmClient,
  defaultPriceTable,
  findModelPrice,
  isStrictCompatible,
  readLlmConfig,
} from '../../../server/src/infra/llm/index.js';
import { computeBackoffMs, parseRetryAfterMs } from '../../../server/src/infra/llm/retry-policy.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { buildInvoiceRequest, validInvoiceAnswer } from './fixtures/invoice-request.js';

describe('Retry-After parsing', () => {
  const now = () => Date.parse('2024-05-01T12:00:00Z');
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '2' }, 2_000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'Wed, 01 May 2024 12:00:03 GMT' }, 3_000],
    [{ 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(parseRetryAfterMs((name) => headers[name], now)).toBe(expected);
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, scaled by jitter', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => computeBackoffMs(attempt, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(computeBackoffMs(3, 100, 1_000, () => 0.5)).toBe(400);
    expect(computeBackoffMs(3, 100, 1_000, () => 0)).toBe(0);
  });
});

describe('price table', () => {
  it.each([
    ['gpt-4o-mini', 0.15],
    ['gpt-4o-mini-2024-07-18', 0.15],
    ['gpt-4o-2024-08-06', 2.5],
    ['gpt-4.1-nano', 0.1],
  ])('prices %s by its family', (model, input) => {
    expect(findModelPrice(defaultPriceTable, model)?.inputPerMillion).toBe(input);
  });

  it('computes cost from a custom table and flags unknown models', () => {
    const table = { 'local-llama': { inputPerMillion: 1, outputPerMillion: 3 } };
    expect(computeCostUsd(table, 'local-llama', { promptTokens: 2_000_000, completionTokens: 1_000_000 })).toEqual({ costUsd: 5, known: true });
    expect(computeCostUsd(table, 'mystery', { promptTokens: 10, completionTokens: 10 })).toEqual({ costUsd: 0, known: false });
  });
});

describe('strict structured-output compatibility', () => {
  it.each([
    [{ type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: ['string', 'null'] } } }, true],
    [{ type: 'object', additionalProperties: false, required: [], properties: { a: { type: 'string' } } }, false],
    [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, false],
    [{ type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'string', maxLength: 3 } } }, false],
    [{ type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'array', items: { type: 'object' } } } }, false],
  ])('%j → %s', (schema, expected) => {
    expect(isStrictCompatible(schema)).toBe(expected);
  });
});

describe('configuration from the environment', () => {
  it('reads LLM_* variables and keeps defaults for the rest', () => {
    const config = readLlmConfig({ LLM_BASE_URL: 'http://127.0.0.1:1/v1', LLM_MODEL: 'llama3.1', LLM_RPM: '120', LLM_RECORD_DIR: '/tmp/rec' });
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:1/v1', model: 'llama3.1', rpm: 120, recordDir: '/tmp/rec', maxRetries: 3, provider: 'auto' });
    expect(config.apiKey).toBeUndefined();
    expect(() => readLlmConfig({ LLM_RPM: 'lots' })).toThrow(/LLM_RPM/);
  });
});

describe('gateway logging', () => {
  let llm: OpenAiTestServer;
  beforeAll(async () => {
    llm = await startOpenAiTestServer();
  });
  afterAll(async () => {
    await llm.close();
  });

  it('logs retries and repairs through the given pino logger, never the prompt text', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    llm.script([{ fault: 'server_error', times: 1 }, { fault: 'malformed_json', times: 1 }, { reply: validInvoiceAnswer }]);
    const request = buildInvoiceRequest({ text: 'SECRET-IBAN-DE89370400440532013000' });
    await createLlmClient({ baseUrl: llm.url, apiKey: 'k', retryBaseMs: 1 }, { logger }).complete(request);
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['llm gateway ready', 'llm call failed, retrying', 'llm answer invalid, repairing', 'llm call done']));
    expect(lines.find((line) => line.msg === 'llm call failed, retrying')).toMatchObject({ status: 500, attempt: 1 });
    expect(JSON.stringify(lines)).not.toContain('SECRET-IBAN');
  });
});
