import type { Database } from '../../infra/db/orm.js';
import { authorize, type Actor } from '../auth/actor.js';

export interface RunMetrics {
  runs: number;
  byStatus: Record<string, number>;
  byOutcome: Record<string, number>;
  reviewed: number;
  automationRate: number | null;
  durationMsP50: number | null;
  durationMsP95: number | null;
  tokens: number;
  costUsd: number;
}

export class RunMetricsService {
  constructor(private readonly db: Database) {}

  compute(actor: Actor, filter: { templateKey?: string | null; from?: Date | null; to?: Date | null }): Promise<RunMetrics> {
    authorize(actor, 'read', 'Metrics');
    return computeRunMetrics(this.db, filter);
  }
}

/** Live runs only: test and shadow runs are experiments, not operations. */
async function computeRunMetrics(db: Database, filter: { templateKey?: string | null; from?: Date | null; to?: Date | null }): Promise<RunMetrics> {
  const conditions = [`r.mode = 'live'`];
  const params: unknown[] = [];
  if (filter.templateKey) {
    conditions.push('r.template_key = ?');
    params.push(filter.templateKey);
  }
  if (filter.from) {
    conditions.push('r.created_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    conditions.push('r.created_at < ?');
    params.push(filter.to);
  }
  const where = conditions.join(' and ');
  const connection = db.em().getConnection();
  const [totals] = await connection.execute<Array<{ runs: string; tokens: string | null; cost: number | null; p50: number | null; p95: number | null; reviewed: string }>>(
    `select count(*) as runs, sum(r.tokens) as tokens, sum(r.cost_usd) as cost,
       percentile_cont(0.5) within group (order by extract(epoch from (r.finished_at - r.created_at)) * 1000) filter (where r.finished_at is not null) as p50,
       percentile_cont(0.95) within group (order by extract(epoch from (r.finished_at - r.created_at)) * 1000) filter (where r.finished_at is not null) as p95,
       count(distinct t.run_id) as reviewed
     from runs r left join review_tasks t on t.run_id = r.id where ${where}`,
    params,
  );
  const groups = await connection.execute<Array<{ status: string; outcome: string | null; n: string }>>(
    `select r.status, r.outcome, count(*) as n from runs r where ${where} group by r.status, r.outcome`,
    params,
  );
  const byStatus: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  for (const row of groups) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + Number(row.n);
    if (row.outcome) byOutcome[row.outcome] = (byOutcome[row.outcome] ?? 0) + Number(row.n);
  }
  const runs = Number(totals?.runs ?? 0);
  const reviewed = Number(totals?.reviewed ?? 0);
  const finished = (byStatus.succeeded ?? 0) + (byStatus.failed ?? 0);
  return {
    runs, byStatus, byOutcome, reviewed,
    // Share of finished runs that needed no person: the number operations teams watch.
    automationRate: finished > 0 ? Math.max(0, finished - reviewed) / finished : null,
    durationMsP50: totals?.p50 === null || totals?.p50 === undefined ? null : Math.round(Number(totals.p50)),
    durationMsP95: totals?.p95 === null || totals?.p95 === undefined ? null : Math.round(Number(totals.p95)),
    tokens: Number(totals?.tokens ?? 0),
    costUsd: Number(totals?.cost ?? 0),
  };
}
