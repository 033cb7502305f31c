import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors/index.js';
import { hashContent } from '../../domain/shared/canonical-json.js';
import { templateSpecSchema, validateTemplate, type TemplateProblem, type TemplateSpec } from '../../domain/template/index.js';
import { validateAgainst } from '../../domain/shared/json-schema.js';
import { assertCatalogKey, isUuid } from '../../domain/shared/identifiers.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { DbCatalog } from '../runs/db-catalog.js';
import type { ReferenceData } from '../runs/reference-data.js';
import { ProcessTemplate } from './process-template.entity.js';
import { TemplateVersion } from './template-version.entity.js';

export interface TemplateVersionInput {
  name?: string | null;
  description?: string | null;
  spec: unknown;
  changelog?: string | null;
}


export class TemplateService {
  constructor(private readonly db: Database, private readonly referenceData: ReferenceData, private readonly allowedBaseUrls: readonly string[]) {}

  async list(actor: Actor): Promise<ProcessTemplate[]> {
    authorize(actor, 'read', 'Template');
    return this.db.em().find(ProcessTemplate, {}, { populate: ['versions'], orderBy: { key: 'asc' } });
  }

  async get(actor: Actor, key: string): Promise<ProcessTemplate | null> {
    authorize(actor, 'read', 'Template');
    return this.db.em().findOne(ProcessTemplate, { key }, { populate: ['versions'] });
  }

  async getVersion(actor: Actor, id: string): Promise<TemplateVersion> {
    authorize(actor, 'read', 'Template');
    return loadTemplateVersion(this.db.em(), id);
  }

  /** Design-time validation, also run on save and required clean to publish. */
  async validate(actor: Actor, spec: unknown): Promise<TemplateProblem[]> {
    authorize(actor, 'read', 'Template');
    return this.check(this.db.em(), spec);
  }

  /** Saves a draft; problems are stored with it so the builder can show them. Identical content returns the latest version. */
  async createVersion(actor: Actor, key: string, input: TemplateVersionInput): Promise<TemplateVersion> {
    authorize(actor, 'create', 'Template');
    assertCatalogKey(key);
    if (typeof input.spec !== 'object' || input.spec === null || Array.isArray(input.spec)) {
      throw ValidationError.single('/spec', 'type', 'must be a template: { inputSchema, steps, edges }');
    }
    // A malformed template cannot even be drawn on the canvas: refuse it instead of storing it.
    const shape = validateAgainst(templateSpecSchema, input.spec, '/spec');
    if (shape.length > 0) throw new ValidationError(`the template is malformed: ${shape[0]?.path} ${shape[0]?.message}`, shape);
    const em = this.db.em();
    const problems = await this.check(em, input.spec);
    const spec = input.spec as TemplateSpec;
    const contentHash = hashContent(spec);
    return em.transactional(async (tx) => {
      let template = await tx.findOne(ProcessTemplate, { key });
      if (!template) {
        template = tx.create(ProcessTemplate, { key, name: input.name?.trim() || key, description: input.description ?? '' });
        await appendAuditEvent(tx, actor, { action: 'template.created', subjectType: 'ProcessTemplate', subjectId: template.id, after: { key, name: template.name } });
      } else if (input.name || input.description) {
        template.name = input.name?.trim() || template.name;
        template.description = input.description ?? template.description;
      }
      const latest = await tx.findOne(TemplateVersion, { template }, { orderBy: { version: 'desc' } });
      if (latest && latest.contentHash === contentHash) return latest;
      const version = tx.create(TemplateVersion, {
        template, version: (latest?.version ?? 0) + 1, spec, contentHash, problems, authorId: actor.userId, authorLabel: actor.label,
        changelog: input.changelog ?? null,
      });
      await appendAuditEvent(tx, actor, {
        action: 'template_version.created', subjectType: 'TemplateVersion', subjectId: version.id,
        after: { key, version: version.version, contentHash, problems: problems.length },
      });
      return version;
    });
  }

  /** Publishing re-validates: a referenced policy or prompt may have been retired since the draft was saved. */
  async publish(actor: Actor, id: string): Promise<TemplateVersion> {
    authorize(actor, 'publish', 'Template');
    const em = this.db.em();
    const draft = await loadTemplateVersion(em, id);
    const problems = await this.check(em, draft.spec);
    return em.transactional(async (tx) => {
      const version = await loadTemplateVersion(tx, id);
      if (version.status !== 'draft') throw new ConflictError(`version ${version.version} is ${version.status}; only drafts can be published`);
      version.problems = problems;
      if (problems.length > 0) {
        throw new ValidationError(`version ${version.version} has ${problems.length} problem(s): ${problems[0]?.message}`, problems.map((p) => ({ path: p.path, rule: p.rule, message: p.stepId ? `step ${p.stepId}: ${p.message}` : p.message })));
      }
      version.status = 'published';
      version.publishedAt = new Date();
      version.publishedBy = actor.label;
      await appendAuditEvent(tx, actor, {
        action: 'template_version.published', subjectType: 'TemplateVersion', subjectId: version.id,
        before: { status: 'draft' }, after: { status: 'published', key: version.template.key, version: version.version, contentHash: version.contentHash },
      });
      return version;
    });
  }

  async retire(actor: Actor, id: string, reason?: string | null): Promise<TemplateVersion> {
    authorize(actor, 'retire', 'Template');
    return this.db.em().transactional(async (tx) => {
      const version = await loadTemplateVersion(tx, id);
      if (version.status !== 'published') throw new ConflictError(`version ${version.version} is ${version.status}; only published versions can be retired`);
      version.status = 'retired';
      version.retiredAt = new Date();
      await appendAuditEvent(tx, actor, { action: 'template_version.retired', subjectType: 'TemplateVersion', subjectId: version.id, before: { status: 'published' }, after: { status: 'retired' }, reason: reason ?? null });
      return version;
    });
  }

  private check(em: EntityManager, spec: unknown): Promise<TemplateProblem[]> {
    return validateTemplate(spec, new DbCatalog(em, this.referenceData), { allowedBaseUrls: this.allowedBaseUrls });
  }
}

export async function loadTemplateVersion(em: EntityManager, id: string): Promise<TemplateVersion> {
  if (!isUuid(id)) throw new NotFoundError('TemplateVersion', id);
  const version = await em.findOne(TemplateVersion, { id }, { populate: ['template'] });
  if (!version) throw new NotFoundError('TemplateVersion', id);
  return version;
}
