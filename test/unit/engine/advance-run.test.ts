import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../server/src/domain/errors/index.js';
import {
  advanceRun,
  computeRetryDelay,
  createRunState,
  type RunCommand,
  type RunEvent,
  type RunMode,
  type RunState,
  type Step,
} from '../../../server/src/domain/engine/index.js';
import type { Edge, TemplateSpec } from '../../../server/src/domain/template/index.js';
import { loadSeededTemplate } from '../../fixtures/templates/fixture-catalog.js';

const invoice = loadSeededTemplate('invoice-approval');
const env = { template: invoice, random: () => 0.5 };

const extracted = { vendor: { name: 'Northwind Office Supply', vat_id: 'DE811234567' }, invoice_number: 'INV-1', po_number: 'PO-7890', total: 1870.5, currency: 'EUR' };
const policyOutput = (result: unknown) => ({ result, trace: [], explanation: `returned ${String(result)}` });

/** Applies events in order; returns the final state and every command. */
function feed(state: RunState, events: RunEvent[], environment = env): { state: RunState; commands: RunCommand[] } {
  const commands: RunCommand[] = [];
  for (const event of events) {
    const transition = advanceRun(state, event, environment);
    state = transition.state;
    commands.push(...transition.commands);
  }
  return { state, commands };
}

const ok = (stepId: string, output: unknown, attempt = 1): RunEvent => ({ type: 'stepSucceeded', stepId, attempt, output });

/** The invoice run up to the branch, with the PO match result given (invoice-po-match answers auto_approve or review). */
function runToBranch(matches: boolean, mode: RunMode = 'live') {
  const result = matches ? 'auto_approve' : 'review';
  return feed(createRunState(invoice, { invoice_text: 'x', department: 'Operations' }, mode), [
    { type: 'started' },
    ok('extract', extracted),
    ok('find_po', { matches: [], best: { po_number: 'PO-7890', total: 1862, currency: 'EUR' }, bestScore: 1 }),
    ok('find_vendor', { matches: [], best: { legal_name: 'Northwind Office Supply GmbH', status: 'active', iban: 'DE89', bic: 'COBA' }, bestScore: 1 }),
    ok('find_budget', { matches: [], best: { budget: 250000, spent: 61250.4, committed: 14400 }, bestScore: 1 }),
    ok('compare', { po_number: 'PO-7890', deviation_pct: 0.46, comparison: 'matches PO-7890 within', vendor_status: 'good_standing', vendor_standing: 'in good standing' }),
    ok('match_po', policyOutput(result)),
    ok('within_tolerance', { value: result }),
  ]);
}

describe('advanceRun: dispatch', () => {
  it('starts by queueing the first step, even when later steps are inline', () => {
    const { state, commands } = feed(createRunState(invoice, {}), [{ type: 'started' }]);
    expect(state.status).toBe('running');
    expect(state.steps.extract).toMatchObject({ status: 'running', attempt: 1 });
    expect(commands).toEqual([{ type: 'enqueue', stepId: 'extract', attempt: 1, delayMs: 0, timeoutMs: 120_000 }]);
  });

  it('runs inline steps in the job of the step before them', () => {
    const { commands } = feed(createRunState(invoice, {}), [{ type: 'started' }, ok('extract', extracted)]);
    expect(commands.at(-1)).toEqual({ type: 'executeInline', stepId: 'find_po', attempt: 1, timeoutMs: 10_000 });
  });

  it.each([
    ['a second start', { type: 'started' } as RunEvent, 'run is already running'],
    ['a report for an attempt that is not running', ok('extract', {}, 2), 'step extract attempt 2 is not the running attempt'],
    ['a report for a step that was not dispatched', ok('payment', {}), 'step payment attempt 1 is not the running attempt'],
    ['a report for an unknown step', ok('nope', {}), 'no step nope'],
  ])('ignores %s', (_name, event, reason) => {
    const { state } = feed(createRunState(invoice, {}), [{ type: 'started' }]);
    const transition = advanceRun(state, event, env);
    expect(transition).toEqual({ state, commands: [], ignored: reason });
  });

  it('ignores a redelivered success after the step moved on', () => {
    const { state } = feed(createRunState(invoice, {}), [{ type: 'started' }, ok('extract', extracted)]);
    expect(advanceRun(state, ok('extract', extracted), env).ignored).toBe('step extract attempt 1 is not the running attempt');
  });

  it('never changes the state object it was given', () => {
    const { state } = feed(createRunState(invoice, {}), [{ type: 'started' }]);
    const snapshot = structuredClone(state);
    advanceRun(state, ok('extract', extracted), env);
    expect(state).toEqual(snapshot);
  });
});

