import { collectVarPaths, type VarPath } from '../engine/logic/collect-var-paths.js';
import { inferMappingSchema } from '../engine/logic/infer-logic-type.js';
import { splitVarPath } from '../engine/logic/logic-operations.js';
import type { PolicyPort } from '../engine/ports.js';
import { findStepKind } from '../engine/steps/index.js';
import type { CatalogView, CheckContext } from '../engine/steps/step-kind.js';
import { computeGuaranteedPredecessors, type TemplateGraph } from './template-graph.js';
import { resolveSchemaPath } from './schema-paths.js';
import { describeStep, isBranchCondition, type JsonSchema, type TemplateProblem, type TemplateSpec } from './template.model.js';

export interface DataFlowInput {
  spec: TemplateSpec;
  graph: TemplateGraph;
  order: readonly string[];
  /** Indexes of steps whose config passed its kind's schema; the others are not analysed further. */
  validSteps: ReadonlySet<number>;
  catalog: CatalogView;
  allowedBaseUrls: readonly string[];
  policyVars: Pick<PolicyPort, 'collectVarPaths'>;
}

type PathResolution = { kind: 'found'; schema: JsonSchema } | { kind: 'unknown' } | { kind: 'problem'; rule: string; message: string };

/**
 * Follows data through the template in execution order: every path a step
 * reads must exist in the input schema or in the inferred output of a step
 * that has always run before it, and kind checks see the types involved.
 */
export function checkDataFlow(input: DataFlowInput): TemplateProblem[] {
  const { spec, graph, order } = input;
  const problems: TemplateProblem[] = [];
  const indexOf = new Map(spec.steps.map((step, index) => [step.id, index]));
  const guaranteed = computeGuaranteedPredecessors(graph, order);
  const outputs = new Map<string, JsonSchema>();

  const resolvePath = (path: string, readable: ReadonlySet<string>, reader: string): PathResolution => {
    const [root, ...rest] = splitVarPath(path);
    if (root === undefined) return { kind: 'unknown' };
    if (root === 'input') return toResolution(resolveSchemaPath(spec.inputSchema, rest), 'The run input', rest);
    if (root !== 'steps') {
      return { kind: 'problem', rule: 'unknown-root', message: `'${path}' must start with input. or steps.<id>.` };
    }
    const [stepId, ...fields] = rest;
    if (stepId === undefined) return { kind: 'unknown' };
    const index = indexOf.get(stepId);
    if (index === undefined) return { kind: 'problem', rule: 'unknown-step-ref', message: `'${path}' names step '${stepId}', which does not exist.` };
    const source = spec.steps[index] as TemplateSpec['steps'][number];
    if (!readable.has(stepId)) {
      return {
        kind: 'problem',
        rule: 'not-upstream',
        message: `${reader} reads ${describeStep(source)}, which does not always run before it; only steps on every path leading here can be read.`,
      };
    }
    return toResolution(resolveSchemaPath(outputs.get(stepId) ?? {}, fields), `The output of ${describeStep(source)}`, fields);
  };

  const checkReferences = (refs: readonly VarPath[], basePath: string, readable: ReadonlySet<string>, reader: string, stepId?: string): void => {
    for (const ref of refs) {
      const resolution = resolvePath(ref.path, readable, reader);
      if (resolution.kind === 'problem') {
        problems.push({ ...(stepId ? { stepId } : {}), path: `${basePath}${ref.pointer}`, rule: resolution.rule, message: resolution.message });
      }
    }
  };

  for (const id of order) {
    const index = indexOf.get(id) as number;
    const step = spec.steps[index] as TemplateSpec['steps'][number];
    const kind = findStepKind(step.kind);
    if (!kind || !input.validSteps.has(index)) {
      outputs.set(id, {});
      continue;
    }
    const readable = guaranteed.get(id) ?? new Set<string>();
    const configPath = `/steps/${index}/config`;
    const schemaAt = (path: string): JsonSchema | undefined => {
      const resolution = resolvePath(path, readable, describeStep(step));
      return resolution.kind === 'found' ? resolution.schema : undefined;
    };
    const schemaOf = (mapping: unknown): JsonSchema | undefined => inferMappingSchema(mapping, schemaAt);
    checkReferences(kind.collectReferences(step.config), configPath, readable, `Step ${describeStep(step)}`, id);
    const ctx: CheckContext = {
      catalog: input.catalog,
      schemaOf,
      schemaAt,
      step,
      allowedBaseUrls: input.allowedBaseUrls,
      collectPolicyVarPaths: (logic) => input.policyVars.collectVarPaths(logic),
    };
    for (const problem of kind.checkConfig(step.config, ctx)) {
      problems.push({ stepId: id, path: `${configPath}${problem.path}`, rule: problem.rule, message: problem.message });
    }
    outputs.set(id, kind.inferOutputSchema(step.config, ctx));
  }

  spec.edges.forEach((edge, index) => {
    if (edge.condition === undefined || isBranchCondition(edge.condition) || !indexOf.has(edge.from)) return;
    const readable = new Set(guaranteed.get(edge.from) ?? []);
    readable.add(edge.from);
    checkReferences(collectVarPaths(edge.condition, ''), `/edges/${index}/condition`, readable, `The condition on edge '${edge.id}'`);
  });
  return problems;
}

function toResolution(lookup: ReturnType<typeof resolveSchemaPath>, owner: string, segments: readonly string[]): PathResolution {
  if (lookup.kind === 'found') return { kind: 'found', schema: lookup.schema };
  if (lookup.kind === 'unknown') return { kind: 'unknown' };
  const missing = segments.slice(0, lookup.depth + 1).join('.');
  const known = lookup.available.length > 0 ? ` Known fields: ${lookup.available.join(', ')}.` : '';
  return { kind: 'problem', rule: 'unknown-field', message: `${owner} has no field '${missing}'.${known}` };
}
