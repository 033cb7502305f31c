import { ValidationError, type FieldProblem } from '../errors/index.js';
import { assertValid, checkSchema } from '../shared/json-schema.js';
import { inspectRule } from './inspect-rule.js';
import { findNonJsonValue, type JsonObject, type JsonValue } from './json-value.js';
import { measureData } from './measure-data.js';
import { POLICY_FILE_SCHEMA } from './policy-file.schema.js';
import type { PolicyTestCase } from './run-policy-tests.js';

/** A policy as kept in `policies/*.json`. */
export interface PolicyFile {
  key: string;
  name: string;
  description: string;
  logic: JsonValue;
  inputSchema?: JsonObject;
  testCases: PolicyTestCase[];
}

/** Rule problems that make a file unusable; the others (unknown operator, arity…) are the draft's to fix. */
const BLOCKING_RULE_PROBLEMS = new Set(['shape', 'depth', 'size']);

function problemsOfValue(value: unknown, path: string): FieldProblem[] {
  try {
    measureData(value);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems.map((problem) => ({ ...problem, path: `${path}${problem.path}` }));
  }
}

/** Field order of the file format; serialization writes keys in this order. */
function ordered(policy: PolicyFile): PolicyFile {
  return {
    key: policy.key,
    name: policy.name,
    description: policy.description,
    logic: policy.logic,
    ...(policy.inputSchema === undefined ? {} : { inputSchema: policy.inputSchema }),
    testCases: policy.testCases.map(({ name, data, expected }) => ({ name, data, expected })),
  };
}

/**
 * Validates a parsed policy file against POLICY_FILE_SCHEMA, then what a
 * schema cannot say: the input schema compiles, the rule is well-formed
 * (shape, depth, size), test data is bounded JSON, test names are unique.
 * Throws a ValidationError naming each problem's JSON pointer.
 */
export function parsePolicyFile(json: unknown): PolicyFile {
  assertValid(POLICY_FILE_SCHEMA, json, 'policy file');
  const file = json as PolicyFile;
  const problems: FieldProblem[] = [];
  if (file.inputSchema !== undefined) problems.push(...checkSchema(file.inputSchema, '/inputSchema'));
  problems.push(
    ...inspectRule(file.logic)
      .problems.filter((problem) => BLOCKING_RULE_PROBLEMS.has(problem.rule))
      .map((problem) => ({ ...problem, path: `/logic${problem.path}` })),
  );
  const names = new Set<string>();
  file.testCases.forEach((testCase, i) => {
    if (names.has(testCase.name)) problems.push({ path: `/testCases/${i}/name`, rule: 'unique', message: `"${testCase.name}" is used twice` });
    names.add(testCase.name);
    problems.push(...problemsOfValue(testCase.data, `/testCases/${i}/data`), ...problemsOfValue(testCase.expected, `/testCases/${i}/expected`));
  });
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new ValidationError(`invalid policy file: ${summary}`, problems);
  }
  return ordered(file);
}

/**
 * Writes a policy in the file format: fields in schema order, 2-space indent,
 * trailing newline, so export → import → export gives the same bytes.
 */
export function serializePolicyFile(policy: PolicyFile): string {
  const file = ordered(policy);
  assertValid(POLICY_FILE_SCHEMA, file, 'policy file');
  if (findNonJsonValue(file) !== undefined) {
    throw ValidationError.single('', 'non-json', 'the policy holds a value JSON cannot represent (NaN, Infinity, a function…)');
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}
