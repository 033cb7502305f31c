import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmRequest } from '../../server/src/domain/prompt/index.js';
import { createLlmClient, type LlmConfig } from '../../server/src/infra/llm/index.js';
import { buildChatBody } from '../../server/src/infra/llm/providers/openai-provider.js';
import { createNodeHttpFetch } from '../../server/src/infra/llm/providers/node-http-fetch.js';
import { toSchemaName } from '../../server/src/infra/llm/provider-schema.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-test-server.js';
import { percentile, reportBench, type BenchRow } from './support/report.js';

/**
 * LLM gateway benchmark against the local OpenAI-compatible test server:
 * (1) what the gateway adds per call over the bare openai SDK, (2) how close
 * the RPM limiter gets to its limit, (3) throughput at concurrency 50 when
 * the model takes 300 ms. Numbers only; nothing here asserts speed.
 */
const outputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['intent', 'urgency', 'order_number', 'needs_human'],
  properties: {
    intent: { type: 'string', enum: ['order_status', 'return_request', 'other'] },
    urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
    order_number: { type: ['string', 'null'] },
    needs_human: { type: 'boolean' },
  },
};
const answer = { intent: 'order_status', urgency: 'high', order_number: 'A-48213', needs_human: false };
const request: LlmRequest = {
  messages: [
    { role: 'system', content: 'You triage customer emails. Answer with one JSON object only.' },
    { role: 'user', content: '<email>\nWhere is my sofa? Order A-48213 has been in transit for nine days.\n</email>' },
  ],
  parameters: { temperature: 0, maxTokens: 200 },
  outputSchema,
  versionHash: 'b'.repeat(64),
  promptKey: 'email-triage',
  cache: false,
};

/** What the bare SDK sends: the body the gateway builds for `request`. */
const body = buildChatBody(
  { model: 'gpt-4o-mini', messages: request.messages, parameters: request.parameters, outputSchema, schemaName: toSchemaName(request.promptKey) },
  { responseFormat: 'json_schema', maxTokensField: 'max_tokens' },
);

/** The bare SDK on the gateway's transport, so a comparison shows the gateway's own work (see measureTransport). */
function bareSdk(): OpenAI {
  return new OpenAI({ baseURL: llm.url, apiKey: 'bench', maxRetries: 0, fetch: createNodeHttpFetch() });
}

let llm: OpenAiTestServer;
const rows: BenchRow[] = [];
const notes: Record<string, unknown> = {};

function gatewayConfig(overrides: Partial<LlmConfig>): Partial<LlmConfig> {
  return { baseUrl: llm.url, apiKey: 'bench', model: 'gpt-4o-mini', cacheTtlMs: 0, timeoutMs: 30_000, concurrency: 1_000, ...overrides };
}

async function runPool(total: number, concurrency: number, task: () => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Alternates bare SDK and gateway calls so drift (GC, JIT, CPU boost) hits both alike. */
async function measureOverhead(latencyMs: number, pairs: number, warmup: number): Promise<void> {
  llm.setLatency(latencyMs);
  const sdk = bareSdk();
  const gateway = createLlmClient(gatewayConfig({}));
  const bare: number[] = [];
  const wrapped: number[] = [];
  for (let index = 0; index < warmup + pairs; index += 1) {
    let started = performance.now();
    const completion = await sdk.chat.completions.create(body);
    JSON.parse(completion.choices[0]?.message.content ?? '');
    const sdkMs = performance.now() - started;
    started = performance.now();
    const result = await gateway.complete(request);
    const gatewayMs = performance.now() - started;
    if (index >= warmup) {
      bare.push(sdkMs);
      wrapped.push(gatewayMs);
      expect(result.output).toEqual(answer);
    }
  }
  for (const p of [50, 95]) {
    const sdkUs = percentile(bare, p) * 1000;
    const gatewayUs = percentile(wrapped, p) * 1000;
    rows.push({
      measure: `overhead per call p${p}`,
      latency_ms: latencyMs,
      sdk: Math.round(sdkUs),
      gateway: Math.round(gatewayUs),
      value: Math.round(gatewayUs - sdkUs),
      unit: 'µs',
      target: p === 50 ? '< 1000' : '',
      samples: pairs,
    });
  }
}

/**
 * The SDK over Node's built-in fetch against the SDK over node:http (what the
 * gateway uses), alternating, at 0 ms: time and this process's CPU per call.
 */
async function measureTransport(pairs: number, warmup: number): Promise<void> {
  llm.setLatency(0);
  const clients = {
    fetch: new OpenAI({ baseURL: llm.url, apiKey: 'bench', maxRetries: 0 }),
    'node:http': bareSdk(),
  };
  const times = { fetch: [] as number[], 'node:http': [] as number[] };
  const cpu = { fetch: 0, 'node:http': 0 };
  for (let index = 0; index < warmup + pairs; index += 1) {
    for (const name of ['fetch', 'node:http'] as const) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await clients[name].chat.completions.create(body);
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpuBefore);
      if (index >= warmup) {
        times[name].push(elapsed);
        cpu[name] += used.user + used.system;
      }
    }
  }
  rows.push({
    measure: 'SDK call p50, fetch vs node:http (both with the test server)',
    latency_ms: 0,
    sdk: Math.round(percentile(times.fetch, 50) * 1000),
    gateway: Math.round(percentile(times['node:http'], 50) * 1000),
    value: Number((percentile(times['node:http'], 50) / percentile(times.fetch, 50)).toFixed(2)),
    unit: 'ratio (µs in sdk / gateway columns)',
    target: '',
    samples: pairs,
  });
  rows.push({
    measure: 'CPU per SDK call, fetch vs node:http',
    latency_ms: 0,
    sdk: Math.round(cpu.fetch / pairs),
    gateway: Math.round(cpu['node:http'] / pairs),
    value: Number((cpu['node:http'] / cpu.fetch).toFixed(2)),
    unit: 'ratio (µs in sdk / gateway columns)',
    target: '',
    samples: pairs,
  });
}

