import type { FieldProblem } from '../../domain/errors/index.js';
import { LlmError, type JsonSchema, type RenderedMessage } from '../../domain/prompt/index.js';
import { compileSchema, validateAgainst } from '../../domain/shared/json-schema.js';
import type { ChatReply } from './chat-transport.js';

export type OutputCheck =
  | { ok: true; output: Record<string, unknown> }
  | { ok: false; problems: FieldProblem[]; truncated: boolean };

// Servers without structured output often wrap JSON in a markdown fence even
// when told not to; the JSON inside is still the answer.
const FENCED = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?\s*```\s*$/i;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const fenced = FENCED.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced?.[1] ?? text) as unknown };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Parses and validates an answer; every way it can be unusable becomes a problem. */
export function checkModelOutput(reply: ChatReply, schema: JsonSchema): OutputCheck {
  const truncated = reply.finishReason === 'length';
  if (reply.refusal) {
    return { ok: false, truncated, problems: [{ path: '', rule: 'refusal', message: `the model refused: ${reply.refusal}` }] };
  }
  const parsed = parseJson(reply.text);
  if (!parsed.ok) {
    const problems: FieldProblem[] = [{ path: '', rule: 'json', message: `not valid JSON: ${parsed.message}` }];
    if (truncated) problems.unshift({ path: '', rule: 'truncated', message: 'the answer was cut off at the token limit' });
    return { ok: false, truncated, problems };
  }
  const problems = validateAgainst(schema, parsed.value);
  if (truncated) problems.unshift({ path: '', rule: 'truncated', message: 'the answer was cut off at the token limit' });
  if (problems.length > 0) return { ok: false, truncated, problems };
  return { ok: true, output: parsed.value as Record<string, unknown> };
}

/**
 * The repair round: the model sees its own answer and exactly what is wrong
 * with it, plus the schema again, and is asked for the whole object anew.
 */
export function buildRepairMessages(
  messages: RenderedMessage[],
  previous: string,
  problems: FieldProblem[],
  schema: JsonSchema,
): RenderedMessage[] {
  const list = problems.map((problem) => `- ${problem.path || '(whole answer)'}: ${problem.message}`).join('\n');
  const truncated = problems.some((problem) => problem.rule === 'truncated');
  const instruction = [
    'Your previous answer cannot be used:',
    list,
    truncated ? 'It was too long and got cut off; keep text fields short.' : '',
    'Reply with the complete corrected JSON object only, no explanation, matching this JSON Schema:',
    JSON.stringify(schema),
  ]
    .filter((line) => line !== '')
    .join('\n');
  return [...messages, { role: 'assistant', content: previous }, { role: 'user', content: instruction }];
}

/** An output schema ajv cannot compile is the caller's mistake; say so before paying for a call. */
export function assertUsableSchema(schema: JsonSchema): void {
  try {
    compileSchema(schema);
  } catch (error) {
    throw new LlmError(
      `output schema is not a usable JSON Schema: ${(error as Error).message}`,
      { kind: 'rejected', attempts: 0, validationErrors: [{ path: '/outputSchema', rule: 'json-schema', message: (error as Error).message }] },
      { cause: error },
    );
  }
}
