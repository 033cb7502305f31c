import { describe, expect, it } from 'vitest';
import { DomainError, RateLimitError } from '../../../server/src/domain/errors/index.js';
import {
  executeStep,
  findStepKind,
  isAllowedBaseUrl,
  type ExecuteStepOptions,
  type HttpResponse,
  type RunContext,
  type Step,
  type StepOutcome,
} from '../../../server/src/domain/engine/index.js';
import type { TemplateSpec } from '../../../server/src/domain/template/index.js';
import { answer, createFakePorts, fixtureReferences, type FakePorts } from '../../fixtures/templates/fixture-catalog.js';

const context: RunContext = {
  input: { department: 'Operations', invoice_text: 'INVOICE INV-1 ...' },
  steps: { extract: { invoice_number: 'INV-1', po_number: 'PO 7890', vendor: { name: 'Northwind Office Suply' }, total: 1870.5, currency: 'EUR' } },
};

function oneStep(step: Omit<Step, 'position'>): TemplateSpec {
  return { inputSchema: { type: 'object' }, steps: [{ ...step, position: { x: 0, y: 0 } } as Step], edges: [] };
}

async function run(step: Omit<Step, 'position'>, ports: FakePorts = createFakePorts(), options: Partial<ExecuteStepOptions> = {}): Promise<StepOutcome> {
  return executeStep(oneStep(step), step.id, context, {
    runId: 'run-1',
    attempt: 1,
    mode: 'live',
    ports,
    references: fixtureReferences(),
    allowedBaseUrls: ['https://erp.example.com/api'],
    ...options,
  });
}

const matchPolicy = {
  id: 'match',
  kind: 'policy',
  config: {
    policy: { key: 'invoice-po-match', label: 'production' },
    data: {
      invoice: { number: { var: 'steps.extract.invoice_number' }, total: { var: 'steps.extract.total' }, currency: { var: 'steps.extract.currency' } },
      purchase_order: { number: 'PO-7890', total: 1862, currency: 'EUR' },
      vendor: { id: 'V-1001', status: 'good_standing' },
    },
  },
} as const;

describe('policy step', () => {
  it('evaluates the policy on the mapped data and records that data', async () => {
    const outcome = await run(matchPolicy as Omit<Step, 'position'>);
    expect(outcome).toMatchObject({
      status: 'succeeded',
      output: { result: 'auto_approve', explanation: 'invoice-po-match returned "auto_approve"' },
      meta: {
        input: { invoice: { number: 'INV-1', total: 1870.5, currency: 'EUR' }, purchase_order: { total: 1862 } },
        explanation: { key: 'invoice-po-match', version: 1 },
      },
    });
  });

  it('fails for good when the run has no resolved version for the ref', async () => {
    const outcome = await run({ ...matchPolicy, config: { ...matchPolicy.config, policy: { key: 'invoice-po-match', version: 9 } } } as Omit<Step, 'position'>);
    expect(outcome).toMatchObject({ status: 'failed', retryable: false, error: { code: 'reference_missing' } });
  });

  it.each([
    [new Error('evaluator unavailable'), true, 'policy_error'],
    [new DomainError('BAD_USER_INPUT', 'data does not fit'), false, 'bad_user_input'],
  ])('classifies a thrown %s', async (error, retryable, code) => {
    const ports = createFakePorts();
    ports.policy.evaluate = () => {
      throw error;
    };
    expect(await run(matchPolicy as Omit<Step, 'position'>, ports)).toMatchObject({ status: 'failed', retryable, error: { code } });
  });

  it.each([
    [{ result: false }, 'policy invoice-po-match returned false'],
    [{ result: true }, undefined],
    [{ result: null }, undefined],
  ])('asks for review on %j only when configured for false results', (output, reason) => {
    const kind = findStepKind('policy');
    expect(kind?.findReviewReason?.({ ...matchPolicy.config, reviewWhen: 'false-result' }, output)).toBe(reason);
    expect(kind?.findReviewReason?.(matchPolicy.config, output)).toBeUndefined();
  });
});

