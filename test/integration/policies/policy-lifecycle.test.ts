import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { PolicyVersion } from '../../../server/src/modules/policies/policy-version.entity.js';
import { backends } from '../../support/databases.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const fixture = JSON.parse(readFileSync('test/fixtures/policies/big-invoice-rule.json', 'utf8')) as Record<string, unknown>;

const CREATE = `mutation ($key: String!, $input: PolicyVersionInput!) {
  createPolicyVersion(key: $key, input: $input) { id version status contentHash problems { path rule message } }
}`;
const PUBLISH = 'mutation ($id: ID!) { publishPolicyVersion(id: $id) { id status publishedBy } }';
const EVALUATE = 'query ($id: ID, $logic: JSON, $data: JSON!) { evaluatePolicy(versionId: $id, logic: $logic, data: $data) { result trace varsRead explanation } }';

type Created = { createPolicyVersion: { id: string; version: number; status: string; contentHash: string; problems: Array<{ path: string; rule: string; message: string }> } };

describe.each(backends())('policy lifecycle over GraphQL on %s', (backend) => {
  let platform: TestPlatform;
  let designer: string;
  let compliance: string;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    designer = await loginAs(platform.url, 'designer');
    compliance = await loginAs(platform.url, 'compliance');
  });
  afterAll(async () => platform?.stop());

  it('seeds the policies folder as published versions', async () => {
    const response = await gql<{ policies: Array<{ key: string; published: { version: number; status: string } | null }> }>(
      platform.url, '{ policies { key published { version status } } }', {}, designer,
    );
    const keys = response.data?.policies.map((p) => p.key) ?? [];
    expect(keys).toEqual(expect.arrayContaining(['invoice-approval-route', 'invoice-po-match', 'vendor-name-match']));
    for (const policy of response.data?.policies ?? []) expect(policy.published?.status).toBe('published');
  });

  it('takes a designer from a failing static check to a published, explained rule', async () => {
    // 1. The draft reads department.overBudget, which the input schema does not have.
    const draft = await gql<Created>(platform.url, CREATE, { key: 'large-invoice-approval', input: fixture }, designer);
    expect(draft.errors).toBeUndefined();
    const v1 = draft.data?.createPolicyVersion;
    expect(v1?.status).toBe('draft');
    expect(v1?.problems).toEqual([expect.objectContaining({ path: '/logic/if/0/and/1', rule: 'unknown-var' })]);

    // 2. It can be saved but not published.
    const refused = await gql(platform.url, PUBLISH, { id: v1?.id }, compliance);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.details).toMatchObject({ problems: [{ path: '/logic/if/0/and/1' }] });

    // 3. The fix is a new version.
    const fixedLogic = JSON.parse(JSON.stringify(fixture.logic).replace('department.overBudget', 'department.over_budget')) as unknown;
    const fixed = await gql<Created>(platform.url, CREATE, { key: 'large-invoice-approval', input: { ...fixture, logic: fixedLogic } }, designer);
    const v2 = fixed.data?.createPolicyVersion;
    expect(v2).toMatchObject({ version: 2, problems: [] });

    // 4. Designers cannot publish; the author's own publish is refused too (four eyes).
    expect(errorCode(await gql(platform.url, PUBLISH, { id: v2?.id }, designer))).toBe('FORBIDDEN');
    const published = await gql<{ publishPolicyVersion: { status: string; publishedBy: string } }>(platform.url, PUBLISH, { id: v2?.id }, compliance);
    expect(published.data?.publishPolicyVersion).toMatchObject({ status: 'published', publishedBy: 'compliance@demo.local' });

    // 5. Evaluate with a readable explanation and a trace a reviewer can follow.
    const evaluation = await gql<{ evaluatePolicy: { result: unknown; trace: Array<Record<string, unknown>>; varsRead: unknown; explanation: string } }>(
      platform.url, EVALUATE, { id: v2?.id, data: { invoice: { amount: 15450 }, department: { over_budget: true } } }, await loginAs(platform.url, 'viewer'),
    );
    const result = evaluation.data?.evaluatePolicy;
    expect(result?.result).toBe('cfo');
    expect(result?.explanation).toMatch(/15450/);
    expect(JSON.stringify(result?.trace)).toContain('10000');
    expect(JSON.stringify(result?.varsRead)).toContain('invoice.amount');

    // 6. Each step is in the audit chain.
    const actions = (await platform.db.em().find(AuditEvent, { action: { $like: 'policy%' } }, { orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['policy.created', 'policy_version.created', 'policy_version.published']));
  });

  it('refuses to publish a version whose test cases fail, naming them', async () => {
    const input = { ...fixture, logic: { if: [{ '>': [{ var: 'invoice.amount' }, 20000] }, 'cfo', 'auto'] } };
    const created = await gql<Created>(platform.url, CREATE, { key: 'failing-tests', input }, designer);
    const response = await gql(platform.url, PUBLISH, { id: created.data?.createPolicyVersion.id }, compliance);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/over budget and large/);
    const version = await platform.db.em().findOneOrFail(PolicyVersion, { id: created.data?.createPolicyVersion.id ?? '' });
    expect(version.status).toBe('draft');
  });

  it('reports branch coverage and per-case results', async () => {
    const policy = await gql<{ policy: { published: { id: string } } }>(platform.url, '{ policy(key: "invoice-approval-route") { published { id } } }', {}, designer);
    const report = await gql<{ runPolicyTests: { passed: boolean; total: number; cases: Array<{ passed: boolean }>; coverage: { total: number; covered: number } } }>(
      platform.url, 'query ($id: ID!) { runPolicyTests(versionId: $id) { passed total cases { name passed } coverage } }',
      { id: policy.data?.policy.published.id }, designer,
    );
    expect(report.data?.runPolicyTests.passed).toBe(true);
    expect(report.data?.runPolicyTests.coverage.covered).toBe(report.data?.runPolicyTests.coverage.total);
  });

  it('creates nothing new when the same content is saved again', async () => {
    const again = await gql<Created>(platform.url, CREATE, { key: 'failing-tests', input: { ...fixture, logic: { if: [{ '>': [{ var: 'invoice.amount' }, 20000] }, 'cfo', 'auto'] } } }, designer);
    expect(again.data?.createPolicyVersion.version).toBe(1);
  });

  it('exports a version in the file format it was loaded from', async () => {
    const exported = await gql<{ exportPolicyFile: string }>(platform.url, 'mutation { exportPolicyFile(key: "invoice-approval-route") }', {}, compliance);
    const file = JSON.parse(exported.data?.exportPolicyFile ?? '{}') as Record<string, unknown>;
    const original = JSON.parse(readFileSync('policies/invoice-approval-route.json', 'utf8')) as Record<string, unknown>;
    expect(file).toEqual(original);
  });

  describe('bad input', () => {
    it('a rule nested 10,000 levels deep is a clear BAD_USER_INPUT', async () => {
      // Built as text: JSON.stringify itself would overflow the stack on such a value.
      const logic = `${'{"!":['.repeat(10_000)}true${']}'.repeat(10_000)}`;
      const started = Date.now();
      const response = await fetch(`${platform.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${designer}` },
        body: `{"query":${JSON.stringify(EVALUATE)},"variables":{"data":{},"logic":${logic}}}`,
      });
      const body = (await response.json()) as { errors?: Array<{ message: string; extensions: { code: string } }> };
      expect(Date.now() - started).toBeLessThan(1000);
      expect(body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/deep|depth|nest/i);
    });

    it.each([
      ['a var path through __proto__', { var: '__proto__.polluted' }],
      ['a var path through constructor.prototype', { '==': [{ var: 'constructor.prototype' }, 1] }],
    ])('%s is a clear BAD_USER_INPUT', async (_name, logic) => {
      const response = await gql(platform.url, EVALUATE, { logic, data: {} }, designer);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('a 10 MB data object is refused before it reaches the evaluator', async () => {
      const big = { rows: 'x'.repeat(10 * 1024 * 1024) };
      const response = await gql(platform.url, EVALUATE, { logic: { var: 'rows' }, data: big }, designer);
      expect(response.status).toBe(413);
      expect(response.errors?.[0]?.message).toMatch(/over the limit/);
    });

    it('a catastrophic regex gives a bounded answer or a clear error, fast', async () => {
      const started = Date.now();
      const response = await gql(platform.url, EVALUATE, { logic: { regex_test: ['^(a+)+$', { var: 's' }] }, data: { s: `${'a'.repeat(40)}!` } }, designer);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });

    it('a malformed test case list names the field', async () => {
      const response = await gql(platform.url, CREATE, { key: 'bad-cases', input: { ...fixture, testCases: [{ name: 'no data' }] } }, designer);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.details).toEqual({
      problems: expect.arrayContaining([expect.objectContaining({ path: '/testCases/0/data', rule: 'required' })]),
    });
      expect(await platform.db.em().count(PolicyVersion, { policy: { key: 'bad-cases' } })).toBe(0);
    });
  });
});
