import { describe, expect, it } from 'vitest';
import type { Step, TemplateProblem, TemplateSpec } from '../../../server/src/domain/template/index.js';
import { validateTemplate } from '../../../server/src/domain/template/index.js';
import { allowedBaseUrls, catalogFile, createFixtureCatalog, loadSeededTemplate } from '../../fixtures/templates/fixture-catalog.js';

type SeedKey = 'invoice-approval' | 'email-triage' | 'contract-review';

/** A seeded template with one deliberate mistake. */
function mutate(key: SeedKey, change: (spec: TemplateSpec) => void): TemplateSpec {
  const spec = structuredClone(loadSeededTemplate(key));
  change(spec);
  return spec;
}

function configOf(spec: TemplateSpec, index: number): Record<string, unknown> {
  return (spec.steps[index] as Step).config as unknown as Record<string, unknown>;
}

// invoice-approval: 0 extract, 1 find_po, 2 find_vendor, 3 find_budget, 4 compare, 5 match_po, 6 within_tolerance,
// 7 review_mismatch, 8 check_budget, 9 route, 10 payment; edge 6 leaves the branch for check_budget.
// email-triage: 0 triage, 1 needs_person, 2 human_triage, 3 ticket, 4 create_ticket.
const cases: Array<[string, TemplateSpec, Partial<TemplateProblem>]> = [
  ['a step without a position', mutate('invoice-approval', (s) => delete (s.steps[1] as Partial<Step>).position), { stepId: 'find_po', path: '/steps/1/position', rule: 'required' }],
  ['an unknown top-level field', mutate('invoice-approval', (s) => Object.assign(s, { owner: 'x' })), { path: '/owner', rule: 'additionalProperties' }],
  ['a duplicate step id', mutate('invoice-approval', (s) => Object.assign(s.steps[2] as Step, { id: 'find_po' })), { stepId: 'find_po', path: '/steps/2/id', rule: 'duplicate-step-id' }],
  ['an edge to a missing step', mutate('invoice-approval', (s) => s.edges.push({ id: 'e12', from: 'payment', to: 'archive' })), { path: '/edges/11/to', rule: 'unknown-step' }],
  ['a duplicate edge id', mutate('invoice-approval', (s) => Object.assign(s.edges[1] as object, { id: 'e1' })), { path: '/edges/1/id', rule: 'duplicate-edge-id' }],
  ['a second start step', mutate('invoice-approval', (s) => (s.edges = s.edges.filter((e) => e.id !== 'e3'))), { stepId: 'find_budget', path: '/steps/3', rule: 'start-step' }],
  ['no start step at all', mutate('invoice-approval', (s) => s.edges.push({ id: 'loop', from: 'payment', to: 'extract' })), { path: '/steps', rule: 'start-step' }],
  [
    'a cycle',
    mutate('invoice-approval', (s) => s.edges.push({ id: 'back', from: 'route', to: 'match_po' })),
    { stepId: 'match_po', path: '/steps/5', rule: 'cycle', cycle: ['match_po', 'within_tolerance', 'check_budget', 'route'] },
  ],
  [
    'steps nothing leads to',
    mutate('invoice-approval', (s) => {
      s.steps.push({ id: 'island', kind: 'branch', config: { on: true }, position: { x: 0, y: 0 } });
      s.steps.push({ id: 'islet', kind: 'transform', config: { output: { a: 1 } }, position: { x: 0, y: 0 } });
      s.edges.push({ id: 'i1', from: 'island', to: 'islet', condition: { when: true } }, { id: 'i2', from: 'islet', to: 'island' });
    }),
    { stepId: 'islet', path: '/steps/12', rule: 'unreachable' },
  ],
  ['a branch without when edges', mutate('invoice-approval', (s) => {
    s.edges = s.edges.map((e) => (e.from === 'within_tolerance' ? { ...e, condition: { otherwise: true } } : e));
  }), { stepId: 'within_tolerance', path: '/steps/6', rule: 'branch-without-when' }],
  ['a branch edge with a plain condition', mutate('invoice-approval', (s) => Object.assign(s.edges[6] as object, { condition: { '==': [1, 1] } })), { path: '/edges/6/condition', rule: 'branch-edge-condition' }],
  ['a when edge after a non-branch step', mutate('invoice-approval', (s) => Object.assign(s.edges[0] as object, { condition: { when: true } })), { stepId: 'extract', path: '/edges/0/condition', rule: 'when-outside-branch' }],
  ['an unknown step kind', mutate('invoice-approval', (s) => Object.assign(s.steps[10] as Step, { kind: 'email' })), { stepId: 'payment', path: '/steps/10/kind', rule: 'unknown-kind' }],
  ['a policy config without data', mutate('invoice-approval', (s) => delete configOf(s, 5).data), { stepId: 'match_po', path: '/steps/5/config/data', rule: 'required' }],
  ['a misspelled config field', mutate('invoice-approval', (s) => Object.assign(configOf(s, 1), { mach: {} })), { stepId: 'find_po', path: '/steps/1/config/mach', rule: 'additionalProperties' }],
  ['an input field that does not exist', mutate('invoice-approval', (s) => Object.assign(configOf(s, 0).variables as object, { invoice_text: { var: 'input.invoice' } })), { stepId: 'extract', path: '/steps/0/config/variables/invoice_text/var', rule: 'unknown-field' }],
  ['a misspelled output field', mutate('invoice-approval', (s) => Object.assign(configOf(s, 5).data as object, { invoice: { var: 'steps.extract.totl' } })), { stepId: 'match_po', path: '/steps/5/config/data/invoice/var', rule: 'unknown-field' }],
  ['a field read from a later step', mutate('invoice-approval', (s) => Object.assign(configOf(s, 1).match as object, { po_number: { var: 'steps.route.result' } })), { stepId: 'find_po', path: '/steps/1/config/match/po_number/var', rule: 'not-upstream' }],
  ['a field read from a step that only runs on one branch', mutate('invoice-approval', (s) => Object.assign(configOf(s, 9).data as object, { invoice: { var: 'steps.review_mismatch.decision' } })), { stepId: 'route', path: '/steps/9/config/data/invoice/var', rule: 'not-upstream' }],
  ['a step that does not exist', mutate('invoice-approval', (s) => Object.assign(configOf(s, 10).output as object, { note: { var: 'steps.notes.text' } })), { stepId: 'payment', path: '/steps/10/config/output/note/var', rule: 'unknown-step-ref' }],
  ['a path outside input and steps', mutate('invoice-approval', (s) => Object.assign(configOf(s, 10).output as object, { note: { var: 'run.id' } })), { path: '/steps/10/config/output/note/var', rule: 'unknown-root' }],
  ['a number mapped into a string variable', mutate('invoice-approval', (s) => Object.assign(configOf(s, 0).variables as object, { invoice_text: { '+': [1, 2] } })), { stepId: 'extract', path: '/steps/0/config/variables/invoice_text', rule: 'type-mismatch' }],
  ['a required prompt variable left out', mutate('invoice-approval', (s) => delete (configOf(s, 0).variables as Record<string, unknown>).invoice_text), { stepId: 'extract', path: '/steps/0/config/variables', rule: 'prompt-variable-missing' }],
  ['a variable the prompt does not have', mutate('invoice-approval', (s) => Object.assign(configOf(s, 0).variables as object, { language: 'de' })), { path: '/steps/0/config/variables/language', rule: 'prompt-variable-unknown' }],
  ['a confidence path the prompt output lacks', mutate('invoice-approval', (s) => Object.assign(configOf(s, 0), { minConfidence: { path: 'confidence', min: 0.8 } })), { path: '/steps/0/config/minConfidence/path', rule: 'unknown-field' }],
  ['a policy data field left out', mutate('invoice-approval', (s) => delete (configOf(s, 5).data as Record<string, unknown>).vendor), { stepId: 'match_po', path: '/steps/5/config/data', rule: 'policy-data-missing' }],
  ['a summary placeholder with a typo', mutate('invoice-approval', (s) => Object.assign(configOf(s, 5), { summary: { pass: 'matches {{steps.find_po.best.po_numbr}}' } })), { path: '/steps/5/config/summary/pass', rule: 'unknown-field' }],
  ['a policy that does not exist', mutate('invoice-approval', (s) => Object.assign(configOf(s, 5), { policy: { key: 'invoice-po-match', version: 7 } })), { stepId: 'match_po', path: '/steps/5/config/policy', rule: 'policy-not-found' }],
  ['a ref with both version and label', mutate('invoice-approval', (s) => Object.assign(configOf(s, 5), { policy: { key: 'invoice-po-match', version: 1, label: 'production' } })), { path: '/steps/5/config/policy', rule: 'ref-ambiguous' }],
  ['a lookup on a field the dataset lacks', mutate('invoice-approval', (s) => Object.assign(configOf(s, 1), { match: { po_numbr: { var: 'steps.extract.po_number' } }, scoreBy: {} })), { path: '/steps/1/config/match/po_numbr', rule: 'unknown-field' }],
  ['scoring for a field that is not matched', mutate('invoice-approval', (s) => Object.assign(configOf(s, 1).scoreBy as object, { total: { method: 'numeric' } })), { path: '/steps/1/config/scoreBy/total', rule: 'lookup-score-field' }],
  ['a lookup on an unknown dataset', mutate('invoice-approval', (s) => Object.assign(configOf(s, 3), { dataset: 'cost-centers' })), { path: '/steps/3/config/dataset', rule: 'dataset-not-found' }],
  ['a review field that does not exist', mutate('invoice-approval', (s) => Object.assign((configOf(s, 7).fields as object[])[0] as object, { path: '/steps/extract/amount' })), { stepId: 'review_mismatch', path: '/steps/7/config/fields/0/path', rule: 'unknown-field' }],
  ['a transform field of the wrong type', mutate('invoice-approval', (s) => Object.assign(configOf(s, 10).output as object, { amount: { cat: ['EUR ', { var: 'steps.extract.total' }] } })), { path: '/steps/10/config/output/amount', rule: 'type-mismatch' }],
  ['an edge condition on a missing field', mutate('invoice-approval', (s) => Object.assign(s.edges[0] as object, { condition: { '>': [{ var: 'steps.extract.totl' }, 0] } })), { path: '/edges/0/condition/>/0/var', rule: 'unknown-field' }],
  ['an invalid input schema', mutate('invoice-approval', (s) => Object.assign(s.inputSchema, { requird: ['x'] })), { path: '/inputSchema', rule: 'json-schema' }],
  ['an input schema that is not an object', mutate('invoice-approval', (s) => (s.inputSchema = { type: 'string' })), { path: '/inputSchema/type', rule: 'input-schema-type' }],
  ['an http base URL not on the allow list', mutate('email-triage', (s) => Object.assign(configOf(s, 4), { baseUrl: 'https://helpdesk.example.org/api' })), { stepId: 'create_ticket', path: '/steps/4/config/baseUrl', rule: 'url-not-allowed' }],
  ['an http path that climbs out of the base URL', mutate('email-triage', (s) => Object.assign(configOf(s, 4), { path: '/../admin/users' })), { path: '/steps/4/config/path', rule: 'path-unsafe' }],
  ['a literal Authorization header', mutate('email-triage', (s) => Object.assign(configOf(s, 4), { headers: { Authorization: 'Bearer abcdefghijklmnop123' } })), { stepId: 'create_ticket', path: '/steps/4/config/headers/Authorization', rule: 'secret-literal' }],
  ['an API key in a request body', mutate('email-triage', (s) => Object.assign(configOf(s, 4).body as object, { api_key: 'live-7f3a9' })), { path: '/steps/4/config/body/api_key', rule: 'secret-literal' }],
  ['a token-shaped string anywhere in a config', mutate('email-triage', (s) => Object.assign(configOf(s, 3).output as object, { note: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' })), { path: '/steps/3/config/output/note', rule: 'secret-literal' }],
];

describe('validateTemplate', () => {
  it.each(cases)('reports %s', async (_name, spec, expected) => {
    const problems = await validateTemplate(spec, createFixtureCatalog(), { allowedBaseUrls });
    expect(problems).toContainEqual(expect.objectContaining(expected));
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);
  });

  it('reports a structural problem without going further', async () => {
    const problems = await validateTemplate({ steps: 'none' }, createFixtureCatalog(), { allowedBaseUrls });
    expect(problems).toEqual([
      { path: '/inputSchema', rule: 'required', message: "must have required property 'inputSchema'" },
      { path: '/edges', rule: 'required', message: "must have required property 'edges'" },
      { path: '/steps', rule: 'type', message: 'must be array' },
    ]);
  });

  it.each([
    ['draft', 'policy-not-published', 'Policy invoice-po-match v1 is draft; only published versions can run.'],
    ['retired', 'policy-not-published', 'Policy invoice-po-match v1 is retired; only published versions can run.'],
  ] as const)('refuses a %s policy version', async (status, rule, message) => {
    const policy = { ...catalogFile.policies['invoice-po-match'], status } as (typeof catalogFile.policies)[string];
    const problems = await validateTemplate(loadSeededTemplate('invoice-approval'), createFixtureCatalog({ policies: { 'invoice-po-match': policy } }), { allowedBaseUrls });
    expect(problems).toEqual([{ stepId: 'match_po', path: '/steps/5/config/policy', rule, message }]);
  });

  it('refuses a prompt version still in review', async () => {
    const prompt = { ...catalogFile.prompts['invoice-extract'], status: 'in_review' } as (typeof catalogFile.prompts)[string];
    const problems = await validateTemplate(loadSeededTemplate('invoice-approval'), createFixtureCatalog({ prompts: { 'invoice-extract': prompt } }), { allowedBaseUrls });
    expect(problems).toEqual([
      { stepId: 'extract', path: '/steps/0/config/prompt', rule: 'prompt-not-published', message: 'Prompt invoice-extract v1 is in review; only published versions can run.' },
    ]);
  });

  it('explains a read from a step that may not have run in words', async () => {
    const spec = mutate('invoice-approval', (s) => Object.assign(configOf(s, 9).data as object, { invoice: { var: 'steps.review_mismatch.decision' } }));
    const problems = await validateTemplate(spec, createFixtureCatalog(), { allowedBaseUrls });
    expect(problems.find((problem) => problem.rule === 'not-upstream')?.message).toBe(
      "Step 'Approval route' (route) reads 'Check the mismatch' (review_mismatch), which does not always run before it; only steps on every path leading here can be read.",
    );
  });

  it('asks the catalog once per distinct reference', async () => {
    const catalog = createFixtureCatalog();
    await validateTemplate(loadSeededTemplate('contract-review'), catalog, { allowedBaseUrls });
    expect(catalog.calls.sort()).toEqual(['contract-terms@production', 'contract-terms-acceptable@production', 'review-explanation@production', 'vendor-name-match@production'].sort());
  });

  it('checks the fields a policy reads when it declares no input schema', async () => {
    const policy = { ...catalogFile.policies['vendor-name-match'], inputSchema: undefined } as unknown as (typeof catalogFile.policies)[string];
    const spec = mutate('contract-review', (s) => Object.assign(configOf(s, 2), { data: { invoice: { number: 'C-1', vendor_name: { var: 'input.counterparty' } } } }));
    const problems = await validateTemplate(spec, createFixtureCatalog({ policies: { 'vendor-name-match': policy } }), { allowedBaseUrls });
    expect(problems).toEqual([
      { stepId: 'name_check', path: '/steps/2/config/data', rule: 'policy-data-missing', message: "Policy vendor-name-match v1 reads 'vendor', but it is not mapped." },
    ]);
  });
});
