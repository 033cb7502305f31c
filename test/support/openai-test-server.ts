import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleFromSchema, violateSchema } from './openai-test-server/sample-from-schema.js';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and the
 * benchmark: `POST /v1/chat/completions` and `GET /v1/models`, scriptable
 * per test (answers, latency, faults), recording every request body.
 */
export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  seed?: number;
  top_p?: number;
  [key: string]: unknown;
}

export type ScriptFault = 'rate_limit' | 'server_error' | 'hang' | 'malformed_json' | 'schema_violation' | 'truncated';
export type ScriptReply = Record<string, unknown> | unknown[] | string;

export interface ScriptEntry {
  /** Substring or pattern of the joined message texts, or a predicate on the body; absent matches all. */
  match?: string | RegExp | ((request: ChatRequestBody) => boolean);
  /** An object is sent as JSON text, a string as is. Absent: a value sampled from the request's schema. */
  reply?: ScriptReply | ((request: ChatRequestBody) => ScriptReply);
  latencyMs?: number;
  fault?: ScriptFault;
  /** Retry-After header value for rate_limit (default "1"). */
  retryAfter?: string;
  /** HTTP status for server_error (default 500). */
  status?: number;
  /** How many requests this entry answers (default: all). */
  times?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface OpenAiTestServerOptions {
  /** Delay before each answer, unless an entry says otherwise (default 0). */
  latencyMs?: number;
  /** Answer json_schema response formats with 400, like servers without structured output. */
  rejectJsonSchema?: boolean;
  /** Answer `max_tokens` with 400, like OpenAI's reasoning models. */
  rejectMaxTokens?: boolean;
  models?: string[];
}

export interface OpenAiTestServer {
  /** Base URL ending in /v1, for the SDK's baseURL. */
  url: string;
  /** Bodies of every chat request, in arrival order. */
  requests: ChatRequestBody[];
  /** performance.now() at each chat request's arrival. */
  arrivals: number[];
  stats: { inFlight: number; maxInFlight: number; completed: number };
  script(entries: ScriptEntry[]): void;
  setLatency(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

interface LiveEntry extends ScriptEntry {
  remaining: number;
}

function joinMessageText(body: ChatRequestBody): string {
  return body.messages.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content))).join('\n');
}

function matches(entry: ScriptEntry, body: ChatRequestBody): boolean {
  const { match } = entry;
  if (match === undefined) return true;
  if (typeof match === 'string') return joinMessageText(body).includes(match);
  if (match instanceof RegExp) return match.test(joinMessageText(body));
  return match(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message, type: status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null, ...extra } }, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isChatBody(value: unknown): value is ChatRequestBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<ChatRequestBody>;
  return typeof body.model === 'string' && Array.isArray(body.messages) && body.messages.length > 0;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The answer text and finish reason for a body, per the entry's reply and fault. */
function composeContent(entry: ScriptEntry | undefined, body: ChatRequestBody): { content: string; finishReason: string } {
  const schema = body.response_format?.json_schema?.schema ?? {};
  const scripted = typeof entry?.reply === 'function' ? entry.reply(body) : entry?.reply;
  const fault = entry?.fault;
  if (fault === 'schema_violation' && scripted === undefined) return { content: JSON.stringify(violateSchema(schema)), finishReason: 'stop' };
  const value = scripted ?? sampleFromSchema(schema);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (fault === 'malformed_json') return { content: `${text.replace(/\}\s*$/, '')},}`, finishReason: 'stop' };
  if (fault === 'truncated') return { content: text.slice(0, Math.max(1, Math.floor(text.length / 2))), finishReason: 'length' };
  return { content: text, finishReason: 'stop' };
}

