import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  computeGuaranteedPredecessors,
  findCycles,
  planExecution,
  sortTopologically,
  type Edge,
} from '../../../server/src/domain/template/index.js';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { loadSeededTemplate } from '../../fixtures/templates/fixture-catalog.js';

function graphOf(ids: string[], pairs: Array<[string, string]>) {
  const edges: Edge[] = pairs.map(([from, to], index) => ({ id: `e${index}`, from, to }));
  return buildGraph({ steps: ids.map((id) => ({ id })), edges });
}

describe('template graph', () => {
  it.each([
    ['a chain', ['a', 'b', 'c'], [['a', 'b'], ['b', 'c']], ['a', 'b', 'c']],
    ['a diamond, ties in template order', ['a', 'c', 'b', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']], ['a', 'c', 'b', 'd']],
    ['a cycle', ['a', 'b'], [['a', 'b'], ['b', 'a']], undefined],
  ] as Array<[string, string[], Array<[string, string]>, string[] | undefined]>)('orders %s', (_name, ids, pairs, order) => {
    expect(sortTopologically(graphOf(ids, pairs))).toEqual(order);
  });

  it.each([
    ['none in a DAG', ['a', 'b', 'c'], [['a', 'b'], ['a', 'c'], ['b', 'c']], []],
    ['a self loop', ['a'], [['a', 'a']], [['a']]],
    ['two separate loops, walked in order', ['a', 'b', 'c', 'd', 'e'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['d', 'e'], ['e', 'd']], [['a', 'b', 'c'], ['d', 'e']]],
  ] as Array<[string, string[], Array<[string, string]>, string[][]]>)('finds cycles: %s', (_name, ids, pairs, cycles) => {
    expect(findCycles(graphOf(ids, pairs))).toEqual(cycles);
  });

  it('lets a step read only the steps on every path to it', () => {
    // a → b → d, a → c → d, d → e: d may read a but neither b nor c.
    const graph = graphOf(['a', 'b', 'c', 'd', 'e'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd'], ['d', 'e']]);
    const readable = computeGuaranteedPredecessors(graph, sortTopologically(graph) as string[]);
    expect(Object.fromEntries([...readable].map(([id, set]) => [id, [...set].sort()]))).toEqual({
      a: [],
      b: ['a'],
      c: ['a'],
      d: ['a'],
      e: ['a', 'd'],
    });
  });

  it('ignores edges to unknown steps and lists each parent once', () => {
    const graph = buildGraph({
      steps: [{ id: 'a' }, { id: 'b' }],
      edges: [
        { id: '1', from: 'a', to: 'b' },
        { id: '2', from: 'a', to: 'b', condition: { '==': [1, 1] } },
        { id: '3', from: 'a', to: 'ghost' },
      ],
    });
    expect(graph.parents.get('b')).toEqual(['a']);
    expect(graph.outgoing.get('a')?.map((edge) => edge.id)).toEqual(['1', '2']);
    expect(graph.starts).toEqual(['a']);
  });
});

describe('planExecution', () => {
  it('puts what follows a review into a new job, since a person decides there', () => {
    const plan = planExecution(loadSeededTemplate('invoice-approval'));
    expect(plan.start).toBe('extract');
    expect(plan.jobs).toEqual([
      ['extract', 'find_po', 'find_vendor', 'find_budget', 'compare', 'match_po', 'within_tolerance', 'check_budget', 'route', 'payment'],
      ['review_mismatch'],
    ]);
    expect(plan.steps.review_mismatch).toMatchObject({ ioMode: 'async', startsJob: true, inlineFollowers: [] });
    expect(plan.steps.within_tolerance?.inlineFollowers).toEqual(['check_budget', 'route', 'payment']);
    expect(plan.steps.check_budget).toMatchObject({ parents: ['within_tolerance', 'review_mismatch'], startsJob: false });
  });

  it('gives the http call its own job after the inline ticket step', () => {
    expect(planExecution(loadSeededTemplate('email-triage')).jobs).toEqual([['triage', 'needs_person', 'ticket'], ['human_triage'], ['create_ticket']]);
  });

  it('refuses a template with a loop', () => {
    const spec = structuredClone(loadSeededTemplate('bench-six-step'));
    spec.edges.push({ id: 'back', from: 'route', to: 'match_po' });
    expect(() => planExecution(spec)).toThrow(ValidationError);
  });
});