describe('prompt step', () => {
  const extract = { id: 'extract2', kind: 'prompt', config: { prompt: { key: 'invoice-extract', label: 'production' }, variables: { invoice_text: { var: 'input.invoice_text' } } } };

  it('returns the validated answer and keeps usage and version out of the output', async () => {
    const ports = createFakePorts({ answers: { 'invoice-extract': () => answer({ total: 10 }) } });
    const outcome = await run(extract as Omit<Step, 'position'>, ports);
    expect(outcome).toEqual({
      status: 'succeeded',
      output: { total: 10 },
      meta: {
        input: { invoice_text: 'INVOICE INV-1 ...' },
        explanation: { promptId: 'prompt-invoice-extract-1', key: 'invoice-extract', version: 1, model: 'fixture-model', versionHash: 'hash-1' },
        usage: { promptTokens: 120, completionTokens: 40, costUsd: 0.0004 },
      },
    });
    expect(ports.promptCalls).toEqual([{ key: 'invoice-extract', variables: { invoice_text: 'INVOICE INV-1 ...' } }]);
  });

  it('routes an answer that does not fit the output schema to review, keeping the raw answer', async () => {
    const ports = createFakePorts({
      answers: { 'invoice-extract': () => ({ kind: 'invalid_output', errors: [{ path: '/total', message: 'must be number' }], raw: { total: 'ten' } }) },
    });
    expect(await run(extract as Omit<Step, 'position'>, ports)).toMatchObject({
      status: 'failed',
      retryable: false,
      output: { total: 'ten' },
      error: { code: 'invalid_output', routeToReview: true, details: { errors: [{ path: '/total', message: 'must be number' }] } },
    });
  });

  it.each([
    ['a rate limit', new RateLimitError('slow down', 7), { retryable: true, error: { code: 'too_many_requests', retryAfterMs: 7000 } }],
    ['an error the adapter marks permanent', Object.assign(new Error('model not found'), { retryable: false }), { retryable: false }],
  ])('classifies %s', async (_name, error, expected) => {
    const ports = createFakePorts({
      answers: {
        'invoice-extract': () => {
          throw error;
        },
      },
    });
    expect(await run(extract as Omit<Step, 'position'>, ports)).toMatchObject({ status: 'failed', ...expected });
  });

  it('gives up on a model that does not answer within the timeout, as a retryable failure', async () => {
    const ports = createFakePorts({ answers: { 'invoice-extract': () => new Promise(() => undefined) } });
    expect(await run(extract as Omit<Step, 'position'>, ports, { timeoutMs: 20 })).toMatchObject({ status: 'failed', retryable: true, error: { code: 'timeout' } });
  });

  it.each([
    [{ confidence: 0.95 }, undefined],
    [{ confidence: 0.6 }, 'confidence 0.6 is below 0.8'],
    [{}, 'the answer has no confidence at confidence'],
  ])('gates %j on minConfidence', (output, reason) => {
    const config = { ...extract.config, minConfidence: { path: 'confidence', min: 0.8 } };
    expect(findStepKind('prompt')?.findReviewReason?.(config, output)).toBe(reason);
  });
});

describe('branch and transform steps', () => {
  it('branch returns the value its expression computes', async () => {
    const outcome = await run({ id: 'b', kind: 'branch', config: { on: { '>': [{ var: 'steps.extract.total' }, 1000] } } });
    expect(outcome).toEqual({ status: 'succeeded', output: { value: true } });
  });

  it('transform builds its object from the context', async () => {
    const outcome = await run({ id: 't', kind: 'transform', config: { output: { amount: { var: 'steps.extract.total' }, label: { cat: ['Invoice ', { var: 'steps.extract.invoice_number' }] } } } });
    expect(outcome).toEqual({ status: 'succeeded', output: { amount: 1870.5, label: 'Invoice INV-1' } });
  });

  it('transform fails for good when its result breaks its declared schema', async () => {
    const outcome = await run({
      id: 't',
      kind: 'transform',
      config: { output: { amount: { var: 'steps.extract.currency' } }, outputSchema: { type: 'object', properties: { amount: { type: 'number' } } } },
    });
    expect(outcome).toMatchObject({ status: 'failed', retryable: false, error: { code: 'output_invalid', message: expect.stringContaining('/amount must be number') } });
  });
});

describe('lookup step', () => {
  const lookup = (config: Record<string, unknown>): Omit<Step, 'position'> => ({ id: 'l', kind: 'lookup', config } as unknown as Omit<Step, 'position'>);

  it('finds a purchase order by number despite spacing, and scores the vendor name fuzzily', async () => {
    const outcome = await run(
      lookup({
        dataset: 'purchase-orders',
        match: { po_number: { var: 'steps.extract.po_number' }, vendor_name: { var: 'steps.extract.vendor.name' } },
        scoreBy: { po_number: { method: 'exact', weight: 3 }, vendor_name: { method: 'fuzzy', weight: 1 } },
        minScore: 0.7,
      }),
    );
    expect(outcome.status).toBe('succeeded');
    const output = (outcome as { output: { matches: Array<{ score: number }>; best: { po_number: string }; bestScore: number } }).output;
    expect(output.best.po_number).toBe('PO-7890');
    expect(output.matches).toHaveLength(1);
    expect(output.bestScore).toBeGreaterThan(0.98);
  });

  it('scores amounts against a tolerance', async () => {
    const outcome = await run(lookup({ dataset: 'purchase-orders', match: { total: 1870 }, scoreBy: { total: { method: 'numeric', tolerance: 0.01 } }, minScore: 0.5 }));
    expect(outcome).toMatchObject({ status: 'succeeded', output: { best: { po_number: 'PO-7890' }, bestScore: 0.572 } });
  });

  it('finds nothing when the run has no value to look for', async () => {
    const outcome = await run(lookup({ dataset: 'purchase-orders', match: { po_number: { var: 'steps.extract.missing' } } }));
    expect(outcome).toMatchObject({ status: 'succeeded', output: { matches: [], best: null, bestScore: null } });
  });
});

