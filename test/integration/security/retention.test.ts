import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredPayloads } from '../../../server/src/modules/runs/retention.js';
import { StepRun } from '../../../server/src/modules/runs/step-run.entity.js';
import { startCountingEndpoint, type CountingEndpoint } from '../../support/counting-endpoint.js';
import { backends } from '../../support/databases.js';
import { publishPolicy, publishPrompt, publishTemplate, readFixture, waitForRun } from '../../support/engine-fixtures.js';
import { gql, loginAs } from '../../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const DAY = 86_400_000;

describe.each(backends())('retention on %s', (backend) => {
  let llm: OpenAiTestServer;
  let erp: CountingEndpoint;
  let platform: TestPlatform;
  let runId: string;
  let admin: string;

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    erp = await startCountingEndpoint();
    platform = await startTestPlatform(backend, { LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'm', HTTP_ALLOWED_BASE_URLS: erp.url });
    llm.script([
      { match: 'SO-55120', reply: { order_number: 'SO-55120', amount: 64.9, reason: 'damaged' } },
      { reply: { order_number: 'SO-8008', amount: 20, reason: 'late delivery' } },
    ]);
    await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
    await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
    await publishTemplate(platform.url, 'refund-check', template);
    admin = await loginAs(platform.url, 'admin');
    const started = await gql<{ startRun: { id: string } }>(platform.url,
      'mutation { startRun(templateKey: "refund-check", input: { customer_name: "Joana Reis", email_body: "SO-8008 came a week late, refund 20 please" }) { id } }', {}, admin);
    runId = started.data?.startRun.id ?? '';
    await waitForRun(platform.url, admin, runId, ['succeeded']);
  });
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
    await erp?.close();
  });

  it('counts live runs in the metrics', async () => {
    const metrics = await gql<{ metrics: { runs: number; byStatus: Record<string, number>; automationRate: number; durationMsP50: number } }>(
      platform.url, '{ metrics(templateKey: "refund-check") { runs byStatus automationRate durationMsP50 } }', {}, await loginAs(platform.url, 'viewer'),
    );
    expect(metrics.data?.metrics).toMatchObject({ runs: 1, byStatus: { succeeded: 1 }, automationRate: 1 });
    expect(metrics.data?.metrics.durationMsP50).toBeGreaterThanOrEqual(0);
  });

  it('keeps payloads until the template\'s retention period has passed', async () => {
    expect(await purgeExpiredPayloads(platform.db, new Date(Date.now() + 29 * DAY))).toBe(0);
  });

  it('then removes them, keeps the decision record, and the audit chain still verifies', async () => {
    expect(await purgeExpiredPayloads(platform.db, new Date(Date.now() + 31 * DAY))).toBe(1);
    expect(await purgeExpiredPayloads(platform.db, new Date(Date.now() + 31 * DAY))).toBe(0);
    const run = await gql<{ run: { status: string; input: unknown; output: unknown; decisionSummary: string; steps: Array<{ output: unknown; input: unknown }> } }>(
      platform.url, 'query ($id: ID!) { run(id: $id) { status input output decisionSummary steps { input output } } }', { id: runId }, admin,
    );
    expect(run.data?.run).toMatchObject({ status: 'succeeded', input: { purged: true }, output: null });
    expect(run.data?.run.decisionSummary).toBeTruthy();
    expect(JSON.stringify(run.data?.run)).not.toContain('Joana Reis');
    const records = await platform.db.em().find(StepRun, { run: runId });
    expect(records.every((r) => r.input === null && r.output === null)).toBe(true);
    const verify = await gql<{ verifyAuditChain: { ok: boolean } }>(platform.url, '{ verifyAuditChain { ok } }', {}, admin);
    expect(verify.data?.verifyAuditChain.ok).toBe(true);
  });
});
