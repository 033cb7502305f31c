import { DomainError } from '../errors/index.js';
import { evaluateAssertions, type AssertionResult } from './evaluate-assertions.js';
import { LlmError } from './llm-error.js';
import type { LlmClient, LlmUsage } from './llm-port.js';
import type { PromptSpec, PromptTestCase } from './prompt-spec.js';
import { promptVersionHash } from './prompt-version-hash.js';
import { renderPromptMessages } from './render-prompt-messages.js';

export interface PromptTestCaseResult {
  name: string;
  passed: boolean;
  output?: Record<string, unknown>;
  assertions: AssertionResult[];
  /** Why no output was judged: a render problem or a failed model call. */
  error?: { code: string; kind?: string; message: string; raw?: string };
  usage?: LlmUsage;
  costUsd: number;
  cached?: boolean;
}

export interface PromptTestReport {
  passed: number;
  failed: number;
  results: PromptTestCaseResult[];
}

export interface RunPromptTestsOptions {
  llm: LlmClient;
  promptKey?: string;
  signal?: AbortSignal;
}

function describeFailure(error: unknown): PromptTestCaseResult['error'] {
  if (error instanceof LlmError) {
    return { code: error.code, kind: error.kind, message: error.message, ...(error.raw !== undefined ? { raw: error.raw } : {}) };
  }
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  throw error;
}

/** Renders one test case, asks the model, and judges the answer; failures are results, not throws. */
export async function runPromptTestCase(
  spec: PromptSpec,
  testCase: PromptTestCase,
  options: RunPromptTestsOptions,
): Promise<PromptTestCaseResult> {
  try {
    const result = await options.llm.complete({
      messages: renderPromptMessages(spec, testCase.variables),
      ...(spec.model !== undefined ? { model: spec.model } : {}),
      parameters: spec.parameters,
      outputSchema: spec.outputSchema,
      versionHash: promptVersionHash(spec),
      ...(options.promptKey !== undefined ? { promptKey: options.promptKey } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const assertions = evaluateAssertions(result.output, spec.outputSchema, testCase.assertions);
    return {
      name: testCase.name,
      passed: assertions.every((assertion) => assertion.passed),
      output: result.output,
      assertions,
      usage: result.usage,
      costUsd: result.costUsd,
      cached: result.cached,
    };
  } catch (error) {
    const failure = describeFailure(error);
    const costUsd = error instanceof LlmError ? error.costUsd : 0;
    return { name: testCase.name, passed: false, assertions: [], ...(failure ? { error: failure } : {}), costUsd };
  }
}

/** Runs a version's test cases one after another (they share the caller's rate limits). */
export async function runPromptTestCases(spec: PromptSpec, options: RunPromptTestsOptions): Promise<PromptTestReport> {
  const results: PromptTestCaseResult[] = [];
  for (const testCase of spec.testCases) results.push(await runPromptTestCase(spec, testCase, options));
  const passed = results.filter((result) => result.passed).length;
  return { passed, failed: results.length - passed, results };
}
