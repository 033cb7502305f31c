import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { renderPromptMessages, type PromptSpec } from '../../../server/src/domain/prompt/index.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

const variables = { order_number: 'A-7', amount: 30, message: 'Arrived cracked', shop: { name: 'Mugs & Co' } };

function catchValidation(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('renderPromptMessages', () => {
  it('renders every message with its role and leaves HTML characters alone', () => {
    const messages = renderPromptMessages(loadRefundSpec(), variables);
    expect(messages).toEqual([
      { role: 'system', content: 'You decide refund requests for Mugs & Co. Answer in JSON.' },
      { role: 'user', content: 'Order A-7 for 30 EUR.\n<document>\nArrived cracked\n</document>' },
    ]);
  });

  it('renders optional variables used only in if blocks and defaults', () => {
    const [, user] = renderPromptMessages(loadRefundSpec(), { ...variables, currency: 'GBP', note: '<b>VIP</b>' });
    expect(user?.content).toBe('Order A-7 for 30 GBP.\nNote: <b>VIP</b>\n<document>\nArrived cracked\n</document>');
  });

  it('names every missing variable at once, with JSON pointers', () => {
    const spec: PromptSpec = { ...loadRefundSpec(), inputSchema: undefined };
    const error = catchValidation(() => renderPromptMessages(spec, { amount: 1, shop: {} }));
    expect(error.message).toBe('missing prompt variables: shop.name, order_number, message');
    expect(error.problems.map((problem) => [problem.path, problem.rule])).toEqual([
      ['/shop/name', 'missing-variable'],
      ['/order_number', 'missing-variable'],
      ['/message', 'missing-variable'],
    ]);
    expect(error.problems[1]?.message).toContain('/messages/1/template line 1:');
  });

  it.each([
    [{ ...variables, amount: -1 }, '/amount', 'minimum'],
    [{ ...variables, order_number: 'B-1' }, '/order_number', 'pattern'],
    [{ ...variables, shop: {} }, '/shop/name', 'required'],
    [{ amount: 1, message: 'x', shop: { name: 'n' } }, '/order_number', 'required'],
  ])('checks variables against the input schema (%j → %s)', (input, path, rule) => {
    const error = catchValidation(() => renderPromptMessages(loadRefundSpec(), input));
    expect(error.problems).toContainEqual(expect.objectContaining({ path, rule }));
    expect(error.message).toContain('input schema');
  });

  it('prefixes problem paths when asked (test cases report into their own variables)', () => {
    const error = catchValidation(() =>
      renderPromptMessages(loadRefundSpec(), { ...variables, amount: 'x' }, { variablesPath: '/testCases/3/variables' }),
    );
    expect(error.problems[0]?.path).toBe('/testCases/3/variables/amount');
  });

  it('puts few-shot examples before the last user message, in the same format as the real input', () => {
    const spec: PromptSpec = {
      ...loadRefundSpec(),
      examples: [
        {
          variables: { order_number: 'A-1', amount: 5, message: 'Lid missing', shop: { name: 'Mugs & Co' } },
          output: { refund: true, amount: 5, reason: 'missing part' },
        },
      ],
    };
    const messages = renderPromptMessages(spec, variables);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]?.content).toBe('Order A-1 for 5 EUR.\n<document>\nLid missing\n</document>');
    expect(JSON.parse(messages[2]?.content ?? '')).toEqual({ refund: true, amount: 5, reason: 'missing part' });
    expect(messages[3]?.content).toContain('Arrived cracked');
  });

  it('reports a missing variable in an example against the example', () => {
    const spec: PromptSpec = {
      ...loadRefundSpec(),
      inputSchema: undefined,
      examples: [{ variables: { amount: 5, message: 'x', shop: { name: 'n' } }, output: {} }],
    };
    const error = catchValidation(() => renderPromptMessages(spec, variables));
    expect(error.problems.map((problem) => problem.path)).toEqual(['/examples/0/variables/order_number']);
  });

  it('keeps rendered output deterministic for dates (UTC), so cache keys agree across machines', () => {
    const spec: PromptSpec = {
      messages: [{ role: 'user', template: '{{ at | date: "%Y-%m-%d %H:%M" }}' }],
      parameters: {},
      outputSchema: { type: 'object' },
      testCases: [],
    };
    expect(renderPromptMessages(spec, { at: '2024-03-01T23:30:00Z' })[0]?.content).toBe('2024-03-01 23:30');
  });

  it('refuses include/render tags, since prompts are self-contained and the domain reads no files', () => {
    const spec: PromptSpec = {
      messages: [{ role: 'user', template: '{% include "secrets" %}' }],
      parameters: {},
      outputSchema: { type: 'object' },
      testCases: [],
    };
    const error = catchValidation(() => renderPromptMessages(spec, {}));
    expect(error.problems[0]).toMatchObject({ path: '/messages/0/template', rule: 'liquid-render' });
    expect(error.problems[0]?.message).toMatch(/include/);
  });
});
