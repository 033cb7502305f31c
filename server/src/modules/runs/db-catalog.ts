import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogPort, ResolvedDataset, ResolvedPolicy, ResolvedPrompt } from '../../domain/engine/index.js';
import { listTemplateVariables } from '../../domain/prompt/index.js';
import type { CatalogRef } from '../../domain/template/index.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { PromptVersion } from '../prompts/prompt-version.entity.js';
import type { ReferenceData } from './reference-data.js';
import { loadOnce } from '../../domain/shared/load-once.js';
import { rawQuery } from '../../infra/db/raw-sql.js';

interface VersionRow {
  id: string;
  version: number;
  status: string;
}

/**
 * A version's content never changes once saved (an edit is a new version), so
 * each is loaded and prepared once per process; only which version a key or
 * label points at, and its status, are read fresh for every run.
 */
const policies = new Map<string, Promise<Omit<ResolvedPolicy, 'status'>>>();
const prompts = new Map<string, Promise<Omit<ResolvedPrompt, 'status'>>>();

/**
 * Resolves template references against the database. Prompts have real
 * labels; policies have one implicit label, `production`, meaning their
 * newest published version (a policy is approved by publishing it).
 */
export class DbCatalog implements CatalogPort {
  constructor(private readonly em: EntityManager, private readonly referenceData?: ReferenceData) {}

  async resolvePolicy(ref: CatalogRef): Promise<ResolvedPolicy | undefined> {
    const select = 'select v.id, v.version, v.status from policy_versions v join policies p on p.id = v.policy_id where p.key = ?';
    const row = ref.version !== undefined
      ? await this.first(`${select} and v.version = ?`, [ref.key, ref.version])
      : ref.label !== undefined && ref.label !== 'production'
        ? undefined
        : await this.first(`${select} and v.status = 'published' order by v.version desc limit 1`, [ref.key]);
    if (!row) return undefined;
    const content = await loadOnce(policies, row.id, async () => {
      const version = await this.em.findOneOrFail(PolicyVersion, { id: row.id }, { disableIdentityMap: true });
      return { id: version.id, key: ref.key, version: version.version, logic: version.logic, ...(version.inputSchema ? { inputSchema: version.inputSchema } : {}) };
    });
    return { ...content, status: row.status as ResolvedPolicy['status'] };
  }

  async resolvePrompt(ref: CatalogRef): Promise<ResolvedPrompt | undefined> {
    const select = 'select v.id, v.version, v.status from prompt_versions v join prompts p on p.id = v.prompt_id';
    const row = ref.version !== undefined
      ? await this.first(`${select} where p.key = ? and v.version = ?`, [ref.key, ref.version])
      : ref.label !== undefined
        ? await this.first(`${select} join prompt_labels l on l.version_id = v.id where p.key = ? and l.label = ?`, [ref.key, ref.label])
        : await this.first(`${select} where p.key = ? and v.status = 'published' order by v.version desc limit 1`, [ref.key]);
    if (!row) return undefined;
    const content = await loadOnce(prompts, row.id, async () => {
      const version = await this.em.findOneOrFail(PromptVersion, { id: row.id }, { disableIdentityMap: true });
      return {
        id: version.id, key: ref.key, version: version.version, outputSchema: version.spec.outputSchema,
        // The variables a version's templates read (a Liquid parse) are worked out once with it.
        variables: listTemplateVariables(version.spec), versionHash: version.contentHash,
        ...(version.spec.inputSchema ? { inputSchema: version.spec.inputSchema } : {}),
      };
    });
    return { ...content, status: row.status as ResolvedPrompt['status'] };
  }

  private async first(sql: string, params: unknown[]): Promise<VersionRow | undefined> {
    return (await rawQuery<VersionRow>(this.em, sql, params))[0];
  }

  resolveDataset(name: string): ResolvedDataset | undefined {
    return this.referenceData?.describe(name);
  }
}
