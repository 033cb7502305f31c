import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { createRunState, resolveRunReferences, summarizeDecision, validateRunInput, type StepState } from '../../../server/src/domain/engine/index.js';
import { catalogFile, createFixtureCatalog, loadSeededTemplate } from '../../fixtures/templates/fixture-catalog.js';

const invoice = loadSeededTemplate('invoice-approval');

describe('run setup', () => {
  it('creates a queued run with every step pending', () => {
    const state = createRunState(invoice, { invoice_text: 'x', department: 'Ops' }, 'shadow');
    expect(state).toMatchObject({ status: 'queued', mode: 'shadow', context: { input: { invoice_text: 'x', department: 'Ops' }, steps: {} }, edges: {} });
    expect(Object.keys(state.steps)).toHaveLength(11);
    expect(state.steps.extract).toEqual({ status: 'pending', attempt: 0, retryBase: 0 });
  });

  it.each([
    [{ invoice_text: 'x', department: 'Ops' }, []],
    [{ department: 'Ops' }, ['/invoice_text']],
    [{ invoice_text: '', department: 'Ops', extra: 1 }, ['/extra', '/invoice_text']],
  ])('checks run input %j against the input schema', (input, paths) => {
    if (paths.length === 0) {
      expect(() => validateRunInput(invoice, input)).not.toThrow();
      return;
    }
    try {
      validateRunInput(invoice, input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((problem) => problem.path)).toEqual(paths);
    }
  });

  it('pins the exact versions behind the labels a template uses', async () => {
    const references = await resolveRunReferences(invoice, createFixtureCatalog());
    expect(Object.keys(references.prompts).sort()).toEqual(['invoice-extract#production', 'review-explanation#production']);
    expect(Object.keys(references.policies).sort()).toEqual(['department-budget-available#production', 'invoice-approval-route#production', 'invoice-po-match#production']);
    expect(references.policies['invoice-po-match#production']).toMatchObject({ id: 'policy-invoice-po-match-1', version: 1 });
  });

  it('refuses to start a run on a version that is not published', async () => {
    const draft = { ...catalogFile.prompts['invoice-extract'], status: 'draft' } as (typeof catalogFile.prompts)[string];
    await expect(resolveRunReferences(invoice, createFixtureCatalog({ prompts: { 'invoice-extract': draft } }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ path: '/steps/0/config/prompt', rule: 'prompt-not-published', message: 'prompt invoice-extract v1 is draft' }],
    });
  });
});

describe('summarizeDecision', () => {
  const template = loadSeededTemplate('bench-six-step');
  const context = { input: {}, steps: {} };
  const policy = (result: unknown, input: unknown = {}): StepState => ({
    status: 'succeeded',
    attempt: 1,
    retryBase: 0,
    output: { result, trace: [], explanation: `returned ${String(result)}` },
    meta: { input },
  });
  const matched = { invoice: { number: 'INV-1' }, purchase_order: { number: 'PO-7890' } };
  const idle: StepState = { status: 'skipped', attempt: 0, retryBase: 0, skip: { kind: 'not_taken', reason: 'not on the path' } };
  const decision = (comment?: string): StepState => ({
    status: 'succeeded',
    attempt: 1,
    retryBase: 0,
    review: { request: { origin: 'gate', role: 'reviewer', title: 't', fields: [] }, decision: { decision: 'reject', reviewer: 'rita', edits: {}, corrections: [], ...(comment ? { comment } : {}) } },
  });

  it.each([
    ['all policies pass', { screen: policy(true), match_po: policy(true, matched), route: policy('finance_manager') }, 'Approved: vendor name yes, invoice INV-1 against PO-7890: yes, approval route finance_manager'],
    ['a policy fails and nobody reviewed', { screen: policy(false), match_po: policy(true, matched), route: idle }, 'Completed with exceptions: vendor name no, invoice INV-1 against PO-7890: yes'],
    ['a step failed', { screen: policy(true), extract: { status: 'failed', attempt: 3, retryBase: 0, error: { code: 'timeout', message: 'the step did not finish in time' } } }, 'Failed at Extract invoice fields: the step did not finish in time'],
    ['a reviewer rejected with a comment', { screen: decision('vendor unknown') }, 'Rejected by reviewer: vendor unknown'],
    ['a reviewer rejected without a comment', { screen: decision() }, 'Rejected by reviewer rita'],
    ['nothing decided anything', {}, 'Completed'],
  ] as Array<[string, Record<string, StepState>, string]>)('summarizes a run where %s', (_name, steps, summary) => {
    expect(summarizeDecision(template, context, steps)).toBe(summary);
  });
});
