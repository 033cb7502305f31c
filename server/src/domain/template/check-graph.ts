import { findStepKind } from '../engine/steps/index.js';
import { buildGraph, findCycles, findReachable, sortTopologically, type TemplateGraph } from './template-graph.js';
import { describeStep, isBranchCondition, isOtherwiseCondition, isWhenCondition, type TemplateProblem, type TemplateSpec } from './template.model.js';

export interface GraphReport {
  problems: TemplateProblem[];
  graph: TemplateGraph;
  /** Topological order; absent when the graph has a cycle. */
  order?: string[];
}

/** Structure of the step graph: ids, edges, one start, no loops, nothing unreachable, branch edges where they belong. */
export function checkGraph(spec: TemplateSpec): GraphReport {
  const problems: TemplateProblem[] = [];
  const indexOf = new Map<string, number>();
  spec.steps.forEach((step, index) => {
    if (indexOf.has(step.id)) {
      problems.push({ stepId: step.id, path: `/steps/${index}/id`, rule: 'duplicate-step-id', message: `Another step already has the id '${step.id}'.` });
    } else {
      indexOf.set(step.id, index);
    }
  });
  const stepAt = (id: string): TemplateSpec['steps'][number] => spec.steps[indexOf.get(id) as number] as TemplateSpec['steps'][number];
  problems.push(...checkEdges(spec, indexOf));

  const graph = buildGraph(spec);
  if (graph.starts.length === 0) {
    problems.push({ path: '/steps', rule: 'start-step', message: 'No step starts the process: every step has an incoming edge.' });
  }
  const [first, ...others] = graph.starts;
  for (const id of others) {
    problems.push({
      stepId: id,
      path: `/steps/${indexOf.get(id)}`,
      rule: 'start-step',
      message: `${describeStep(stepAt(id))} has no incoming edge, but ${describeStep(stepAt(first as string))} already starts the process. Connect it or remove it.`,
    });
  }

  const cycles = findCycles(graph);
  for (const cycle of cycles) {
    const head = cycle[0] as string;
    problems.push({
      stepId: head,
      path: `/steps/${indexOf.get(head)}`,
      rule: 'cycle',
      cycle,
      message: `Steps ${[...cycle, head].join(' → ')} form a loop; a process must always move forward.`,
    });
  }

  const reachable = findReachable(graph, graph.starts);
  for (const id of graph.stepIds) {
    if (!reachable.has(id)) {
      problems.push({ stepId: id, path: `/steps/${indexOf.get(id)}`, rule: 'unreachable', message: `${describeStep(stepAt(id))} can never run: no path leads to it from the start.` });
    }
  }

  problems.push(...checkBranchEdges(spec, graph, indexOf));
  const order = cycles.length === 0 ? sortTopologically(graph) : undefined;
  return order ? { problems, graph, order } : { problems, graph };
}

function checkEdges(spec: TemplateSpec, indexOf: ReadonlyMap<string, number>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  spec.edges.forEach((edge, index) => {
    if (edgeIds.has(edge.id)) {
      problems.push({ path: `/edges/${index}/id`, rule: 'duplicate-edge-id', message: `Another edge already has the id '${edge.id}'.` });
    }
    edgeIds.add(edge.id);
    for (const end of ['from', 'to'] as const) {
      if (!indexOf.has(edge[end])) {
        problems.push({ path: `/edges/${index}/${end}`, rule: 'unknown-step', message: `Edge '${edge.id}' ${end === 'from' ? 'starts at' : 'leads to'} '${edge[end]}', which is not a step.` });
      }
    }
    const pair = `${edge.from}\u0000${edge.to}`;
    if (pairs.has(pair)) {
      problems.push({ stepId: edge.from, path: `/edges/${index}`, rule: 'duplicate-edge', message: `'${edge.from}' is already connected to '${edge.to}'.` });
    }
    pairs.add(pair);
  });
  return problems;
}

function checkBranchEdges(spec: TemplateSpec, graph: TemplateGraph, indexOf: ReadonlyMap<string, number>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const edgeIndex = new Map(spec.edges.map((edge, index) => [edge, index]));
  for (const [index, step] of spec.steps.entries()) {
    if (indexOf.get(step.id) !== index) continue;
    const outgoing = graph.outgoing.get(step.id) ?? [];
    const routes = findStepKind(step.kind)?.routesByValue === true;
    if (!routes) {
      for (const edge of outgoing.filter((candidate) => isBranchCondition(candidate.condition))) {
        problems.push({
          stepId: step.id,
          path: `/edges/${edgeIndex.get(edge)}/condition`,
          rule: 'when-outside-branch',
          message: `Edge '${edge.id}' uses when/otherwise, but ${describeStep(step)} is not a branch; use a JSON-logic condition.`,
        });
      }
      continue;
    }
    if (!outgoing.some((edge) => isWhenCondition(edge.condition))) {
      problems.push({
        stepId: step.id,
        path: `/steps/${indexOf.get(step.id)}`,
        rule: 'branch-without-when',
        message: `Branch ${describeStep(step)} needs outgoing edges with { "when": <value> } to choose between.`,
      });
    }
    for (const edge of outgoing.filter((candidate) => !isBranchCondition(candidate.condition))) {
      problems.push({
        stepId: step.id,
        path: `/edges/${edgeIndex.get(edge)}${edge.condition === undefined ? '' : '/condition'}`,
        rule: 'branch-edge-condition',
        message: `Edge '${edge.id}' leaves branch ${describeStep(step)}; give it { "when": <value> } or { "otherwise": true }.`,
      });
    }
    const otherwise = outgoing.filter((edge) => isOtherwiseCondition(edge.condition));
    for (const edge of otherwise.slice(1)) {
      problems.push({
        stepId: step.id,
        path: `/edges/${edgeIndex.get(edge)}/condition`,
        rule: 'branch-otherwise-duplicate',
        message: `Branch ${describeStep(step)} already has an otherwise edge.`,
      });
    }
  }
  return problems;
}
