import { hashContent } from '../shared/canonical-json.js';
import type { PromptSpec } from './prompt-spec.js';

/**
 * Content hash of a prompt version: everything that changes what the model
 * is asked or how its answers are judged. The changelog is a note about the
 * change, not content, so rewording it does not make a new version. The
 * hash keys deduplication on load, the response cache and recorded answers.
 */
export function promptVersionHash(spec: PromptSpec): string {
  return hashContent({
    messages: spec.messages.map(({ role, template }) => ({ role, template })),
    examples: spec.examples ?? [],
    model: spec.model ?? null,
    parameters: spec.parameters,
    inputSchema: spec.inputSchema ?? null,
    outputSchema: spec.outputSchema,
    testCases: spec.testCases,
    // Only when on, so versions saved before the setting existed keep their hashes (and recordings).
    ...(spec.pseudonymize ? { pseudonymize: true } : {}),
  });
}
