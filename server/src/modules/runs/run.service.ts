import { randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import {
  createRunState, parsePointer, readPointer, resolveRunReferences, validateRunInput, type ReviewDecision, type RunMode, type RunReferences,
} from '../../domain/engine/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors/index.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent, type AuditEntry } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { isUuid } from '../../domain/shared/identifiers.js';
import { resolveSchemaPath, type TemplateSpec } from '../../domain/template/index.js';
import { loadTemplateVersion } from '../templates/template.service.js';
import type { TemplateVersion } from '../templates/template-version.entity.js';
import { DbCatalog } from './db-catalog.js';
import type { ReferenceData } from './reference-data.js';
import { ReviewTask, type ReviewTaskStatus } from './review-task.entity.js';
import { isUniqueViolation, NeedsLockedPath, type RunEngine, type TransitionWrites } from './run-engine.js';
import { Run } from './run.entity.js';
import { insertRunStatement, revisionOf, type NewRun, type RunRecord, type StepRunRow } from './run-store.js';
import { StepRun } from './step-run.entity.js';
import { PiiView, runContextSchema } from './run-pii.js';
import { validateAgainst } from '../../domain/shared/json-schema.js';
import { hashContent } from '../../domain/shared/canonical-json.js';
import { loadOnce } from '../../domain/shared/load-once.js';
import { runInOneTrip } from '../../infra/db/one-trip.js';
import { hasSqlState, rawQuery, runStatement, type Statement } from '../../infra/db/raw-sql.js';

export interface StartRunInput {
  templateKey: string;
  input: unknown;
  idempotencyKey?: string | null;
  mode?: RunMode | null;
  /** Test runs may name a draft version; live runs use the newest published one. */
  versionId?: string | null;
}

export interface RunFilter {
  templateKey?: string | null;
  status?: string | null;
  mode?: string | null;
}

export interface RunPage {
  runs: Run[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

const MAX_PAGE = 100;

export class RunService {
  private readonly published = new Map<string, Promise<TemplateVersion>>();
  /**
   * Per template key, the published version and catalog generation the last
   * start read. The next start uses them without reading them again, and its
   * transaction checks they are still current (docket_expect_published);
   * when they are not, it is rolled back and the start reads them afresh.
   */
  private readonly recentPicks = new Map<string, { version: TemplateVersion; generation: string; check: Statement }>();
  /** Per published template version: its references and the catalog generation they were resolved at. */
  private readonly resolved = new Map<string, { generation: string; references: Promise<RunReferences> }>();

  constructor(
    private readonly db: Database,
    private readonly engine: RunEngine,
    private readonly referenceData: ReferenceData,
    private readonly logger: Logger,
  ) {}

  /**
   * Validates the input, pins the exact policy and prompt versions, stores
   * the run and enqueues its first step in one transaction. The same
   * idempotency key for the same template returns the run it created first.
   */
  async start(actor: Actor, request: StartRunInput): Promise<Run> {
    authorize(actor, 'start', 'Run');
    const mode = request.mode ?? 'live';
    if (mode === 'shadow') throw ValidationError.single('/mode', 'enum', 'shadow runs replay a live run: use startShadowRun');
    const idempotencyKey = request.idempotencyKey?.trim() || null;
    if (idempotencyKey && idempotencyKey.length > 200) throw ValidationError.single('/idempotencyKey', 'maxLength', 'must be at most 200 characters');
    const em = this.db.em();
    if (idempotencyKey) {
      const existing = await em.findOne(Run, { templateKey: request.templateKey, idempotencyKey }, { populate: ['templateVersion.template'] });
      if (existing) return existing;
    }
    try {
      const recent = request.versionId ? undefined : this.recentPicks.get(request.templateKey);
      if (recent) {
        try {
          // The pick of the previous start, checked in the same transaction that stores the run.
          return await this.create(actor, recent.version, request.input, mode, idempotencyKey, null, recent.generation, recent.check);
        } catch (error) {
          if (!isPickOutdated(error)) throw error;
          this.recentPicks.delete(request.templateKey);
        }
      }
      const { version, generation } = await this.pickVersion(em, actor, request.templateKey, mode, request.versionId);
      return await this.create(actor, version, request.input, mode, idempotencyKey, null, generation);
    } catch (error) {
      // Two requests with one idempotency key raced: the loser answers with the winner's run.
      if (idempotencyKey && isUniqueViolation(error)) {
        return this.db.em().findOneOrFail(Run, { templateKey: request.templateKey, idempotencyKey }, { populate: ['templateVersion.template'] });
      }
      throw error;
    }
  }

  /** Replays a live run's input through another (usually draft) version, with no HTTP calls and no review tasks. */
  async startShadow(actor: Actor, templateVersionId: string, sourceRunId: string): Promise<Run> {
    authorize(actor, 'start', 'Run');
    authorize(actor, 'test', 'Template');
    const em = this.db.em();
    const [version, source] = await Promise.all([loadTemplateVersion(em, templateVersionId), this.load(em, sourceRunId)]);
    if (source.mode !== 'live') throw ValidationError.single('/runId', 'live-run', 'shadow runs replay live runs');
    if (version.template.key !== source.templateKey) throw ValidationError.single('/templateVersionId', 'same-template', 'the version must belong to the run\'s template');
    return this.create(actor, version, source.input, 'shadow', null, source.id);
  }

  async get(actor: Actor, id: string): Promise<Run | null> {
    authorize(actor, 'read', 'Run');
    if (!isUuid(id)) return null;
    return this.db.em().findOne(Run, { id }, { populate: ['templateVersion.template'] });
  }

  async steps(actor: Actor, runId: string): Promise<StepRun[]> {
    authorize(actor, 'read', 'Run');
    return this.db.em().find(StepRun, { run: runId }, { orderBy: { startedAt: 'asc', attempt: 'asc' } });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(actor: Actor, filter: RunFilter = {}, first = 20, after?: string | null): Promise<RunPage> {
    authorize(actor, 'read', 'Run');
    if (first < 1 || first > MAX_PAGE) throw ValidationError.single('/first', 'range', `must be between 1 and ${MAX_PAGE}`);
    const where: FilterQuery<Run> = {};
    if (filter.templateKey) where.templateKey = filter.templateKey;
    if (filter.status) where.status = filter.status as Run['status'];
    if (filter.mode) where.mode = filter.mode as RunMode;
    const em = this.db.em();
    const totalCount = await em.count(Run, where);
    const cursor = after ? decodeCursor(after) : null;
    const page = cursor
      ? { ...where, $or: [{ createdAt: { $lt: cursor.at } }, { createdAt: cursor.at, id: { $lt: cursor.id } }] }
      : where;
    const rows = await em.find(Run, page, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1, populate: ['templateVersion.template'] });
    const runs = rows.slice(0, first);
    const last = runs.at(-1);
    return { runs, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last) : null, totalCount };
  }

  async cancel(actor: Actor, id: string, reason?: string | null): Promise<Run> {
    authorize(actor, 'cancel', 'Run');
    await this.load(this.db.em(), id);
    await this.engine.apply(id, { type: 'cancelRequested', ...(reason ? { reason } : {}) }, actor, undefined, (tx, run) =>
      auditRun(tx, actor, 'run.cancelled', run, { reason: reason ?? null }));
    return this.load(this.db.em(), id);
  }

  /** Starts again from the failed step; steps that succeeded keep their results. */
  async retry(actor: Actor, id: string): Promise<Run> {
    authorize(actor, 'retry', 'Run');
    const before = await this.load(this.db.em(), id);
    if (before.status !== 'failed') throw new ConflictError(`run is ${before.status}; only failed runs can be retried`);
    await this.engine.apply(id, { type: 'retryRequested' }, actor, undefined, (tx, run) => auditRun(tx, actor, 'run.retried', run, {}));
    return this.load(this.db.em(), id);
  }

  async reviewTasks(actor: Actor, status: ReviewTaskStatus | null = 'open'): Promise<ReviewTask[]> {
    authorize(actor, 'read', 'ReviewTask');
    const where: FilterQuery<ReviewTask> = status ? { status } : {};
    if (!seesEveryTask(actor)) where.role = { $in: actor.roles };
    return this.db.em().find(ReviewTask, where, { orderBy: { dueAt: 'asc' }, populate: ['run.templateVersion'], limit: 500 });
  }

  async decideReviewTask(
    actor: Actor, id: string, decision: ReviewDecision, edits: unknown, comment?: string | null,
  ): Promise<ReviewTask> {
    authorize(actor, 'decide', 'ReviewTask');
    if (!['approve', 'reject', 'edit'].includes(decision)) throw ValidationError.single('/decision', 'enum', 'must be approve, reject or edit');
    if (edits !== null && edits !== undefined && (typeof edits !== 'object' || Array.isArray(edits))) {
      throw ValidationError.single('/edits', 'type', 'must be an object of { "<JSON pointer>": newValue }');
    }
    const editMap = (edits ?? {}) as Record<string, unknown>;
    if (decision === 'edit' && Object.keys(editMap).length === 0) throw ValidationError.single('/edits', 'minProperties', 'an edit decision needs at least one edited field');
    if (decision === 'reject' && !comment?.trim()) throw ValidationError.single('/comment', 'required', 'a rejection needs a comment');
    const em = this.db.em();
    const task = await em.findOne(ReviewTask, { id: isUuid(id) ? id : '00000000-0000-0000-0000-000000000000' }, { populate: ['run.templateVersion'] });
    if (!task) throw new NotFoundError('ReviewTask', id);
    if (!holdsRole(actor, task.role) && !actor.ability.can('manage', 'all')) {
      throw new ForbiddenError('decide', 'ReviewTask', `this task is for the ${task.role} role`);
    }
    if (task.status !== 'open') throw new ConflictError(`task is already ${task.status}`);
    const editable = new Set(task.request.fields.filter((f) => f.editable).map((f) => f.path));
    const notEditable = Object.keys(editMap).filter((path) => !editable.has(path));
    if (notEditable.length > 0) {
      throw new ValidationError('only fields the task marks editable can be edited', notEditable.map((path) => ({ path: `/edits/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`, rule: 'editable', message: `${path} is not an editable field of this task` })));
    }
    let decided: ReviewTask | undefined;
    this.checkEditTypes(task, editMap);
    await this.engine.apply(task.run.id, {
      type: 'reviewDecided', stepId: task.stepId, decision, reviewer: actor.label,
      ...(comment ? { comment } : {}), ...(decision === 'edit' ? { edits: editMap } : {}),
    }, actor, undefined, async (tx) => {
      // Checked again under the run's lock: two reviewers cannot both decide.
      const fresh = await tx.findOneOrFail(ReviewTask, { id: task.id }, { populate: ['run.templateVersion'] });
      if (fresh.status !== 'open') throw new ConflictError(`task is already ${fresh.status}`);
      Object.assign(fresh, { status: 'decided', decision, edits: decision === 'edit' ? editMap : null, comment: comment ?? null, decidedBy: actor.label, decidedAt: new Date() });
      await appendAuditEvent(tx, actor, {
        action: 'review.decided', subjectType: 'ReviewTask', subjectId: fresh.id,
        // Which fields changed and a hash of the new values: the values themselves stay with the
        // (encrypted, retention-bound) task, so purging payloads never breaks the chain.
        before: { status: 'open' },
        after: { decision, editedFields: Object.keys(editMap), editsHash: decision === 'edit' ? hashContent(editMap) : null, runId: fresh.run.id, stepId: fresh.stepId },
        reason: comment ?? null,
      });
      decided = fresh;
    });
    return decided as ReviewTask;
  }

  async reviewTask(actor: Actor, id: string): Promise<ReviewTask | null> {
    authorize(actor, 'read', 'ReviewTask');
    if (!isUuid(id)) return null;
    const task = await this.db.em().findOne(ReviewTask, { id }, { populate: ['run.templateVersion'] });
    return task && (seesEveryTask(actor) || holdsRole(actor, task.role)) ? task : null;
  }

  /**
   * An edit must keep the field's type: the schema where one is known (input,
   * prompt outputs), else the type of the value it replaces. Otherwise "abc"
   * could replace an amount and travel on to the payment system.
   */
  private checkEditTypes(task: ReviewTask, edits: Record<string, unknown>): void {
    const run = task.run;
    const schema = runContextSchema(run.templateVersion.spec, run.references);
    const problems = Object.entries(edits).flatMap(([path, value]) => {
      const pointer = `/edits/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const field = resolveSchemaPath(schema, parsePointer(path));
      if (field.kind === 'found') return validateAgainst(field.schema, value, pointer);
      const current = readPointer(run.state.context, path);
      if (current !== null && current !== undefined && typeof current !== typeof value) {
        return [{ path: pointer, rule: 'type', message: `must be a ${typeof current} like the value it replaces` }];
      }
      return [];
    });
    if (problems.length > 0) throw new ValidationError(`edited values do not fit their fields: ${problems[0]?.path} ${problems[0]?.message}`, problems);
  }

  /** How this caller may see the run's personal data. */
  piiView(actor: Actor, run: Run): PiiView {
    return new PiiView(actor, runContextSchema(run.templateVersion.spec, run.references), run.state.context);
  }

  /** One value of a run's context, unmasked, for someone allowed to reveal it; each reveal is audited. */
  async revealField(actor: Actor, runId: string, path: string): Promise<unknown> {
    authorize(actor, 'read', 'Run');
    authorize(actor, 'reveal', 'Pii');
    if (!/^\/(input|steps\/[^/]+)(\/.*)?$/.test(path)) throw ValidationError.single('/path', 'pattern', 'must be a JSON pointer into the run, like /input/customer_name or /steps/extract/vendor_name');
    return this.db.em().transactional(async (tx) => {
      const run = await this.load(tx, runId);
      const value = readPointer(run.state.context, path);
      await appendAuditEvent(tx, actor, { action: 'pii.revealed', subjectType: 'Run', subjectId: run.id, after: { path } });
      return value ?? null;
    });
  }

  private async create(
    actor: Actor, version: TemplateVersion, input: unknown, mode: RunMode, idempotencyKey: string | null, shadowOf: string | null, generation?: string,
    check?: Statement,
  ): Promise<Run> {
    const spec = this.engine.specOf(version);
    validateRunInput(spec, input);
    const references = await this.referencesOf(version, spec, generation);
    const id = randomUUID();
    const now = new Date();
    const newRun = (): NewRun => ({
      id, templateVersionId: version.id, templateKey: version.template.key, mode, status: 'queued', idempotencyKey, input,
      state: createRunState(spec, input, mode), references, output: null, decisionSummary: null, outcome: null, error: null, shadowOf,
      startedBy: actor.label, tokens: 0, costUsd: 0, createdAt: now, updatedAt: now, finishedAt: null,
    });
    const started: AuditEntry = {
      action: 'run.started', subjectType: 'Run', subjectId: id,
      after: {
        templateKey: version.template.key, templateVersion: version.version, mode, idempotencyKey,
        policies: Object.fromEntries(Object.entries(references.policies).map(([k, p]) => [k, p.version])),
        prompts: Object.fromEntries(Object.entries(references.prompts).map(([k, p]) => [k, { version: p.version, hash: p.versionHash }])),
      },
    };
    // The run is inserted once, with the state its first inline steps leave, before anything
    // else the transaction writes (a review task opened at start refers to it).
    const begin = async (writes: TransitionWrites) => {
      const begun = { run: newRun(), writes, steps: [] as StepRunRow[] };
      await writes.audit(actor, started);
      await this.engine.transition(writes, begun.run, version.id, { type: 'started' }, actor, undefined, begun.steps);
      return begun;
    };
    let begun: Awaited<ReturnType<typeof begin>>;
    let inserted: unknown[] | undefined;
    const statements: Statement[] = [];
    const oneTrip = this.engine.oneTripWrites(statements);
    try {
      begun = await begin(oneTrip);
      const insert = insertRunStatement(begun.run, begun.steps);
      const trip = [...(check ? [check] : []), insert, ...statements];
      inserted = (await runInOneTrip(this.db, trip))[trip.indexOf(insert)];
    } catch (error) {
      this.engine.abandoned(oneTrip);
      if (!(error instanceof NeedsLockedPath)) throw error;
      // A start that opens a review task: the same transition in a tracked transaction.
      ({ begun, inserted } = await this.db.em().transactional(async (tx) => {
        if (check) await runStatement(tx, check);
        const result = await begin(this.engine.lockedWrites(tx));
        return { begun: result, inserted: await runStatement(tx, insertRunStatement(result.run, result.steps)) };
      }));
    }
    const { run, writes } = begun;
    const revision = revisionOf(inserted);
    this.logger.info({ runId: run.id, templateKey: run.templateKey, mode }, 'run started');
    this.engine.committed(writes, { ...run, revision });
    // The caller's view of the run, with the version it already loaded.
    const { templateVersionId: _versionId, ...fields } = run;
    return Object.assign(new Run(), fields, { templateVersion: version });
  }

  /**
   * The exact policy and prompt versions a run of this template version pins.
   * Resolved afresh unless the catalog generation read with the version (see
   * the catalog_generation migration) is the one they were resolved at.
   */
  private async referencesOf(version: TemplateVersion, spec: TemplateSpec, generation: string | undefined): Promise<RunReferences> {
    const cached = generation === undefined ? undefined : this.resolved.get(version.id);
    if (cached && cached.generation === generation) return cached.references;
    const references = resolveRunReferences(spec, new DbCatalog(this.db.em(), this.referenceData));
    if (generation !== undefined) {
      this.resolved.set(version.id, { generation, references });
      references.catch(() => this.resolved.delete(version.id));
    }
    return references;
  }

  private async pickVersion(
    em: EntityManager, actor: Actor, key: string, mode: RunMode, versionId?: string | null,
  ): Promise<{ version: TemplateVersion; generation?: string }> {
    if (versionId) {
      if (mode !== 'test') throw ValidationError.single('/versionId', 'test-only', 'only test runs may choose a version; live runs use the published one');
      authorize(actor, 'test', 'Template');
      const version = await loadTemplateVersion(em, versionId);
      if (version.template.key !== key) throw ValidationError.single('/versionId', 'same-template', `version belongs to ${version.template.key}`);
      return { version };
    }
    const rows = await rawQuery<{ id: string; generation: string | number | bigint }>(em,
      `select v.id, (select generation from catalog_generation where id = 1) as generation
       from template_versions v join process_templates t on t.id = v.template_id
       where t.key = ? and v.status = 'published' order by v.version desc limit 1`, [key]);
    const row = rows[0];
    if (!row) throw new NotFoundError('published template', key);
    const generation = String(row.generation);
    const version = await this.publishedVersion(row.id);
    this.recentPicks.set(key, { version, generation, check: { sql: 'select docket_expect_published(?, ?, ?)', params: [key, row.id, generation] } });
    return { version, generation };
  }

  /** A published version (a large spec that never changes) is loaded once per process; runs only read it. */
  private publishedVersion(id: string): Promise<TemplateVersion> {
    return loadOnce(this.published, id, () => loadTemplateVersion(this.db.em(), id));
  }

  private async load(em: EntityManager, id: string): Promise<Run> {
    const run = isUuid(id) ? await em.findOne(Run, { id }, { populate: ['templateVersion.template'] }) : null;
    if (!run) throw new NotFoundError('Run', id);
    return run;
  }

}

/** The published version or the catalog changed after a start picked them (SQLSTATE from docket_expect_published). */
function isPickOutdated(error: unknown): boolean {
  return hasSqlState(error, 'DK002');
}

/** People see the tasks of their roles; auditors (who verify the audit log) and admins see all. */
function seesEveryTask(actor: Actor): boolean {
  return actor.ability.can('manage', 'all') || actor.ability.can('verify', 'AuditEvent');
}

function holdsRole(actor: Actor, role: string): boolean {
  return (actor.roles as readonly string[]).includes(role);
}

async function auditRun(tx: EntityManager, actor: Actor, action: string, run: RunRecord, after: Record<string, unknown>): Promise<void> {
  await appendAuditEvent(tx, actor, { action, subjectType: 'Run', subjectId: run.id, before: { status: run.status }, after });
}

function encodeCursor(run: Run): string {
  return Buffer.from(`${run.createdAt.toISOString()}|${run.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(date.getTime())) throw ValidationError.single('/after', 'cursor', 'is not a cursor returned by this query');
  return { at: date, id };
}
