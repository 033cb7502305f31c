import { hostname } from 'node:os';
import DataLoader from 'dataloader';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import {
  advanceRun, executeStep, toRunEvent, type EnginePorts, type RunCommand, type RunEvent, type RunState, type RunStatus, type StepOutcome,
} from '../../domain/engine/index.js';
import type { TemplateSpec } from '../../domain/template/index.js';
import { runInOneTrip } from '../../infra/db/one-trip.js';
import { hasSqlState, runStatement, type Statement } from '../../infra/db/raw-sql.js';
import type { Database } from '../../infra/db/orm.js';
import type { EnqueueOptions, JobQueue, JobSlot } from '../../infra/queue/job-queue.js';
import { NotFoundError } from '../../domain/errors/index.js';
import type { AuditDrain } from '../audit/audit-drain.js';
import { appendAuditEvent, deferAuditEvent, pendingAuditStatement, type AuditEntry } from '../audit/audit.service.js';
import { SYSTEM, type Actor } from '../auth/actor.js';
import { TemplateVersion as TemplateVersionEntity, type TemplateVersion } from '../templates/template-version.entity.js';
import { ReviewTask } from './review-task.entity.js';
import { Run } from './run.entity.js';
import {
  claimRunStatement, isRunChanged, lockRun, readRuns, revisionOf, saveRunStatement, type RunRecord, type StoredRun, type StepRunRow,
} from './run-store.js';
import { loadOnce } from '../../domain/shared/load-once.js';

export const STEP_QUEUE = 'docket_step';
export const REVIEW_DUE_QUEUE = 'docket_review_due';

export interface StepJob {
  runId: string;
  stepId: string;
  attempt: number;
}

export interface RunEngineDeps {
  db: Database;
  queue: JobQueue;
  ports: EnginePorts;
  logger: Logger;
  auditDrain: Pick<AuditDrain, 'soon'>;
  allowedBaseUrls: readonly string[];
  /**
   * Run step jobs that a one-trip transition sends in this process, when its
   * worker has room, with the run already in memory (no fetch, no read).
   */
  eagerDispatch?: boolean;
  /** How long past a step's timeout a job may stay active before pg-boss hands it to another worker. */
  jobExpireMarginSeconds?: number;
  random?: () => number;
}

interface VersionInfo {
  spec: TemplateSpec;
  templateName: string;
}

interface StepRecord {
  stepId: string;
  attempt: number;
  outcome: StepOutcome;
  startedAt: Date;
  finishedAt: Date;
}

/** A step job this process runs itself once the transition that sent it commits. */
interface EagerJob {
  slot: JobSlot;
  id: string;
  data: StepJob;
}

/**
 * Where a transition's writes besides the run row and its step records go:
 * into the locked transaction `tx`, or into statements for runInOneTrip;
 * and what is to happen once they commit (see committed and abandoned).
 */
export interface TransitionWrites {
  /** Only the locked path has one; the one-trip path cannot open or close review tasks (entities). */
  tx?: EntityManager;
  sendJob(name: string, data: StepJob, options: Omit<EnqueueOptions, 'tx'>): Promise<void>;
  audit(actor: Actor, entry: AuditEntry): Promise<void>;
  /** Queues whose workers are to hear of new jobs. */
  readonly woken: Set<string>;
  /** Jobs sent as taken by this process, to run here. */
  readonly eager: EagerJob[];
}

/** Thrown by a transition the one-trip path cannot write; the caller takes the locked path instead. */
export class NeedsLockedPath extends Error {}

const DEFAULT_REVIEW_DUE_HOURS = 24;

/**
 * Carries out the run state machine against the database. The rule that keeps
 * runs exact under redelivery and concurrency: every change to a run happens
 * in one transaction holding the run's row lock, and the reducer ignores
 * reports for attempts that are no longer running. A step's own I/O (model,
 * HTTP) happens before that transaction, never inside it; steps without I/O
 * run inside it, right after the step that made them ready.
 */
export class RunEngine {
  private readonly versions = new Map<string, Promise<VersionInfo>>();
  private readonly random: () => number;
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly finishListeners = new Set<(runId: string, status: RunStatus) => void>();
  /**
   * Step jobs read their runs through this: the jobs of one fetched batch start
   * in the same tick, so their reads go to the database as one query. Nothing
   * is cached; each load reads the run as it is now.
   */
  private readonly runs = new DataLoader<string, StoredRun | null>((ids) => readRuns(this.deps.db.em(), ids), { cache: false, maxBatchSize: 100 });

