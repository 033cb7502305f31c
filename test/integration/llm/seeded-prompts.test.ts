import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  promptVersionHash,
  renderPromptMessages,
  runPromptTestCases,
  type PromptDefinition,
  type RenderedMessage,
} from '../../../server/src/domain/prompt/index.js';
import { loadPromptLibrary } from '../../../server/src/infra/files/prompt-files.js';
import { createLlmClient, hashRenderedInput, isStrictCompatible } from '../../../server/src/infra/llm/index.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';

/**
 * The seeded prompts' recorded answers (seeds/recordings) are produced by the
 * real gateway against the test server answering with the plausible outputs
 * in fixtures/seed-answers.json. This test re-records them into a temp dir
 * and compares; `UPDATE_RECORDINGS=1 npx vitest run test/integration/llm`
 * rewrites seeds/recordings instead.
 */
const RECORDINGS = path.resolve('seeds/recordings');
const updating = process.env.UPDATE_RECORDINGS === '1';
const answers = JSON.parse(readFileSync(new URL('./fixtures/seed-answers.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

let library: PromptDefinition[];
let llm: OpenAiTestServer;

function listRelativeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function indexAnswersByInput(): Map<string, unknown> {
  const byInput = new Map<string, unknown>();
  for (const { key, spec } of library) {
    for (const testCase of spec.testCases) {
      const answer = answers[key]?.[testCase.name];
      if (answer === undefined) throw new Error(`fixtures/seed-answers.json has no answer for ${key} / ${testCase.name}`);
      byInput.set(hashRenderedInput(renderPromptMessages(spec, testCase.variables)), answer);
    }
  }
  return byInput;
}

beforeAll(async () => {
  library = await loadPromptLibrary(path.resolve('prompts'));
  llm = await startOpenAiTestServer();
});
const tempDirs: string[] = [];
afterAll(async () => {
  await llm.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('seeded prompts', () => {
  it('have output schemas OpenAI strict structured output accepts', () => {
    for (const { key, spec } of library) expect(isStrictCompatible(spec.outputSchema), key).toBe(true);
  });

  it('pass their test cases live through the gateway, and the recordings reproduce byte for byte', async () => {
    const byInput = indexAnswersByInput();
    llm.script([{ reply: (body) => byInput.get(hashRenderedInput(body.messages as RenderedMessage[])) as Record<string, unknown> }]);
    // Recordings of sample documents (seeds/samples) live beside the test-case ones: overwrite, never wipe.
    const target = updating ? RECORDINGS : mkdtempSync(path.join(os.tmpdir(), 'docket-seed-recordings-'));
    if (!updating) tempDirs.push(target);
    const gateway = createLlmClient({ baseUrl: llm.url, apiKey: 'test-key', model: 'gpt-4o-mini', recordDir: target, cacheTtlMs: 0 });

    for (const { key, spec } of library) {
      const report = await runPromptTestCases(spec, { llm: gateway, promptKey: key });
      const failures = report.results.filter((result) => !result.passed).map((result) => ({ name: result.name, error: result.error, failed: result.assertions.filter((a) => !a.passed) }));
      expect(failures, key).toEqual([]);
    }

    const recorded = listRelativeFiles(target);
    const testCaseCount = library.reduce((sum, { spec }) => sum + spec.testCases.length, 0);
    // When re-recording in place, the folder also holds the sample documents' recordings.
    if (updating) expect(recorded.length).toBeGreaterThanOrEqual(testCaseCount);
    else expect(recorded).toHaveLength(testCaseCount);
    expect(listRelativeFiles(RECORDINGS), 'run with UPDATE_RECORDINGS=1 to re-record').toEqual(expect.arrayContaining(recorded));
    for (const file of recorded) {
      expect(readFileSync(path.join(RECORDINGS, file), 'utf8'), `${file} differs; run with UPDATE_RECORDINGS=1`).toBe(
        readFileSync(path.join(target, file), 'utf8'),
      );
    }
  });

  it('pass their test cases offline from seeds/recordings, without any server', async () => {
    const offline = createLlmClient({ recordingsDir: RECORDINGS });
    for (const { key, spec } of library) {
      const report = await runPromptTestCases(spec, { llm: offline, promptKey: key });
      expect(report, key).toMatchObject({ failed: 0, passed: spec.testCases.length });
      expect(report.results.every((result) => result.costUsd === 0)).toBe(true);
    }
  });

  it('file recordings under the prompt key with the version hash of the prompt file', () => {
    for (const { key, spec } of library) {
      // Every file of this prompt belongs to the current version; test cases have one each, samples may add more.
      const files = readdirSync(path.join(RECORDINGS, key));
      expect(files.length, key).toBeGreaterThanOrEqual(spec.testCases.length);
      expect(files.every((file) => file.startsWith(promptVersionHash(spec).slice(0, 12)))).toBe(true);
    }
  });
});
