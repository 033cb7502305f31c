import { startOpenAiTestServer, type ScriptEntry } from '../../support/openai-test-server.js';

/**
 * The OpenAI-compatible test server in a process of its own (see
 * model-server-process.ts): a remote model's work is not the engine's.
 * Takes its script and latency from the parent over IPC.
 */
type Command = { id: number; type: 'script'; entries: ScriptEntry[] } | { id: number; type: 'latency'; ms: number } | { id: number; type: 'close' };

const server = await startOpenAiTestServer({ latencyMs: Number(process.env.MODEL_LATENCY_MS ?? 0) });
process.on('message', (command: Command) => {
  if (command.type === 'script') server.script(command.entries);
  if (command.type === 'latency') server.setLatency(command.ms);
  if (command.type === 'close') {
    void server.close().then(() => {
      process.send?.({ id: command.id });
      process.disconnect();
    });
    return;
  }
  process.send?.({ id: command.id });
});
process.send?.({ url: server.url });
