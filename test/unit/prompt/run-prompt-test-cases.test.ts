import { describe, expect, it } from 'vitest';
import {
  LlmError,
  promptVersionHash,
  runPromptTestCases,
  type LlmClient,
  type LlmRequest,
  type LlmResult,
  type PromptSpec,
} from '../../../server/src/domain/prompt/index.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

/** A port stand-in: answers from a function of the request, as any LlmClient would. */
function answerWith(answer: (request: LlmRequest) => Record<string, unknown> | LlmError): LlmClient & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    requests,
    async complete(request): Promise<LlmResult> {
      requests.push(request);
      const output = answer(request);
      if (output instanceof LlmError) throw output;
      return {
        output, raw: JSON.stringify(output), model: 'stub', provider: 'stub', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        costUsd: 0.001, costKnown: true, latencyMs: 1, attempts: 1, repaired: false, cached: false, validationErrors: [],
      };
    },
  };
}

function specWithCases(): PromptSpec {
  const spec = loadRefundSpec();
  const variables = { order_number: 'A-2', amount: 80, message: 'Lamp broken', shop: { name: 'Lights' } };
  spec.testCases = [
    { name: 'refunds', variables: { ...variables }, assertions: [{ type: 'schema_valid' }, { type: 'equals', path: '/refund', value: true }] },
    { name: 'amount', variables: { ...variables }, assertions: [{ type: 'within', path: '/amount', value: 50, tolerance: 1 }] },
    { name: 'bad input', variables: { amount: 1 }, assertions: [{ type: 'schema_valid' }] },
  ];
  return spec;
}

describe('runPromptTestCases', () => {
  it('renders, calls the port with the version facts and judges every case', async () => {
    const spec = specWithCases();
    const llm = answerWith(() => ({ refund: true, amount: 80, reason: 'broken on arrival' }));
    const report = await runPromptTestCases(spec, { llm, promptKey: 'refund-decision' });
    expect(report).toMatchObject({ passed: 1, failed: 2 });
    expect(report.results.map((result) => [result.name, result.passed])).toEqual([
      ['refunds', true],
      ['amount', false],
      ['bad input', false],
    ]);
    expect(report.results[1]?.assertions[0]?.message).toBe('/amount is 80, not within 1 of 50');
    expect(report.results[2]?.error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('input schema') });
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[0]).toMatchObject({
      versionHash: promptVersionHash(spec),
      promptKey: 'refund-decision',
      parameters: spec.parameters,
      outputSchema: spec.outputSchema,
    });
    expect(llm.requests[0]).not.toHaveProperty('model');
  });

  it('turns a model failure into a failed result with its kind and raw text', async () => {
    const llm = answerWith(
      () => new LlmError('still invalid', { kind: 'invalid_output', attempts: 2, raw: '{"refund":"maybe"}', costUsd: 0.002 }),
    );
    const [result] = (await runPromptTestCases(specWithCases(), { llm })).results;
    expect(result).toMatchObject({
      passed: false,
      assertions: [],
      costUsd: 0.002,
      error: { code: 'INTERNAL_SERVER_ERROR', kind: 'invalid_output', message: 'still invalid', raw: '{"refund":"maybe"}' },
    });
  });
});
