import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyVersion } from '../../../server/src/modules/policies/policy-version.entity.js';
import { PromptVersion } from '../../../server/src/modules/prompts/prompt-version.entity.js';
import { Run } from '../../../server/src/modules/runs/run.entity.js';
import { TemplateVersion } from '../../../server/src/modules/templates/template-version.entity.js';
import { errorCode, gql, loginAs, type GraphQLResponse } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

describe('hardening', () => {
  describe('in production mode', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform('pglite', { NODE_ENV: 'production', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    });
    afterAll(async () => platform?.stop());

    it('turns introspection off and gives no field suggestions', async () => {
      const token = await loginAs(platform.url, 'admin');
      const introspection = await gql(platform.url, '{ __schema { types { name } } }', {}, token);
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await gql(platform.url, '{ mee { email } }', {}, token);
      expect(typo.errors?.[0]?.message).not.toMatch(/did you mean/i);
    });

    it('never leaks SQL or stack traces when something breaks inside', async () => {
      const token = await loginAs(platform.url, 'admin');
      await platform.db.em().getConnection().execute('alter table policies rename column name to name_broken');
      const response = await gql(platform.url, '{ policies { key name } }', {}, token);
      expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
      const error = response.errors?.[0];
      expect(error?.message).toBe('internal error; the server log has the details');
      expect(JSON.stringify(error?.extensions)).not.toMatch(/select|name_broken|stack|\.ts:|node_modules/i);
    });
  });

  describe('sign-in', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform('pglite', { LOGIN_MAX_ATTEMPTS: '5' });
    });
    afterAll(async () => platform?.stop());

    it('locks an account out after repeated wrong passwords, even for the right one', async () => {
      for (let i = 0; i < 5; i += 1) {
        expect(errorCode(await gql(platform.url, 'mutation { login(email: "viewer@demo.local", password: "guess") { token } }'))).toBe('UNAUTHENTICATED');
      }
      const locked = await gql(platform.url, 'mutation { login(email: "viewer@demo.local", password: "demo") { token } }');
      expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('fuzzed inputs', () => {
    let platform: TestPlatform;
    let designer: string;
    let operator: string;
    beforeAll(async () => {
      platform = await startTestPlatform('pglite');
      designer = await loginAs(platform.url, 'designer');
      operator = await loginAs(platform.url, 'operator');
    });
    afterAll(async () => platform?.stop());

    const json = fc.jsonValue({ maxDepth: 4 });
    const OK = new Set([undefined, 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']);

    async function counts() {
      const em = platform.db.em();
      return [await em.count(PolicyVersion, {}), await em.count(PromptVersion, {}), await em.count(TemplateVersion, {}), await em.count(Run, {})];
    }

    function expectHandled(response: GraphQLResponse<unknown>): void {
      expect(OK.has(errorCode(response)), JSON.stringify(response.errors)).toBe(true);
      expect(response.status).toBeLessThan(500);
    }

    it('treats a semicolon inside a value as data on every backend (it once returned another template\'s version on PGlite)', async () => {
      const response = await gql(platform.url, 'mutation { startRun(templateKey: "invoice-approval;x", input: {}) { id } }', {}, operator);
      expect(errorCode(response)).toBe('NOT_FOUND');
      const login = await gql(platform.url, 'mutation { login(email: "admin@demo.local;x", password: "demo") { token } }');
      expect(errorCode(login)).toBe('UNAUTHENTICATED');
    });

    it('startRun, evaluatePolicy, createPromptVersion and createTemplateVersion answer every input without a 500 or a partial row', async () => {
      const before = await counts();
      let created = 0;
      await fc.assert(fc.asyncProperty(json, json, fc.string({ maxLength: 30 }), async (a, b, key) => {
        const responses = await Promise.all([
          gql(platform.url, 'mutation ($k: String!, $i: JSON!) { startRun(templateKey: $k, input: $i) { id } }', { k: key || 'invoice-approval', i: a }, operator),
          gql(platform.url, 'query ($l: JSON, $d: JSON!) { evaluatePolicy(logic: $l, data: $d) { result } }', { l: a, d: b }, operator),
          gql(platform.url, 'mutation ($k: String!, $o: JSON!, $t: JSON) { createPromptVersion(key: $k, input: { messages: [{ role: "user", template: "x" }], outputSchema: $o, testCases: $t }) { id } }',
            { k: `fuzz-${key.length}`, o: a, t: b }, designer),
          gql(platform.url, 'mutation ($s: JSON!) { createTemplateVersion(key: "fuzzed", input: { spec: $s }) { id } }', { s: a }, designer),
        ]);
        for (const response of responses) expectHandled(response);
        created += responses.filter((r, i) => i !== 1 && !r.errors).length;
      }), { numRuns: 40 });
      const after = await counts();
      // Every row that appeared belongs to a call that said it succeeded.
      expect(after.reduce((x, y) => x + y, 0) - before.reduce((x, y) => x + y, 0)).toBe(created);
    }, 120_000);
  });
});
