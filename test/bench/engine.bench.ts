import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQuery } from '../../server/src/infra/db/raw-sql.js';
import { SYSTEM } from '../../server/src/modules/auth/actor.js';
import { Run } from '../../server/src/modules/runs/run.entity.js';
import { StepRun } from '../../server/src/modules/runs/step-run.entity.js';
import { backends, type Backend } from '../support/databases.js';
import { publishPolicy, publishPrompt, publishTemplate, readFixture } from '../support/engine-fixtures.js';
import { startOpenAiTestServer } from '../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { startCpuCount } from './support/cpu.js';
import { startModelServerProcess, type BenchModel } from './support/model-server-process.js';
import { percentile, reportBench, type BenchRow } from './support/report.js';

/**
 * Engine throughput and overhead for the six-step template, with the
 * OpenAI-compatible test server as the model. Runs are started through the
 * RunService in-process (what startRun calls after parsing the request).
 *
 * The model server runs in a child process, as a real model runs elsewhere:
 * in this process its HTTP work would take event-loop time from the engine.
 *
 * Knobs: BENCH_BACKENDS=postgres (one backend), BENCH_SUSTAIN_SECONDS (30),
 * BENCH_SKIP_LATENCY=1 (no 300 ms phase), BENCH_WORKERS (standalone worker
 * processes, 1), BENCH_PROFILE=<dir> (CPU profiles of the sustained and latency phases),
 * BENCH_MODEL_IN_PROCESS=1 (the model server in this process instead).
 */
const SUSTAIN_SECONDS: Record<Backend, number> = { postgres: Number(process.env.BENCH_SUSTAIN_SECONDS ?? 30), pglite: 10 };
const IN_FLIGHT = 200;
const rows: BenchRow[] = [];
const notes: Record<string, unknown> = {};

/** BENCH_PROFILE=<dir> writes CPU profiles of the phases, to see where the time goes. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

const LLM_ENV = (url: string) => ({ LLM_BASE_URL: url, LLM_API_KEY: 'bench', LLM_MODEL: 'bench-model', LLM_CONCURRENCY: '200', LLM_CACHE_TTL_MS: '0' });

/** The worker and model server processes run the JavaScript swc writes to dist/. */
beforeAll(() => {
  execFileSync('npx', ['swc', 'server/src', 'test/support', 'test/bench/support', '-d', 'dist', '--config-file', '.swcrc', '-q']);
});

async function startModel(): Promise<BenchModel> {
  if (!process.env.BENCH_MODEL_IN_PROCESS) return startModelServerProcess(0);
  const server = await startOpenAiTestServer({ latencyMs: 0 });
  return {
    url: server.url,
    script: async (entries) => server.script(entries),
    setLatency: async (ms) => server.setLatency(ms),
    close: () => server.close(),
  };
}

async function setUp(backend: Backend, llm: BenchModel, env: Record<string, string> = {}): Promise<TestPlatform> {
  const platform = await startTestPlatform(backend, { ...LLM_ENV(llm.url), WORKER_CONCURRENCY: '200', SEED_DEMO: 'true', ...env });
  await llm.script([
    // The prompt's own test case must pass before it can be labelled production.
    { match: 'SO-55120', reply: { order_number: 'SO-55120', amount: 64.9, reason: 'damaged' } },
    { reply: { order_number: 'SO-1', amount: 40, reason: 'bench' } },
  ]);
  await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
  await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
  await publishTemplate(platform.url, 'six-step', readFixture('test/bench/fixtures/six-step.template.json'));
  return platform;
}

function start(platform: TestPlatform, i: number): Promise<Run> {
  return platform.services.runs.start(SYSTEM, {
    templateKey: 'six-step', input: { customer_name: 'Bench Customer', email_body: `order SO-${i}`, amount: 10 },
  });
}

async function countFinished(platform: TestPlatform, ids?: string[]): Promise<number> {
  return platform.db.em().count(Run, { status: { $in: ['succeeded', 'failed'] }, ...(ids ? { id: { $in: ids } } : {}) });
}

