import { isJsonRecord } from './json-text.js';
import { buildExampleFromSchema } from './schema-example.js';

export interface BranchCoverage {
  pointer: string;
  operator: string;
  branch: string;
  hit: boolean;
}

export interface CoverageSummary {
  total: number;
  covered: number;
  /** Whole percent; 100 when the rule has no branches to cover. */
  percent: number;
  branches: BranchCoverage[];
}

/** A test report's `coverage` JSON (`{ total, covered, branches }`). */
export function readCoverage(coverage: unknown): CoverageSummary {
  const record = isJsonRecord(coverage) ? coverage : {};
  const branches = (Array.isArray(record.branches) ? record.branches : []).flatMap((raw): BranchCoverage[] => {
    if (!isJsonRecord(raw) || typeof raw.branch !== 'string') return [];
    return [{
      pointer: typeof raw.pointer === 'string' ? raw.pointer : '',
      operator: typeof raw.operator === 'string' ? raw.operator : '',
      branch: raw.branch,
      hit: raw.hit === true,
    }];
  });
  const total = typeof record.total === 'number' ? record.total : branches.length;
  const covered = typeof record.covered === 'number' ? record.covered : branches.filter((branch) => branch.hit).length;
  return { total, covered, percent: total === 0 ? 100 : Math.round((covered / total) * 100), branches };
}

/** `if` at the rule's root → `if (then)`; deeper ones name their pointer. */
export function describeBranch(branch: BranchCoverage): string {
  const where = branch.pointer === '' ? '' : ` at ${branch.pointer}`;
  return `${branch.operator}${where} → ${branch.branch}`;
}

export interface VarRead {
  path: string;
  value: unknown;
}

/** `evaluatePolicy.varsRead` (`[{ path, value }]`). */
export function readVarsRead(varsRead: unknown): VarRead[] {
  if (!Array.isArray(varsRead)) return [];
  return varsRead.flatMap((raw): VarRead[] => (isJsonRecord(raw) && typeof raw.path === 'string' ? [{ path: raw.path, value: raw.value }] : []));
}

/**
 * Data to try a policy on: the first test case's data (a realistic example
 * its author chose), else an example built from the input schema.
 */
export function pickPolicySampleData(testCases: unknown, inputSchema: unknown): unknown {
  if (Array.isArray(testCases)) {
    const withData = testCases.find((testCase) => isJsonRecord(testCase) && 'data' in testCase);
    if (isJsonRecord(withData)) return withData.data;
  }
  return buildExampleFromSchema(inputSchema) ?? {};
}