describe('http step', () => {
  const http = (config: Record<string, unknown>): Omit<Step, 'position'> =>
    ({
      id: 'post',
      kind: 'http',
      config: { baseUrl: 'https://erp.example.com/api', path: '/payments', method: 'POST', body: { amount: { var: 'steps.extract.total' } }, ...config },
    }) as unknown as Omit<Step, 'position'>;
  const respond = (status: number) => createFakePorts({ http: (): HttpResponse => ({ status, body: { status } }) });

  it('sends the mapped body with an idempotency key that stays the same across attempts', async () => {
    const ports = respond(201);
    const first = await run(http({ secretRef: { source: 'store', name: 'erp.token' } }), ports, { attempt: 1 });
    await run(http({}), ports, { attempt: 2 });
    expect(first).toMatchObject({ status: 'succeeded', output: { status: 201, body: { status: 201 } } });
    expect(ports.httpCalls.map((call) => call.idempotencyKey)).toEqual(['run-1:post', 'run-1:post']);
    expect(ports.httpCalls[0]).toMatchObject({
      url: 'https://erp.example.com/api/payments',
      method: 'POST',
      body: { amount: 1870.5 },
      headers: { 'Idempotency-Key': 'run-1:post', 'Content-Type': 'application/json' },
      secretRef: { source: 'store', name: 'erp.token' },
      timeoutMs: 15_000,
    });
  });

  it.each([
    [404, {}, { retryable: false, error: { code: 'http_4xx' } }],
    [503, {}, { retryable: true, error: { code: 'http_5xx' } }],
    [429, {}, { retryable: true }],
    [422, { onError: { '4xx': 'review' } }, { retryable: false, error: { routeToReview: true } }],
    [500, { onError: { '5xx': 'fail' } }, { retryable: false }],
  ])('handles status %i with %j', async (status, config, expected) => {
    expect(await run(http(config), respond(status))).toMatchObject({ status: 'failed', output: { status }, ...expected });
  });

  it('refuses a base URL outside the allow list without calling it', async () => {
    const ports = respond(200);
    expect(await run(http({ baseUrl: 'https://evil.example.com' }), ports)).toMatchObject({ status: 'failed', retryable: false, error: { code: 'url_not_allowed' } });
    expect(ports.httpCalls).toEqual([]);
  });

  it.each([
    ['https://erp.example.com/api', true],
    ['https://erp.example.com/api/v2', true],
    ['https://erp.example.com/apiv2', false],
    ['https://erp.example.com', false],
    ['http://erp.example.com/api', false],
    ['https://user:pw@erp.example.com/api', false],
    ['not a url', false],
  ])('allows %s: %s', (url, allowed) => {
    expect(isAllowedBaseUrl(url, ['https://erp.example.com/api/'])).toBe(allowed);
  });
});

describe('review step', () => {
  const review = {
    id: 'check',
    kind: 'review',
    name: 'Check the total',
    config: {
      role: 'reviewer',
      title: 'Total looks off',
      fields: [
        { path: '/steps/extract/total', label: 'Total', editable: true },
        { path: '/input/department', label: 'Department', editable: false },
      ],
      explainWith: { key: 'review-explanation', label: 'production' },
    },
  } as Omit<Step, 'position'>;

  it('builds the task with current values and a drafted explanation', async () => {
    const ports = createFakePorts({
      answers: { 'review-explanation': () => answer({ headline: 'Total is 0.5% above the PO', explanation: 'Likely freight.', points_to_check: ['freight line'], suggested_decision: 'approve' }) },
    });
    const outcome = await run(review, ports, { processName: 'Invoice approval' });
    expect(outcome).toEqual({
      status: 'review',
      request: {
        origin: 'step',
        role: 'reviewer',
        title: 'Total looks off',
        fields: [
          { path: '/steps/extract/total', label: 'Total', editable: true, value: 1870.5 },
          { path: '/input/department', label: 'Department', editable: false, value: 'Operations' },
        ],
        explanation: 'Total is 0.5% above the PO. Likely freight. Check: freight line.',
      },
    });
    expect(ports.promptCalls[0]?.variables).toEqual({
      process_name: 'Invoice approval',
      step_name: 'Check the total',
      reason: 'Total looks off',
      facts: { Total: 1870.5, Department: 'Operations' },
    });
  });

  it('still opens the task when the explanation cannot be drafted', async () => {
    const outcome = await run(review, createFakePorts());
    expect(outcome).toMatchObject({ status: 'review', request: { title: 'Total looks off' } });
    expect((outcome as { request: { explanation?: string } }).request.explanation).toBeUndefined();
  });
});