function checkRequest(body: ChatRequestBody, options: OpenAiTestServerOptions): { message: string; param: string } | undefined {
  const format = body.response_format?.type;
  if (format === 'json_schema' && options.rejectJsonSchema) {
    return { param: 'response_format', message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model." };
  }
  if (format === 'json_object' && !/json/i.test(joinMessageText(body))) {
    return { param: 'messages', message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'." };
  }
  if (body.max_tokens !== undefined && options.rejectMaxTokens) {
    return { param: 'max_tokens', message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." };
  }
  if (body.stream) return { param: 'stream', message: 'this test server does not stream' };
  return undefined;
}

export async function startOpenAiTestServer(options: OpenAiTestServerOptions = {}): Promise<OpenAiTestServer> {
  let entries: LiveEntry[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let sequence = 0;
  const hanging = new Set<ServerResponse>();
  const state: Pick<OpenAiTestServer, 'requests' | 'arrivals' | 'stats'> = {
    requests: [],
    arrivals: [],
    stats: { inFlight: 0, maxInFlight: 0, completed: 0 },
  };
  const models = options.models ?? ['docket-test-model', 'gpt-4o-mini'];

  function takeEntry(body: ChatRequestBody): ScriptEntry | undefined {
    const entry = entries.find((candidate) => candidate.remaining > 0 && matches(candidate, body));
    if (entry) entry.remaining -= 1;
    return entry;
  }

  function answer(res: ServerResponse, entry: ScriptEntry | undefined, body: ChatRequestBody): void {
    const fault = entry?.fault;
    if (fault === 'rate_limit') {
      sendError(res, 429, 'Rate limit reached for requests. Please try again later.', { code: 'rate_limit_exceeded' }, { 'retry-after': entry?.retryAfter ?? '1' });
      return;
    }
    if (fault === 'server_error') {
      sendError(res, entry?.status ?? 500, 'The server had an error while processing your request.');
      return;
    }
    const { content, finishReason } = composeContent(entry, body);
    const promptTokens = entry?.usage?.prompt_tokens ?? estimateTokens(joinMessageText(body));
    const completionTokens = entry?.usage?.completion_tokens ?? estimateTokens(content);
    sequence += 1;
    sendJson(res, 200, {
      id: `chatcmpl-test-${sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: 'fp_docket_test',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  async function handleChat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.arrivals.push(performance.now());
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(req));
    } catch {
      sendError(res, 400, 'request body is not JSON');
      return;
    }
    if (!isChatBody(parsed)) {
      sendError(res, 400, "'model' and a non-empty 'messages' array are required");
      return;
    }
    state.requests.push(parsed);
    const refusal = checkRequest(parsed, options);
    if (refusal) {
      sendError(res, 400, refusal.message, { param: refusal.param });
      return;
    }
    const entry = takeEntry(parsed);
    if (entry?.fault === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    state.stats.inFlight += 1;
    state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.stats.inFlight);
    const delay = entry?.latencyMs ?? latencyMs;
    const finish = (): void => {
      state.stats.inFlight -= 1;
      state.stats.completed += 1;
      answer(res, entry, parsed as ChatRequestBody);
    };
    if (delay > 0) setTimeout(finish, delay);
    else finish();
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (req.method === 'POST' && url === '/v1/chat/completions') {
      handleChat(req, res).catch((error: unknown) => sendError(res, 500, String(error)));
    } else if (req.method === 'GET' && url === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'docket-test' })) });
    } else {
      sendError(res, 404, `no route ${req.method} ${url}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function dropHanging(): void {
    for (const res of hanging) res.destroy();
    hanging.clear();
  }

  return {
    url: `http://127.0.0.1:${port}/v1`,
    ...state,
    script(next) {
      entries = next.map((entry) => ({ ...entry, remaining: entry.times ?? Number.POSITIVE_INFINITY }));
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      entries = [];
      latencyMs = options.latencyMs ?? 0;
      state.requests.length = 0;
      state.arrivals.length = 0;
      Object.assign(state.stats, { inFlight: 0, maxInFlight: 0, completed: 0 });
      dropHanging();
    },
    async close() {
      dropHanging();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
