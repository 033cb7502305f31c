import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../../../server/src/modules/runs/run.entity.js';
import { StepRun } from '../../../server/src/modules/runs/step-run.entity.js';
import { startCountingEndpoint, type CountingEndpoint } from '../../support/counting-endpoint.js';
import { backends } from '../../support/databases.js';
import { rawQuery } from '../../../server/src/infra/db/raw-sql.js';
import { publishTemplate, readFixture } from '../../support/engine-fixtures.js';
import { gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const RUNS = 200;

/**
 * Real worker processes (`node dist/server/src/worker.js`, what `npm run
 * worker` starts) on a real PostgreSQL; the API server runs no worker itself.
 */
if (backends().includes('postgres')) {
  describe('standalone workers on PostgreSQL', () => {
    let erp: CountingEndpoint;
    let platform: TestPlatform;
    let integrator: string;
    const workers: ChildProcess[] = [];
    const workerEnv = () => ({
      ...process.env, DATABASE_URL: platform.databaseUrl, WORKER_CONCURRENCY: '8',
      QUEUE_MAINTENANCE_SECONDS: '1', JOB_EXPIRE_MARGIN_SECONDS: '2', HTTP_ALLOWED_BASE_URLS: erp.url, LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
    });

    function spawnWorker(): ChildProcess {
      const child = spawn(process.execPath, ['dist/server/src/worker.js'], { env: workerEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
      workers.push(child);
      return child;
    }

    async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    async function startRuns(from: number, count: number, templateKey = 'erp-push'): Promise<string[]> {
      const ids: string[] = [];
      for (let i = from; i < from + count; i += 20) {
        const batch = await Promise.all(Array.from({ length: Math.min(20, from + count - i) }, async (_, j) => {
          const response = await gql<{ startRun: { id: string } }>(platform.url,
            'mutation ($template: String!, $input: JSON!, $key: String) { startRun(templateKey: $template, input: $input, idempotencyKey: $key) { id } }',
            { template: templateKey, input: { n: i + j }, key: `push-${i + j}` }, integrator);
          if (!response.data) throw new Error(`startRun failed: ${JSON.stringify(response.errors)}`);
          return response.data.startRun.id;
        }));
        ids.push(...batch);
      }
      return ids;
    }

    async function stopWorkers(): Promise<void> {
      await Promise.all(workers.filter((child) => child.exitCode === null && child.signalCode === null).map(async (child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }));
    }

    async function succeededCount(ids: string[]): Promise<number> {
      return platform.db.em().count(Run, { id: { $in: ids }, status: 'succeeded' });
    }

    beforeAll(async () => {
      execFileSync('npx', ['swc', 'server/src', '-d', 'dist', '--config-file', '.swcrc', '-q'], { stdio: 'inherit' });
      erp = await startCountingEndpoint();
      // Slow enough (8 slots × 2 workers ÷ 60 ms) that the kill lands in the middle of the 200 runs.
      erp.latencyMs = 60;
      platform = await startTestPlatform('postgres', { WORKER_IN_PROCESS: 'false', HTTP_ALLOWED_BASE_URLS: erp.url, QUEUE_MAINTENANCE_SECONDS: '1' });
      const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/erp-push.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
      await publishTemplate(platform.url, 'erp-push', template);
      integrator = await loginAs(platform.url, 'operator');
    }, 120_000);

    afterAll(async () => {
      for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
      await platform?.stop();
      await erp?.close();
    });

    it(`finishes all ${RUNS} runs exactly once when a worker is killed -9 in the middle`, async () => {
      const first = spawnWorker();
      spawnWorker();
      // Runs keep arriving while the worker dies, as they would in production.
      const starting = startRuns(0, RUNS);
      await until(async () => erp.applied.size >= RUNS / 4, 60_000, 'a quarter of the effects');
      first.kill('SIGKILL');
      const killedAt = erp.applied.size;
      spawnWorker();
      const ids = await starting;
      expect(new Set(ids).size).toBe(RUNS);
      await until(async () => (await succeededCount(ids)) === RUNS, 90_000, `all ${RUNS} runs to succeed`);

      expect(killedAt).toBeLessThan(RUNS);
      // Every booking reached the ERP once, under its run's idempotency key.
      expect(erp.applied.size).toBe(RUNS);
      expect([...erp.applied].every((key) => key.endsWith(':push'))).toBe(true);
      // Each step of each run has exactly one successful record.
      const records = await platform.db.em().find(StepRun, { run: { $in: ids }, status: 'succeeded' });
      const perStep = new Map<string, number>();
      for (const r of records) perStep.set(`${r.run.id}/${r.stepId}`, (perStep.get(`${r.run.id}/${r.stepId}`) ?? 0) + 1);
      expect(perStep.size).toBe(RUNS * 2);
      expect(Math.max(...perStep.values())).toBe(1);
      // Redelivered calls (a worker died mid-call) are few and were absorbed by the idempotency key.
      const repeats = [...erp.callsByKey.values()].filter((calls) => calls > 1).length;
      console.info(`crash test: worker killed after ${killedAt}/${RUNS} effects; ${repeats} call(s) redelivered and absorbed by their idempotency key`);
      expect(repeats).toBeLessThanOrEqual(20);
      // Runs committed from three processes at once (each commit appends to the audit chain in the
      // same round trip): the chain holds every start and completion, unbroken.
      const admin = await loginAs(platform.url, 'admin');
      const verify = await gql<{ verifyAuditChain: { ok: boolean; checked: number } }>(platform.url, '{ verifyAuditChain { ok checked } }', {}, admin);
      expect(verify.data?.verifyAuditChain.ok).toBe(true);
      expect(verify.data?.verifyAuditChain.checked).toBeGreaterThanOrEqual(RUNS * 2);
    }, 180_000);

    it('lets two workers share the load without executing a step twice', async () => {
      // A worker with a free slot rightly takes a job as soon as it is announced, so when runs
      // trickle in slower than one worker drains them (a busy CI machine) one worker would do it
      // all. Queue all 120 first, then start two fresh workers: at 8 slots × 1 s per call one
      // worker alone needs 15 s, far longer than the other takes to start.
      await stopWorkers();
      erp.latencyMs = 1000;
      const ids = await startRuns(1000, 120);
      spawnWorker();
      spawnWorker();
      await until(async () => (await succeededCount(ids)) === 120, 90_000, 'all 120 runs to succeed');
      const records = await platform.db.em().find(StepRun, { run: { $in: ids }, stepId: 'push' });
      const byWorker = new Map<string, number>();
      for (const r of records) byWorker.set(r.worker ?? '?', (byWorker.get(r.worker ?? '?') ?? 0) + 1);
      expect(records).toHaveLength(120);
      expect(byWorker.size).toBe(2);
      expect(Math.min(...byWorker.values())).toBeGreaterThanOrEqual(8);
      for (const key of ids.map((id) => `${id}:push`)) expect(erp.callsByKey.get(key)).toBe(1);
    }, 120_000);

    it('finishes every run exactly once when a worker dies holding step jobs it sent itself', async () => {
      // A worker runs the confirm job that its push job sends (eager dispatch): the job is taken in
      // the push's own commit, so when the worker dies it is not in the queue until it expires.
      await stopWorkers();
      erp.latencyMs = 60;
      const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/erp-push-confirm.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
      await publishTemplate(platform.url, 'erp-push-confirm', template);
      const confirmed = () => [...erp.applied].filter((key) => key.endsWith(':confirm')).length;
      const before = confirmed();
      const first = spawnWorker();
      spawnWorker();
      const starting = startRuns(5000, 100, 'erp-push-confirm');
      await until(async () => confirmed() - before >= 25, 60_000, 'a quarter of the confirmations');
      first.kill('SIGKILL');
      spawnWorker();
      const ids = await starting;
      await until(async () => (await succeededCount(ids)) === 100, 90_000, 'all 100 runs to succeed');

      for (const id of ids) {
        expect(erp.applied.has(`${id}:push`)).toBe(true);
        expect(erp.applied.has(`${id}:confirm`)).toBe(true);
      }
      const records = await platform.db.em().find(StepRun, { run: { $in: ids }, status: 'succeeded' });
      const perStep = new Map<string, number>();
      for (const r of records) perStep.set(`${r.run.id}/${r.stepId}`, (perStep.get(`${r.run.id}/${r.stepId}`) ?? 0) + 1);
      expect(perStep.size).toBe(100 * 3);
      expect(Math.max(...perStep.values())).toBe(1);
      // The workers took confirm jobs in the commits that sent them, and a worker died mid-way.
      const [jobs] = await rawQuery<{ eager: string | number; retried: string | number }>(platform.db.em(),
        `select count(*) filter (where started_on = created_on) as eager, count(*) filter (where retry_count > 0) as retried
         from pgboss.job where name = 'docket_step' and data->>'stepId' = 'confirm' and data->>'runId' = any(?)`, [ids]);
      expect(Number(jobs?.eager)).toBeGreaterThan(0);
      const repeats = [...erp.callsByKey.entries()].filter(([key, calls]) => ids.some((id) => key.startsWith(id)) && calls > 1).length;
      console.info(`eager crash test: ${Number(jobs?.eager)} confirm jobs taken where they were sent, ${Number(jobs?.retried)} handed out again, ${repeats} call(s) repeated and absorbed by their idempotency key`);
      expect(repeats).toBeLessThanOrEqual(20);
    }, 180_000);
  });
}