describe('advanceRun: what the state keeps', () => {
  it('keeps a step\'s output once, in the context, and of its meta only the input it saw', () => {
    const meta = { input: { invoice_text: 'x' }, explanation: { promptId: 'p', model: 'm' }, usage: { promptTokens: 900, completionTokens: 80, costUsd: 0.01 } };
    const { state } = feed(createRunState(invoice, { invoice_text: 'x', department: 'Operations' }), [
      { type: 'started' },
      { type: 'stepSucceeded', stepId: 'extract', attempt: 1, output: extracted, meta },
    ]);
    expect(state.context.steps.extract).toEqual(extracted);
    expect(state.steps.extract).toEqual({ status: 'succeeded', attempt: 1, retryBase: 0, meta: { input: { invoice_text: 'x' } } });
    // What a save writes: no second copy of the output, no explanation or usage (the step record has them).
    expect(JSON.stringify(state.steps.extract)).not.toContain('Northwind');
    expect(JSON.stringify(state)).not.toContain('promptId');
  });
});

describe('advanceRun: branches and joins', () => {
  it('skips the review when the invoice is within tolerance and completes with the payment instruction', () => {
    const { state: atBranch, commands: before } = runToBranch(true);
    expect(before.at(-1)).toEqual({ type: 'executeInline', stepId: 'check_budget', attempt: 1, timeoutMs: 5_000 });
    expect(atBranch.steps.review_mismatch).toMatchObject({ status: 'skipped', skip: { kind: 'not_taken' } });
    const payment = { payee: 'Northwind Office Supply GmbH', amount: 1870.5 };
    const { state, commands } = feed(atBranch, [ok('check_budget', policyOutput(true)), ok('route', policyOutput('auto')), ok('payment', payment)]);
    expect(state).toMatchObject({ status: 'succeeded', outcome: 'completed', output: payment });
    expect(commands.at(-1)).toEqual({ type: 'complete', outcome: 'completed', output: payment, decisionSummary: state.decisionSummary });
  });

  it('opens the review when the invoice is off, and continues through the join once it is decided', () => {
    const { state: atBranch, commands } = runToBranch(false);
    expect(commands.at(-1)).toEqual({ type: 'enqueue', stepId: 'review_mismatch', attempt: 1, delayMs: 0, timeoutMs: 60_000 });
    expect(atBranch.steps.route?.status).toBe('pending');
    const request = { origin: 'step' as const, role: 'reviewer', title: 'Check', fields: [{ path: '/steps/extract/total', label: 'Invoice total', editable: true, value: 1870.5 }] };
    const waiting = feed(atBranch, [{ type: 'reviewRequested', stepId: 'review_mismatch', attempt: 1, request }]);
    expect(waiting.state.status).toBe('waiting_review');
    expect(waiting.commands).toEqual([{ type: 'openReview', stepId: 'review_mismatch', request: { ...request, dueHours: 24, escalateTo: 'admin' } }]);

    const decided = feed(waiting.state, [{ type: 'reviewDecided', stepId: 'review_mismatch', decision: 'edit', reviewer: 'rita@demo.local', edits: { '/steps/extract/total': 1862 } }]);
    expect(decided.state.context.steps.extract).toMatchObject({ total: 1862 });
    expect(decided.state.steps.extract?.output).toMatchObject({ total: 1870.5 });
    expect(decided.state.steps.review_mismatch).toMatchObject({
      status: 'succeeded',
      output: { decision: 'edit', edits: { '/steps/extract/total': 1862 }, comment: null, reviewer: 'rita@demo.local' },
      review: { decision: { corrections: [{ path: '/steps/extract/total', label: 'Invoice total', before: 1870.5, after: 1862, reviewer: 'rita@demo.local' }] } },
    });
    // A decision arrives through the API, so what follows is queued rather than run inline.
    expect(decided.commands).toEqual([{ type: 'enqueue', stepId: 'check_budget', attempt: 1, delayMs: 0, timeoutMs: 5_000 }]);
  });

  it('ends the run as rejected when the reviewer rejects', () => {
    const { state: atBranch } = runToBranch(false);
    const request = { origin: 'step' as const, role: 'reviewer', title: 'Check', fields: [] };
    const { state, commands } = feed(atBranch, [
      { type: 'reviewRequested', stepId: 'review_mismatch', attempt: 1, request },
      { type: 'reviewDecided', stepId: 'review_mismatch', decision: 'reject', reviewer: 'rita@demo.local', comment: 'PO-7890 was cancelled' },
    ]);
    expect(state).toMatchObject({ status: 'succeeded', outcome: 'rejected', output: null, decisionSummary: 'Rejected by reviewer: PO-7890 was cancelled' });
    expect(state.steps.route).toMatchObject({ status: 'skipped', skip: { kind: 'run_ended' } });
    expect(commands.at(-1)).toEqual({ type: 'complete', outcome: 'rejected', output: null, decisionSummary: 'Rejected by reviewer: PO-7890 was cancelled' });
  });

  it.each([
    ['edits to a field shown read-only', { decision: 'edit', edits: { '/steps/find_po/best/total': 1 } }, ValidationError],
    ['an edit without edits', { decision: 'edit' }, ValidationError],
    ['an approval that also edits', { decision: 'approve', edits: { '/steps/extract/total': 1 } }, ValidationError],
  ] as const)('refuses %s', (_name, decision, error) => {
    const { state: atBranch } = runToBranch(false);
    const request = {
      origin: 'step' as const,
      role: 'reviewer',
      title: 'Check',
      fields: [
        { path: '/steps/extract/total', label: 'Invoice total', editable: true },
        { path: '/steps/find_po/best/total', label: 'PO total', editable: false },
      ],
    };
    const { state } = feed(atBranch, [{ type: 'reviewRequested', stepId: 'review_mismatch', attempt: 1, request }]);
    expect(() => advanceRun(state, { type: 'reviewDecided', stepId: 'review_mismatch', reviewer: 'r', ...decision }, env)).toThrow(error);
  });

  it('refuses a decision for a step that is not waiting', () => {
    const { state } = runToBranch(false);
    expect(() => advanceRun(state, { type: 'reviewDecided', stepId: 'route', decision: 'approve', reviewer: 'r' }, env)).toThrow(ConflictError);
  });
});

