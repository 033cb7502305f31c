import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/infra/config/config.js';
import { formatEncryptionKey, generateEncryptionKey, Keyring, parseEncryptionKey, type EncryptionKey } from '../../../server/src/infra/crypto/keyring.js';
import { installKeyring } from '../../../server/src/infra/crypto/process-keyring.js';
import { createLogger } from '../../../server/src/infra/logging/logger.js';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { SYSTEM } from '../../../server/src/modules/auth/actor.js';
import { ReviewTask } from '../../../server/src/modules/runs/review-task.entity.js';
import { Run } from '../../../server/src/modules/runs/run.entity.js';
import { StepRun } from '../../../server/src/modules/runs/step-run.entity.js';
import { rotateEncryptedData } from '../../../server/src/modules/secrets/key-rotation.service.js';
import { startPlatform } from '../../../server/src/platform.js';
import { startCountingEndpoint, type CountingEndpoint } from '../../support/counting-endpoint.js';
import { backends } from '../../support/databases.js';
import {
  publishPolicy, publishPrompt, publishTemplate, readFixture, RUN_FIELDS, waitForRun,
} from '../../support/engine-fixtures.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

// Distinctive enough that finding them in a column means plaintext was stored.
const CUSTOMER = 'Marguerite Vasquez-Oyelaran';
const ORDER = 'SO-90417';
const SECRET_VALUE = 'tok-Quokka-7731';

const ENCRYPTED: Record<string, string[]> = {
  runs: ['input', 'state', 'output', 'error'],
  step_runs: ['input', 'output', 'explanation', 'error'],
  review_tasks: ['request', 'edits'],
  secrets: ['value'],
};
const RUN_COLUMN: Record<string, string> = { runs: 'id', step_runs: 'run_id', review_tasks: 'run_id' };

type Row = Record<string, string | null>;

