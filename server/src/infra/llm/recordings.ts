import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { LlmClient, LlmRequest, LlmResult, LlmUsage, PromptParameters, RenderedMessage } from '../../domain/prompt/index.js';
import { hashContent } from '../../domain/shared/canonical-json.js';

export const RECORDING_FORMAT = 'docket-llm-recording/1';

/**
 * One recorded answer, one file: `<dir>/<promptKey>/<version12>-<input12>.json`.
 * It is found by the full `versionHash` and `inputHash` inside, not by its
 * name. No timestamps or latencies, so re-recording the same answers
 * reproduces the same bytes and git shows only real changes.
 */
export interface LlmRecording {
  format: typeof RECORDING_FORMAT;
  promptKey: string;
  versionHash: string;
  /** hashRenderedInput(messages): the prompt as the model saw it. */
  inputHash: string;
  request: { model: string; parameters: PromptParameters; messages: RenderedMessage[] };
  response: { model: string; raw: string; output: Record<string, unknown>; usage: LlmUsage; repaired: boolean };
}

/**
 * The version hash covers model, parameters and schemas, so the rendered
 * messages are all the input a recording needs to be keyed by; the default
 * model (LLM_MODEL) is left out so recordings replay whatever it is set to.
 */
export function hashRenderedInput(messages: RenderedMessage[]): string {
  return hashContent(messages.map(({ role, content }) => ({ role, content })));
}

export function recordingKey(versionHash: string, inputHash: string): string {
  return `${versionHash}:${inputHash}`;
}

function isRecording(value: unknown): value is LlmRecording {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<LlmRecording>;
  return (
    record.format === RECORDING_FORMAT &&
    typeof record.versionHash === 'string' &&
    typeof record.inputHash === 'string' &&
    typeof record.response === 'object' &&
    record.response !== null &&
    typeof record.response.output === 'object'
  );
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listJsonFiles(full);
      return entry.name.endsWith('.json') ? [full] : [];
    }),
  );
  return nested.flat().sort();
}

/** Indexes every recording under a folder; files that are not recordings are reported and skipped. */
export async function readRecordings(dir: string, logger?: Logger): Promise<Map<string, LlmRecording>> {
  const index = new Map<string, LlmRecording>();
  for (const file of await listJsonFiles(dir)) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      logger?.warn({ file, err: error }, 'unreadable LLM recording, skipped');
      continue;
    }
    if (!isRecording(value)) {
      logger?.warn({ file }, 'not an LLM recording, skipped');
      continue;
    }
    index.set(recordingKey(value.versionHash, value.inputHash), value);
  }
  return index;
}

export function buildRecording(request: LlmRequest, result: LlmResult, defaultModel: string): LlmRecording {
  return {
    format: RECORDING_FORMAT,
    promptKey: request.promptKey ?? 'unnamed',
    versionHash: request.versionHash,
    inputHash: hashRenderedInput(request.messages),
    request: { model: request.model ?? defaultModel, parameters: request.parameters, messages: request.messages },
    response: { model: result.model, raw: result.raw, output: result.output, usage: result.usage, repaired: result.repaired },
  };
}

export async function writeRecording(dir: string, recording: LlmRecording): Promise<string> {
  const folder = path.join(dir, recording.promptKey.replace(/[^A-Za-z0-9_-]/g, '_'));
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${recording.versionHash.slice(0, 12)}-${recording.inputHash.slice(0, 12)}.json`);
  await writeFile(file, `${JSON.stringify(recording, null, 2)}\n`);
  return file;
}

/**
 * Wraps a live client so each fresh answer is also saved as a recording
 * (LLM_RECORD_DIR). Recording is a side job: a failed write is logged and
 * the caller still gets its answer.
 */
export class RecordingLlmClient implements LlmClient {
  constructor(
    private readonly inner: LlmClient,
    private readonly dir: string,
    private readonly defaultModel: string,
    private readonly logger?: Logger,
  ) {}

  async complete(request: LlmRequest): Promise<LlmResult> {
    const result = await this.inner.complete(request);
    if (!result.cached) {
      await writeRecording(this.dir, buildRecording(request, result, this.defaultModel)).catch((error: unknown) => {
        this.logger?.warn({ err: error, dir: this.dir }, 'could not write LLM recording');
      });
    }
    return result;
  }
}