  constructor(private readonly deps: RunEngineDeps) {
    this.random = deps.random ?? Math.random;
  }

  /**
   * Template versions are immutable once runs use them, so each is loaded once
   * per process. Runs are loaded without their version: hydrating and
   * change-tracking a large template spec on every step was most of a step's cost.
   */
  specOf(version: TemplateVersion): TemplateSpec {
    if (!this.versions.has(version.id)) this.versions.set(version.id, Promise.resolve({ spec: version.spec, templateName: version.template.name }));
    return version.spec;
  }

  private versionOf(versionId: string): Promise<VersionInfo> {
    return loadOnce(this.versions, versionId, () => this.deps.db.em().findOneOrFail(TemplateVersionEntity, { id: versionId }, { populate: ['template'] })
      .then((version) => ({ spec: version.spec, templateName: version.template.name })));
  }

  /**
   * After a commit of run changes: announces the jobs it sent to workers,
   * starts the ones it took itself with `run` as committed, appends its audit
   * events soon, and tells listeners if the run ended.
   */
  committed(writes: TransitionWrites, run?: StoredRun): void {
    for (const queue of writes.woken) this.deps.queue.announce(queue);
    for (const job of writes.eager.splice(0)) {
      if (run) job.slot.start(job.id, job.data, { ...run });
      else job.slot.release(); // cannot happen: only run transitions send step jobs
    }
    this.deps.auditDrain.soon();
    if (run && FINISHED.includes(run.status)) for (const listener of this.finishListeners) listener(run.id, run.status);
  }

  /** After writes that did not commit: the worker places taken for their jobs are free again. */
  abandoned(writes: TransitionWrites): void {
    for (const job of writes.eager.splice(0)) job.slot.release();
  }

