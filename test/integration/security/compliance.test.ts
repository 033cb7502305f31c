import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { startCountingEndpoint, type CountingEndpoint } from '../../support/counting-endpoint.js';
import { backends } from '../../support/databases.js';
import { publishPolicy, publishPrompt, publishTemplate, readFixture, waitForRun } from '../../support/engine-fixtures.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const NAME = 'Ines Duarte';
const RUN_QUERY = 'query ($id: ID!) { run(id: $id) { piiMasked input output steps { stepId input output } } }';

type RunData = { run: { piiMasked: boolean; input: { customer_name: string; email_body: string }; output: unknown; steps: Array<{ stepId: string; input: unknown; output: unknown }> } };

describe.each(backends())('compliance: personal data and explanations on %s', (backend) => {
  let llm: OpenAiTestServer;
  let erp: CountingEndpoint;
  let platform: TestPlatform;
  let runId: string;

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    erp = await startCountingEndpoint();
    platform = await startTestPlatform(backend, { LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'm', HTTP_ALLOWED_BASE_URLS: erp.url });
    // The prompt's test case and the run both mention the customer by name; the model repeats the token it saw.
    llm.script([{ reply: (body) => {
      const text = JSON.stringify(body.messages);
      const order = /SO-\d+/.exec(text)?.[0] ?? 'SO-0';
      return { order_number: order, amount: order === 'SO-55120' ? 64.9 : 42, reason: text.includes('PERSON_1') ? 'PERSON_1 reports damage' : 'damage' };
    } }]);
    const prompt = readFixture('test/fixtures/prompts/refund-request.json');
    const inputSchema = prompt.inputSchema as { properties: Record<string, Record<string, unknown>> };
    inputSchema.properties.customer_name = { type: 'string', 'x-pii': 'person' };
    await publishPrompt(platform.url, 'refund-request', { ...prompt, inputSchema, pseudonymize: true });
    await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
    await publishTemplate(platform.url, 'refund-check', template);
    llm.requests.length = 0;
    const operator = await loginAs(platform.url, 'operator');
    const started = await gql<{ startRun: { id: string } }>(platform.url,
      'mutation ($input: JSON!) { startRun(templateKey: "refund-check", input: $input) { id } }',
      { input: { customer_name: NAME, email_body: `Hi, ${NAME} here. Order SO-7007 arrived broken.` } }, operator);
    runId = started.data?.startRun.id ?? '';
    await waitForRun(platform.url, operator, runId, ['succeeded']);
  });
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
    await erp?.close();
  });

  it('never sends a pseudonymized value to the model, and restores it in the answer', async () => {
    expect(llm.requests.length).toBeGreaterThan(0);
    const sent = JSON.stringify(llm.requests);
    expect(sent).not.toContain(NAME);
    expect(sent).toContain('PERSON_1');
    const reviewer = await loginAs(platform.url, 'reviewer');
    const run = await gql<RunData>(platform.url, RUN_QUERY, { id: runId }, reviewer);
    expect(run.data?.run.steps.find((s) => s.stepId === 'extract')?.output).toMatchObject({ reason: `${NAME} reports damage` });
  });

  it('masks personal data for roles without read:pii, wherever it flowed', async () => {
    const viewer = await loginAs(platform.url, 'viewer');
    const run = await gql<RunData>(platform.url, RUN_QUERY, { id: runId }, viewer);
    expect(run.data?.run.piiMasked).toBe(true);
    expect(run.data?.run.input.customer_name).toBe('•••');
    expect(run.data?.run.input.email_body).toBe('Hi, ••• here. Order SO-7007 arrived broken.');
    expect(JSON.stringify(run.data?.run)).not.toContain(NAME);

    const reviewer = await loginAs(platform.url, 'reviewer');
    const open = await gql<RunData>(platform.url, RUN_QUERY, { id: runId }, reviewer);
    expect(open.data?.run).toMatchObject({ piiMasked: false, input: { customer_name: NAME } });
  });

  it('reveals one field on request and audits the reveal; roles without the right are refused', async () => {
    const compliance = await loginAs(platform.url, 'compliance');
    const masked = await gql<RunData>(platform.url, RUN_QUERY, { id: runId }, compliance);
    expect(masked.data?.run.input.customer_name).toBe('•••');
    const revealed = await gql<{ revealRunField: unknown }>(platform.url,
      'mutation ($id: ID!) { revealRunField(runId: $id, path: "/input/customer_name") }', { id: runId }, compliance);
    expect(revealed.data?.revealRunField).toBe(NAME);
    const event = await platform.db.em().findOneOrFail(AuditEvent, { action: 'pii.revealed', subjectId: runId });
    expect(event).toMatchObject({ actorLabel: 'compliance@demo.local', after: { path: '/input/customer_name' } });
    expect(JSON.stringify(event.after)).not.toContain(NAME);

    const viewer = await loginAs(platform.url, 'viewer');
    expect(errorCode(await gql(platform.url, 'mutation ($id: ID!) { revealRunField(runId: $id, path: "/input/customer_name") }', { id: runId }, viewer))).toBe('FORBIDDEN');
  });

  it('explains the run in order: input, pinned versions, rendered prompt, model answer, policy trace', async () => {
    const compliance = await loginAs(platform.url, 'compliance');
    const response = await gql<{ explainRun: { decisionSummary: string; timeline: Array<{ kind: string; title: string; detail: Record<string, unknown> }> } }>(
      platform.url, 'query ($id: ID!) { explainRun(id: $id) { decisionSummary timeline { at kind title actor detail } } }', { id: runId }, compliance,
    );
    expect(response.errors).toBeUndefined();
    const timeline = response.data?.explainRun.timeline ?? [];
    expect(timeline[0]?.kind).toBe('run.started');
    expect(JSON.stringify(timeline[0]?.detail)).toContain('refund-request');
    const kinds = timeline.map((t) => t.kind);
    expect(kinds.indexOf('step.prompt')).toBeLessThan(kinds.indexOf('step.policy'));
    expect(kinds.indexOf('run.completed')).toBeGreaterThan(kinds.lastIndexOf('step.policy'));
    const prompt = timeline.find((t) => t.kind === 'step.prompt');
    const rendered = JSON.stringify(prompt?.detail.renderedMessages);
    // The messages as the model received them: pseudonymized, so no name even before masking.
    expect(rendered).toContain('PERSON_1');
    expect(rendered).toContain('SO-7007');
    const policy = timeline.find((t) => t.kind === 'step.policy');
    expect(policy?.title).toMatch(/refund-threshold v1/);
    expect(JSON.stringify(policy?.detail.trace)).toContain('100');
    expect(JSON.stringify(response.data)).not.toContain(NAME);
  });

  it('lists each prompt version with author, approver, labels and the runs that used it', async () => {
    const compliance = await loginAs(platform.url, 'compliance');
    const response = await gql<{ promptUsage: Array<{ version: { version: number; author: string; reviewer: string }; labels: string[]; runCount: number; recentRunIds: string[] }> }>(
      platform.url, '{ promptUsage(key: "refund-request") { version { version author reviewer } labels runCount recentRunIds } }', {}, compliance,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.promptUsage).toEqual([{
      version: { version: 1, author: 'designer@demo.local', reviewer: 'compliance@demo.local' },
      labels: ['production'], runCount: 1, recentRunIds: [runId],
    }]);
  });
});
