import type { Logger } from 'pino';
import { LlmError, type LlmClient, type LlmRequest, type LlmResult } from '../../../domain/prompt/index.js';
import { validateAgainst } from '../../../domain/shared/json-schema.js';
import { assertUsableSchema } from '../model-output.js';
import { hashRenderedInput, readRecordings, recordingKey, type LlmRecording } from '../recordings.js';
import type { LlmProvider } from './llm-provider.js';

export const OFFLINE_MISS_MESSAGE = 'no LLM configured (set LLM_BASE_URL/LLM_API_KEY) and no recorded answer for this input';

/**
 * Answers from recorded answers when no model is configured, so the demo
 * and the seeded test cases run without a network. It never makes
 * anything up: an input without a recording is a clear `not_configured`.
 */
export class OfflineLlmClient implements LlmClient {
  private index: Promise<Map<string, LlmRecording>> | undefined;

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
  ) {}

  private async loadIndex(): Promise<Map<string, LlmRecording>> {
    this.index ??= readRecordings(this.dir, this.logger);
    try {
      return await this.index;
    } catch (error) {
      this.index = undefined;
      throw new LlmError(`${OFFLINE_MISS_MESSAGE}; recordings in ${this.dir} are unreadable`, { kind: 'not_configured', attempts: 0 }, { cause: error });
    }
  }

  async complete(request: LlmRequest): Promise<LlmResult> {
    const started = performance.now();
    assertUsableSchema(request.outputSchema);
    const recording = (await this.loadIndex()).get(recordingKey(request.versionHash, hashRenderedInput(request.messages)));
    if (!recording) throw new LlmError(OFFLINE_MISS_MESSAGE, { kind: 'not_configured', attempts: 0 });
    const problems = validateAgainst(request.outputSchema, recording.response.output);
    if (problems.length > 0) {
      throw new LlmError('recorded answer does not match the output schema', {
        kind: 'invalid_output',
        attempts: 0,
        raw: recording.response.raw,
        validationErrors: problems,
      });
    }
    return {
      output: structuredClone(recording.response.output),
      raw: recording.response.raw,
      model: recording.response.model,
      provider: 'offline',
      usage: { ...recording.response.usage },
      costUsd: 0,
      costKnown: true,
      latencyMs: performance.now() - started,
      attempts: 0,
      repaired: recording.response.repaired,
      cached: false,
      validationErrors: [],
    };
  }
}

export const offlineProvider: LlmProvider = {
  name: 'offline',
  isConfigured: () => true,
  create: (config, deps) => new OfflineLlmClient(config.recordingsDir, deps.logger),
};
