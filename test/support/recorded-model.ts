import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashRenderedInput } from '../../server/src/infra/llm/index.js';
import type { ChatRequestBody } from './openai-test-server.js';

/**
 * Answers for the test LLM server taken from seeds/recordings: a request whose
 * rendered messages were recorded gets the recorded answer, so the seeded
 * prompts pass their test cases against a live server exactly as offline.
 */
export function loadRecordedAnswers(dir = path.resolve('seeds/recordings')): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const prompt of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, prompt)).filter((name) => name.endsWith('.json'))) {
      const recording = JSON.parse(readFileSync(path.join(dir, prompt, file), 'utf8')) as { inputHash: string; response: { output: unknown } };
      answers.set(recording.inputHash, recording.response.output);
    }
  }
  return answers;
}

export function recordedAnswerFor(answers: Map<string, unknown>, body: ChatRequestBody): unknown {
  const messages = body.messages.map((m) => ({ role: m.role as 'system' | 'user' | 'assistant', content: String(m.content) }));
  return answers.get(hashRenderedInput(messages));
}