describe.each(backends())('encryption at rest on %s', (backend) => {
  const key = generateEncryptionKey();
  let llm: OpenAiTestServer;
  let erp: CountingEndpoint;
  let platform: TestPlatform;
  let integrator: string;
  let admin: string;
  let reviewedRunId: string;

  const raw = (sql: string, params: unknown[] = []) => platform.db.em().getConnection().execute<Row[]>(sql, params);

  /** Every encrypted column of one run's rows, as stored. */
  async function storedValues(runId: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (const [table, column] of Object.entries(RUN_COLUMN)) {
      const columns = (ENCRYPTED[table] ?? []).map((c) => `"${c}"`).join(', ');
      rows.push(...(await raw(`select ${columns} from "${table}" where "${column}" = ? order by id`, [runId])));
    }
    return rows;
  }

  async function allStoredValues(): Promise<string[]> {
    const values: string[] = [];
    for (const [table, columns] of Object.entries(ENCRYPTED)) {
      for (const row of await raw(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`)) {
        values.push(...Object.values(row).filter((v): v is string => v !== null));
      }
    }
    return values;
  }

  async function startRefund(templateKey: string, order: string, amount: number): Promise<string> {
    llm.script([{ match: order, reply: { order_number: order, amount, reason: 'damaged on arrival' } }]);
    const response = await gql<{ startRun: { id: string } }>(platform.url,
      'mutation ($key: String!, $input: JSON!) { startRun(templateKey: $key, input: $input) { id } }',
      { key: templateKey, input: { customer_name: CUSTOMER, email_body: `Order ${order}: please refund ${amount}` } }, integrator);
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.startRun.id;
  }

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    erp = await startCountingEndpoint();
    platform = await startTestPlatform(backend, {
      LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'test-model', LLM_MAX_RETRIES: '1',
      HTTP_ALLOWED_BASE_URLS: erp.url, ENCRYPTION_KEY: formatEncryptionKey(key),
    });
    llm.script([{ match: 'SO-55120', reply: { order_number: 'SO-55120', amount: 64.9, reason: 'damaged on arrival' } }]);
    await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
    await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as {
      spec: { steps: Array<{ id: string; config: Record<string, unknown> }> };
    };
    await publishTemplate(platform.url, 'refund-check', template);
    const refund = template.spec.steps.find((step) => step.id === 'refund');
    if (refund) refund.config.secretRef = { source: 'store', name: 'erp_token', prefix: 'Bearer ' };
    await publishTemplate(platform.url, 'refund-with-secret', template);
    admin = await loginAs(platform.url, 'admin');
    const created = await gql<{ createApiKey: { secret: string } }>(platform.url, 'mutation { createApiKey(name: "shop", roles: ["integrator"]) { secret } }', {}, admin);
    integrator = created.data?.createApiKey.secret ?? '';
  });
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
    await erp?.close();
  });

  it('stores run, step and review data only encrypted, and serves it decrypted', async () => {
    reviewedRunId = await startRefund('refund-check', ORDER, 480);
    await waitForRun(platform.url, integrator, reviewedRunId, ['waiting_review']);
    const reviewer = await loginAs(platform.url, 'reviewer');
    const tasks = await gql<{ reviewTasks: Array<{ id: string; runId: string; fields: Array<{ path: string; value: unknown }> }> }>(
      platform.url, '{ reviewTasks { id runId fields } }', {}, reviewer);
    const task = tasks.data?.reviewTasks.find((t) => t.runId === reviewedRunId);
    expect(task?.fields.find((f) => f.path === '/steps/extract/order_number')?.value).toBe(ORDER);
    await gql(platform.url, 'mutation ($id: ID!, $e: JSON) { decideReviewTask(id: $id, decision: edit, edits: $e) { id } }',
      { id: task?.id, e: { '/steps/extract/amount': 450 } }, reviewer);
    const run = await waitForRun(platform.url, integrator, reviewedRunId, ['succeeded', 'failed']);

    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ order: ORDER, refunded: 450 });
    expect(run.steps.find((s) => s.stepId === 'extract')?.output).toMatchObject({ order_number: ORDER, amount: 480 });
    const stored = (await storedValues(reviewedRunId)).flatMap((row) => Object.values(row)).filter((v): v is string => v !== null);
    // runs: input, state, output; 5 step rows with input/output/explanation; the review task's request and edits
    expect(stored.length).toBeGreaterThanOrEqual(12);
    for (const value of stored) {
      expect(value.startsWith(`enc:v1:${key.id}:`)).toBe(true);
      expect(value).not.toContain(CUSTOMER);
      expect(value).not.toContain(ORDER);
    }
  });

  it('does not rewrite encrypted columns when a flush changes nothing, and rewrites only what changed', async () => {
    const before = await storedValues(reviewedRunId);
    const em = platform.db.em();
    const run = await em.findOneOrFail(Run, { id: reviewedRunId });
    await em.find(StepRun, { run: reviewedRunId });
    await em.find(ReviewTask, { run: reviewedRunId });
    em.getUnitOfWork().computeChangeSets();
    expect(em.getUnitOfWork().getChangeSets()).toEqual([]);
    await em.flush();
    expect(await storedValues(reviewedRunId)).toEqual(before);

    run.error = { note: 'changed by the test' };
    await em.flush();
    const [after] = await raw('select input, state, output, error from runs where id = ?', [reviewedRunId]);
    const [runBefore] = before;
    expect({ ...after, error: null }).toEqual(runBefore);
    expect(after?.error?.startsWith(`enc:v1:${key.id}:`)).toBe(true);
    run.error = null;
    await em.flush();
    expect(await storedValues(reviewedRunId)).toEqual(before);
  });

  it('names the missing key when a value was encrypted with a key it does not have', async () => {
    const stray = new Keyring(generateEncryptionKey());
    const [step] = await raw('select id, output from step_runs where run_id = ? and output is not null limit 1', [reviewedRunId]);
    await raw('update step_runs set output = ? where id = ?', [stray.encrypt('{"x":1}'), step?.id]);
    try {
      await expect(platform.db.em().find(StepRun, { run: reviewedRunId }))
        .rejects.toThrow(`the value was encrypted with key ${stray.currentKeyId}, which is not configured (known keys: ${key.id})`);
      const response = await gql(platform.url, `query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: reviewedRunId }, integrator);
      expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response.errors)).not.toContain('enc:v1');
    } finally {
      await raw('update step_runs set output = ? where id = ?', [step?.output, step?.id]);
    }
  });

  it('keeps integration secrets encrypted, shows names only, and sends them on http steps that reference them', async () => {
    const designer = await loginAs(platform.url, 'designer');
    const set = 'mutation ($name: String!, $value: String!) { setSecret(name: $name, value: $value) { name createdAt updatedAt } }';
    expect(errorCode(await gql(platform.url, set, { name: 'erp_token', value: SECRET_VALUE }, designer))).toBe('FORBIDDEN');
    expect(errorCode(await gql(platform.url, set, { name: 'not a name', value: SECRET_VALUE }, admin))).toBe('BAD_USER_INPUT');
    const saved = await gql<{ setSecret: { name: string } }>(platform.url, set, { name: 'erp_token', value: SECRET_VALUE }, admin);
    expect(saved.data?.setSecret.name).toBe('erp_token');

    const listed = await gql<{ secrets: Array<{ name: string }> }>(platform.url, '{ secrets { name createdAt updatedAt } }', {}, admin);
    expect(listed.data?.secrets.map((s) => s.name)).toEqual(['erp_token']);
    expect(JSON.stringify(listed)).not.toContain(SECRET_VALUE);
    const [row] = await raw('select value, key_id from secrets where name = ?', ['erp_token']);
    expect(row?.value?.startsWith(`enc:v1:${key.id}:`)).toBe(true);
    expect(row?.value).not.toContain(SECRET_VALUE);
    expect(row?.key_id).toBe(key.id);
    const audit = await platform.db.em().find(AuditEvent, { action: 'secret.set' });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ name: 'erp_token', keyId: key.id, replaced: false });
    expect(JSON.stringify(audit)).not.toContain(SECRET_VALUE);

    const runId = await startRefund('refund-with-secret', 'SO-90418', 30);
    const run = await waitForRun(platform.url, integrator, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(erp.headersByKey.get(`${runId}:refund`)?.authorization).toBe(`Bearer ${SECRET_VALUE}`);
    expect(JSON.stringify(await storedValues(runId))).not.toContain(SECRET_VALUE);
  });

  it('re-encrypts everything under a new key, reads it back without the old key, and finds nothing to do the second time', async () => {
    // A row as the migration leaves it: jsonb's text form, not yet encrypted.
    const [legacy] = await raw('select id from step_runs where run_id = ? and kind = ? limit 1', [reviewedRunId, 'transform']);
    await raw('update step_runs set error = ? where id = ?', ['{"legacy": true, "n": [1, 2]}', legacy?.id]);
    expect((await platform.db.em().findOneOrFail(StepRun, { id: legacy?.id ?? '' })).error).toEqual({ legacy: true, n: [1, 2] });

    const next: EncryptionKey = generateEncryptionKey();
    const ring = new Keyring(next, [key]);
    installKeyring(ring);
    const actor = { ...SYSTEM, label: 'test:keys-rotate' };
    const first = await rotateEncryptedData(platform.db, ring, actor, { batchSize: 3 });
    const holding: Record<string, number> = {};
    for (const [table, columns] of Object.entries(ENCRYPTED)) {
      const [count] = await raw(`select count(*) as n from "${table}" where ${columns.map((c) => `"${c}" is not null`).join(' or ')}`);
      holding[table] = Number(count?.n);
    }
    expect(Object.fromEntries(first.tables.map((t) => [t.table, t.rows]))).toEqual(holding);
    const values = await allStoredValues();
    expect(values.every((value) => value.startsWith(`enc:v1:${next.id}:`))).toBe(true);
    expect((await raw('select distinct key_id from secrets')).map((r) => r.key_id)).toEqual([next.id]);

    const second = await rotateEncryptedData(platform.db, ring, actor);
    expect(second.tables.every((t) => t.rows === 0 && t.values === 0)).toBe(true);
    expect(await allStoredValues()).toEqual(values);

    installKeyring(new Keyring(next));
    const run = await waitForRun(platform.url, integrator, reviewedRunId, ['succeeded']);
    expect(run.output).toEqual({ order: ORDER, refunded: 450 });
    expect((await platform.db.em().findOneOrFail(StepRun, { id: legacy?.id ?? '' })).error).toEqual({ legacy: true, n: [1, 2] });
    expect(await platform.services.secrets.read('erp_token')).toBe(SECRET_VALUE);
    const audit = await platform.db.em().find(AuditEvent, { action: 'keys.rotated' }, { orderBy: { seq: 'asc' } });
    expect(audit.map((e) => e.subjectId)).toEqual([next.id, next.id]);
  });
});

