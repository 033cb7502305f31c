import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { backends } from '../../support/databases.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const fixture = JSON.parse(readFileSync('test/fixtures/prompts/refund-request.json', 'utf8')) as Record<string, unknown>;
const ANSWER = { order_number: 'SO-55120', amount: 64.9, reason: 'arrived damaged' };

const CREATE = `mutation ($key: String!, $input: PromptVersionInput!) {
  createPromptVersion(key: $key, input: $input) { id version status contentHash author }
}`;
const VERSION_FIELDS = 'id status reviewer reviewNote lastTestReport';

describe.each(backends())('prompt lifecycle over GraphQL on %s', (backend) => {
  let llm: OpenAiTestServer;
  let platform: TestPlatform;
  let designer: string;
  let compliance: string;
  let admin: string;

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    platform = await startTestPlatform(backend, { LLM_BASE_URL: llm.url, LLM_API_KEY: 'test-key', LLM_MODEL: 'test-model', SEED_DEMO: 'false' });
    // Without the demo seed only the admin exists: create the people this journey needs.
    const { seedDemoUsers } = await import('../../../server/src/modules/seed/demo-users.seed.js');
    await seedDemoUsers(platform.db);
    designer = await loginAs(platform.url, 'designer');
    compliance = await loginAs(platform.url, 'compliance');
    admin = await loginAs(platform.url, 'admin');
  });
  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  async function op<T>(query: string, variables: Record<string, unknown>, token: string) {
    return gql<T>(platform.url, query, variables, token);
  }

  it('drafts, reviews with four eyes, publishes, tests and labels a prompt, auditing each step', async () => {
    const created = await op<{ createPromptVersion: { id: string; version: number; status: string } }>(CREATE, { key: 'refund-request', input: fixture }, designer);
    expect(created.errors).toBeUndefined();
    const id = created.data?.createPromptVersion.id;
    expect(created.data?.createPromptVersion).toMatchObject({ version: 1, status: 'draft' });

    // Unreviewed versions cannot be published.
    expect(errorCode(await op(`mutation ($id: ID!) { publishPromptVersion(id: $id) { id } }`, { id }, designer))).toBe('CONFLICT');
    await op(`mutation ($id: ID!) { submitPromptVersion(id: $id) { id } }`, { id }, designer);
    // A designer cannot approve; compliance can, with a note.
    expect(errorCode(await op(`mutation ($id: ID!) { approvePromptVersion(id: $id) { id } }`, { id }, designer))).toBe('FORBIDDEN');
    const approved = await op<{ approvePromptVersion: { status: string; reviewer: string } }>(
      `mutation ($id: ID!) { approvePromptVersion(id: $id, note: "wording checked") { ${VERSION_FIELDS} } }`, { id }, compliance,
    );
    expect(approved.data?.approvePromptVersion).toMatchObject({ status: 'approved', reviewer: 'compliance@demo.local' });
    await op(`mutation ($id: ID!) { publishPromptVersion(id: $id) { id } }`, { id }, designer);

    // production needs a passing test report of this version.
    const early = await op(`mutation ($id: ID!) { setPromptLabel(key: "refund-request", label: "production", versionId: $id) { key } }`, { id }, designer);
    expect(errorCode(early)).toBe('CONFLICT');
    llm.script([{ match: 'SO-55120', reply: ANSWER }]);
    const tested = await op<{ runPromptTests: { lastTestReport: { passed: boolean; passedCount: number } } }>(
      `mutation ($id: ID!) { runPromptTests(versionId: $id) { ${VERSION_FIELDS} } }`, { id }, designer,
    );
    expect(tested.data?.runPromptTests.lastTestReport).toMatchObject({ passed: true, passedCount: 1 });
    const labelled = await op<{ setPromptLabel: { labels: Array<{ label: string; version: number }> } }>(
      `mutation ($id: ID!) { setPromptLabel(key: "refund-request", label: "production", versionId: $id, reason: "go-live") { labels { label version } } }`,
      { id }, designer,
    );
    expect(labelled.data?.setPromptLabel.labels).toEqual([{ label: 'production', version: 1 }]);

    // The model was asked with the rendered template, the untrusted email inside delimiters, and the JSON schema format.
    const request = llm.requests[0];
    expect(request?.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(request?.messages)).toMatch(/<document[^>]*>[\s\S]*SO-55120[\s\S]*<\/document>/);

    const events = await platform.db.em().find(AuditEvent, { action: { $like: 'prompt%' } }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual([
      'prompt.created', 'prompt_version.created', 'prompt_version.submitted', 'prompt_version.approved',
      'prompt_version.published', 'prompt_version.tested', 'prompt.label_moved',
    ]);
    expect(events.at(-1)).toMatchObject({ before: { label: 'production' }, after: { label: 'production', version: 1 }, reason: 'go-live' });
  });

  it('refuses self-approval and rejection without a note', async () => {
    const created = await op<{ createPromptVersion: { id: string } }>(CREATE, { key: 'self-approved', input: fixture }, admin);
    const id = created.data?.createPromptVersion.id;
    await op(`mutation ($id: ID!) { submitPromptVersion(id: $id) { id } }`, { id }, admin);
    const self = await op(`mutation ($id: ID!) { approvePromptVersion(id: $id) { id } }`, { id }, admin);
    expect(errorCode(self)).toBe('CONFLICT');
    expect(self.errors?.[0]?.message).toMatch(/separation of duties/);
    expect(errorCode(await op(`mutation ($id: ID!) { rejectPromptVersion(id: $id, note: " ") { id } }`, { id }, compliance))).toBe('BAD_USER_INPUT');
    const rejected = await op<{ rejectPromptVersion: { status: string; reviewNote: string } }>(
      `mutation ($id: ID!) { rejectPromptVersion(id: $id, note: "name the currency") { ${VERSION_FIELDS} } }`, { id }, compliance,
    );
    expect(rejected.data?.rejectPromptVersion).toMatchObject({ status: 'draft', reviewNote: 'name the currency' });
  });

  it('reports template syntax errors with line and column at save time', async () => {
    const broken = { ...fixture, messages: [{ role: 'user', template: 'Hello {{ customer_name }}\n{% if email_body %}no end' }] };
    const response = await op(CREATE, { key: 'broken-template', input: broken }, designer);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.errors?.[0]?.extensions?.details)).toMatch(/\/messages\/0\/template.*line 2/);
  });

  it('previews, diffs and test-calls versions', async () => {
    const v1 = await op<{ createPromptVersion: { id: string } }>(CREATE, { key: 'diffed', input: fixture }, designer);
    const changed = { ...fixture, parameters: { temperature: 0.2, maxTokens: 300 }, messages: [
      { role: 'system', template: 'You extract refund requests. Answer only with JSON.' },
      (fixture.messages as unknown[])[1],
    ] };
    const v2 = await op<{ createPromptVersion: { id: string } }>(CREATE, { key: 'diffed', input: changed }, designer);
    const diff = await op<{ diffPromptVersions: { messages: Array<{ lines: Array<{ op: string; text: string }> }>; changes: Array<{ path: string }> } }>(
      'query ($a: ID!, $b: ID!) { diffPromptVersions(fromId: $a, toId: $b) { messages changes } }',
      { a: v1.data?.createPromptVersion.id, b: v2.data?.createPromptVersion.id }, designer,
    );
    expect(diff.data?.diffPromptVersions.messages[0]?.lines.map((l) => l.op)).toEqual(['remove', 'add']);
    expect(diff.data?.diffPromptVersions.changes.map((c) => c.path)).toContain('/parameters/temperature');

    const missing = await op('query ($id: ID!) { renderPrompt(versionId: $id, variables: { customer_name: "Ines" }) { messages { content } } }',
      { id: v1.data?.createPromptVersion.id }, designer);
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toMatch(/email_body/);

    llm.script([{ fault: 'schema_violation', times: 2 }]);
    const failed = await op<{ testPromptVersion: { valid: boolean; error: { kind: string } } }>(
      'mutation ($id: ID!, $v: JSON!) { testPromptVersion(versionId: $id, variables: $v) { valid error output latencyMs } }',
      { id: v1.data?.createPromptVersion.id, v: { customer_name: 'Ines', email_body: 'refund SO-1 please' } }, designer,
    );
    expect(failed.data?.testPromptVersion).toMatchObject({ valid: false, error: { kind: 'invalid_output' } });
  });
});
