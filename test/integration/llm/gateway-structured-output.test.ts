import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmError } from '../../../server/src/domain/prompt/index.js';
import { createLlmClient, createLlmClientHandle, type LlmConfig } from '../../../server/src/infra/llm/index.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { buildInvoiceRequest, invoiceOutputSchema, validInvoiceAnswer } from './fixtures/invoice-request.js';

let llm: OpenAiTestServer;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => llm.reset());

function configFor(server: OpenAiTestServer, overrides: Partial<LlmConfig> = {}): Partial<LlmConfig> {
  return { baseUrl: server.url, apiKey: 'test-key', model: 'gpt-4o-mini', retryBaseMs: 5, timeoutMs: 2_000, ...overrides };
}

describe('gateway structured output (real openai SDK against the test server)', () => {
  it('returns the validated object with usage, cost and call facts', async () => {
    llm.script([{ reply: validInvoiceAnswer, usage: { prompt_tokens: 1_000, completion_tokens: 200 } }]);
    const result = await createLlmClient(configFor(llm)).complete(buildInvoiceRequest());
    expect(result).toMatchObject({
      output: validInvoiceAnswer,
      raw: JSON.stringify(validInvoiceAnswer),
      model: 'gpt-4o-mini',
      provider: 'openai',
      usage: { promptTokens: 1_000, completionTokens: 200, totalTokens: 1_200 },
      attempts: 1,
      repaired: false,
      cached: false,
      costKnown: true,
      validationErrors: [],
    });
    // gpt-4o-mini: 0.15 USD per 1M input, 0.60 per 1M output.
    expect(result.costUsd).toBeCloseTo((1_000 * 0.15 + 200 * 0.6) / 1e6, 12);
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('sends a strict json_schema response format without Docket annotations, and the parameters', async () => {
    llm.script([{ reply: validInvoiceAnswer }]);
    const request = buildInvoiceRequest({ parameters: { temperature: 0, maxTokens: 321, seed: 7, topP: 0.5 } });
    await createLlmClient(configFor(llm)).complete(request);
    const [body] = llm.requests;
    expect(body?.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'invoice-extract',
        strict: true,
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['vendor', 'invoice_number', 'total'],
          properties: { vendor: { type: 'string' }, invoice_number: { type: 'string' }, total: { type: 'number' } },
        },
      },
    });
    expect(body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, max_tokens: 321, seed: 7, top_p: 0.5 });
    expect(body?.messages).toEqual(request.messages);
  });

  it('uses the version model over the default one', async () => {
    llm.script([{ reply: validInvoiceAnswer }]);
    const result = await createLlmClient(configFor(llm)).complete(buildInvoiceRequest({ model: 'docket-test-model' }));
    expect(llm.requests[0]?.model).toBe('docket-test-model');
    expect(result).toMatchObject({ model: 'docket-test-model', costUsd: 0, costKnown: false });
  });

  it('marks schemas OpenAI strict mode cannot take as non-strict, and still validates them with ajv', async () => {
    const loose = { type: 'object', required: ['total'], properties: { total: { type: 'number', minimum: 0 }, note: { type: 'string', maxLength: 5 } } };
    llm.script([{ reply: { total: 5, note: 'too long for the schema' }, times: 1 }, { reply: { total: 5, note: 'ok' } }]);
    const result = await createLlmClient(configFor(llm)).complete(buildInvoiceRequest({ outputSchema: loose }));
    expect(llm.requests[0]?.response_format?.json_schema?.strict).toBe(false);
    expect(result).toMatchObject({ output: { total: 5, note: 'ok' }, repaired: true });
    expect(result.validationErrors).toEqual([{ path: '/note', rule: 'maxLength', message: 'must NOT have more than 5 characters' }]);
  });

  it('falls back to JSON mode when the server refuses json_schema, and remembers it', async () => {
    const server = await startOpenAiTestServer({ rejectJsonSchema: true });
    try {
      server.script([{ reply: validInvoiceAnswer }]);
      const client = createLlmClient(configFor(server));
      const first = await client.complete(buildInvoiceRequest({ messages: [{ role: 'user', content: 'Extract the invoice.' }] }));
      const second = await client.complete(buildInvoiceRequest());
      expect(first.output).toEqual(validInvoiceAnswer);
      expect(second.output).toEqual(validInvoiceAnswer);
      expect(server.requests.map((body) => body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
      // JSON mode carries the schema in the text, merged into the leading system message.
      const fallback = server.requests[2];
      expect(fallback?.messages).toHaveLength(2);
      expect(String(fallback?.messages[0]?.content)).toContain(JSON.stringify(invoiceOutputSchema.required));
      expect(String(server.requests[1]?.messages[0]?.content)).toMatch(/^Answer with a single JSON object/);
    } finally {
      await server.close();
    }
  });

  it('accepts JSON wrapped in a markdown fence, as servers in JSON mode often send', async () => {
    llm.script([{ reply: `\`\`\`json\n${JSON.stringify(validInvoiceAnswer)}\n\`\`\`` }]);
    const result = await createLlmClient(configFor(llm)).complete(buildInvoiceRequest());
    expect(result).toMatchObject({ output: validInvoiceAnswer, repaired: false });
  });

  it('switches to max_completion_tokens when the server asks for it', async () => {
    const server = await startOpenAiTestServer({ rejectMaxTokens: true });
    try {
      server.script([{ reply: validInvoiceAnswer }]);
      const result = await createLlmClient(configFor(server)).complete(buildInvoiceRequest());
      expect(result.output).toEqual(validInvoiceAnswer);
      expect(server.requests.map((body) => [body.max_tokens, body.max_completion_tokens])).toEqual([[200, undefined], [undefined, 200]]);
    } finally {
      await server.close();
    }
  });

  it('refuses a request the server rejects (400) at once, as a typed error', async () => {
    const client = createLlmClient(configFor(llm));
    const error = await client.complete(buildInvoiceRequest({ messages: [] })).catch((caught: unknown) => caught);
    expect(LlmError.is(error, 'rejected')).toBe(true);
    expect(error).toMatchObject({ status: 400, attempts: 1 });
  });

  it('picks the provider from the configuration', () => {
    expect(createLlmClientHandle(configFor(llm)).provider).toBe('openai');
    expect(createLlmClientHandle({ apiKey: 'k' }).provider).toBe('openai');
    expect(createLlmClientHandle({}).provider).toBe('offline');
    expect(createLlmClientHandle({ baseUrl: llm.url, provider: 'offline' }).provider).toBe('offline');
  });
});