  /**
   * Calls `listener` each time a commit in this process ends a run (succeeded,
   * failed or cancelled); returns the function that stops it. Runs ended by
   * other processes are not reported here.
   */
  onRunFinished(listener: (runId: string, status: RunStatus) => void): () => void {
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  /** Runs a step job; `sent` is the run as the transition that sent the job left it, when that was in this process. */
  async handleStepJob(job: StepJob, sent?: StoredRun): Promise<void> {
    const run = sent?.id === job.runId ? sent : await this.runs.load(job.runId);
    if (!run) return;
    const step = run.state.steps[job.stepId];
    if (!step || step.status !== 'running' || step.attempt !== job.attempt || isFinished(run.state)) {
      this.deps.logger.debug({ job }, 'stale step job ignored');
      return;
    }
    const startedAt = new Date();
    const outcome = await this.execute(run, run.templateVersionId, run.state, job.stepId, job.attempt);
    const record = { stepId: job.stepId, attempt: job.attempt, outcome, startedAt, finishedAt: new Date() };
    const event = toRunEvent(job.stepId, job.attempt, outcome);
    if (await this.applyInOneTrip(run, event, record)) return;
    await this.apply(run.id, event, SYSTEM, record);
  }

  /** Writes to the tracked transaction `tx`: jobs and audit rows go with its commit. */
  lockedWrites(tx: EntityManager): TransitionWrites {
    const woken = new Set<string>();
    return {
      tx,
      sendJob: async (name, data, options) => {
        await this.deps.queue.send(name, data, { ...options, tx });
        woken.add(name);
      },
      audit: (actor, entry) => deferAuditEvent(tx, actor, entry),
      woken,
      eager: [],
    };
  }

  /**
   * Writes collected into `statements`, for runInOneTrip. A job due now goes
   * to this process's worker when it has room (eagerDispatch); others are
   * announced to all workers.
   */
  oneTripWrites(statements: Statement[]): TransitionWrites {
    const woken = new Set<string>();
    const eager: EagerJob[] = [];
    return {
      sendJob: async (name, data, options) => {
        const slot = this.deps.eagerDispatch && !options.startAfterSeconds ? this.deps.queue.claimSlot(name) : null;
        try {
          const sent = await this.deps.queue.sendStatements(name, data, options, slot !== null);
          statements.push(...sent.statements);
          if (slot) eager.push({ slot, id: sent.id, data });
          else woken.add(name);
        } catch (error) {
          slot?.release();
          throw error;
        }
      },
      audit: async (actor, entry) => {
        statements.push(pendingAuditStatement(actor, entry));
      },
      woken,
      eager,
    };
  }

  /**
   * A step's report applied to the run as it was read before the step's I/O,
   * written in one message that first checks the run has not changed since
   * (claimRunStatement). False when it has, or when the transition needs the
   * locked path: the caller then applies the event under the run's lock.
   */
  private async applyInOneTrip(run: StoredRun, event: RunEvent, record: StepRecord): Promise<boolean> {
    const statements: Statement[] = [];
    const steps: StepRunRow[] = [];
    const writes = this.oneTripWrites(statements);
    let saved: unknown[] | undefined;
    try {
      if (!(await this.transition(writes, run, run.templateVersionId, event, SYSTEM, record, steps))) return false;
      [, saved] = await runInOneTrip(this.deps.db, [claimRunStatement(run), saveRunStatement(run, steps), ...statements]);
    } catch (error) {
      this.abandoned(writes);
      if (error instanceof NeedsLockedPath || isRunChanged(error)) return false;
      throw error;
    }
    this.committed(writes, { ...run, revision: revisionOf(saved) });
    return true;
  }

  /**
   * Applies an event under the run's lock, carries out what it leads to, and
   * commits once. `alongside` runs first in the same transaction, for changes
   * that must commit with the event (a review task's decision, an audit entry).
   */
  async apply(
    runId: string, event: RunEvent, actor: Actor = SYSTEM, record?: StepRecord,
    alongside?: (tx: EntityManager, run: RunRecord) => Promise<void>,
  ): Promise<void> {
    let writes: TransitionWrites | undefined;
    let changed: StoredRun | undefined;
    await this.deps.db.em().transactional(async (tx) => {
      // The run row alone (no joins): FOR UPDATE on a joined query would also lock the template
      // version, which every new run's foreign-key check needs (a deadlock with startRun).
      const locked = await lockRun(tx, runId);
      if (!locked) throw new NotFoundError('Run', runId);
      await alongside?.(tx, locked);
      const steps: StepRunRow[] = [];
      writes = this.lockedWrites(tx);
      if (await this.transition(writes, locked, locked.templateVersionId, event, actor, record, steps)) {
        changed = { ...locked, revision: revisionOf(await runStatement(tx, saveRunStatement(locked, steps))) };
      }
    });
    if (writes) this.committed(writes, changed);
  }

  /**
   * The transition itself, for a run locked or created by the caller, or read
   * for the one-trip path. Changes `run` in place and adds the step records to
   * `steps`; the caller writes both, with what went to `writes`. False when
   * the event was ignored.
   */
  async transition(
    writes: TransitionWrites, run: RunRecord, versionId: string, event: RunEvent, actor: Actor, record: StepRecord | undefined,
    steps: StepRunRow[],
  ): Promise<boolean> {
    const { spec } = await this.versionOf(versionId);
    const env = { template: spec, random: this.random };
    const first = advanceRun(run.state, event, env);
    if (first.ignored) {
      this.deps.logger.debug({ runId: run.id, event: event.type, reason: first.ignored }, 'run event ignored');
      return false;
    }
    if (record) steps.push(this.recordStep(run, spec, record));
    let state = first.state;
    const commands: RunCommand[] = [...first.commands];
    while (commands.length > 0) {
      const command = commands.shift() as RunCommand;
      switch (command.type) {
        case 'executeInline': {
          const startedAt = new Date();
          const outcome = await this.execute(run, versionId, state, command.stepId, command.attempt);
          steps.push(this.recordStep(run, spec, { stepId: command.stepId, attempt: command.attempt, outcome, startedAt, finishedAt: new Date() }));
          const next = advanceRun(state, toRunEvent(command.stepId, command.attempt, outcome), env);
          state = next.state;
          commands.push(...next.commands);
          break;
        }
        case 'enqueue':
          await writes.sendJob(STEP_QUEUE, { runId: run.id, stepId: command.stepId, attempt: command.attempt } satisfies StepJob, {
            ...(command.delayMs > 0 ? { startAfterSeconds: Math.ceil(command.delayMs / 1000) } : {}),
            // The job is the crash-recovery unit: if its worker dies, pg-boss hands it out again after this.
            expireInSeconds: Math.ceil(command.timeoutMs / 1000) + (this.deps.jobExpireMarginSeconds ?? 30),
          });
          break;
        case 'openReview':
          await this.openReview(lockedTx(writes), run, spec, command, actor);
          break;
        case 'closeReview':
          await lockedTx(writes).nativeUpdate(ReviewTask, { run: run.id, stepId: command.stepId, status: 'open' }, { status: 'cancelled', comment: command.reason });
          break;
        case 'complete':
          Object.assign(run, { output: command.output, decisionSummary: command.decisionSummary, outcome: command.outcome, finishedAt: new Date() });
          await writes.audit(actor, {
            action: 'run.completed', subjectType: 'Run', subjectId: run.id,
            after: { outcome: command.outcome, decisionSummary: command.decisionSummary, mode: run.mode },
          });
          break;
        case 'fail':
          Object.assign(run, { error: command.error, decisionSummary: command.decisionSummary, outcome: 'failed', finishedAt: new Date() });
          await writes.audit(actor, {
            action: 'run.failed', subjectType: 'Run', subjectId: run.id,
            after: { error: command.error, decisionSummary: command.decisionSummary, mode: run.mode },
          });
          break;
      }
    }
    if (state.status === 'cancelled' && !run.finishedAt) {
      run.finishedAt = new Date();
      run.outcome = 'cancelled';
    }
    run.state = state;
    run.status = state.status;
    run.updatedAt = new Date();
    return true;
  }

  private async execute(run: RunRecord, versionId: string, state: RunState, stepId: string, attempt: number): Promise<StepOutcome> {
    const { spec, templateName } = await this.versionOf(versionId);
    return executeStep(spec, stepId, state.context, {
      runId: run.id, attempt, mode: run.mode, ports: this.deps.ports, references: run.references,
      allowedBaseUrls: this.deps.allowedBaseUrls, processName: templateName,
    });
  }

  private recordStep(run: RunRecord, spec: TemplateSpec, record: StepRecord): StepRunRow {
    const { outcome } = record;
    const usage = outcome.meta?.usage;
    const tokens = usage ? usage.promptTokens + usage.completionTokens : 0;
    const costUsd = usage?.costUsd ?? 0;
    run.tokens += tokens;
    run.costUsd += costUsd;
    return {
      runId: run.id,
      stepId: record.stepId,
      kind: spec.steps.find((step) => step.id === record.stepId)?.kind ?? 'unknown',
      attempt: record.attempt,
      status: outcome.status,
      input: outcome.meta?.input ?? null,
      output: outcome.status === 'review' ? null : outcome.output ?? null,
      explanation: outcome.meta?.explanation ?? null,
      error: outcome.status === 'failed' ? outcome.error : null,
      durationMs: Math.max(0, record.finishedAt.getTime() - record.startedAt.getTime()),
      tokens,
      costUsd,
      worker: this.workerId,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
    };
  }

  private async openReview(tx: EntityManager, run: RunRecord, spec: TemplateSpec, command: Extract<RunCommand, { type: 'openReview' }>, actor: Actor): Promise<void> {
    const { request } = command;
    const dueHours = request.dueHours ?? spec.settings?.reviewDueHours ?? DEFAULT_REVIEW_DUE_HOURS;
    const openedAt = new Date();
    const dueAt = new Date(openedAt.getTime() + dueHours * 3_600_000);
    const task = tx.create(ReviewTask, {
      run: tx.getReference(Run, run.id), stepId: command.stepId, role: request.role, escalationRole: request.escalateTo ?? null, title: request.title, request,
      createdAt: openedAt, dueAt,
    });
    await this.deps.queue.send(REVIEW_DUE_QUEUE, { taskId: task.id }, { tx, startAfterSeconds: Math.max(1, Math.ceil(dueHours * 3600)) });
    await deferAuditEvent(tx, actor, {
      action: 'review.opened', subjectType: 'ReviewTask', subjectId: task.id,
      after: { runId: run.id, stepId: command.stepId, role: request.role, reason: request.reason ?? null, dueAt: dueAt.toISOString() },
    });
  }

  /** A review past its due time moves to the escalation role, once. */
  async escalateReview(taskId: string): Promise<void> {
    await this.deps.db.em().transactional(async (tx) => {
      const task = await tx.findOne(ReviewTask, { id: taskId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!task || task.status !== 'open' || task.escalatedAt || !task.escalationRole) return;
      const before = task.role;
      task.role = task.escalationRole;
      task.escalatedAt = new Date();
      await appendAuditEvent(tx, SYSTEM, {
        action: 'review.escalated', subjectType: 'ReviewTask', subjectId: task.id, before: { role: before }, after: { role: task.role },
        reason: `not decided by ${task.dueAt.toISOString()}`,
      });
    });
  }
}

function lockedTx(writes: TransitionWrites): EntityManager {
  if (!writes.tx) throw new NeedsLockedPath('review tasks are written on the locked path');
  return writes.tx;
}

const FINISHED: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

function isFinished(state: RunState): boolean {
  return FINISHED.includes(state.status);
}

/** A unique key was taken, whether the ORM (mapped exception) or plain SQL (driver error, SQLSTATE 23505) hit it. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException || hasSqlState(error, '23505');
}
