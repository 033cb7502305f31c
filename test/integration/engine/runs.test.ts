import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { ReviewTask } from '../../../server/src/modules/runs/review-task.entity.js';
import { StepRun } from '../../../server/src/modules/runs/step-run.entity.js';
import { startCountingEndpoint, type CountingEndpoint } from '../../support/counting-endpoint.js';
import { backends } from '../../support/databases.js';
import {
  publishPolicy, publishPrompt, publishTemplate, readFixture, RUN_FIELDS, waitForRun, type RunView,
} from '../../support/engine-fixtures.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { rawQuery } from '../../../server/src/infra/db/raw-sql.js';
import { readRuns } from '../../../server/src/modules/runs/run-store.js';

const START = `mutation ($input: JSON!, $key: String) { startRun(templateKey: "refund-check", input: $input, idempotencyKey: $key) { ${RUN_FIELDS} } }`;

function answer(order: string, amount: number) {
  return { order_number: order, amount, reason: 'damaged on arrival' };
}

describe.each(backends())('process runs over GraphQL on %s', (backend) => {
  let llm: OpenAiTestServer;
  let erp: CountingEndpoint;
  let platform: TestPlatform;
  let integrator: string;
  let reviewer: string;

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    erp = await startCountingEndpoint();
    platform = await startTestPlatform(backend, {
      LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'test-model', LLM_MAX_RETRIES: '1',
      HTTP_ALLOWED_BASE_URLS: erp.url,
    });
    llm.script([{ match: 'SO-55120', reply: answer('SO-55120', 64.9) }]);
    await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
    await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
    await publishTemplate(platform.url, 'refund-check', template);
    const admin = await loginAs(platform.url, 'admin');
    const key = await gql<{ createApiKey: { secret: string } }>(platform.url, 'mutation { createApiKey(name: "shop", roles: ["integrator"]) { secret } }', {}, admin);
    integrator = key.data?.createApiKey.secret ?? '';
    reviewer = await loginAs(platform.url, 'reviewer');
  });
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
    await erp?.close();
  });
  beforeEach(() => {
    llm.reset();
    erp.status = 200;
  });

  async function start(orderAndAmount: [string, number], idempotencyKey?: string) {
    const [order, amount] = orderAndAmount;
    llm.script([{ match: order, reply: answer(order, amount) }]);
    const response = await gql<{ startRun: RunView }>(platform.url, START, {
      input: { customer_name: 'Ines Duarte', email_body: `Order ${order}: please refund ${amount}` }, key: idempotencyKey,
    }, integrator);
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.startRun;
  }

  it('runs a small refund straight through, once, with an explanation for every step', async () => {
    const started = await start(['SO-1001', 40], 'mail-1001');
    const run = await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ order: 'SO-1001', refunded: 40 });
    expect(run.decisionSummary).toBeTruthy();
    expect(run.references.prompts['refund-request#production']).toMatchObject({ version: 1 });
    expect(run.references.policies['refund-threshold#production']).toMatchObject({ version: 1 });
    const byId = Object.fromEntries(run.steps.map((s) => [s.stepId, s]));
    expect(byId.check?.status).toBe('skipped');
    expect(byId.route?.output).toMatchObject({ result: 'auto', trace: expect.any(Array) });
    expect(byId.route?.explanation).toMatchObject({ key: 'refund-threshold', version: 1 });
    expect(JSON.stringify(byId.extract?.explanation)).toMatch(/versionHash|model/);
    expect(erp.callsByKey.get(`${run.id}:refund`)).toBe(1);

    // The same idempotency key gives back the same run and does nothing new.
    const again = await start(['SO-1001', 40], 'mail-1001');
    expect(again.id).toBe(run.id);
    expect(erp.callsByKey.get(`${run.id}:refund`)).toBe(1);
  });

  it('gives every one of several simultaneous requests with one idempotency key the same single run', async () => {
    llm.script([{ match: 'SO-1111', reply: answer('SO-1111', 30) }]);
    const responses = await Promise.all(Array.from({ length: 6 }, () => gql<{ startRun: { id: string } }>(platform.url, START, {
      input: { customer_name: 'Ines Duarte', email_body: 'Order SO-1111: please refund 30' }, key: 'mail-1111',
    }, integrator)));
    expect(responses.map((r) => r.errors)).toEqual(Array.from({ length: 6 }, () => undefined));
    const ids = new Set(responses.map((r) => r.data?.startRun.id));
    expect(ids.size).toBe(1);
    const run = await waitForRun(platform.url, integrator, [...ids][0] ?? '', ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(erp.callsByKey.get(`${run.id}:refund`)).toBe(1);
  });

  it('rejects invalid input with JSON pointers and stores nothing', async () => {
    const before = await platform.db.em().count(StepRun, {});
    const response = await gql(platform.url, START, { input: { customer_name: '', extra: 1 } }, integrator);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    const paths = (response.errors?.[0]?.extensions?.details as { problems: Array<{ path: string }> }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/email_body', '/customer_name']));
    expect(await platform.db.em().count(StepRun, {})).toBe(before);
  });

  it('pauses a large refund for a reviewer, whose edit flows downstream and is recorded', async () => {
    const started = await start(['SO-2002', 250]);
    const waiting = await waitForRun(platform.url, integrator, started.id, ['waiting_review', 'failed', 'succeeded']);
    expect(waiting.status).toBe('waiting_review');
    const tasks = await gql<{ reviewTasks: Array<{ id: string; runId: string; role: string; fields: Array<{ path: string; value: unknown }> }> }>(
      platform.url, '{ reviewTasks { id runId role fields } }', {}, reviewer,
    );
    const task = tasks.data?.reviewTasks.find((t) => t.runId === started.id);
    expect(task?.role).toBe('reviewer');
    expect(task?.fields.find((f) => f.path === '/steps/extract/amount')?.value).toBe(250);

    // Nobody else's role, and no edits to read-only fields.
    const operator = await loginAs(platform.url, 'operator');
    expect(errorCode(await gql(platform.url, 'mutation ($id: ID!) { decideReviewTask(id: $id, decision: approve) { id } }', { id: task?.id }, operator))).toBe('FORBIDDEN');
    const readOnly = await gql(platform.url, 'mutation ($id: ID!, $e: JSON) { decideReviewTask(id: $id, decision: edit, edits: $e) { id } }',
      { id: task?.id, e: { '/steps/extract/order_number': 'SO-9' } }, reviewer);
    expect(errorCode(readOnly)).toBe('BAD_USER_INPUT');
    const wrongType = await gql(platform.url, 'mutation ($id: ID!, $e: JSON) { decideReviewTask(id: $id, decision: edit, edits: $e) { id } }',
      { id: task?.id, e: { '/steps/extract/amount': 'abc' } }, reviewer);
    expect(errorCode(wrongType)).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0]?.extensions?.details).toMatchObject({ problems: [{ path: '/edits/~1steps~1extract~1amount', rule: 'type' }] });

    const decided = await gql(platform.url, 'mutation ($id: ID!, $e: JSON) { decideReviewTask(id: $id, decision: edit, edits: $e, comment: "customer paid 90") { status decision } }',
      { id: task?.id, e: { '/steps/extract/amount': 90 } }, reviewer);
    expect(decided.data).toEqual({ decideReviewTask: { status: 'decided', decision: 'edit' } });
    const done = await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(done.output).toEqual({ order: 'SO-2002', refunded: 90 });
    expect(done.corrections).toEqual([expect.objectContaining({ path: '/steps/extract/amount', before: 250, after: 90, reviewer: 'reviewer@demo.local' })]);
    expect(erp.bodies).toContainEqual({ order: 'SO-2002', amount: 90 });
    const actions = (await platform.db.em().find(AuditEvent, { subjectId: task?.id ?? '' })).map((e) => e.action);
    expect(actions).toEqual(['review.opened', 'review.decided']);
  });

  it('sends a model answer that stays invalid after repair to review instead of getting stuck', async () => {
    llm.script([{ fault: 'schema_violation' }]);
    const response = await gql<{ startRun: RunView }>(platform.url, START, { input: { customer_name: 'Ines', email_body: 'garbage please' } }, integrator);
    const run = await waitForRun(platform.url, integrator, response.data?.startRun.id ?? '', ['waiting_review', 'failed', 'succeeded']);
    expect(run.status).toBe('waiting_review');
    const task = await platform.db.em().findOneOrFail(ReviewTask, { run: run.id });
    expect(task.request.reason).toMatch(/schema|invalid|valid/i);
  });

  it('fails a run whose external call fails, and retries it from the failed step', async () => {
    erp.status = 500;
    const started = await start(['SO-3003', 20]);
    const failed = await waitForRun(platform.url, integrator, started.id, ['failed', 'succeeded']);
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.error)).toMatch(/500|refund/);
    const extractAttempts = failed.steps.find((s) => s.stepId === 'extract')?.attempt;

    erp.status = 200;
    const retried = await gql<{ retryRun: { status: string } }>(platform.url, 'mutation ($id: ID!) { retryRun(id: $id) { status } }', { id: started.id }, integrator);
    expect(retried.errors).toBeUndefined();
    const done = await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    // Steps that had succeeded were not run again.
    expect(done.steps.find((s) => s.stepId === 'extract')?.attempt).toBe(extractAttempts);
  });

  it('cancels a waiting run and closes its review task', async () => {
    const started = await start(['SO-4004', 500]);
    await waitForRun(platform.url, integrator, started.id, ['waiting_review']);
    const cancelled = await gql<{ cancelRun: { status: string } }>(platform.url, 'mutation ($id: ID!) { cancelRun(id: $id, reason: "duplicate") { status } }', { id: started.id }, integrator);
    expect(cancelled.data?.cancelRun.status).toBe('cancelled');
    const task = await platform.db.em().findOneOrFail(ReviewTask, { run: started.id });
    expect(task.status).toBe('cancelled');
  });

  it('reads several runs in one query, in the order asked, with null for one that does not exist', async () => {
    const a = await start(['SO-8001', 20]);
    const b = await start(['SO-8002', 20]);
    const missing = '00000000-0000-4000-8000-000000000000';
    const read = await readRuns(platform.db.em(), [b.id, missing, a.id]);
    expect(read.map((run) => run?.id ?? null)).toEqual([b.id, null, a.id]);
    expect(read[0]?.references.prompts['refund-request#production']?.version).toBe(b.references.prompts['refund-request#production']?.version);
    expect(read[2]?.state.context).toMatchObject({ input: { email_body: 'Order SO-8001: please refund 20' } });
  });

  it('runs a step job sent by this process here: taken in the transaction that sent it, not fetched later', async () => {
    const started = await start(['SO-8004', 20]);
    const run = await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    // now() is the transaction's time: a job a worker fetched afterwards would have started later than it was created.
    const readJobs = () => rawQuery<{ step: string; state: string; taken_with_send: boolean }>(platform.db.em(),
      `select data->>'stepId' as step, state, started_on = created_on as taken_with_send from pgboss.job where data->>'runId' = ?`, [started.id]);
    // Completions are written in small batches, a moment after the run's own commit.
    const until = Date.now() + 5000;
    let jobs = await readJobs();
    while (jobs.some((job) => job.state !== 'completed') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      jobs = await readJobs();
    }
    expect(jobs.map((job) => job.step).sort()).toEqual(['extract', 'refund']); // the prompt and the ERP call
    expect(jobs.every((job) => job.taken_with_send && job.state === 'completed')).toBe(true);
  });

  it('tells in-process listeners when a run ends, once, and not for the commits before', async () => {
    const heard: Array<[string, string]> = [];
    const stop = platform.services.engine.onRunFinished((id, status) => heard.push([id, status]));
    try {
      const started = await start(['SO-8003', 20]);
      await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
      expect(heard.filter(([id]) => id === started.id)).toEqual([[started.id, 'succeeded']]);
    } finally {
      stop();
    }
  });

  it('records but does not act on a model answer that returns after the run was cancelled', async () => {
    // The step reads the run, calls the model (slow here), then writes in one message that first
    // checks the run is unchanged: the cancel in between must make it fall back to the locked path.
    llm.script([{ match: 'SO-6006', reply: answer('SO-6006', 20), latencyMs: 1500 }]);
    const response = await gql<{ startRun: RunView }>(platform.url, START, {
      input: { customer_name: 'Ines Duarte', email_body: 'Order SO-6006: please refund 20' },
    }, integrator);
    const id = response.data?.startRun.id as string;
    const until = Date.now() + 10_000;
    while (!llm.requests.some((r) => JSON.stringify(r).includes('SO-6006')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const cancelled = await gql<{ cancelRun: { status: string } }>(platform.url, 'mutation ($id: ID!) { cancelRun(id: $id) { status } }', { id }, integrator);
    expect(cancelled.data?.cancelRun.status).toBe('cancelled');
    // The step job is marked completed once its handler has dealt with the late answer.
    while (Date.now() < until) {
      const [job] = await rawQuery<{ state: string }>(platform.db.em(), `select state from pgboss.job where data->>'runId' = ? and data->>'stepId' = 'extract'`, [id]);
      if (job?.state === 'completed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const run = await waitForRun(platform.url, integrator, id, ['cancelled', 'succeeded', 'failed']);
    expect(run.status).toBe('cancelled');
    // The late answer is kept for the record, and nothing after it runs.
    expect(run.steps.filter((s) => s.stepId === 'extract').map((s) => s.status)).toEqual(['succeeded']);
    const later = run.steps.filter((s) => s.stepId !== 'extract');
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((s) => s.status === 'skipped')).toBe(true);
    expect([...erp.callsByKey.keys()].filter((key) => key.includes(id))).toEqual([]);
    expect(await platform.db.em().count(AuditEvent, { subjectId: id, action: 'run.completed' })).toBe(0);
  });

  it('escalates an overdue review task to the template\'s second role, once', async () => {
    const started = await start(['SO-5005', 300]);
    await waitForRun(platform.url, integrator, started.id, ['waiting_review']);
    const task = await platform.db.em().findOneOrFail(ReviewTask, { run: started.id });
    expect(task.dueAt.getTime() - task.createdAt.getTime()).toBe(8 * 3_600_000);
    await platform.services.engine.escalateReview(task.id);
    await platform.services.engine.escalateReview(task.id);
    const escalated = await platform.db.em().findOneOrFail(ReviewTask, { id: task.id });
    expect(escalated).toMatchObject({ role: 'admin', status: 'open' });
    expect(escalated.escalatedAt).toBeInstanceOf(Date);
    const events = await platform.db.em().find(AuditEvent, { subjectId: task.id, action: 'review.escalated' });
    expect(events).toHaveLength(1);
    const admin = await loginAs(platform.url, 'admin');
    await gql(platform.url, 'mutation ($id: ID!) { decideReviewTask(id: $id, decision: approve) { id } }', { id: task.id }, admin);
    expect((await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('replays a live run through a draft version in shadow mode: no external call, no review task', async () => {
    const live = await start(['SO-6006', 250]);
    await waitForRun(platform.url, integrator, live.id, ['waiting_review']);
    const designer = await loginAs(platform.url, 'designer');
    const fixture = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as { spec: { steps: Array<{ id: string; name?: string }> } };
    const renamed = fixture.spec.steps.find((s) => s.id === 'receipt');
    if (renamed) renamed.name = 'Receipt for the customer';
    const draft = await gql<{ createTemplateVersion: { id: string; status: string } }>(platform.url,
      'mutation ($input: TemplateVersionInput!) { createTemplateVersion(key: "refund-check", input: $input) { id status } }', { input: fixture }, designer);
    expect(draft.data?.createTemplateVersion.status).toBe('draft');
    const callsBefore = erp.callsByKey.size;
    const tasksBefore = await platform.db.em().count(ReviewTask, {});
    llm.script([{ match: 'SO-6006', reply: answer('SO-6006', 250) }]);
    const shadow = await gql<{ startShadowRun: { id: string } }>(platform.url,
      'mutation ($v: ID!, $r: ID!) { startShadowRun(templateVersionId: $v, runId: $r) { id } }',
      { v: draft.data?.createTemplateVersion.id, r: live.id }, designer);
    expect(shadow.errors).toBeUndefined();
    const run = await waitForRun(platform.url, designer, shadow.data?.startShadowRun.id ?? '', ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s) => s.stepId === 'refund')?.status).toBe('skipped');
    expect(erp.callsByKey.size).toBe(callsBefore);
    expect(await platform.db.em().count(ReviewTask, {})).toBe(tasksBefore);
  });

  it('pages through runs newest first', async () => {
    const first = await gql<{ runs: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean }; totalCount: number } }>(
      platform.url, '{ runs(first: 2, filter: { templateKey: "refund-check" }) { nodes { id } pageInfo { endCursor hasNextPage } totalCount } }', {}, integrator,
    );
    expect(first.data?.runs.nodes).toHaveLength(2);
    expect(first.data?.runs.pageInfo.hasNextPage).toBe(true);
    const next = await gql<{ runs: { nodes: Array<{ id: string }> } }>(platform.url,
      'query ($after: String) { runs(first: 2, after: $after, filter: { templateKey: "refund-check" }) { nodes { id } } }',
      { after: first.data?.runs.pageInfo.endCursor }, integrator);
    const ids = [...(first.data?.runs.nodes ?? []), ...(next.data?.runs.nodes ?? [])].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('pins the versions a run started with: a new policy version and a label move reach the next run, not one in flight', async () => {
    const inFlight = await start(['SO-3003', 250]);
    const waiting = await waitForRun(platform.url, integrator, inFlight.id, ['waiting_review', 'failed', 'succeeded']);
    expect(waiting.status).toBe('waiting_review');

    // A higher threshold, and a reworded prompt labelled production (its own test case must pass).
    const policy = readFixture('test/fixtures/policies/refund-threshold.json');
    await publishPolicy(platform.url, 'refund-threshold', {
      ...policy, logic: { if: [{ '>': [{ var: 'amount' }, 300] }, 'review', 'auto'] },
      testCases: [{ name: 'small', data: { amount: 250 }, expected: 'auto' }, { name: 'large', data: { amount: 400 }, expected: 'review' }],
    });
    const prompt = readFixture('test/fixtures/prompts/refund-request.json');
    llm.script([{ match: 'SO-55120', reply: answer('SO-55120', 64.9) }]);
    const messages = (prompt.messages as Array<{ role: string; template: string }>).map((m) => (m.role === 'system' ? { ...m, template: `${m.template} Amounts are in euros.` } : m));
    await publishPrompt(platform.url, 'refund-request', { ...prompt, messages, changelog: 'States the currency' });

    const next = await start(['SO-3004', 250]);
    const done = await waitForRun(platform.url, integrator, next.id, ['succeeded', 'failed', 'waiting_review']);
    expect(done.status).toBe('succeeded');
    expect(done.references.policies['refund-threshold#production']?.version).toBe(2);
    expect(done.references.prompts['refund-request#production']?.version).toBe(2);

    // The run that was waiting finishes on the versions it started with.
    const tasks = await gql<{ reviewTasks: Array<{ id: string; runId: string }> }>(platform.url, '{ reviewTasks { id runId } }', {}, reviewer);
    const task = tasks.data?.reviewTasks.find((t) => t.runId === inFlight.id);
    await gql(platform.url, 'mutation ($id: ID!) { decideReviewTask(id: $id, decision: approve) { id } }', { id: task?.id }, reviewer);
    const finished = await waitForRun(platform.url, integrator, inFlight.id, ['succeeded', 'failed']);
    expect(finished.status).toBe('succeeded');
    expect(finished.references.policies['refund-threshold#production']?.version).toBe(1);
    expect(finished.references.prompts['refund-request#production']?.version).toBe(1);
    expect(finished.steps.find((s) => s.stepId === 'route')?.explanation).toMatchObject({ version: 1 });
  });

  it('starts the next run on a newly published template version', async () => {
    const VERSION = 'query ($id: ID!) { run(id: $id) { templateVersionId } }';
    const before = await start(['SO-7007', 20]);
    const first = await gql<{ run: { templateVersionId: string } }>(platform.url, VERSION, { id: before.id }, integrator);
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
    const published = await publishTemplate(platform.url, 'refund-check', { ...template, description: 'Same steps, reworded description' });
    expect(published).not.toBe(first.data?.run.templateVersionId);
    // The previous start's pick is reused only while the database confirms it, in the start's own transaction.
    const after = await start(['SO-7008', 20]);
    const second = await gql<{ run: { templateVersionId: string } }>(platform.url, VERSION, { id: after.id }, integrator);
    expect(second.data?.run.templateVersionId).toBe(published);
  });
});