/** Runs not finished yet: few rows, found through the (status, created_at) index however many runs have finished. */
async function countUnfinished(platform: TestPlatform): Promise<number> {
  const [row] = await rawQuery<{ n: string | number }>(platform.db.em(), "select count(*) as n from runs where status in ('queued', 'running')", []);
  return Number(row?.n ?? 0);
}

interface Sustained {
  perSecond: number;
  started: number;
  failed: number;
  /** CPU ms per completed run in the window: this process, and the PostgreSQL server (see cpu.ts). */
  benchCpuMsPerRun: number;
  postgresCpuMsPerRun: number;
}

/** Keeps `inFlight` runs going for `seconds`; returns completed runs per second over the window. */
async function sustain(platform: TestPlatform, seconds: number, inFlight: number): Promise<Sustained> {
  const before = await countFinished(platform);
  let started = 0;
  let stop = false;
  const deadline = Date.now() + seconds * 1000;
  const starter = async () => {
    while (!stop) {
      const room = inFlight - (await countUnfinished(platform));
      if (room <= 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await Promise.all(Array.from({ length: Math.min(room, 50) }, () => start(platform, started++)));
    }
  };
  const cpu = startCpuCount();
  const loop = starter();
  const windowStart = Date.now();
  while (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  const completed = (await countFinished(platform)) - before;
  const elapsed = (Date.now() - windowStart) / 1000;
  const used = cpu();
  stop = true;
  await loop;
  const failed = await platform.db.em().count(Run, { status: 'failed' });
  return {
    perSecond: completed / elapsed, started, failed,
    benchCpuMsPerRun: used.benchProcessMs / completed, postgresCpuMsPerRun: used.postgresMs / completed,
  };
}

/** Engine overhead per step: a run's wall time less its model time, over its six steps. */
async function overheadPerStep(platform: TestPlatform, ids: string[]): Promise<{ p50: number; p95: number; modelP50: number; runSeconds: number }> {
  const runs = await platform.db.em().find(Run, { id: { $in: ids }, status: 'succeeded' });
  const prompts = await platform.db.em().find(StepRun, { run: { $in: ids }, stepId: 'extract' });
  const modelMs = new Map(prompts.map((s) => [s.run.id, s.durationMs]));
  const perStep = runs.map((run) => ((run.finishedAt?.getTime() ?? 0) - run.createdAt.getTime() - (modelMs.get(run.id) ?? 0)) / 6);
  const runSeconds = runs.reduce((sum, run) => sum + ((run.finishedAt?.getTime() ?? 0) - run.createdAt.getTime()) / 1000, 0);
  return { p50: percentile(perStep, 50), p95: percentile(perStep, 95), modelP50: percentile([...modelMs.values()], 50), runSeconds };
}

/**
 * 300 ms model latency, 100 runs in flight, `total` runs: the wall time
 * against the ideal (total / 100 × 0.3 s), and the overhead per step meanwhile.
 */
async function latencyBound(platform: TestPlatform, llm: BenchModel, total: number, inProcess: boolean): Promise<BenchRow> {
  // The sustained phase's last runs finish first, so every unfinished run below is one of this phase's.
  await waitUntilNoneUnfinished(platform, 60_000);
  await llm.setLatency(300);
  const began = Date.now();
  const { ids, seen } = inProcess ? await clientsInProcess(platform, total) : await clientsPolling(platform, total);
  await waitUntilNoneUnfinished(platform, 180_000);
  const wall = (Date.now() - began) / 1000;
  expect(await countFinished(platform, ids)).toBe(total);
  const ideal = (total / 100) * 0.3;
  const loaded = await overheadPerStep(platform, ids);
  await llm.setLatency(0);
  return {
    'overhead/step p50 ms (300ms, 100 in flight)': Number(loaded.p50.toFixed(2)),
    'overhead/step p95 ms (300ms, 100 in flight)': Number(loaded.p95.toFixed(2)),
    // The prompt step's own time, model call included: what a 300 ms answer costs the run.
    'prompt step p50 ms (300ms)': Number(loaded.modelP50.toFixed(1)),
    // What a caller waits for a run, start call to end (in-process clients): the wall time is about 20 of these in a row.
    ...(seen.length > 0 ? { 'run as clients saw it p50 ms': Number(percentile(seen, 50).toFixed(1)), 'p95 ms': Number(percentile(seen, 95).toFixed(1)) } : {}),
    'runs at 300ms': total,
    'wall s': Number(wall.toFixed(2)),
    'ideal s': ideal,
    'wall ÷ ideal': Number((wall / ideal).toFixed(3)),
    // Run-seconds stored over the wall time: below 100 when the clients left gaps between a run's end and the next start.
    'mean in flight': Number((loaded.runSeconds / wall).toFixed(1)),
  };
}

/**
 * 100 clients, each starting a run as soon as its previous one has ended:
 * the engine in this process says when a run ends, so in flight stays at 100.
 */
async function clientsInProcess(platform: TestPlatform, total: number): Promise<{ ids: string[]; seen: number[] }> {
  const ids: string[] = [];
  const waiting = new Map<string, () => void>();
  const ended = new Set<string>();
  const stop = platform.services.engine.onRunFinished((id) => {
    const resolve = waiting.get(id);
    if (resolve) {
      waiting.delete(id);
      resolve();
    } else ended.add(id);
  });
  let next = 0;
  const seen: number[] = [];
  const client = async () => {
    while (next < total) {
      const began = performance.now();
      const run = await start(platform, next++);
      ids.push(run.id);
      if (!ended.has(run.id)) await new Promise<void>((resolve) => waiting.set(run.id, resolve));
      seen.push(performance.now() - began);
    }
  };
  try {
    await Promise.all(Array.from({ length: 100 }, client));
  } finally {
    stop();
  }
  return { ids, seen };
}

/**
 * With the worker in another process nothing here hears of ends: the
 * clients poll the count of unfinished runs, so in flight dips below 100
 * between an end and the poll that sees it.
 */
async function clientsPolling(platform: TestPlatform, total: number): Promise<{ ids: string[]; seen: number[] }> {
  const ids: string[] = [];
  const starting: Array<Promise<void>> = [];
  let next = 0;
  // Starts are not awaited before the next count: in flight = stored unfinished runs plus starts not
  // yet returned (one committed but not returned counts twice, so there are never more than 100).
  let returning = 0;
  while (next < total) {
    const room = 100 - (await countUnfinished(platform)) - returning;
    for (let i = 0; i < Math.min(room, total - next); i += 1) {
      returning += 1;
      starting.push(start(platform, next++).then((run) => {
        ids.push(run.id);
      }).finally(() => {
        returning -= 1;
      }));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(starting);
  return { ids, seen: [] };
}

/** Waits until no run is queued or running (a cheap check, unlike counting a long list of ids). */
async function waitUntilNoneUnfinished(platform: TestPlatform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await countUnfinished(platform)) > 0) {
    if (Date.now() > deadline) throw new Error('runs did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitAll(platform: TestPlatform, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await countFinished(platform, ids)) < ids.length) {
    if (Date.now() > deadline) throw new Error('runs did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function sustainedColumns(sustained: Sustained): BenchRow {
  return {
    'runs/s sustained': Number(sustained.perSecond.toFixed(1)),
    'bench process CPU ms/run': Number(sustained.benchCpuMsPerRun.toFixed(2)),
    'PostgreSQL CPU ms/run': Number(sustained.postgresCpuMsPerRun.toFixed(2)),
  };
}

// BENCH_BACKENDS=postgres limits a run to one backend (both by default).
const chosen = backends().filter((b) => !process.env.BENCH_BACKENDS || process.env.BENCH_BACKENDS.split(',').includes(b));

describe.each(chosen)('engine on %s', (backend) => {
  let llm: BenchModel;
  let platform: TestPlatform;
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
  });

  it('measures throughput, overhead per step and latency-bound completion', async () => {
    llm = await startModel();
    platform = await setUp(backend, llm);
    const warm = await Promise.all(Array.from({ length: 50 }, (_, i) => start(platform, i)));
    await waitAll(platform, warm.map((r) => r.id), 60_000);

    // Overhead at low load: one run at a time.
    const sequential: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const run = await start(platform, i);
      sequential.push(run.id);
      await waitAll(platform, [run.id], 10_000);
    }
    const idle = await overheadPerStep(platform, sequential);

    const profiler = process.env.BENCH_PROFILE ? await startProfile() : undefined;
    const sustained = await sustain(platform, SUSTAIN_SECONDS[backend], IN_FLIGHT);
    await profiler?.(`${process.env.BENCH_PROFILE}/engine-${backend}.cpuprofile`);
    expect(sustained.failed).toBe(0);
    if (process.env.BENCH_SKIP_LATENCY) {
      rows.push({ backend, ...sustainedColumns(sustained), 'overhead/step p50 ms (idle)': Number(idle.p50.toFixed(2)), 'overhead/step p95 ms (idle)': Number(idle.p95.toFixed(2)) });
      return;
    }

    const latencyProfiler = process.env.BENCH_PROFILE ? await startProfile() : undefined;
    const latency = await latencyBound(platform, llm, backend === 'postgres' ? 2000 : 1000, true);
    await latencyProfiler?.(`${process.env.BENCH_PROFILE}/engine-${backend}-latency.cpuprofile`);
    rows.push({
      backend,
      ...sustainedColumns(sustained),
      'sustain window s': SUSTAIN_SECONDS[backend],
      'overhead/step p50 ms (idle)': Number(idle.p50.toFixed(2)),
      'overhead/step p95 ms (idle)': Number(idle.p95.toFixed(2)),
      ...latency,
    });
  }, 900_000);
});

/**
 * The scale-out shape: the API process (with this benchmark's starter and
 * its test model server) and BENCH_WORKERS `npm run worker` processes (1 by
 * default) on the same database.
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
if (chosen.includes('postgres')) {
  describe('engine on postgres with standalone worker processes', () => {
    let llm: BenchModel;
    let platform: TestPlatform;
    const workers: ChildProcess[] = [];
    afterAll(async () => {
      for (const worker of workers) worker.kill('SIGTERM');
      await platform?.stop();
      await llm?.close();
    });

    it('measures sustained throughput with the worker out of process', async () => {
      llm = await startModel();
      platform = await setUp('postgres', llm, { WORKER_IN_PROCESS: 'false' });
      for (let i = 0; i < WORKERS; i += 1) {
        workers.push(spawn(process.execPath, ['dist/server/src/worker.js'], {
          env: { ...process.env, ...LLM_ENV(llm.url), DATABASE_URL: platform.databaseUrl, WORKER_CONCURRENCY: '200', LOG_LEVEL: 'error', SEED_DEMO: 'false' },
          stdio: ['ignore', 'ignore', 'inherit'],
        }));
      }
      const warm = await Promise.all(Array.from({ length: 50 }, (_, i) => start(platform, i)));
      await waitAll(platform, warm.map((r) => r.id), 60_000);
      const sustained = await sustain(platform, SUSTAIN_SECONDS.postgres, IN_FLIGHT);
      expect(sustained.failed).toBe(0);
      const latency = process.env.BENCH_SKIP_LATENCY ? {} : await latencyBound(platform, llm, 2000, false);
      // The workers' own CPU is in neither column here: the table shows it for the API process and PostgreSQL.
      rows.push({
        backend: `postgres, ${WORKERS} worker process${WORKERS === 1 ? '' : 'es'}`, ...sustainedColumns(sustained), 'sustain window s': SUSTAIN_SECONDS.postgres, ...latency,
      });
    }, 600_000);
  });
}

afterAll(() => {
  notes.targets = { 'runs/s (PostgreSQL)': '>= 250', 'overhead/step p95 ms': '<= 5', 'wall ÷ ideal': '<= 1.2' };
  if (rows.length > 0) reportBench('engine', rows, notes);
});
