import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { RunMode, RunReferences, RunState, RunStatus } from '../../domain/engine/index.js';
import { openJson, sealJson } from '../../infra/db/encrypted-json.type.js';
import { hasSqlState, rawQuery, type Statement } from '../../infra/db/raw-sql.js';

/** The columns of a run the engine reads and writes; the Run entity has the same shape. */
export interface RunRecord {
  id: string;
  mode: RunMode;
  status: RunStatus;
  state: RunState;
  references: RunReferences;
  output?: unknown;
  decisionSummary?: string | null;
  outcome?: string | null;
  error?: unknown;
  tokens: number;
  costUsd: number;
  finishedAt?: Date | null;
  updatedAt: Date;
}

export interface StoredRun extends RunRecord {
  templateVersionId: string;
  /** The row version read (PostgreSQL's xmin, changed by every update): what claimRunStatement checks. */
  revision: string;
}

export interface NewRun extends Omit<StoredRun, 'revision'> {
  templateKey: string;
  idempotencyKey: string | null;
  input: unknown;
  shadowOf: string | null;
  startedBy: string;
  createdAt: Date;
}

/** One row of step_runs, values not yet encrypted. */
export interface StepRunRow {
  runId: string;
  stepId: string;
  kind: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  explanation: unknown;
  error: unknown;
  durationMs: number;
  tokens: number;
  costUsd: number;
  worker: string;
  startedAt: Date;
  finishedAt: Date;
}

interface RunRow {
  id: string;
  template_version_id: string;
  mode: RunMode;
  status: RunStatus;
  state: string;
  references: RunReferences | string;
  output: string | null;
  decision_summary: string | null;
  outcome: string | null;
  error: string | null;
  tokens: number;
  cost_usd: number | string;
  finished_at: Date | string | null;
  updated_at: Date | string;
  revision: string;
}

const RUN_COLUMNS = 'id, template_version_id, mode, status, state, "references", output, decision_summary, outcome, error, tokens, cost_usd, finished_at, updated_at, xmin::text as revision';

/*
 * The engine's per-step reads and writes in plain SQL, inside the caller's
 * transaction. A step touches one run and a few step records; doing that
 * through the unit of work (hydration, snapshots, change sets of large
 * encrypted JSON) cost more CPU than everything else a step does. The
 * encrypted columns use the same format as EncryptedJsonType, so entities
 * read these rows as usual.
 */

/**
 * Runs as they are now, without a lock (to prepare steps' I/O outside any
 * transaction), in the order of `ids`; null where there is none.
 */
export async function readRuns(em: EntityManager, ids: readonly string[]): Promise<Array<StoredRun | null>> {
  const rows = await rawQuery<RunRow>(em, `select ${RUN_COLUMNS} from runs where id in (${ids.map(() => '?').join(', ')})`, [...ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => toRun(byId.get(id)));
}

/** The run row locked until the end of the transaction `tx`. */
export async function lockRun(tx: EntityManager, id: string): Promise<StoredRun | null> {
  const [row] = await rawQuery<RunRow>(tx, `select ${RUN_COLUMNS} from runs where id = ? for update`, [id]);
  return toRun(row);
}

/**
 * The run's new state and the step records that led to it, as one statement
 * (an insert in a WITH clause beside the update). It returns the row's new
 * revision (see revisionOf).
 */
export function saveRunStatement(run: RunRecord, steps: readonly StepRunRow[]): Statement {
  const insert = steps.length > 0 ? `with inserted as (${insertStepRunsSql(steps.length)}) ` : '';
  return {
    sql: `${insert}update runs set status = ?, state = ?, output = ?, decision_summary = ?, outcome = ?, error = ?, tokens = ?, cost_usd = ?,
       finished_at = ?, updated_at = ? where id = ? returning xmin::text as revision`,
    params: [
      ...stepRunValues(steps),
      run.status, sealJson(run.state), sealJson(run.output), run.decisionSummary ?? null, run.outcome ?? null, sealJson(run.error),
      run.tokens, run.costUsd, run.finishedAt ?? null, run.updatedAt, run.id,
    ],
  };
}

/** Locks the run for the rest of the transaction if it is still the version `run` was read at; else fails it (SQLSTATE DK001). */
export function claimRunStatement(run: StoredRun): Statement {
  return { sql: 'select docket_claim_run(?, ?)', params: [run.id, run.revision] };
}

/** The revision a saveRunStatement or insertRunStatement returned, from its rows. */
export function revisionOf(rows: readonly unknown[] | undefined): string {
  const revision = (rows?.[0] as { revision?: unknown } | undefined)?.revision;
  if (typeof revision !== 'string') throw new Error('the run statement returned no revision');
  return revision;
}

/** Whether an error is claimRunStatement's: the run changed after it was read. */
export function isRunChanged(error: unknown): boolean {
  return hasSqlState(error, 'DK001');
}

/** A new run and the records of the steps it ran at start, as one statement; it returns the row's revision. */
export function insertRunStatement(run: NewRun, steps: readonly StepRunRow[]): Statement {
  const insert = steps.length > 0 ? `with inserted as (${insertStepRunsSql(steps.length)}) ` : '';
  return {
    sql: `${insert}insert into runs (id, template_version_id, template_key, mode, status, idempotency_key, input, state, "references", output,
       decision_summary, outcome, error, shadow_of, started_by, tokens, cost_usd, created_at, updated_at, finished_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning xmin::text as revision`,
    params: [
      ...stepRunValues(steps),
      run.id, run.templateVersionId, run.templateKey, run.mode, run.status, run.idempotencyKey, sealJson(run.input), sealJson(run.state),
      JSON.stringify(run.references), sealJson(run.output), run.decisionSummary ?? null, run.outcome ?? null, sealJson(run.error), run.shadowOf,
      run.startedBy, run.tokens, run.costUsd, run.createdAt, run.updatedAt, run.finishedAt ?? null,
    ],
  };
}

function insertStepRunsSql(count: number): string {
  return `insert into step_runs (id, run_id, step_id, kind, attempt, status, input, output, explanation, error, duration_ms, tokens, cost_usd, worker, started_at, finished_at)
     values ${Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}

function stepRunValues(rows: readonly StepRunRow[]): unknown[] {
  return rows.flatMap((row) => [
    randomUUID(), row.runId, row.stepId, row.kind, row.attempt, row.status, sealJson(row.input), sealJson(row.output), sealJson(row.explanation),
    sealJson(row.error), row.durationMs, row.tokens, row.costUsd, row.worker, row.startedAt, row.finishedAt,
  ]);
}

function toRun(row: RunRow | undefined): StoredRun | null {
  if (!row) return null;
  return {
    id: row.id,
    templateVersionId: row.template_version_id,
    mode: row.mode,
    status: row.status,
    state: openJson(row.state) as RunState,
    references: (typeof row.references === 'string' ? JSON.parse(row.references) : row.references) as RunReferences,
    output: openJson(row.output),
    decisionSummary: row.decision_summary,
    outcome: row.outcome,
    error: openJson(row.error),
    tokens: Number(row.tokens),
    costUsd: Number(row.cost_usd),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    updatedAt: new Date(row.updated_at),
    revision: row.revision,
  };
}
