import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { assertPromptSpec, checkPromptSpec, type PromptSpec } from '../../../server/src/domain/prompt/index.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

function withChange(change: (spec: PromptSpec) => void): PromptSpec {
  const spec = loadRefundSpec();
  change(spec);
  return spec;
}

describe('checkPromptSpec', () => {
  it('accepts the fixture spec', () => {
    expect(checkPromptSpec(loadRefundSpec())).toEqual([]);
  });

  it.each([
    [
      'liquid syntax error with line and column',
      withChange((s) => {
        s.messages[1] = { role: 'user', template: 'line one\n  {% if note %} unclosed' };
      }),
      { path: '/messages/1/template', rule: 'liquid-syntax', message: expect.stringMatching(/^line 2:3: tag \{% if note %\} not closed/) },
    ],
    [
      'unknown filter',
      withChange((s) => {
        s.messages[0] = { role: 'system', template: 'x\n{{ shop.name | shout }}' };
      }),
      { path: '/messages/0/template', rule: 'liquid-syntax', message: expect.stringMatching(/^line 2:1: undefined filter: shout/) },
    ],
    [
      'unclosed output',
      withChange((s) => {
        s.messages[0] = { role: 'system', template: 'Hello {{ shop.name' };
      }),
      { path: '/messages/0/template', rule: 'liquid-syntax', message: expect.stringMatching(/^line 1:7: /) },
    ],
    [
      'invalid output schema',
      withChange((s) => {
        s.outputSchema = { type: 'object', properties: { a: { type: 'strnig' } } };
      }),
      { path: '/outputSchema', rule: 'json-schema', message: expect.any(String) },
    ],
    [
      'output schema that is not an object',
      withChange((s) => {
        s.outputSchema = { type: 'array' };
      }),
      { path: '/outputSchema/type', rule: 'output-object', message: expect.any(String) },
    ],
    [
      'invalid input schema',
      withChange((s) => {
        s.inputSchema = { type: 'object', required: 'order_number' };
      }),
      { path: '/inputSchema', rule: 'json-schema', message: expect.any(String) },
    ],
    [
      'test case variables that break the input schema',
      withChange((s) => {
        s.testCases[0] = { name: 't', variables: { order_number: 'Z', amount: 1, message: 'm', shop: { name: 'n' } }, assertions: [] };
      }),
      { path: '/testCases/0/variables/order_number', rule: 'pattern', message: expect.any(String) },
    ],
    [
      'test case that leaves a template variable undefined',
      withChange((s) => {
        s.inputSchema = undefined;
        s.testCases[0] = { name: 't', variables: { order_number: 'A-1', amount: 1, shop: { name: 'n' } }, assertions: [] };
      }),
      { path: '/testCases/0/variables/message', rule: 'missing-variable', message: expect.any(String) },
    ],
    [
      'duplicate test case names',
      withChange((s) => {
        s.testCases.push({ ...(s.testCases[0] as PromptSpec['testCases'][number]) });
      }),
      { path: '/testCases/1/name', rule: 'unique', message: expect.any(String) },
    ],
    [
      'example output that breaks the output schema',
      withChange((s) => {
        s.examples = [{ variables: { order_number: 'A-1', amount: 1, message: 'm', shop: { name: 'n' } }, output: { refund: 'yes' } }];
      }),
      { path: '/examples/0/output/refund', rule: 'type', message: expect.any(String) },
    ],
    [
      'no user message',
      withChange((s) => {
        s.messages = [{ role: 'system', template: 'only system' }];
        s.testCases = [];
      }),
      { path: '/messages', rule: 'user-message', message: expect.any(String) },
    ],
    [
      'assertion without its fields',
      withChange((s) => {
        (s.testCases[0] as { assertions: unknown[] }).assertions = [{ type: 'within', path: '/amount', value: 1 }];
      }),
      { path: '/testCases/0/assertions/0/tolerance', rule: 'required', message: expect.any(String) },
    ],
    ['not an object at all', 'hello', { path: '', rule: 'type', message: expect.any(String) }],
  ])('reports %s', (_name, spec, expected) => {
    expect(checkPromptSpec(spec)).toContainEqual(expected);
  });

  it('assertPromptSpec throws a ValidationError carrying every problem', () => {
    const spec = withChange((s) => {
      s.messages[0] = { role: 'system', template: '{% if %}' };
      s.outputSchema = { type: 'string' };
    });
    expect(() => assertPromptSpec(spec)).toThrow(ValidationError);
    try {
      assertPromptSpec(spec);
    } catch (error) {
      expect((error as ValidationError).problems.map((p) => p.rule)).toEqual(['liquid-syntax', 'output-object']);
    }
  });
});
