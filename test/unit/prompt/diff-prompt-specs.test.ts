import { describe, expect, it } from 'vitest';
import { diffPromptSpecs, type PromptSpec } from '../../../server/src/domain/prompt/index.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

describe('diffPromptSpecs', () => {
  it('finds nothing between equal versions', () => {
    const diff = diffPromptSpecs(loadRefundSpec(), loadRefundSpec());
    expect(diff.identical).toBe(true);
    expect(diff.changes).toEqual([]);
    expect(diff.messages.every((message) => message.status === 'same')).toBe(true);
  });

  it('diffs templates line by line', () => {
    const a: PromptSpec = { ...loadRefundSpec(), messages: [{ role: 'system', template: 'one\ntwo\nthree' }] };
    const b: PromptSpec = { ...loadRefundSpec(), messages: [{ role: 'system', template: 'one\n2\nthree\nfour' }] };
    const [message] = diffPromptSpecs(a, b).messages;
    expect(message).toEqual({
      index: 0,
      role: 'system',
      status: 'changed',
      lines: [
        { op: 'same', text: 'one' },
        { op: 'remove', text: 'two' },
        { op: 'remove', text: 'three' },
        { op: 'add', text: '2' },
        { op: 'add', text: 'three' },
        { op: 'add', text: 'four' },
      ],
    });
  });

  it('reports added and removed messages and role changes', () => {
    const a: PromptSpec = { ...loadRefundSpec(), messages: [{ role: 'system', template: 's' }, { role: 'user', template: 'u' }] };
    const b: PromptSpec = { ...loadRefundSpec(), messages: [{ role: 'user', template: 's' }] };
    const diff = diffPromptSpecs(a, b);
    expect(diff.messages[0]).toMatchObject({ role: 'user', fromRole: 'system', status: 'changed' });
    expect(diff.messages[1]).toEqual({ index: 1, role: 'user', status: 'removed', lines: [{ op: 'remove', text: 'u' }] });
    expect(diffPromptSpecs(b, a).messages[1]).toMatchObject({ status: 'added', lines: [{ op: 'add', text: 'u' }] });
  });

  it('lists model, parameter and schema changes as JSON pointer entries', () => {
    const a = loadRefundSpec();
    const b = loadRefundSpec();
    b.model = 'gpt-4.1-mini';
    b.parameters = { temperature: 0.2, maxTokens: 200 };
    (b.outputSchema.properties as Record<string, unknown>).currency = { type: 'string' };
    delete (b.outputSchema.properties as Record<string, unknown>).tags;
    const diff = diffPromptSpecs(a, b);
    expect(diff.identical).toBe(false);
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { path: '/model', op: 'add', to: 'gpt-4.1-mini' },
        { path: '/parameters/temperature', op: 'change', from: 0, to: 0.2 },
        { path: '/outputSchema/properties/currency', op: 'add', to: { type: 'string' } },
        { path: '/outputSchema/properties/tags', op: 'remove', from: { type: 'array', items: { type: 'string' } } },
      ]),
    );
    expect(diff.changes).toHaveLength(4);
  });
});
