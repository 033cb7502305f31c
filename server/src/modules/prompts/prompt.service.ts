import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors/index.js';
import {
  assertPromptSpec, diffPromptSpecs, prepareModelCall, promptVersionHash, reidentify, renderPromptMessages, runPromptTestCases,
  LlmError, type LlmClient, type PromptSpecDiff, type RenderedMessage,
} from '../../domain/prompt/index.js';
import { assertCatalogKey, isUuid } from '../../domain/shared/identifiers.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { PromptLabel } from './prompt-label.entity.js';
import { Prompt } from './prompt.entity.js';
import { PromptVersion, type PromptStatus } from './prompt-version.entity.js';

export interface PromptVersionInput extends Record<string, unknown> {
  name?: string | null;
  description?: string | null;
}

export interface PromptCallResult {
  output: unknown;
  valid: boolean;
  validationErrors: Array<{ path: string; rule: string; message: string }>;
  error: { kind: string; message: string; raw?: string } | null;
  usage: unknown;
  costUsd: number;
  latencyMs: number;
  model: string | null;
  cached: boolean;
  repaired: boolean;
  messages: RenderedMessage[];
}

const LABEL = /^[a-z][a-z0-9_-]{0,39}$/;

export class PromptService {
  constructor(private readonly db: Database, private readonly llm: LlmClient) {}

  async list(actor: Actor): Promise<Prompt[]> {
    authorize(actor, 'read', 'Prompt');
    return this.db.em().find(Prompt, {}, { populate: ['versions', 'labels.version'], orderBy: { key: 'asc' } });
  }

  async get(actor: Actor, key: string): Promise<Prompt | null> {
    authorize(actor, 'read', 'Prompt');
    return this.db.em().findOne(Prompt, { key }, { populate: ['versions', 'labels.version'] });
  }

  async getVersion(actor: Actor, id: string): Promise<PromptVersion> {
    authorize(actor, 'read', 'Prompt');
    return loadVersion(this.db.em(), id);
  }

  /** Saves a draft. Unlike policies, a prompt with template syntax errors is refused: it could not even be previewed. */
  async createVersion(actor: Actor, key: string, input: PromptVersionInput): Promise<PromptVersion> {
    authorize(actor, 'create', 'Prompt');
    assertCatalogKey(key);
    const { name, description, parameters, ...content } = input;
    const spec = { ...withoutNulls(content), parameters: withoutNulls(asRecord(parameters)) };
    assertPromptSpec(spec);
    const contentHash = promptVersionHash(spec);
    return this.db.em().transactional(async (tx) => {
      let prompt = await tx.findOne(Prompt, { key });
      if (!prompt) {
        prompt = tx.create(Prompt, { key, name: name?.trim() || key, description: description ?? '' });
        await appendAuditEvent(tx, actor, { action: 'prompt.created', subjectType: 'Prompt', subjectId: prompt.id, after: { key, name: prompt.name } });
      } else if (name || description) {
        prompt.name = name?.trim() || prompt.name;
        prompt.description = description ?? prompt.description;
      }
      const latest = await tx.findOne(PromptVersion, { prompt }, { orderBy: { version: 'desc' } });
      if (latest && latest.contentHash === contentHash) return latest;
      const version = tx.create(PromptVersion, {
        prompt, version: (latest?.version ?? 0) + 1, spec, contentHash, authorId: actor.userId, authorLabel: actor.label,
      });
      await appendAuditEvent(tx, actor, {
        action: 'prompt_version.created', subjectType: 'PromptVersion', subjectId: version.id,
        after: { key, version: version.version, contentHash, model: spec.model ?? null, changelog: spec.changelog ?? null },
      });
      return version;
    });
  }

  async submit(actor: Actor, id: string): Promise<PromptVersion> {
    authorize(actor, 'submit', 'Prompt');
    return this.transition(actor, id, ['draft'], 'in_review', 'prompt_version.submitted', (v) => {
      v.submittedAt = new Date();
    });
  }

  /** Four eyes: a compliance user (or admin) who did not write the version approves it. */
  async approve(actor: Actor, id: string, note?: string | null): Promise<PromptVersion> {
    authorize(actor, 'approve', 'Prompt');
    return this.transition(actor, id, ['in_review'], 'approved', 'prompt_version.approved', (v) => {
      assertNotAuthor(actor, v);
      Object.assign(v, { reviewerId: actor.userId, reviewerLabel: actor.label, reviewedAt: new Date(), reviewNote: note ?? null });
    }, note);
  }

