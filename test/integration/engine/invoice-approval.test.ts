import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/databases.js';
import { readFixture, RUN_FIELDS, waitForRun, type RunView } from '../../support/engine-fixtures.js';
import { gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

/**
 * The seeded invoice process end to end over GraphQL alone, as an integrator
 * and a reviewer would use it, with the model answering from the recorded
 * answers that `npm start` uses when no model is configured.
 */
describe.each(backends())('invoice approval over GraphQL on %s', (backend) => {
  let platform: TestPlatform;
  let integrator: string;

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    const admin = await loginAs(platform.url, 'admin');
    const key = await gql<{ createApiKey: { secret: string } }>(platform.url, 'mutation { createApiKey(name: "ap-inbox", roles: ["integrator"]) { secret } }', {}, admin);
    integrator = key.data?.createApiKey.secret ?? '';
  });
  afterAll(async () => platform?.stop());

  async function start(sample: string, idempotencyKey: string): Promise<RunView> {
    const { input } = readFixture(`seeds/samples/invoices/${sample}.json`) as { input: unknown };
    const response = await gql<{ startRun: RunView }>(platform.url,
      `mutation ($input: JSON!, $key: String) { startRun(templateKey: "invoice-approval", input: $input, idempotencyKey: $key) { ${RUN_FIELDS} } }`,
      { input, key: idempotencyKey }, integrator);
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.startRun;
  }

  it('approves a clean match straight through with a plain-language decision summary', async () => {
    const run = await waitForRun(platform.url, integrator, (await start('northwind-office-supply', 'mail-0142')).id, ['succeeded', 'failed', 'waiting_review']);
    expect(run.status).toBe('succeeded');
    expect(run.decisionSummary).toMatch(/^Approved: invoice \S+ matches PO-7890 within 0\.3%/);
  });

  it('pauses an invoice 6.8% above its PO for a reviewer, whose corrected amount completes it', async () => {
    const started = await start('coho-security-services', 'mail-0219');
    expect((await start('coho-security-services', 'mail-0219')).id).toBe(started.id);
    const waiting = await waitForRun(platform.url, integrator, started.id, ['waiting_review', 'succeeded', 'failed']);
    expect(waiting.status).toBe('waiting_review');

    const reviewer = await loginAs(platform.url, 'reviewer');
    const tasks = await gql<{ reviewTasks: Array<{ id: string; runId: string; explanation: string | null; fields: Array<{ path: string; value: unknown }> }> }>(
      platform.url, '{ reviewTasks { id runId explanation fields } }', {}, reviewer);
    const task = tasks.data?.reviewTasks.find((t) => t.runId === started.id);
    // Drafted for the reviewer by the review-explanation prompt from the task's facts.
    expect(task?.explanation).toMatch(/night shifts/);
    expect(task?.fields.find((f) => f.path === '/steps/extract/total')?.value).toBe(7850);
    const decided = await gql(platform.url,
      'mutation ($id: ID!, $e: JSON) { decideReviewTask(id: $id, decision: edit, edits: $e, comment: "night shifts were not ordered") { status } }',
      { id: task?.id, e: { '/steps/extract/total': 7350 } }, reviewer);
    expect(decided.errors).toBeUndefined();

    const done = await waitForRun(platform.url, integrator, started.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(done.decisionSummary).toMatch(/^Approved after review by reviewer@demo\.local/);
    expect(done.decisionSummary).toMatch(/from 7850 to 7350/);
    expect(done.corrections).toEqual([expect.objectContaining({ path: '/steps/extract/total', before: 7850, after: 7350 })]);
    // The exact versions it used, pinned at start.
    expect(done.references.prompts['invoice-extract#production']).toMatchObject({ version: 1, versionHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(done.references.policies)).toEqual(expect.arrayContaining(['invoice-po-match#production', 'invoice-approval-route#production']));
  });
});
