import { ValidationError } from '../../errors/index.js';
import type { TemplateSpec } from '../../template/template.model.js';
import type { RunMode } from '../steps/step-kind.js';
import { validateUserSchema } from '../user-schemas.js';
import { prepareTemplate } from './prepare-template.js';
import type { RunState } from './run.model.js';

/** Throws a BAD_USER_INPUT error naming each field of the input that does not fit the template's input schema. */
export function validateRunInput(spec: TemplateSpec, input: unknown): void {
  const problems = validateUserSchema(spec.inputSchema, input);
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).map((problem) => `${problem.path || '/'} ${problem.message}`).join('; ');
    throw new ValidationError(`invalid run input: ${summary}`, problems);
  }
}

/** A queued run; the `started` event dispatches its first step. */
export function createRunState(spec: TemplateSpec, input: unknown, mode: RunMode = 'live'): RunState {
  const { order } = prepareTemplate(spec);
  return {
    status: 'queued',
    mode,
    context: { input, steps: {} },
    steps: Object.fromEntries(order.map((stepId) => [stepId, { status: 'pending', attempt: 0, retryBase: 0 }])),
    edges: {},
  };
}