  async reject(actor: Actor, id: string, note: string): Promise<PromptVersion> {
    authorize(actor, 'approve', 'Prompt');
    if (!note.trim()) throw ValidationError.single('/note', 'required', 'a rejection needs a note saying what to change');
    return this.transition(actor, id, ['in_review'], 'draft', 'prompt_version.rejected', (v) => {
      assertNotAuthor(actor, v);
      Object.assign(v, { reviewerId: actor.userId, reviewerLabel: actor.label, reviewedAt: new Date(), reviewNote: note });
    }, note);
  }

  async publish(actor: Actor, id: string): Promise<PromptVersion> {
    authorize(actor, 'publish', 'Prompt');
    return this.transition(actor, id, ['approved'], 'published', 'prompt_version.published', (v) => {
      v.publishedAt = new Date();
    });
  }

  async retire(actor: Actor, id: string, reason?: string | null): Promise<PromptVersion> {
    authorize(actor, 'retire', 'Prompt');
    return this.db.em().transactional(async (tx) => {
      const labelled = await tx.count(PromptLabel, { version: id });
      if (labelled > 0) throw new ConflictError('this version still carries a label; move the label first');
      return this.transitionIn(tx, actor, id, ['published'], 'retired', 'prompt_version.retired', (v) => {
        v.retiredAt = new Date();
      }, reason);
    });
  }

  /** Moves a label; `production` additionally needs a passing test report of that exact version. */
  async setLabel(actor: Actor, key: string, label: string, versionId: string, reason?: string | null): Promise<Prompt> {
    authorize(actor, 'label', 'Prompt');
    if (!LABEL.test(label)) throw ValidationError.single('/label', 'pattern', 'must be 1–40 lowercase letters, digits, _ or -');
    return this.db.em().transactional(async (tx) => {
      const prompt = await tx.findOne(Prompt, { key });
      if (!prompt) throw new NotFoundError('Prompt', key);
      const version = await loadVersion(tx, versionId);
      if (version.prompt.id !== prompt.id) throw ValidationError.single('/versionId', 'same-prompt', `version belongs to prompt ${version.prompt.key}, not ${key}`);
      if (version.status !== 'published') throw new ConflictError(`only published versions can carry labels; version ${version.version} is ${version.status}`);
      if (label === 'production' && !version.lastTestReport?.passed) {
        throw new ConflictError(`version ${version.version} needs a passing runPromptTests report before it can be labelled production`);
      }
      const existing = await tx.findOne(PromptLabel, { prompt, label }, { populate: ['version'] });
      const from = existing ? { versionId: existing.version.id, version: existing.version.version } : null;
      if (existing) {
        existing.version = version;
        existing.movedBy = actor.label;
        existing.movedAt = new Date();
      } else {
        tx.create(PromptLabel, { prompt, label, version, movedBy: actor.label });
      }
      await appendAuditEvent(tx, actor, {
        action: 'prompt.label_moved', subjectType: 'Prompt', subjectId: prompt.id,
        before: { label, ...from }, after: { label, versionId: version.id, version: version.version }, reason: reason ?? null,
      });
      await tx.flush();
      await tx.populate(prompt, ['versions', 'labels.version'], { refresh: true });
      return prompt;
    });
  }

  async diff(actor: Actor, fromId: string, toId: string): Promise<PromptSpecDiff> {
    authorize(actor, 'read', 'Prompt');
    const em = this.db.em();
    const [from, to] = await Promise.all([loadVersion(em, fromId), loadVersion(em, toId)]);
    return diffPromptSpecs(from.spec, to.spec);
  }

  async render(actor: Actor, versionId: string, variables: unknown): Promise<RenderedMessage[]> {
    authorize(actor, 'read', 'Prompt');
    const version = await loadVersion(this.db.em(), versionId);
    return renderPromptMessages(version.spec, asVariables(variables));
  }