/** A small graph of transform steps; edges as given. */
function graph(ids: string[], edges: Array<Omit<Edge, 'id'>>): TemplateSpec {
  return {
    inputSchema: { type: 'object' },
    steps: ids.map((id): Step => ({ id, kind: 'transform', config: { output: { id } }, position: { x: 0, y: 0 } })),
    edges: edges.map((edge, index) => ({ id: `e${index}`, ...edge })),
  };
}

describe('advanceRun: conditions, fan-out and joins', () => {
  it('takes only the edges whose condition holds and joins once the live parents are done', () => {
    const template = graph(['a', 'b', 'c', 'd'], [
      { from: 'a', to: 'b', condition: { '>': [{ var: 'input.amount' }, 100] } },
      { from: 'a', to: 'c', condition: { '<=': [{ var: 'input.amount' }, 100] } },
      { from: 'b', to: 'd' },
      { from: 'c', to: 'd' },
    ]);
    const local = { template, random: () => 0.5 };
    const { state, commands } = feed(createRunState(template, { amount: 250 }), [{ type: 'started' }, ok('a', {}), ok('b', {})], local);
    expect(state.steps.c).toMatchObject({ status: 'skipped', skip: { kind: 'not_taken' } });
    // The first step runs inline where the run starts; b and d follow inline in turn.
    expect(commands.filter((command) => command.type === 'executeInline').map((command) => command.type === 'executeInline' && command.stepId)).toEqual(['a', 'b', 'd']);
  });

  it('runs parallel inline steps in the same job and waits for both before the join', () => {
    const template = graph(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' }]);
    const local = { template, random: () => 0.5 };
    const afterA = feed(createRunState(template, {}), [{ type: 'started' }, ok('a', {})], local);
    expect(afterA.commands.slice(1)).toEqual([
      { type: 'executeInline', stepId: 'b', attempt: 1, timeoutMs: 5_000 },
      { type: 'executeInline', stepId: 'c', attempt: 1, timeoutMs: 5_000 },
    ]);
    const afterB = feed(afterA.state, [ok('b', {})], local);
    expect(afterB.commands).toEqual([]);
    expect(feed(afterB.state, [ok('c', {})], local).commands).toEqual([{ type: 'executeInline', stepId: 'd', attempt: 1, timeoutMs: 5_000 }]);
  });

  it('fails the run at the step whose outgoing condition cannot be evaluated', () => {
    const template = graph(['a', 'b'], [{ from: 'a', to: 'b', condition: { '/': [1, { nope: 1 }] } }]);
    const { state } = feed(createRunState(template, {}), [{ type: 'started' }, ok('a', {})], { template, random: () => 0.5 });
    expect(state).toMatchObject({ status: 'failed', error: { stepId: 'a', code: 'condition_error' } });
  });
});

describe('advanceRun: retries and failures', () => {
  const failure = (attempt: number, retryable = true, extra: Record<string, unknown> = {}): RunEvent => ({
    type: 'stepFailed',
    stepId: 'extract',
    attempt,
    retryable,
    error: { code: 'prompt_error', message: 'gateway timeout', ...extra },
  });

  it('retries with exponential backoff and jitter, then fails the run after the last attempt', () => {
    const { state, commands } = feed(createRunState(invoice, {}), [{ type: 'started' }, failure(1), failure(2), failure(3)]);
    expect(commands.slice(1, 3)).toEqual([
      { type: 'enqueue', stepId: 'extract', attempt: 2, delayMs: 1_500, timeoutMs: 120_000 },
      { type: 'enqueue', stepId: 'extract', attempt: 3, delayMs: 3_000, timeoutMs: 120_000 },
    ]);
    expect(state).toMatchObject({ status: 'failed', outcome: 'failed', error: { stepId: 'extract', code: 'prompt_error' } });
    expect(commands.at(-1)).toEqual({
      type: 'fail',
      error: { code: 'prompt_error', message: 'gateway timeout', stepId: 'extract' },
      decisionSummary: 'Failed at Extract invoice fields: gateway timeout',
    });
  });

  it('waits at least as long as the other side asked', () => {
    const { commands } = feed(createRunState(invoice, {}), [{ type: 'started' }, failure(1, true, { retryAfterMs: 30_000 })]);
    expect(commands.at(-1)).toMatchObject({ type: 'enqueue', attempt: 2, delayMs: 30_000 });
  });

  it('fails at once on a failure that retrying cannot fix', () => {
    const { state } = feed(createRunState(invoice, {}), [{ type: 'started' }, failure(1, false)]);
    expect(state.status).toBe('failed');
  });

  it('retries a failed run from the failed step, with a fresh budget of automatic retries', () => {
    const failed = feed(createRunState(invoice, {}), [{ type: 'started' }, failure(1, false)]);
    const retried = feed(failed.state, [{ type: 'retryRequested' }, failure(2)]);
    expect(retried.commands).toEqual([
      { type: 'enqueue', stepId: 'extract', attempt: 2, delayMs: 0, timeoutMs: 120_000 },
      { type: 'enqueue', stepId: 'extract', attempt: 3, delayMs: 1_500, timeoutMs: 120_000 },
    ]);
    expect(retried.state).toMatchObject({ status: 'running', error: undefined, decisionSummary: undefined });
  });

  it('after a retry, picks up a parallel branch that finished while the run was failed', () => {
    const template = graph(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' }]);
    const local = { template, random: () => 0.5 };
    const failB: RunEvent = { type: 'stepFailed', stepId: 'b', attempt: 1, retryable: false, error: { code: 'mapping_error', message: 'bad' } };
    const { state, commands } = feed(createRunState(template, {}), [{ type: 'started' }, ok('a', {}), failB, ok('c', {}), { type: 'retryRequested' }, ok('b', {}, 2)], local);
    expect(commands.slice(-2)).toEqual([
      { type: 'enqueue', stepId: 'b', attempt: 2, delayMs: 0, timeoutMs: 5_000 },
      { type: 'executeInline', stepId: 'd', attempt: 1, timeoutMs: 5_000 },
    ]);
    expect(state.status).toBe('running');
  });

  it.each([
    ['retry a run that has not failed', { type: 'retryRequested' } as RunEvent],
    ['cancel a finished run', { type: 'cancelRequested' } as RunEvent],
  ])('refuses to %s', (_name, event) => {
    const done = feed(runToBranch(true).state, [ok('check_budget', policyOutput(true)), ok('route', policyOutput('finance_manager')), ok('payment', {})]).state;
    const running = runToBranch(true).state;
    expect(() => advanceRun(event.type === 'retryRequested' ? running : done, event, env)).toThrow(ConflictError);
  });

  it.each([
    [1, 0, 1_000],
    [1, 0.999, 1_999],
    [3, 0.5, 6_000],
    [10, 0.5, 45_000],
  ])('computes the delay after failure %i with random %s as %i ms', (failed, random, delay) => {
    expect(computeRetryDelay({ maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, timeoutMs: 1 }, failed, () => random)).toBe(delay);
  });
});

describe('advanceRun: cancellation', () => {
  it('skips what has not started, closes open reviews, and records late results without acting on them', () => {
    const { state: atBranch } = runToBranch(false);
    const request = { origin: 'step' as const, role: 'reviewer', title: 'Check', fields: [] };
    const { state, commands } = feed(atBranch, [
      { type: 'reviewRequested', stepId: 'review_mismatch', attempt: 1, request },
      { type: 'cancelRequested', reason: 'duplicate invoice' },
    ]);
    expect(state).toMatchObject({ status: 'cancelled', outcome: 'cancelled', decisionSummary: 'Cancelled: duplicate invoice' });
    expect(state.steps.route).toMatchObject({ status: 'skipped', skip: { kind: 'run_ended', reason: 'run cancelled: duplicate invoice' } });
    expect(commands.at(-1)).toEqual({ type: 'closeReview', stepId: 'review_mismatch', reason: 'run cancelled: duplicate invoice' });
  });

  it('keeps a result that arrives after cancellation but starts nothing', () => {
    const started = feed(createRunState(invoice, {}), [{ type: 'started' }, { type: 'cancelRequested' }]);
    const late = advanceRun(started.state, ok('extract', extracted), env);
    expect(late.commands).toEqual([]);
    expect(late.state.steps.extract?.status).toBe('succeeded');
    expect(late.state.status).toBe('cancelled');
  });
});

describe('advanceRun: confidence gates', () => {
  const gated: TemplateSpec = {
    inputSchema: { type: 'object' },
    steps: [
      { id: 'check', kind: 'policy', name: 'Terms check', config: { policy: { key: 'contract-payment-terms' }, data: {}, reviewWhen: 'false-result' }, position: { x: 0, y: 0 } },
      { id: 'after', kind: 'transform', config: { output: { ok: { var: 'steps.check.result' } } }, position: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'e1', from: 'check', to: 'after' }],
    settings: { reviewDueHours: 8, escalationRole: 'admin' },
  };
  const local = { template: gated, random: () => 0.5 };

  it('opens a review on the gated step instead of continuing, with its result fields editable', () => {
    const { state, commands } = feed(createRunState(gated, {}), [{ type: 'started' }, ok('check', policyOutput(false))], local);
    expect(state.status).toBe('waiting_review');
    expect(state.steps.check?.status).toBe('waiting');
    expect(commands.at(-1)).toEqual({
      type: 'openReview',
      stepId: 'check',
      request: {
        origin: 'gate',
        role: 'reviewer',
        title: 'Check Terms check',
        reason: 'policy contract-payment-terms returned false',
        dueHours: 8,
        escalateTo: 'admin',
        fields: [
          { path: '/steps/check/result', label: 'result', editable: true, value: false },
          { path: '/steps/check/trace', label: 'trace', editable: true, value: [] },
          { path: '/steps/check/explanation', label: 'explanation', editable: true, value: 'returned false' },
        ],
      },
    });
  });

  it('continues with the reviewed result once approved', () => {
    const { state, commands } = feed(
      createRunState(gated, {}),
      [{ type: 'started' }, ok('check', policyOutput(false)), { type: 'reviewDecided', stepId: 'check', decision: 'edit', reviewer: 'lena', edits: { '/steps/check/result': true } }],
      local,
    );
    expect(state.steps.check).toMatchObject({ status: 'succeeded', output: { result: false } });
    expect(state.context.steps.check).toMatchObject({ result: true });
    expect(commands.at(-1)).toEqual({ type: 'enqueue', stepId: 'after', attempt: 1, delayMs: 0, timeoutMs: 5_000 });
  });

  it('in shadow mode only notes the review it would have opened', () => {
    const { state, commands } = feed(createRunState(gated, {}, 'shadow'), [{ type: 'started' }, ok('check', policyOutput(false))], local);
    expect(state.steps.check).toMatchObject({ status: 'succeeded', notes: ['would open review: policy contract-payment-terms returned false'] });
    expect(commands.at(-1)).toEqual({ type: 'executeInline', stepId: 'after', attempt: 1, timeoutMs: 5_000 });
  });
});
