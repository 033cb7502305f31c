import { sortKeys } from './untrusted-text.js';
import { ValidationError, type FieldProblem } from '../errors/index.js';
import { escapePointer, validateAgainst } from '../shared/json-schema.js';
import { describeLiquidError, parseTemplate, promptLiquid } from './liquid-engine.js';
import type { PromptMessage, PromptSpec, RenderedMessage } from './prompt-spec.js';

interface MessagePlan {
  message: PromptMessage;
  /** Where the template lives in the spec, for error paths. */
  source: string;
  variables: Record<string, unknown>;
  /** Where the variables came from: '' for the caller's, '/examples/0/variables' for an example's. */
  variablesPath: string;
  fixedContent?: string;
}

function toVariablePointer(name: string): string {
  return name
    .split('.')
    .map((segment) => `/${escapePointer(segment)}`)
    .join('');
}

/**
 * Few-shot examples go right before the last user message: the user template
 * rendered with the example's variables, then the expected answer as JSON.
 */
function planMessages(spec: PromptSpec, variables: Record<string, unknown>, variablesPath: string): MessagePlan[] {
  const plans: MessagePlan[] = spec.messages.map((message, index) => ({
    message,
    source: `/messages/${index}/template`,
    variables,
    variablesPath,
  }));
  const examples = spec.examples ?? [];
  if (examples.length === 0) return plans;
  const lastUser = spec.messages.map((message) => message.role).lastIndexOf('user');
  const userMessage = spec.messages[lastUser];
  if (!userMessage) {
    throw ValidationError.single('/examples', 'user-message', 'examples need a user message to render into');
  }
  const shots = examples.flatMap((example, index): MessagePlan[] => [
    {
      message: userMessage,
      source: `/messages/${lastUser}/template`,
      variables: example.variables,
      variablesPath: `/examples/${index}/variables`,
    },
    {
      message: { role: 'assistant', template: '' },
      source: `/examples/${index}/output`,
      variables: {},
      variablesPath: '',
      // Sorted keys: examples come back from jsonb in its key order, and the messages must not change with it.
      fixedContent: JSON.stringify(sortKeys(example.output)),
    },
  ]);
  return [...plans.slice(0, lastUser), ...shots, ...plans.slice(lastUser)];
}

function renderOne(plan: MessagePlan, problems: FieldProblem[], missing: Set<string>): string {
  if (plan.fixedContent !== undefined) return plan.fixedContent;
  try {
    return String(promptLiquid.renderSync(parseTemplate(plan.message.template), plan.variables));
  } catch (error) {
    for (const problem of describeLiquidError(error)) {
      const where = `${plan.source} line ${problem.line}:${problem.column}`;
      if (problem.variable !== undefined) {
        missing.add(problem.variable);
        problems.push({
          path: `${plan.variablesPath}${toVariablePointer(problem.variable)}`,
          rule: 'missing-variable',
          message: `missing variable "${problem.variable}" (used at ${where})`,
        });
      } else {
        problems.push({ path: plan.source, rule: 'liquid-render', message: `${where}: ${problem.message}` });
      }
    }
    return '';
  }
}

export interface RenderOptions {
  /** Prefix for problem paths that point into `variables` (e.g. `/testCases/0/variables`). */
  variablesPath?: string;
}

/**
 * Renders a prompt version for one input. Strict: variables are checked
 * against the input schema first (problems carry JSON pointers into the
 * variables), then every variable a template reads must be present; all
 * missing ones are reported together so the caller fixes them in one go.
 */
export function renderPromptMessages(
  spec: PromptSpec,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): RenderedMessage[] {
  const variablesPath = options.variablesPath ?? '';
  if (spec.inputSchema) {
    const problems = validateAgainst(spec.inputSchema, variables, variablesPath);
    if (problems.length > 0) {
      const summary = problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ');
      throw new ValidationError(`prompt variables do not match the input schema: ${summary}`, problems);
    }
  }
  const problems: FieldProblem[] = [];
  const missing = new Set<string>();
  const messages = planMessages(spec, variables, variablesPath).map((plan) => ({
    role: plan.message.role,
    content: renderOne(plan, problems, missing),
  }));
  if (problems.length > 0) {
    const message = problems.every((p) => p.rule === 'missing-variable')
      ? `missing prompt variables: ${[...missing].join(', ')}`
      : `prompt rendering failed: ${problems.map((p) => p.message).join('; ')}`;
    throw new ValidationError(message, problems);
  }
  return messages;
}