describe('keys in DATA_DIR (embedded mode) and npm run keys:rotate', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'docket-embedded-keys-'));
  const dataDir = path.join(root, 'data');
  const keyFile = path.join(dataDir, 'encryption.key');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'silent', DATA_DIR: dataDir, WEB_DIST: 'dist/web' });
  const mode = (file: string) => statSync(file).mode & 0o777;

  beforeAll(() => {
    execFileSync('npx', ['swc', 'server/src', '-d', 'dist', '--config-file', '.swcrc', '-q'], { stdio: 'inherit' });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('generates a 0600 key on first start, rotates it from the command line, and reads the data with the new key', async () => {
    let platform = await startPlatform(config, { logger: createLogger('silent') });
    let firstId: string;
    try {
      expect(mode(keyFile)).toBe(0o600);
      firstId = parseEncryptionKey(readFileSync(keyFile, 'utf8'), keyFile).id;
      await platform.services.secrets.set(SYSTEM, 'erp_token', SECRET_VALUE);
    } finally {
      await platform.close();
    }

    const output = execFileSync(process.execPath, ['dist/server/src/cli/keys-rotate.js'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ENCRYPTION_KEY: '', ENCRYPTION_PREVIOUS_KEYS: '', LOG_LEVEL: 'silent' }, encoding: 'utf8',
    });
    const newId = parseEncryptionKey(readFileSync(keyFile, 'utf8'), keyFile).id;
    expect(newId).not.toBe(firstId);
    expect(output).toContain(`new key ${newId}`);
    expect(output).toContain(`previous key ${firstId} kept`);
    expect(output).toMatch(/secrets: 1 row\(s\), 1 value\(s\) re-encrypted/);
    expect(mode(path.join(dataDir, 'encryption.previous-keys'))).toBe(0o600);

    // A restored backup with loose permissions: fixed on start rather than refused.
    chmodSync(keyFile, 0o644);
    platform = await startPlatform(config, { logger: createLogger('silent') });
    try {
      expect(mode(keyFile)).toBe(0o600);
      expect(await platform.services.secrets.read('erp_token')).toBe(SECRET_VALUE);
      const [row] = await platform.db.em().getConnection().execute<Row[]>('select key_id, value from secrets');
      expect(row?.key_id).toBe(newId);
      expect(row?.value?.startsWith(`enc:v1:${newId}:`)).toBe(true);
    } finally {
      await platform.close();
    }
  });
});
