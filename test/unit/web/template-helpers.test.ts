import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeBranch, pickPolicySampleData, readCoverage, readVarsRead } from '../../../web/src/lib/policy-report.js';
import { describeStepKind, STEP_KINDS } from '../../../web/src/lib/step-kinds.js';
import { describeEdgeCondition, findProblemStep, readTemplateSpec } from '../../../web/src/lib/template-graph.js';

const refundCheck = JSON.parse(readFileSync('test/fixtures/templates/refund-check.template.json', 'utf8')) as { spec: unknown };

describe('readTemplateSpec', () => {
  it('reads the refund-check fixture as six steps and six edges', () => {
    const view = readTemplateSpec(refundCheck.spec);
    expect(view.steps.map((step) => [step.id, step.kind])).toEqual([
      ['extract', 'prompt'], ['route', 'policy'], ['decide', 'branch'], ['check', 'review'], ['refund', 'http'], ['receipt', 'transform'],
    ]);
    expect(view.steps[3]).toMatchObject({ label: 'Check a large refund', position: { x: 200, y: 360 } });
    expect(view.edges.filter((edge) => edge.label !== null).map((edge) => [edge.source, edge.target, edge.label])).toEqual([
      ['decide', 'refund', 'auto'], ['decide', 'check', 'review'],
    ]);
    expect(view.inputSchema).toMatchObject({ required: ['customer_name', 'email_body'] });
  });

  it('skips malformed steps and dangling edges, and places steps without a position', () => {
    const view = readTemplateSpec({
      steps: [{ id: 'a', kind: 'policy', position: { x: 10, y: 20 } }, { kind: 'http' }, { id: 'b', name: ' ', kind: 'transform' }],
      edges: [{ from: 'a', to: 'b', label: 'then' }, { id: 'x', from: 'a', to: 'ghost' }],
    });
    expect(view.steps.map((step) => [step.id, step.label, step.position])).toEqual([['a', 'a', { x: 10, y: 20 }], ['b', 'b', { x: 10, y: 140 }]]);
    expect(view.edges).toEqual([{ id: 'edge-0', source: 'a', target: 'b', label: 'then' }]);
    expect(readTemplateSpec(null)).toEqual({ inputSchema: null, steps: [], edges: [] });
  });
});

describe('describeEdgeCondition', () => {
  it.each([
    { condition: undefined, label: null },
    { condition: { when: 'auto_approve' }, label: 'auto_approve' },
    { condition: { when: true }, label: 'true' },
    { condition: { when: ['a', 'b'] }, label: 'a or b' },
    { condition: { otherwise: true }, label: 'otherwise' },
    { condition: { '>': [{ var: 'steps.extract.total' }, 10000] }, label: 'if {">": [{"var": "steps.extract.to…' },
  ])('$label', ({ condition, label }) => {
    expect(describeEdgeCondition(condition)).toBe(label);
  });
});

describe('findProblemStep', () => {
  const steps = [{ id: 'extract' }, { id: 'route' }];
  it.each([
    { problem: { stepId: 'route', path: '/steps/1/config' }, step: 'route' },
    { problem: { stepId: null, path: '/steps/0/config/prompt' }, step: 'extract' },
    { problem: { stepId: 'gone', path: '/edges/2' }, step: null },
    { problem: { path: '/steps/9' }, step: null },
    { problem: { path: '/inputSchema' }, step: null },
  ])('$problem.path → $step', ({ problem, step }) => {
    expect(findProblemStep(problem, steps)).toBe(step);
  });
});

describe('step kinds', () => {
  it('has a distinct colour per kind and a look for unknown kinds', () => {
    const colors = Object.values(STEP_KINDS).map((look) => look.color);
    expect(new Set(colors).size).toBe(colors.length);
    expect(describeStepKind('http').label).toBe('HTTP call');
    expect(describeStepKind('quantum')).toMatchObject({ kind: 'quantum', label: 'quantum' });
  });
});

describe('policy reports', () => {
  it('reads coverage and computes the percentage', () => {
    const coverage = readCoverage({
      total: 3, covered: 2,
      branches: [
        { pointer: '', operator: 'if', branch: 'then', hit: true },
        { pointer: '', operator: 'if', branch: 'else', hit: true },
        { pointer: '/if/2', operator: 'if', branch: 'then', hit: false },
      ],
    });
    expect(coverage).toMatchObject({ total: 3, covered: 2, percent: 67 });
    expect(coverage.branches.map(describeBranch)).toEqual(['if → then', 'if → else', 'if at /if/2 → then']);
    expect(readCoverage(null)).toEqual({ total: 0, covered: 0, percent: 100, branches: [] });
  });

  it('reads the variables a rule read', () => {
    expect(readVarsRead([{ path: 'amount', value: 15450 }, { value: 1 }])).toEqual([{ path: 'amount', value: 15450 }]);
    expect(readVarsRead('x')).toEqual([]);
  });

  it.each([
    { name: 'first test case with data', testCases: [{ name: 'x' }, { name: 'small', data: { amount: 40 } }], schema: null, data: { amount: 40 } },
    { name: 'schema example without cases', testCases: [], schema: { type: 'object', properties: { amount: { type: 'number', minimum: 1 } } }, data: { amount: 1 } },
    { name: 'empty object without either', testCases: 'none', schema: null, data: {} },
  ])('samples data: $name', ({ testCases, schema, data }) => {
    expect(pickPolicySampleData(testCases, schema)).toEqual(data);
  });
});
