import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../../../server/src/graphql/schema.js';
import { abilityFor } from '../../../server/src/modules/auth/ability.js';
import { OPERATION_MATRIX, type OperationRule } from '../../../server/src/modules/auth/operation-matrix.js';
import { ROLES, type Role } from '../../../server/src/modules/auth/roles.js';
import { OPERATION_SAMPLES } from '../../fixtures/security/operation-samples.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

async function operations(): Promise<string[]> {
  const schema = await getSchema();
  return [...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})].sort();
}

function allowed(rule: OperationRule, role: Role): boolean {
  if (rule.kind !== 'grant') return true;
  return abilityFor([role]).can(rule.action, rule.subject);
}

describe('the role × operation matrix', () => {
  it('has an entry and a sample call for every query and mutation, and nothing else', async () => {
    const names = await operations();
    expect(names.filter((name) => !(name in OPERATION_MATRIX))).toEqual([]);
    expect(Object.keys(OPERATION_MATRIX).filter((name) => !names.includes(name))).toEqual([]);
    expect(names.filter((name) => !(name in OPERATION_SAMPLES))).toEqual([]);
  });

  describe('enforced by the services for every role', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform('pglite');
    });
    afterAll(async () => platform?.stop());

    it.each(ROLES)('%s gets exactly what the matrix grants', async (role) => {
      const token = await loginAs(platform.url, role);
      const mismatches: string[] = [];
      // logout last: it ends the session the other calls use.
      const names = (await operations()).sort((a, b) => Number(a === 'logout') - Number(b === 'logout'));
      for (const name of names) {
        const rule = OPERATION_MATRIX[name] as OperationRule;
        const response = await gql(platform.url, OPERATION_SAMPLES[name] as string, {}, token);
        const code = errorCode(response);
        // login's sample uses a wrong password: UNAUTHENTICATED is its answer, not a permission refusal.
        const denied = code === 'FORBIDDEN' || (code === 'UNAUTHENTICATED' && rule.kind !== 'public');
        if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') mismatches.push(`${name}: the sample call is not valid GraphQL`);
        if (code === 'INTERNAL_SERVER_ERROR') mismatches.push(`${name}: internal error`);
        if (allowed(rule, role) === denied) mismatches.push(`${name}: expected ${allowed(rule, role) ? 'allowed' : 'FORBIDDEN'}, got ${code ?? 'success'}`);
      }
      expect(mismatches).toEqual([]);
    });

    it('answers every operation with UNAUTHENTICATED when no one is signed in (login: for the wrong password)', async () => {
      const names = await operations();
      const open = [];
      for (const name of names) {
        const code = errorCode(await gql(platform.url, OPERATION_SAMPLES[name] as string));
        if (code !== 'UNAUTHENTICATED') open.push(`${name}: ${code ?? 'success'}`);
      }
      expect(open).toEqual([]);
    });
  });
});
