import type { Edge } from './template.model.js';

/** Adjacency of a template, in template order. Edges naming unknown steps are left out (validation reports them). */
export interface TemplateGraph {
  stepIds: string[];
  parents: ReadonlyMap<string, string[]>;
  children: ReadonlyMap<string, string[]>;
  incoming: ReadonlyMap<string, Edge[]>;
  outgoing: ReadonlyMap<string, Edge[]>;
  /** Steps without incoming edges. */
  starts: string[];
}

export function buildGraph(spec: { steps: ReadonlyArray<{ id: string }>; edges: readonly Edge[] }): TemplateGraph {
  const stepIds = [...new Set(spec.steps.map((step) => step.id))];
  const known = new Set(stepIds);
  const parents = new Map<string, string[]>(stepIds.map((id) => [id, []]));
  const children = new Map<string, string[]>(stepIds.map((id) => [id, []]));
  const incoming = new Map<string, Edge[]>(stepIds.map((id) => [id, []]));
  const outgoing = new Map<string, Edge[]>(stepIds.map((id) => [id, []]));
  for (const edge of spec.edges) {
    if (!known.has(edge.from) || !known.has(edge.to)) continue;
    outgoing.get(edge.from)?.push(edge);
    incoming.get(edge.to)?.push(edge);
    const kids = children.get(edge.from) as string[];
    if (!kids.includes(edge.to)) kids.push(edge.to);
    const folks = parents.get(edge.to) as string[];
    if (!folks.includes(edge.from)) folks.push(edge.from);
  }
  const starts = stepIds.filter((id) => (parents.get(id) as string[]).length === 0);
  return { stepIds, parents, children, incoming, outgoing, starts };
}

/** Kahn's algorithm; ties follow template order so plans are stable. Undefined when the graph has a cycle. */
export function sortTopologically(graph: TemplateGraph): string[] | undefined {
  const remaining = new Map(graph.stepIds.map((id) => [id, (graph.parents.get(id) ?? []).length]));
  const position = new Map(graph.stepIds.map((id, index) => [id, index]));
  const ready = graph.stepIds.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const next = ready.shift() as string;
    order.push(next);
    for (const child of graph.children.get(next) ?? []) {
      const left = (remaining.get(child) ?? 0) - 1;
      remaining.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return order.length === graph.stepIds.length ? order : undefined;
}

/** Every cycle as one list of steps in walking order (one per strongly connected component). */
export function findCycles(graph: TemplateGraph): string[][] {
  const components = findStronglyConnected(graph);
  const cycles: string[][] = [];
  for (const component of components) {
    const first = component[0] as string;
    const selfLoop = (graph.children.get(first) ?? []).includes(first);
    if (component.length > 1) cycles.push(walkCycle(graph, first, new Set(component)));
    else if (selfLoop) cycles.push([first]);
  }
  return cycles;
}

/** Tarjan's algorithm; components come back with members in template order. */
function findStronglyConnected(graph: TemplateGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const position = new Map(graph.stepIds.map((id, at) => [id, at]));
  let counter = 0;
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const child of graph.children.get(id) ?? []) {
      if (!index.has(child)) {
        visit(child);
        low.set(id, Math.min(low.get(id) as number, low.get(child) as number));
      } else if (onStack.has(child)) {
        low.set(id, Math.min(low.get(id) as number, index.get(child) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
    }
  };
  for (const id of graph.stepIds) if (!index.has(id)) visit(id);
  return components;
}

/** A concrete loop through `start` inside its component, for a message a person can follow. */
function walkCycle(graph: TemplateGraph, start: string, members: ReadonlySet<string>): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  const search = (id: string): boolean => {
    path.push(id);
    seen.add(id);
    for (const child of graph.children.get(id) ?? []) {
      if (child === start) return true;
      if (members.has(child) && !seen.has(child) && search(child)) return true;
    }
    path.pop();
    return false;
  };
  search(start);
  return path;
}

export function findReachable(graph: TemplateGraph, from: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...from];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...(graph.children.get(id) ?? []));
  }
  return reached;
}

/**
 * For each step, the steps that have finished before it on every path: the
 * steps it may read. On a DAG in topological order, a step's guaranteed
 * predecessors are what all its parents share, plus the parents themselves.
 */
export function computeGuaranteedPredecessors(graph: TemplateGraph, order: readonly string[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const id of order) {
    const parents = graph.parents.get(id) ?? [];
    let shared: Set<string> | undefined;
    for (const parent of parents) {
      const through = new Set(result.get(parent) ?? []);
      through.add(parent);
      shared = shared ? new Set([...shared].filter((member) => through.has(member))) : through;
    }
    result.set(id, shared ?? new Set());
  }
  return result;
}
