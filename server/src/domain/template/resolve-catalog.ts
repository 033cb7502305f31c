import { describeCatalogRef, formatCatalogRef } from '../engine/steps/step-helpers.js';
import type { CatalogNeed, CatalogView } from '../engine/steps/step-kind.js';
import type { CatalogPort, ResolvedDataset, ResolvedPolicy, ResolvedPrompt } from '../engine/ports.js';
import type { CatalogRef, TemplateProblem } from './template.model.js';

export interface LocatedNeed {
  stepId: string;
  /** Pointer of the step's config inside the template, e.g. /steps/2/config. */
  configPath: string;
  need: CatalogNeed;
}

export interface CatalogResolution {
  view: CatalogView;
  problems: TemplateProblem[];
}

/**
 * Resolves every policy, prompt and dataset the template names, once each,
 * and reports the ones that do not exist or are not published. Unpublished
 * versions still go into the view so the rest of the checks can use their
 * schemas.
 */
export async function resolveCatalog(needs: readonly LocatedNeed[], catalog: CatalogPort): Promise<CatalogResolution> {
  const policies = new Map<string, ResolvedPolicy | undefined>();
  const prompts = new Map<string, ResolvedPrompt | undefined>();
  const datasets = new Map<string, ResolvedDataset | undefined>();
  const problems: TemplateProblem[] = [];
  for (const { stepId, configPath, need } of needs) {
    const path = `${configPath}${need.pointer}`;
    if (need.type === 'dataset') {
      if (!catalog.resolveDataset) continue;
      if (!datasets.has(need.name)) datasets.set(need.name, await catalog.resolveDataset(need.name));
      if (!datasets.get(need.name)) {
        problems.push({ stepId, path, rule: 'dataset-not-found', message: `There is no reference dataset '${need.name}'.` });
      }
      continue;
    }
    if (need.ref.version !== undefined && need.ref.label !== undefined) {
      problems.push({ stepId, path, rule: 'ref-ambiguous', message: `Give either a version or a label for ${need.ref.key}, not both.` });
      continue;
    }
    const key = formatCatalogRef(need.ref);
    const noun = need.type === 'policy' ? 'Policy' : 'Prompt';
    const cache: Map<string, ResolvedPolicy | ResolvedPrompt | undefined> = need.type === 'policy' ? policies : prompts;
    if (!cache.has(key)) {
      cache.set(key, need.type === 'policy' ? await catalog.resolvePolicy(need.ref) : await catalog.resolvePrompt(need.ref));
    }
    const resolved = cache.get(key);
    if (!resolved) {
      problems.push({ stepId, path, rule: `${need.type}-not-found`, message: `${noun} ${describeCatalogRef(need.ref)} does not exist.` });
    } else if (resolved.status !== 'published') {
      problems.push({
        stepId,
        path,
        rule: `${need.type}-not-published`,
        message: `${noun} ${resolved.key} v${resolved.version} is ${resolved.status.replace('_', ' ')}; only published versions can run.`,
      });
    }
  }
  const view: CatalogView = {
    policy: (ref: CatalogRef) => policies.get(formatCatalogRef(ref)),
    prompt: (ref: CatalogRef) => prompts.get(formatCatalogRef(ref)),
    dataset: (name: string) => (catalog.resolveDataset ? datasets.get(name) : 'unchecked'),
  };
  return { view, problems };
}
