import { fork } from 'node:child_process';
import type { ScriptEntry } from '../../support/openai-test-server.js';

/** The parts of the OpenAI-compatible test server a benchmark drives, wherever it runs. */
export interface BenchModel {
  url: string;
  script(entries: ScriptEntry[]): Promise<void>;
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the test server in a child process, from the JavaScript that
 * `npx swc test -d dist` writes (call compileForChildProcesses first). A real
 * model runs elsewhere; in the benchmark's own process its HTTP handling
 * would take event-loop time from the engine being measured. Scripts are
 * sent over IPC, so only plain-data entries (string matches, object replies).
 */
export async function startModelServerProcess(latencyMs = 0): Promise<BenchModel> {
  const child = fork('dist/test/bench/support/model-server-child.js', [], {
    env: { ...process.env, MODEL_LATENCY_MS: String(latencyMs) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const replies = new Map<number, () => void>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the model server process exited with ${code}`)));
    child.on('message', (message: { url?: string; id?: number }) => {
      if (message.url) resolve(message.url);
      if (message.id !== undefined) {
        replies.get(message.id)?.();
        replies.delete(message.id);
      }
    });
  });
  const ask = (command: Record<string, unknown>) => new Promise<void>((resolve) => {
    const id = next++;
    replies.set(id, resolve);
    child.send({ ...command, id });
  });
  return {
    url,
    script: (entries) => ask({ type: 'script', entries }),
    setLatency: (ms) => ask({ type: 'latency', ms }),
    close: async () => {
      if (child.exitCode === null && child.connected) await ask({ type: 'close' });
    },
  };
}
