import { ValidationError, type FieldProblem } from '../../errors/index.js';
import type { CatalogRef, TemplateSpec } from '../../template/template.model.js';
import type { CatalogPort } from '../ports.js';
import { describeCatalogRef, formatCatalogRef } from '../steps/step-helpers.js';
import type { RunReferences } from '../steps/step-kind.js';
import { prepareTemplate } from './prepare-template.js';

/**
 * Pins the exact policy and prompt versions a run will use. Labels move;
 * a run must not, so this is called once at start and its result stored
 * with the run. Throws when a reference is missing or not published.
 */
export async function resolveRunReferences(spec: TemplateSpec, catalog: CatalogPort): Promise<RunReferences> {
  const { kinds } = prepareTemplate(spec);
  const references: RunReferences = { policies: {}, prompts: {} };
  const problems: FieldProblem[] = [];
  for (const [index, step] of spec.steps.entries()) {
    for (const need of kinds.get(step.id)?.collectCatalogNeeds(step.config) ?? []) {
      const path = `/steps/${index}/config${need.pointer}`;
      if (need.type === 'policy') {
        const key = formatCatalogRef(need.ref);
        if (references.policies[key]) continue;
        const resolved = await catalog.resolvePolicy(need.ref);
        const problem = checkPublished('policy', need.ref, resolved, path);
        if (problem) problems.push(problem);
        else if (resolved) references.policies[key] = resolved;
      } else if (need.type === 'prompt') {
        const key = formatCatalogRef(need.ref);
        if (references.prompts[key]) continue;
        const resolved = await catalog.resolvePrompt(need.ref);
        const problem = checkPublished('prompt', need.ref, resolved, path);
        if (problem) problems.push(problem);
        else if (resolved) references.prompts[key] = resolved;
      }
    }
  }
  if (problems.length > 0) throw new ValidationError(`the template cannot run: ${problems.map((problem) => problem.message).join('; ')}`, problems);
  return references;
}

function checkPublished(
  noun: 'policy' | 'prompt',
  ref: CatalogRef,
  resolved: { key: string; version: number; status: string } | undefined,
  path: string,
): FieldProblem | undefined {
  if (!resolved) return { path, rule: `${noun}-not-found`, message: `${noun} ${describeCatalogRef(ref)} does not exist` };
  if (resolved.status !== 'published') {
    return { path, rule: `${noun}-not-published`, message: `${noun} ${resolved.key} v${resolved.version} is ${resolved.status}` };
  }
  return undefined;
}
