import { describe, expect, it } from 'vitest';
import { describeRunError, orderRunSteps, readCorrections, readReferences, shortId } from '../../../web/src/lib/run-details.js';
import { readRunFilters, toRunFilterQuery } from '../../../web/src/lib/run-filters.js';
import {
  canCancelRun, canRetryRun, describeRunOutcome, describeRunStatus, describeStepStatus, isRunFinished, RUN_STATUSES,
} from '../../../web/src/lib/run-status.js';

describe('run status', () => {
  it.each([
    { status: 'queued', finished: false, cancel: true, retry: false },
    { status: 'running', finished: false, cancel: true, retry: false },
    { status: 'waiting_review', finished: false, cancel: true, retry: false },
    { status: 'succeeded', finished: true, cancel: false, retry: false },
    { status: 'failed', finished: true, cancel: false, retry: true },
    { status: 'cancelled', finished: true, cancel: false, retry: false },
  ])('$status: finished $finished, cancel $cancel, retry $retry', ({ status, finished, cancel, retry }) => {
    expect(isRunFinished(status)).toBe(finished);
    expect(canCancelRun(status)).toBe(cancel);
    expect(canRetryRun(status)).toBe(retry);
  });

  it('labels every status, and unknown ones readably', () => {
    for (const status of RUN_STATUSES) expect(describeRunStatus(status).label).not.toContain('_');
    expect(describeRunStatus('waiting_review')).toEqual({ label: 'Waiting for review', tone: 'warning' });
    expect(describeRunStatus('paused_by_ops')).toEqual({ label: 'Paused by ops', tone: 'neutral' });
    expect(describeStepStatus('skipped').tone).toBe('neutral');
    expect(describeStepStatus('failed').tone).toBe('danger');
    expect(describeRunOutcome('completed')).toEqual({ label: 'Completed', tone: 'success' });
    expect(describeRunOutcome('rejected').tone).toBe('danger');
  });
});

describe('readReferences', () => {
  it('lists policies then prompts, with versions and prompt hashes', () => {
    const references = {
      prompts: { 'refund-request#production': { id: 'p1', key: 'refund-request', version: 3, versionHash: 'ab12' } },
      policies: {
        'refund-threshold#production': { id: 'x', key: 'refund-threshold', version: 1 },
        'a-policy#2': { version: 2 },
      },
    };
    expect(readReferences(references)).toEqual([
      { kind: 'policy', reference: 'a-policy#2', key: 'a-policy', version: 2, versionHash: null },
      { kind: 'policy', reference: 'refund-threshold#production', key: 'refund-threshold', version: 1, versionHash: null },
      { kind: 'prompt', reference: 'refund-request#production', key: 'refund-request', version: 3, versionHash: 'ab12' },
    ]);
  });

  it.each([null, [], { policies: 'x' }, { prompts: { a: { version: 'one' } } }])('reads %j as none', (value) => {
    expect(readReferences(value)).toEqual([]);
  });
});

describe('readCorrections', () => {
  it('keeps well-formed corrections', () => {
    expect(readCorrections([
      { path: '/steps/extract/amount', label: 'Amount', before: 250, after: 90, reviewer: 'reviewer@demo.local' },
      { before: 1 },
      { path: '/x', before: null, after: 'y' },
    ])).toEqual([
      { path: '/steps/extract/amount', label: 'Amount', before: 250, after: 90, reviewer: 'reviewer@demo.local' },
      { path: '/x', label: null, before: null, after: 'y', reviewer: 'a reviewer' },
    ]);
    expect(readCorrections({})).toEqual([]);
  });
});

describe('describeRunError', () => {
  it.each([
    { error: null, text: null },
    { error: { code: 'http_5xx', message: 'refund answered 500', stepId: 'refund' }, text: 'refund answered 500 [http_5xx] (step refund)' },
    { error: { message: 'boom' }, text: 'boom' },
    { error: 'plain', text: 'plain' },
    { error: [1], text: '[1]' },
  ])('$text', ({ error, text }) => {
    expect(describeRunError(error)).toBe(text);
  });
});

describe('orderRunSteps', () => {
  it('puts started steps in start order, then the rest in template order', () => {
    const steps = [
      { stepId: 'check', startedAt: '2025-01-01T10:00:03Z' },
      { stepId: 'receipt', startedAt: null },
      { stepId: 'route', startedAt: '2025-01-01T10:00:02Z' },
      { stepId: 'refund', startedAt: null },
      { stepId: 'extract', startedAt: '2025-01-01T10:00:01Z' },
      { stepId: 'decide', startedAt: '2025-01-01T10:00:02Z' },
    ];
    const order = ['extract', 'route', 'decide', 'check', 'refund', 'receipt'];
    expect(orderRunSteps(steps, order).map((step) => step.stepId)).toEqual(order);
  });

  it('does not change its input and copes without a template order', () => {
    const steps = [{ stepId: 'b' }, { stepId: 'a', startedAt: '2025-01-01T00:00:00Z' }];
    expect(orderRunSteps(steps).map((step) => step.stepId)).toEqual(['a', 'b']);
    expect(steps[0]?.stepId).toBe('b');
  });
});

describe('run filters in the URL', () => {
  it.each([
    { query: {}, filters: { status: null, templateKey: null } },
    { query: { status: 'failed', template: 'refund-check' }, filters: { status: 'failed', templateKey: 'refund-check' } },
    { query: { status: 'exploded', template: '  ' }, filters: { status: null, templateKey: null } },
    { query: { status: ['waiting_review', 'failed'] }, filters: { status: 'waiting_review', templateKey: null } },
  ])('$query', ({ query, filters }) => {
    expect(readRunFilters(query)).toEqual(filters);
    expect(readRunFilters(toRunFilterQuery(readRunFilters(query)))).toEqual(filters);
  });

  it('writes only the filters that are set', () => {
    expect(toRunFilterQuery({ status: null, templateKey: 'invoice-approval' })).toEqual({ template: 'invoice-approval' });
  });
});

describe('shortId', () => {
  it('keeps the first eight characters', () => {
    expect(shortId('0b24a513-f4e8-4b58-861d-d8294db5e20d')).toBe('0b24a513');
    expect(shortId('abc')).toBe('abc');
  });
});
