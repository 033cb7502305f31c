import { ValidationError, type FieldProblem } from '../errors/index.js';
import { describeLiquidError, parseTemplate, promptLiquid } from './liquid-engine.js';
import type { PromptSpec } from './prompt-spec.js';

function collectRoots(template: string, path: string, problems: FieldProblem[]): string[] {
  try {
    return promptLiquid.globalVariablesSync(parseTemplate(template));
  } catch (error) {
    for (const problem of describeLiquidError(error)) {
      problems.push({ path, rule: 'liquid-syntax', message: `line ${problem.line}:${problem.column}: ${problem.message}` });
    }
    return [];
  }
}

/**
 * Root variable names the templates read (`{{ invoice.total }}` → `invoice`),
 * sorted. Variables a template defines itself (assign, for loops) are not
 * listed. A prompt step sends the model only these, so nothing else from the
 * run context can leak into a prompt.
 */
export function listTemplateVariables(spec: Pick<PromptSpec, 'messages'>): string[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  spec.messages.forEach((message, index) => {
    for (const name of collectRoots(message.template, `/messages/${index}/template`, problems)) names.add(name);
  });
  if (problems.length > 0) throw new ValidationError('prompt template has syntax errors', problems);
  return [...names].sort();
}

/** Keeps only the variables the templates reference (data minimization). */
export function pickTemplateVariables(
  spec: Pick<PromptSpec, 'messages'>,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of listTemplateVariables(spec)) {
    if (Object.hasOwn(variables, name)) picked[name] = variables[name];
  }
  return picked;
}
