import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogPort, ResolvedDataset, ResolvedPolicy, ResolvedPrompt } from '../../domain/engine/index.js';
import { listTemplateVariables } from '../../domain/prompt/index.js';
import type { CatalogRef } from '../../domain/template/index.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { PromptLabel } from '../prompts/prompt-label.entity.js';
import { PromptVersion } from '../prompts/prompt-version.entity.js';
import type { ReferenceData } from './reference-data.js';

// Versions are immutable: the variables their templates read (a Liquid parse) are worked out once.
const variablesByVersion = new Map<string, string[]>();

function variablesOf(version: PromptVersion): string[] {
  let variables = variablesByVersion.get(version.id);
  if (!variables) {
    variables = listTemplateVariables(version.spec);
    variablesByVersion.set(version.id, variables);
  }
  return variables;
}

/**
 * Resolves template references against the database. Prompts have real
 * labels; policies have one implicit label, `production`, meaning their
 * newest published version (a policy is approved by publishing it).
 */
export class DbCatalog implements CatalogPort {
  constructor(private readonly em: EntityManager, private readonly referenceData?: ReferenceData) {}

  async resolvePolicy(ref: CatalogRef): Promise<ResolvedPolicy | undefined> {
    const version = ref.version !== undefined
      ? await this.em.findOne(PolicyVersion, { policy: { key: ref.key }, version: ref.version }, { populate: ['policy'] })
      : ref.label !== undefined && ref.label !== 'production'
        ? null
        : await this.em.findOne(PolicyVersion, { policy: { key: ref.key }, status: 'published' }, { orderBy: { version: 'desc' }, populate: ['policy'] });
    if (!version) return undefined;
    return {
      id: version.id, key: ref.key, version: version.version, status: version.status, logic: version.logic,
      ...(version.inputSchema ? { inputSchema: version.inputSchema } : {}),
    };
  }

  async resolvePrompt(ref: CatalogRef): Promise<ResolvedPrompt | undefined> {
    let version: PromptVersion | null;
    if (ref.version !== undefined) {
      version = await this.em.findOne(PromptVersion, { prompt: { key: ref.key }, version: ref.version }, { populate: ['prompt'] });
    } else if (ref.label !== undefined) {
      const label = await this.em.findOne(PromptLabel, { prompt: { key: ref.key }, label: ref.label }, { populate: ['version.prompt'] });
      version = label?.version ?? null;
    } else {
      version = await this.em.findOne(PromptVersion, { prompt: { key: ref.key }, status: 'published' }, { orderBy: { version: 'desc' }, populate: ['prompt'] });
    }
    if (!version) return undefined;
    return {
      id: version.id, key: ref.key, version: version.version, status: version.status, outputSchema: version.spec.outputSchema,
      variables: variablesOf(version), versionHash: version.contentHash,
      ...(version.spec.inputSchema ? { inputSchema: version.spec.inputSchema } : {}),
    };
  }

  resolveDataset(name: string): ResolvedDataset | undefined {
    return this.referenceData?.describe(name);
  }
}
