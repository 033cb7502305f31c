import { validateAgainst } from '../shared/json-schema.js';
import { collectVarPaths } from '../engine/logic/collect-var-paths.js';
import type { CatalogPort, PolicyPort } from '../engine/ports.js';
import { findStepKind, listStepKinds } from '../engine/steps/index.js';
import { checkUserSchema } from '../engine/user-schemas.js';
import { checkDataFlow } from './check-data-flow.js';
import { checkGraph } from './check-graph.js';
import { resolveCatalog, type LocatedNeed } from './resolve-catalog.js';
import { scanForSecrets } from './scan-secrets.js';
import { templateSpecSchema } from './template-spec.schema.js';
import type { TemplateProblem, TemplateSpec } from './template.model.js';

export interface ValidateTemplateOptions {
  /** Base URLs http steps may call; anything else is reported. */
  allowedBaseUrls: readonly string[];
  /** How to read the data paths a policy's logic uses; the engine's own collector when absent. */
  policyVars?: Pick<PolicyPort, 'collectVarPaths'>;
}

/**
 * Every problem that would stop a template from running as its author means
 * it, each located by a JSON pointer into the template. An empty list means
 * the template can be published. The catalog is asked once per distinct ref.
 */
export async function validateTemplate(spec: unknown, catalog: CatalogPort, options: ValidateTemplateOptions): Promise<TemplateProblem[]> {
  const shapeProblems = validateAgainst(templateSpecSchema, spec);
  if (shapeProblems.length > 0) return shapeProblems.map((problem) => attachStepId(problem, spec));
  const template = spec as TemplateSpec;

  const problems: TemplateProblem[] = [...checkUserSchema(template.inputSchema, '/inputSchema')];
  if (template.inputSchema.type !== 'object') {
    problems.push({ path: '/inputSchema/type', rule: 'input-schema-type', message: 'The run input must be an object: set "type": "object".' });
  }

  const graphReport = checkGraph(template);
  problems.push(...graphReport.problems);

  const validSteps = new Set<number>();
  const needs: LocatedNeed[] = [];
  template.steps.forEach((step, index) => {
    const kind = findStepKind(step.kind);
    if (!kind) {
      const known = listStepKinds().map((spec) => spec.kind).join(', ');
      problems.push({ stepId: step.id, path: `/steps/${index}/kind`, rule: 'unknown-kind', message: `'${step.kind}' is not a step kind; use one of ${known}.` });
      return;
    }
    const configPath = `/steps/${index}/config`;
    const configProblems = validateAgainst(kind.configSchema, step.config, configPath);
    problems.push(...configProblems.map((problem) => ({ stepId: step.id, ...problem })));
    if (configProblems.length > 0) return;
    validSteps.add(index);
    for (const need of kind.collectCatalogNeeds(step.config)) needs.push({ stepId: step.id, configPath, need });
  });

  const resolution = await resolveCatalog(needs, catalog);
  problems.push(...resolution.problems);

  // Data flow follows the paths from the one start; on a broken graph it would only repeat the graph problems.
  const hasDuplicateIds = graphReport.problems.some((problem) => problem.rule === 'duplicate-step-id');
  if (graphReport.order && !hasDuplicateIds && graphReport.graph.starts.length === 1) {
    problems.push(
      ...checkDataFlow({
        spec: template,
        graph: graphReport.graph,
        order: graphReport.order,
        validSteps,
        catalog: resolution.view,
        allowedBaseUrls: options.allowedBaseUrls,
        policyVars: options.policyVars ?? { collectVarPaths: (logic) => collectVarPaths(logic) },
      }),
    );
  }
  problems.push(...scanForSecrets(template));
  return dedupe(problems);
}

/** Problems inside /steps/<n> name their step, so the builder can highlight it. */
function attachStepId(problem: TemplateProblem, spec: unknown): TemplateProblem {
  const match = /^\/steps\/(\d+)(?:\/|$)/.exec(problem.path);
  const steps = (spec as { steps?: unknown } | null)?.steps;
  if (!match || !Array.isArray(steps)) return problem;
  const id = (steps[Number(match[1])] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? { stepId: id, ...problem } : problem;
}

/** Two checks may notice the same thing (a credential header is both a header rule and a secret pattern). */
function dedupe(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
