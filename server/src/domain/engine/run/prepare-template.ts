import { ValidationError } from '../../errors/index.js';
import { buildGraph, findCycles, sortTopologically, type TemplateGraph } from '../../template/template-graph.js';
import type { Step, TemplateSpec } from '../../template/template.model.js';
import { findStepKind, type AnyStepKindSpec } from '../steps/index.js';

/** What the reducer needs from a template, computed once per spec object. */
export interface PreparedTemplate {
  spec: TemplateSpec;
  graph: TemplateGraph;
  order: string[];
  steps: ReadonlyMap<string, Step>;
  kinds: ReadonlyMap<string, AnyStepKindSpec>;
}

const prepared = new WeakMap<TemplateSpec, PreparedTemplate>();

/** The engine only runs validated templates; anything that would make the reducer guess is refused here. */
export function prepareTemplate(spec: TemplateSpec): PreparedTemplate {
  const cached = prepared.get(spec);
  if (cached) return cached;
  const graph = buildGraph(spec);
  const order = sortTopologically(graph);
  if (!order) throw ValidationError.single('/steps', 'cycle', `steps ${(findCycles(graph)[0] ?? []).join(' → ')} form a loop`);
  const kinds = new Map<string, AnyStepKindSpec>();
  for (const step of spec.steps) {
    const kind = findStepKind(step.kind);
    if (!kind) throw ValidationError.single('/steps', 'unknown-kind', `step ${step.id} has unknown kind ${step.kind}`);
    kinds.set(step.id, kind);
  }
  const result: PreparedTemplate = { spec, graph, order, steps: new Map(spec.steps.map((step) => [step.id, step])), kinds };
  prepared.set(spec, result);
  return result;
}

export function resolveStepTimeout(kind: AnyStepKindSpec, step: Step): number {
  return kind.resolveTimeoutMs?.(step.config) ?? kind.retry.timeoutMs;
}
