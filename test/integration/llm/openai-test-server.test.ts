import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';

let llm: OpenAiTestServer;
let sdk: OpenAI;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
  sdk = new OpenAI({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => llm.reset());

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'count', 'when', 'note', 'tags'],
  properties: {
    kind: { type: 'string', enum: ['a', 'b'] },
    count: { type: 'integer', minimum: 3 },
    when: { type: 'string', format: 'date' },
    note: { type: ['string', 'null'] },
    tags: { type: 'array', minItems: 1, items: { type: 'string' } },
  },
};

function ask(content: string, format: 'json_schema' | 'json_object' = 'json_schema') {
  return sdk.chat.completions.create({
    model: 'docket-test-model',
    messages: [{ role: 'user', content }],
    response_format: format === 'json_schema' ? { type: 'json_schema', json_schema: { name: 'out', schema, strict: true } } : { type: 'json_object' },
  });
}

describe('OpenAI-compatible test server', () => {
  it('lists models', async () => {
    const models = await sdk.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['docket-test-model', 'gpt-4o-mini']);
  });

  it('answers with the fields the SDK and clients read', async () => {
    llm.script([{ reply: { kind: 'b' } }]);
    const completion = await ask('hello');
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'docket-test-model',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"kind":"b"}' } }],
      usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
    });
    expect(llm.requests[0]?.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('samples a schema-valid answer when nothing more specific is scripted', async () => {
    const completion = await ask('anything');
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ kind: 'a', count: 3, when: '2024-01-31', note: null, tags: ['x'] });
  });

  it('matches entries by substring, pattern or predicate, in order, honouring times', async () => {
    llm.script([
      { match: 'invoice', reply: 'A', times: 1 },
      { match: /contract \d+/, reply: 'B' },
      { match: (body) => body.messages.length === 1 && String(body.messages[0]?.content).startsWith('email'), reply: (body) => `C:${String(body.messages[0]?.content)}` },
      { reply: 'D' },
    ]);
    const texts = [];
    for (const content of ['invoice 1', 'invoice 2', 'contract 7', 'email x', 'other']) {
      texts.push((await ask(content)).choices[0]?.message.content);
    }
    expect(texts).toEqual(['A', 'D', 'B', 'C:email x', 'D']);
  });

  it('refuses JSON mode when no message mentions JSON, like OpenAI', async () => {
    await expect(ask('no magic word', 'json_object')).rejects.toMatchObject({ status: 400 });
    const completion = await ask('answer in JSON', 'json_object');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('reproduces each fault', async () => {
    llm.script([
      { match: 'rate', fault: 'rate_limit', retryAfter: '7' },
      { match: 'boom', fault: 'server_error', status: 502 },
      { match: 'broken', fault: 'malformed_json', reply: { kind: 'a' } },
      { match: 'cut', fault: 'truncated', reply: { kind: 'a', count: 3 } },
      { match: 'wrong', fault: 'schema_violation' },
    ]);
    const limited = await ask('rate').catch((error: unknown) => error);
    expect(limited).toMatchObject({ status: 429 });
    expect((limited as { headers: Headers }).headers.get('retry-after')).toBe('7');
    await expect(ask('boom')).rejects.toMatchObject({ status: 502 });
    const broken = await ask('broken');
    expect(() => JSON.parse(broken.choices[0]?.message.content ?? '') as unknown).toThrow();
    const cut = await ask('cut');
    expect(cut.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '{"kind":"a"' } });
    const wrong = JSON.parse((await ask('wrong')).choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(wrong).not.toHaveProperty('kind');
  });

  it('holds a hanging request until the client gives up, and counts concurrency', async () => {
    llm.script([{ match: 'hang', fault: 'hang' }, { latencyMs: 40 }]);
    await expect(sdk.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hang' }] }, { timeout: 100 })).rejects.toThrow(/timed out/i);
    await Promise.all([ask('one'), ask('two'), ask('three')]);
    expect(llm.stats).toMatchObject({ maxInFlight: 3, completed: 3, inFlight: 0 });
  });
});
