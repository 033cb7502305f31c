import { ValidationError, type FieldProblem } from '../errors/index.js';
import { checkSchema, validateAgainst } from '../shared/json-schema.js';
import { describeLiquidError, parseTemplate } from './liquid-engine.js';
import { renderPromptMessages } from './render-prompt-messages.js';
import type { PromptSpec } from './prompt-spec.js';
import { promptSpecSchema } from './prompt-spec.schema.js';

function checkTemplates(spec: PromptSpec): FieldProblem[] {
  return spec.messages.flatMap((message, index) => {
    try {
      parseTemplate(message.template);
      return [];
    } catch (error) {
      return describeLiquidError(error).map((problem) => ({
        path: `/messages/${index}/template`,
        rule: 'liquid-syntax',
        message: `line ${problem.line}:${problem.column}: ${problem.message}`,
      }));
    }
  });
}

function checkSchemas(spec: PromptSpec): FieldProblem[] {
  const problems = [
    ...(spec.inputSchema ? checkSchema(spec.inputSchema, '/inputSchema') : []),
    ...checkSchema(spec.outputSchema, '/outputSchema'),
  ];
  // Structured output and JSON mode both answer with one JSON object.
  if (spec.outputSchema.type !== 'object') {
    problems.push({ path: '/outputSchema/type', rule: 'output-object', message: 'the output schema must describe an object' });
  }
  if (!spec.messages.some((message) => message.role === 'user')) {
    problems.push({ path: '/messages', rule: 'user-message', message: 'a prompt needs at least one user message' });
  }
  return problems;
}

function checkExamples(spec: PromptSpec, schemasUsable: boolean): FieldProblem[] {
  if (!schemasUsable) return [];
  return (spec.examples ?? []).flatMap((example, index) => [
    ...(spec.inputSchema ? validateAgainst(spec.inputSchema, example.variables, `/examples/${index}/variables`) : []),
    ...validateAgainst(spec.outputSchema, example.output, `/examples/${index}/output`),
  ]);
}

function renderTestCase(spec: PromptSpec, index: number): FieldProblem[] {
  const testCase = spec.testCases[index];
  if (!testCase) return [];
  try {
    renderPromptMessages(spec, testCase.variables, { variablesPath: `/testCases/${index}/variables` });
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
}

function checkTestCases(spec: PromptSpec, renderable: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  spec.testCases.forEach((testCase, index) => {
    if (seen.has(testCase.name)) {
      problems.push({ path: `/testCases/${index}/name`, rule: 'unique', message: `duplicate test case name "${testCase.name}"` });
    }
    seen.add(testCase.name);
    if (renderable) problems.push(...renderTestCase(spec, index));
  });
  return problems;
}

function isPromptSpecShape(spec: unknown, problems: FieldProblem[]): spec is PromptSpec {
  problems.push(...validateAgainst(promptSpecSchema, spec));
  return problems.length === 0;
}

/**
 * Everything wrong with a prompt version, as field problems: shape, Liquid
 * syntax (with line and column), unusable JSON Schemas, examples that break
 * the schemas, and test cases whose variables do not fit the input schema or
 * leave a template variable undefined. Empty means the version can be saved.
 */
export function checkPromptSpec(spec: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isPromptSpecShape(spec, problems)) return problems;
  const templateProblems = checkTemplates(spec);
  const schemaProblems = checkSchemas(spec);
  const schemasUsable = !schemaProblems.some((p) => p.rule === 'json-schema');
  return [
    ...templateProblems,
    ...schemaProblems,
    ...checkExamples(spec, schemasUsable),
    ...checkTestCases(spec, schemasUsable && templateProblems.length === 0),
  ];
}

/** Throws a ValidationError listing every problem, or narrows the value to a PromptSpec. */
export function assertPromptSpec(spec: unknown): asserts spec is PromptSpec {
  const problems = checkPromptSpec(spec);
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ');
    throw new ValidationError(`invalid prompt: ${summary}`, problems);
  }
}