describe('llm gateway benchmark', () => {
  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    llm.script([{ reply: answer }]);
  });
  afterAll(async () => {
    await llm.close();
    reportBench('llm', rows, notes);
  });

  it('measures gateway overhead over the bare SDK (cache off)', async () => {
    await measureOverhead(0, 3_000, 300);
    await measureOverhead(300, 12, 1);
    await measureTransport(2_000, 200);
    notes.overhead = 'gateway p50/p95 minus bare-SDK p50/p95 on the same server and body, calls interleaved, cache off, limits off';
  });

  it('measures achieved RPM under a 600 RPM limit', async () => {
    llm.reset();
    llm.script([{ reply: answer }]);
    const windowMs = 20_000;
    const rpm = 600;
    const gateway = createLlmClient(gatewayConfig({ rpm, concurrency: 50 }));
    const expected = Math.round((rpm * windowMs) / 60_000);
    const started = performance.now();
    const calls = Array.from({ length: expected + 1 }, () => gateway.complete(request));
    await Promise.all(calls);
    const arrivals = llm.arrivals;
    const first = arrivals[0] ?? started;
    const last = arrivals.at(-1) ?? started;
    // n requests paced at the limit span n - 1 intervals.
    const achievedRpm = ((arrivals.length - 1) / (last - first)) * 60_000;
    rows.push({
      measure: 'achieved ÷ configured RPM',
      latency_ms: 0,
      sdk: null,
      gateway: Math.round(achievedRpm * 10) / 10,
      value: Math.round((achievedRpm / rpm) * 1000) / 1000,
      unit: 'ratio',
      target: '0.95–1.0',
      samples: arrivals.length,
    });
    const inWindow = arrivals.filter((at) => at - started <= windowMs).length;
    notes.rpm = `${rpm} RPM limit, ${expected + 1} requests queued at once; ratio = (n-1) intervals over the first-to-last arrival span at the server (${Math.round(last - first)} ms), scaled to a minute. ${inWindow} requests arrived within the first ${windowMs / 1000} s window (limit allows ${expected} + the first).`;
  });

  it('measures completions per second at concurrency 50 and 300 ms model latency', async () => {
    llm.reset();
    llm.script([{ reply: answer }]);
    llm.setLatency(300);
    const total = 500;
    const concurrency = 50;
    const ideal = concurrency / 0.3;

    const gateway = createLlmClient(gatewayConfig({ concurrency }));
    let started = performance.now();
    await Promise.all(Array.from({ length: total * 2 }, () => gateway.complete(request)));
    const gatewaySeconds = (performance.now() - started) / 1000;
    const gatewayMaxInFlight = llm.stats.maxInFlight;

    llm.reset();
    llm.script([{ reply: answer }]);
    llm.setLatency(300);
    const sdk = bareSdk();
    started = performance.now();
    await runPool(total, concurrency, () => sdk.chat.completions.create(body));
    const sdkSeconds = (performance.now() - started) / 1000;

    rows.push({
      measure: 'completions/s at concurrency 50',
      latency_ms: 300,
      sdk: Math.round((total / sdkSeconds) * 10) / 10,
      gateway: Math.round(((total * 2) / gatewaySeconds) * 10) / 10,
      value: Math.round((((total * 2) / gatewaySeconds) / ideal) * 1000) / 1000,
      unit: '× ideal (166.7/s)',
      target: '≥ 0.9',
      samples: total * 2,
    });
    notes.throughput = `gateway: ${total * 2} calls submitted at once, gateway concurrency limit ${concurrency} (max in flight at the server: ${gatewayMaxInFlight}); sdk: ${total} calls through a 50-worker pool; ideal = 50 / 0.3 s`;
  });
});
