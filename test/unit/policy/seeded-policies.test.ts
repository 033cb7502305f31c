import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, parsePolicyFile, runPolicyTests } from '../../../server/src/domain/policy/index.js';
import { fixedClock } from '../../../server/src/domain/shared/clock.js';
import { checkSchema, validateAgainst } from '../../../server/src/domain/shared/json-schema.js';

const policies = readdirSync('policies')
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => parsePolicyFile(JSON.parse(readFileSync(path.join('policies', file), 'utf8'))));

describe('seeded policies', () => {
  it('there are at least five of them', () => {
    expect(policies.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(policies.map((policy) => [policy.key, policy] as const))('%s', (_, policy) => {
    it('has a valid input schema, and its test data fits it', () => {
      expect(policy.inputSchema).toBeDefined();
      const schema = policy.inputSchema as Record<string, unknown>;
      expect(checkSchema(schema)).toEqual([]);
      for (const testCase of policy.testCases) expect(validateAgainst(schema, testCase.data), testCase.name).toEqual([]);
    });

    it('passes the static checks with no problem', () => {
      expect(checkPolicy(policy.logic, policy.inputSchema)).toEqual([]);
    });

    it('passes its own test cases with full branch coverage', () => {
      const report = runPolicyTests(policy.logic, policy.testCases, { clock: fixedClock('2025-03-01T09:30:00Z') });
      expect(report.cases.filter((c) => !c.passed)).toEqual([]);
      expect(report.total).toBeGreaterThanOrEqual(4);
      expect(report.coverage.total).toBeGreaterThan(0);
      expect(report.coverage.branches.filter((b) => !b.hit)).toEqual([]);
    });
  });
});