  /** One model call for the builder's "try it": failures come back as data, not errors. */
  async testVersion(actor: Actor, versionId: string, variables: unknown): Promise<PromptCallResult> {
    authorize(actor, 'test', 'Prompt');
    const version = await loadVersion(this.db.em(), versionId);
    const { messages, pseudonyms } = prepareModelCall(version.spec, asVariables(variables));
    const started = performance.now();
    try {
      const result = await this.llm.complete(requestFor(version, messages));
      return {
        output: reidentify(result.output, pseudonyms), valid: true, validationErrors: result.validationErrors, error: null, usage: result.usage,
        costUsd: result.costUsd, latencyMs: result.latencyMs, model: result.model, cached: result.cached, repaired: result.repaired, messages,
      };
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      return {
        output: null, valid: false, validationErrors: error.validationErrors,
        error: { kind: error.kind, message: error.message, ...(error.raw ? { raw: error.raw } : {}) },
        usage: error.usage ?? null, costUsd: error.costUsd, latencyMs: Math.round(performance.now() - started), model: null,
        cached: false, repaired: false, messages,
      };
    }
  }

  /** Runs every test case and keeps the report on the version: the evidence production labels require. */
  async runTests(actor: Actor, versionId: string): Promise<PromptVersion> {
    authorize(actor, 'test', 'Prompt');
    const em = this.db.em();
    const version = await loadVersion(em, versionId);
    const report = await runPromptTestCases(version.spec, { llm: this.llm, promptKey: version.prompt.key });
    return em.transactional(async (tx) => {
      const fresh = await loadVersion(tx, versionId);
      const passed = report.failed === 0 && report.passed > 0;
      fresh.lastTestReport = { passed, passedCount: report.passed, failedCount: report.failed, at: new Date().toISOString(), by: actor.label, results: report.results };
      await appendAuditEvent(tx, actor, {
        action: 'prompt_version.tested', subjectType: 'PromptVersion', subjectId: fresh.id,
        after: { passed, passedCount: report.passed, failedCount: report.failed },
      });
      return fresh;
    });
  }

  private async transition(
    actor: Actor, id: string, from: PromptStatus[], to: PromptStatus, action: string,
    apply: (version: PromptVersion) => void, reason?: string | null,
  ): Promise<PromptVersion> {
    return this.db.em().transactional((tx) => this.transitionIn(tx, actor, id, from, to, action, apply, reason));
  }

  private async transitionIn(
    tx: EntityManager, actor: Actor, id: string, from: PromptStatus[], to: PromptStatus, action: string,
    apply: (version: PromptVersion) => void, reason?: string | null,
  ): Promise<PromptVersion> {
    const version = await loadVersion(tx, id);
    if (!from.includes(version.status)) {
      throw new ConflictError(`version ${version.version} is ${version.status}; this needs ${from.join(' or ')}`, { status: version.status });
    }
    const before = version.status;
    apply(version);
    version.status = to;
    await appendAuditEvent(tx, actor, {
      action, subjectType: 'PromptVersion', subjectId: version.id,
      before: { status: before }, after: { status: to, key: version.prompt.key, version: version.version, contentHash: version.contentHash },
      reason: reason ?? null,
    });
    return version;
  }
}

export function requestFor(version: PromptVersion, messages: RenderedMessage[]) {
  return {
    messages,
    ...(version.spec.model ? { model: version.spec.model } : {}),
    parameters: version.spec.parameters,
    outputSchema: version.spec.outputSchema,
    versionHash: version.contentHash,
    promptKey: version.prompt.key,
  };
}

export async function loadVersion(em: EntityManager, id: string): Promise<PromptVersion> {
  if (!isUuid(id)) throw new NotFoundError('PromptVersion', id);
  const version = await em.findOne(PromptVersion, { id }, { populate: ['prompt'] });
  if (!version) throw new NotFoundError('PromptVersion', id);
  return version;
}

function assertNotAuthor(actor: Actor, version: PromptVersion): void {
  if (version.authorId && version.authorId === actor.userId) {
    throw new ConflictError('separation of duties: the author of a prompt version cannot review it', { rule: 'four-eyes' });
  }
}

function asVariables(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ValidationError.single('/variables', 'type', 'must be an object of template variables');
  }
  return value as Record<string, unknown>;
}

/** GraphQL sends absent optional fields as null; the spec schema wants them absent. */
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

function withoutNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}
