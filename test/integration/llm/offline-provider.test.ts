import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../../server/src/domain/prompt/index.js';
import {
  createLlmClient,
  hashRenderedInput,
  OFFLINE_MISS_MESSAGE,
  RECORDING_FORMAT,
  type LlmRecording,
} from '../../../server/src/infra/llm/index.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../support/openai-test-server.js';
import { buildInvoiceRequest, validInvoiceAnswer } from './fixtures/invoice-request.js';

let llm: OpenAiTestServer;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
});
const tempDirs: string[] = [];
afterAll(async () => {
  await llm.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function makeTempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-recordings-'));
  tempDirs.push(dir);
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('recording and offline replay', () => {
  it('records live answers when a record dir is set, and replays them offline', async () => {
    const dir = makeTempDir();
    llm.script([{ reply: validInvoiceAnswer, usage: { prompt_tokens: 50, completion_tokens: 20 } }]);
    const request = buildInvoiceRequest();
    const live = await createLlmClient({ baseUrl: llm.url, apiKey: 'k', recordDir: dir }).complete(request);

    const [file] = listFiles(dir);
    expect(file).toBe(path.join(dir, 'invoice-extract', `${'a'.repeat(12)}-${hashRenderedInput(request.messages).slice(0, 12)}.json`));
    const recording = JSON.parse(readFileSync(file ?? '', 'utf8')) as LlmRecording;
    expect(recording).toEqual({
      format: RECORDING_FORMAT,
      promptKey: 'invoice-extract',
      versionHash: request.versionHash,
      inputHash: hashRenderedInput(request.messages),
      request: { model: 'gpt-4o-mini', parameters: request.parameters, messages: request.messages },
      response: { model: 'gpt-4o-mini', raw: live.raw, output: validInvoiceAnswer, usage: live.usage, repaired: false },
    });

    const replay = await createLlmClient({ recordingsDir: dir }).complete({ ...request, signal: undefined });
    expect(replay).toMatchObject({ output: validInvoiceAnswer, provider: 'offline', costUsd: 0, repaired: false, cached: false, usage: live.usage });
  });

  it('says exactly what is missing when there is no recorded answer', async () => {
    const dir = makeTempDir();
    const offline = createLlmClient({ recordingsDir: dir });
    const error = await offline.complete(buildInvoiceRequest()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'not_configured', message: 'no LLM configured (set LLM_BASE_URL/LLM_API_KEY) and no recorded answer for this input' });
    expect(OFFLINE_MISS_MESSAGE).toBe((error as LlmError).message);
  });

  it('misses when the version differs, even for the same messages', async () => {
    const dir = makeTempDir();
    llm.script([{ reply: validInvoiceAnswer }]);
    const request = buildInvoiceRequest();
    await createLlmClient({ baseUrl: llm.url, apiKey: 'k', recordDir: dir }).complete(request);
    const error = await createLlmClient({ recordingsDir: dir })
      .complete({ ...request, versionHash: 'c'.repeat(64) })
      .catch((caught: unknown) => caught);
    expect(LlmError.is(error, 'not_configured')).toBe(true);
  });

  it('answers from a missing folder with the same clear miss, and skips files that are not recordings', async () => {
    const missing = createLlmClient({ recordingsDir: path.join(os.tmpdir(), 'docket-no-such-dir') });
    await expect(missing.complete(buildInvoiceRequest())).rejects.toThrow(OFFLINE_MISS_MESSAGE);
    const dir = makeTempDir();
    await mkdir(path.join(dir, 'x'));
    writeFileSync(path.join(dir, 'x', 'broken.json'), '{ not json');
    writeFileSync(path.join(dir, 'x', 'other.json'), '{"hello":"world"}');
    await expect(createLlmClient({ recordingsDir: dir }).complete(buildInvoiceRequest())).rejects.toThrow(OFFLINE_MISS_MESSAGE);
  });

  it('refuses a recorded answer that no longer fits the output schema', async () => {
    const dir = makeTempDir();
    llm.script([{ reply: validInvoiceAnswer }]);
    const request = buildInvoiceRequest();
    await createLlmClient({ baseUrl: llm.url, apiKey: 'k', recordDir: dir }).complete(request);
    const stricter = { ...request.outputSchema, required: ['vendor', 'invoice_number', 'total', 'currency'], properties: { ...(request.outputSchema.properties as object), currency: { type: 'string' } } };
    const error = await createLlmClient({ recordingsDir: dir })
      .complete({ ...request, outputSchema: stricter })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'invalid_output', validationErrors: [{ path: '/currency', rule: 'required' }] });
  });
});
