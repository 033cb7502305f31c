import { canonicalJson } from '../shared/canonical-json.js';
import { validateAgainst } from '../shared/json-schema.js';
import { readPointer } from './json-pointer.js';
import type { JsonSchema, PromptAssertion } from './prompt-spec.js';

export interface AssertionResult {
  assertion: PromptAssertion;
  passed: boolean;
  /** What was found at the assertion's path (undefined when the path is absent). */
  actual: unknown;
  message: string;
}

type Check = { passed: boolean; actual: unknown; message: string };

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function lookup(output: unknown, path: string | undefined): { found: boolean; actual: unknown } {
  const result = readPointer(output, path ?? '');
  return result.found ? { found: true, actual: result.value } : { found: false, actual: undefined };
}

/**
 * `contains` reads like a person would: a string contains a substring, a
 * list contains an element equal to the text (or a string element holding
 * it), anything else is searched as its JSON text.
 */
function containsText(actual: unknown, text: string): boolean {
  if (typeof actual === 'string') return actual.includes(text);
  if (Array.isArray(actual)) {
    return actual.some((item) => (typeof item === 'string' ? item.includes(text) : containsText(item, text)));
  }
  if (actual === undefined) return false;
  return JSON.stringify(actual).includes(text);
}

function checkSchemaValid(output: unknown, outputSchema: JsonSchema): Check {
  const problems = validateAgainst(outputSchema, output);
  return problems.length === 0
    ? { passed: true, actual: output, message: 'output matches the output schema' }
    : {
        passed: false,
        actual: problems,
        message: `output breaks the schema: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`,
      };
}

function checkOne(output: unknown, outputSchema: JsonSchema, assertion: PromptAssertion): Check {
  switch (assertion.type) {
    case 'schema_valid':
      return checkSchemaValid(output, outputSchema);
    case 'equals': {
      const { found, actual } = lookup(output, assertion.path);
      const passed = found && canonicalJson(actual) === canonicalJson(assertion.value);
      return {
        passed,
        actual,
        message: passed
          ? `${assertion.path} equals ${describe(assertion.value)}`
          : `${assertion.path} is ${describe(actual)}, expected ${describe(assertion.value)}`,
      };
    }
    case 'within': {
      const { actual } = lookup(output, assertion.path);
      if (typeof actual !== 'number') {
        return { passed: false, actual, message: `${assertion.path} is ${describe(actual)}, expected a number` };
      }
      const distance = Math.abs(actual - assertion.value);
      const passed = distance <= assertion.tolerance + Number.EPSILON * Math.max(1, Math.abs(assertion.value));
      return {
        passed,
        actual,
        message: `${assertion.path} is ${actual}, ${passed ? 'within' : 'not within'} ${assertion.tolerance} of ${assertion.value}`,
      };
    }
    case 'contains':
    case 'not_contains': {
      const where = assertion.path ?? '';
      const { actual } = lookup(output, where);
      const contains = containsText(actual, assertion.text);
      const passed = assertion.type === 'contains' ? contains : !contains;
      return {
        passed,
        actual,
        message: `${where || 'output'} ${contains ? 'contains' : 'does not contain'} ${JSON.stringify(assertion.text)}`,
      };
    }
  }
}

/** Judges one model output against a test case's assertions; never throws on odd output. */
export function evaluateAssertions(
  output: unknown,
  outputSchema: JsonSchema,
  assertions: PromptAssertion[],
): AssertionResult[] {
  return assertions.map((assertion) => ({ assertion, ...checkOne(output, outputSchema, assertion) }));
}
