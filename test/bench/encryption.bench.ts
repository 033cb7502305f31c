import { afterAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../server/src/infra/crypto/keyring.js';
import { currentKeyring } from '../../server/src/infra/crypto/process-keyring.js';
import { EncryptedJsonType } from '../../server/src/infra/db/encrypted-json.type.js';
import { SYSTEM } from '../../server/src/modules/auth/actor.js';
import { Run } from '../../server/src/modules/runs/run.entity.js';
import { backends } from '../support/databases.js';
import { publishPolicy, publishPrompt, publishTemplate, readFixture } from '../support/engine-fixtures.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { reportBench, type BenchRow } from './support/report.js';

/**
 * What encryption at rest costs a run of the six-step template: time spent in
 * EncryptedJsonType (JSON + AES-GCM + change detection) and in the keyring,
 * counted by wrapping their methods, and the stored size against the JSON.
 */
const RUNS = 300;
const IN_FLIGHT = 20;
const rows: BenchRow[] = [];

const spent = { type: 0, encrypt: 0, decrypt: 0, encrypts: 0, decrypts: 0 };

function timeMethod<T extends object>(target: T, name: keyof T & string, onCall: (ms: number) => void): void {
  const original = target[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(target, name, {
    configurable: true,
    value(this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        onCall(performance.now() - start);
      }
    },
  });
}

for (const method of ['convertToDatabaseValue', 'convertToJSValue', 'compareValues'] as const) {
  timeMethod(EncryptedJsonType.prototype, method, (ms) => { spent.type += ms; });
}
timeMethod(Keyring.prototype, 'encrypt', (ms) => { spent.encrypt += ms; spent.encrypts += 1; });
timeMethod(Keyring.prototype, 'decrypt', (ms) => { spent.decrypt += ms; spent.decrypts += 1; });

async function setUp(backend: 'pglite' | 'postgres', llm: OpenAiTestServer): Promise<TestPlatform> {
  const platform = await startTestPlatform(backend, {
    LLM_BASE_URL: llm.url, LLM_API_KEY: 'bench', LLM_MODEL: 'bench-model', LLM_CONCURRENCY: '200', LLM_CACHE_TTL_MS: '0',
    WORKER_CONCURRENCY: '4', WORKER_BATCH_SIZE: '50',
  });
  llm.script([
    { match: 'SO-55120', reply: { order_number: 'SO-55120', amount: 64.9, reason: 'damaged' } },
    { reply: { order_number: 'SO-1', amount: 40, reason: 'bench' } },
  ]);
  await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
  await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
  await publishTemplate(platform.url, 'six-step', readFixture('test/bench/fixtures/six-step.template.json'));
  return platform;
}

async function runAll(platform: TestPlatform): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const finished = () => platform.db.em().count(Run, { id: { $in: ids }, status: { $in: ['succeeded', 'failed'] } });
  while (next < RUNS) {
    const room = IN_FLIGHT - (ids.length - (await finished()));
    const batch = Math.min(room, RUNS - next);
    for (let i = 0; i < batch; i += 1) {
      const run = await platform.services.runs.start(SYSTEM, {
        templateKey: 'six-step', input: { customer_name: 'Bench Customer', email_body: `order SO-${next}`, amount: 10 },
      });
      ids.push(run.id);
      next += 1;
    }
    if (batch <= 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const deadline = Date.now() + 120_000;
  while ((await finished()) < ids.length) {
    if (Date.now() > deadline) throw new Error('runs did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return ids;
}

/** Stored characters of a run's encrypted columns (run + steps) and the JSON they hold. */
async function measureSizes(platform: TestPlatform, ids: string[]): Promise<{ stored: number; plain: number }> {
  const keyring = currentKeyring();
  const connection = platform.db.em().getConnection();
  const values = [
    ...(await connection.execute<Array<Record<string, string | null>>>('select input, state, output, error from runs where id in (?)', [ids])),
    ...(await connection.execute<Array<Record<string, string | null>>>('select input, output, explanation, error from step_runs where run_id in (?)', [ids])),
  ].flatMap((row) => Object.values(row)).filter((v): v is string => v !== null);
  return {
    stored: values.reduce((sum, v) => sum + v.length, 0),
    plain: values.reduce((sum, v) => sum + Buffer.byteLength(keyring.decrypt(v)), 0),
  };
}

describe.each(backends())('encryption cost on %s', (backend) => {
  let llm: OpenAiTestServer;
  let platform: TestPlatform;
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
  });

  it(`measures the time and space encryption adds to ${RUNS} runs`, async () => {
    llm = await startOpenAiTestServer({ latencyMs: 0 });
    platform = await setUp(backend, llm);
    await runAll(platform);
    Object.assign(spent, { type: 0, encrypt: 0, decrypt: 0, encrypts: 0, decrypts: 0 });
    const began = Date.now();
    const ids = await runAll(platform);
    const wallMs = Date.now() - began;
    const counted = { ...spent };
    const sizes = await measureSizes(platform, ids);
    expect(await platform.db.em().count(Run, { id: { $in: ids }, status: 'succeeded' })).toBe(RUNS);

    rows.push({
      backend,
      runs: RUNS,
      'wall ms/run (20 in flight)': Number((wallMs / RUNS).toFixed(2)),
      'type ms/run': Number((counted.type / RUNS).toFixed(3)),
      'AES encrypt ms/run': Number((counted.encrypt / RUNS).toFixed(3)),
      'AES decrypt ms/run': Number((counted.decrypt / RUNS).toFixed(3)),
      'encrypts/run': Number((counted.encrypts / RUNS).toFixed(1)),
      'decrypts/run': Number((counted.decrypts / RUNS).toFixed(1)),
      'JSON bytes/run': Math.round(sizes.plain / RUNS),
      'stored chars/run': Math.round(sizes.stored / RUNS),
    });
  }, 600_000);
});

afterAll(() => {
  if (rows.length > 0) {
    reportBench('encryption', rows, {
      'type ms/run': 'time inside EncryptedJsonType: JSON.stringify/parse, AES-GCM and change detection, summed over every load and flush of the run',
    });
  }
});
