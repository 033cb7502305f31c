import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { listTemplateVariables, pickTemplateVariables } from '../../../server/src/domain/prompt/index.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

function messages(...templates: string[]) {
  return { messages: templates.map((template) => ({ role: 'user' as const, template })) };
}

describe('listTemplateVariables', () => {
  it.each([
    [['{{ a }} {{ b.c.d }}'], ['a', 'b']],
    [['{% if flag %}{{ x | default: y }}{% endif %}'], ['flag', 'x', 'y']],
    [['{% for item in items %}{{ item.name }} {{ forloop.index }}{% endfor %}'], ['items']],
    [['{% assign total = base | plus: 1 %}{{ total }}'], ['base']],
    [['{% capture m %}{{ subject }}{% endcapture %}{{ m | untrusted }}'], ['subject']],
    [['{{ z }}', '{{ a }} {{ z }}'], ['a', 'z']],
    [['no variables'], []],
  ])('lists root variables of %j', (templates, expected) => {
    expect(listTemplateVariables(messages(...templates))).toEqual(expected);
  });

  it('lists the fixture spec variables sorted', () => {
    expect(listTemplateVariables(loadRefundSpec())).toEqual(['amount', 'currency', 'message', 'note', 'order_number', 'shop']);
  });

  it('throws a ValidationError pointing at the broken template', () => {
    expect(() => listTemplateVariables(messages('ok', '{% if x %}'))).toThrow(ValidationError);
    try {
      listTemplateVariables(messages('ok', '{% if x %}'));
    } catch (error) {
      expect((error as ValidationError).problems[0]?.path).toBe('/messages/1/template');
    }
  });

  it('keeps only referenced variables, so unrelated (personal) data never reaches the model', () => {
    const picked = pickTemplateVariables(messages('{{ subject }} {{ body }}'), {
      subject: 's',
      body: 'b',
      from: 'someone@example.org',
      customer_id: 42,
    });
    expect(picked).toEqual({ subject: 's', body: 'b' });
  });
});
