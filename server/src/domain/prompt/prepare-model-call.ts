import type { PromptSpec, RenderedMessage } from './prompt-spec.js';
import { pickTemplateVariables } from './list-template-variables.js';
import { pseudonymizeVariables, type Pseudonym } from './pseudonymize.js';
import { renderPromptMessages } from './render-prompt-messages.js';

export interface PreparedModelCall {
  /** Exactly what the model will receive. */
  messages: RenderedMessage[];
  /** Tokens to put back in the answer; empty unless the version pseudonymizes. */
  pseudonyms: Pseudonym[];
}

/**
 * Data minimization before any model call: only the variables the templates
 * reference, and with `pseudonymize` on, x-pii values replaced by tokens.
 * Rendering is deterministic, so a reviewer can re-create these messages later.
 */
export function prepareModelCall(spec: PromptSpec, variables: Record<string, unknown>): PreparedModelCall {
  const needed = pickTemplateVariables(spec, variables);
  // Rendering validates the real values against the input schema; tokens could break a
  // format (an email token is not an email), so the pseudonymized render skips that check.
  const messages = renderPromptMessages(spec, needed);
  if (!spec.pseudonymize) return { messages, pseudonyms: [] };
  const { variables: masked, pseudonyms } = pseudonymizeVariables(needed, spec.inputSchema);
  const { inputSchema: _validatedAbove, ...withoutSchema } = spec;
  return { messages: renderPromptMessages(withoutSchema, masked), pseudonyms };
}
