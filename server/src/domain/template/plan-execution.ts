import { ValidationError } from '../errors/index.js';
import { findStepKind } from '../engine/steps/index.js';
import type { IoMode } from '../engine/steps/step-kind.js';
import { buildGraph, findCycles, sortTopologically } from './template-graph.js';
import type { TemplateSpec } from './template.model.js';

export interface StepPlan {
  id: string;
  kind: string;
  ioMode: IoMode;
  parents: string[];
  children: string[];
  /** The step is dispatched as a job of its own rather than run inside a parent's job. */
  startsJob: boolean;
  /** Inline steps that can run in this step's job right after it, reached through inline steps only. */
  inlineFollowers: string[];
}

export interface ExecutionPlan {
  order: string[];
  start: string;
  steps: Record<string, StepPlan>;
  /** Jobs a run going straight through would use, each listing its steps in order. */
  jobs: string[][];
}

/**
 * How a valid template executes: the engine runs inline steps (policy,
 * branch, transform, lookup) in the job of the step before them and gives
 * async steps (prompt, http, review) and whatever follows a person's decision
 * a job of their own.
 */
export function planExecution(spec: TemplateSpec): ExecutionPlan {
  const graph = buildGraph(spec);
  const order = sortTopologically(graph);
  if (!order || graph.starts.length !== 1) {
    const cycle = findCycles(graph)[0];
    throw ValidationError.single('/steps', 'plan', cycle ? `steps ${cycle.join(' → ')} form a loop` : 'a template needs exactly one start step');
  }
  const kindOf = new Map(spec.steps.map((step) => [step.id, findStepKind(step.kind)]));
  const ioModeOf = (id: string): IoMode => {
    const kind = kindOf.get(id);
    if (!kind) throw ValidationError.single('/steps', 'unknown-kind', `step ${id} has an unknown kind`);
    return kind.ioMode;
  };
  const startsJob = (id: string): boolean => {
    const parents = graph.parents.get(id) ?? [];
    return ioModeOf(id) === 'async' || parents.length === 0 || parents.every((parent) => kindOf.get(parent)?.waitsForPerson === true);
  };
  const followersOf = (id: string): string[] => {
    if (kindOf.get(id)?.waitsForPerson) return [];
    const found: string[] = [];
    const pending = [...(graph.children.get(id) ?? [])];
    while (pending.length > 0) {
      const next = pending.shift() as string;
      if (found.includes(next) || ioModeOf(next) !== 'inline') continue;
      found.push(next);
      pending.push(...(graph.children.get(next) ?? []));
    }
    return found.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  };

  const steps: Record<string, StepPlan> = {};
  for (const id of order) {
    steps[id] = {
      id,
      kind: kindOf.get(id)?.kind ?? 'unknown',
      ioMode: ioModeOf(id),
      parents: [...(graph.parents.get(id) ?? [])],
      children: [...(graph.children.get(id) ?? [])],
      startsJob: startsJob(id),
      inlineFollowers: followersOf(id),
    };
  }
  const assigned = new Set<string>();
  const jobs: string[][] = [];
  for (const id of order) {
    if (assigned.has(id) || !(steps[id] as StepPlan).startsJob) continue;
    const job = [id, ...(steps[id] as StepPlan).inlineFollowers.filter((follower) => !assigned.has(follower) && !(steps[follower] as StepPlan).startsJob)];
    job.forEach((member) => assigned.add(member));
    jobs.push(job);
  }
  // An inline step not claimed above (a join reached only through other jobs) gets its own job.
  for (const id of order) if (!assigned.has(id)) jobs.push([id]);
  return { order, start: graph.starts[0] as string, steps, jobs };
}
