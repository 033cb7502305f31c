import type { FieldProblem } from '../../errors/index.js';
import type { JsonSchema } from '../../template/template.model.js';
import { collectVarPaths } from '../logic/collect-var-paths.js';
import { evaluateMapping } from '../logic/evaluate-mapping.js';
import type { HttpMethod, SecretRef } from '../ports.js';
import { checkUserSchema } from '../user-schemas.js';
import { failFromThrown, failMapping, buildPointer } from './step-helpers.js';
import type { StepKindSpec, StepOutcome } from './step-kind.js';

export type HttpErrorAction = 'fail' | 'retry' | 'review';

export interface HttpStepConfig {
  baseUrl: string;
  path: string;
  method: HttpMethod;
  body?: unknown;
  /** Plain headers only; credentials go through secretRef. */
  headers?: Record<string, string>;
  secretRef?: SecretRef;
  onError?: { '4xx'?: HttpErrorAction; '5xx'?: HttpErrorAction };
  timeoutMs?: number;
  /** Shape of the response body, so later steps can be checked against it. */
  responseSchema?: JsonSchema;
}

/** Headers that carry credentials; a literal value in them would put a secret into the template. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'apikey', 'x-auth-token', 'cookie']);

const DEFAULT_ON_ERROR = { '4xx': 'fail', '5xx': 'retry' } as const;
const errorActionSchema = { enum: ['fail', 'retry', 'review'] } as const;

export const httpStep: StepKindSpec<'http', HttpStepConfig> = {
  kind: 'http',
  label: 'HTTP call',
  description: 'Calls an allow-listed external system (ERP, CRM, payments) with an idempotency key; secrets by reference only.',
  configSchema: {
    type: 'object',
    required: ['baseUrl', 'path', 'method'],
    additionalProperties: false,
    properties: {
      baseUrl: { type: 'string', format: 'uri', pattern: '^https?://' },
      path: { type: 'string', pattern: '^/' },
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      body: { description: 'Mapping for the request body' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      secretRef: {
        type: 'object',
        required: ['source', 'name'],
        additionalProperties: false,
        properties: {
          source: { enum: ['env', 'store'] },
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
          header: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
          prefix: { type: 'string', maxLength: 20 },
        },
      },
      onError: { type: 'object', additionalProperties: false, properties: { '4xx': errorActionSchema, '5xx': errorActionSchema } },
      timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000 },
      responseSchema: { type: 'object' },
    },
  },
  defaultConfig: { baseUrl: 'https://erp.example.com', path: '/api', method: 'POST', body: {}, onError: { ...DEFAULT_ON_ERROR } },
  ioMode: 'async',
  retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 15_000 },
  shadow: {
    describeSkip: (config) => `shadow run: ${config.method} ${config.baseUrl}${config.path} not called`,
    buildOutput: () => ({ status: null, body: null }),
  },

  collectCatalogNeeds: () => [],
  collectReferences: (config) => (config.body === undefined ? [] : collectVarPaths(config.body, '/body')),

  checkConfig(config, ctx) {
    const problems: FieldProblem[] = [];
    if (!isAllowedBaseUrl(config.baseUrl, ctx.allowedBaseUrls)) {
      problems.push({ path: '/baseUrl', rule: 'url-not-allowed', message: `${config.baseUrl} is not on this installation's list of allowed systems.` });
    }
    if (/(^|\/)\.\.?(\/|$)|\/\/|[?#]|:\/\//.test(config.path)) {
      problems.push({ path: '/path', rule: 'path-unsafe', message: 'The path must stay below the base URL: no "..", "//", query or fragment.' });
    }
    for (const name of Object.keys(config.headers ?? {})) {
      if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
        problems.push({
          path: `/headers${buildPointer(name)}`,
          rule: 'secret-literal',
          message: `Header '${name}' carries a credential; reference a stored secret with secretRef instead.`,
        });
      }
    }
    if (config.responseSchema) problems.push(...checkUserSchema(config.responseSchema, '/responseSchema'));
    return problems;
  },

  inferOutputSchema: (config) => ({
    type: 'object',
    required: ['status', 'body'],
    properties: { status: { type: 'integer' }, body: config.responseSchema ?? {} },
  }),

  resolveTimeoutMs: (config) => config.timeoutMs,

  async execute(config, context, env) {
    if (!isAllowedBaseUrl(config.baseUrl, env.allowedBaseUrls)) {
      return { status: 'failed', retryable: false, error: { code: 'url_not_allowed', message: `${config.baseUrl} is not an allowed system` } };
    }
    let body: unknown;
    try {
      body = config.body === undefined || config.method === 'GET' ? undefined : evaluateMapping(config.body, context);
    } catch (error) {
      return failMapping(error, 'the request body');
    }
    // Stable across attempts and manual retries, so the receiver can drop a repeated payment.
    const idempotencyKey = `${env.runId}:${env.stepId}`;
    const headers: Record<string, string> = { ...config.headers, 'Idempotency-Key': idempotencyKey };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await env.ports.http.call({
        url: joinUrl(config.baseUrl, config.path),
        method: config.method,
        headers,
        body,
        idempotencyKey,
        timeoutMs: env.timeoutMs,
        signal: env.signal,
        ...(config.secretRef ? { secretRef: config.secretRef } : {}),
      });
      return classifyResponse(response.status, response.body, config, { input: body, explanation: { method: config.method, url: joinUrl(config.baseUrl, config.path) } });
    } catch (error) {
      return failFromThrown(error, 'http_error');
    }
  },
};

function classifyResponse(status: number, body: unknown, config: HttpStepConfig, meta: { input: unknown; explanation: unknown }): StepOutcome {
  if (status < 400) return { status: 'succeeded', output: { status, body }, meta };
  const family = status >= 500 ? '5xx' : '4xx';
  // Timeouts and rate limits are transient whatever the template says about client errors.
  const action = status === 408 || status === 429 ? 'retry' : (config.onError?.[family] ?? DEFAULT_ON_ERROR[family]);
  const error = {
    code: `http_${family}`,
    message: `${config.method} ${config.baseUrl}${config.path} answered ${status}`,
    details: { status, body },
    ...(action === 'review' ? { routeToReview: true } : {}),
  };
  return { status: 'failed', retryable: action === 'retry', error, output: { status, body }, meta };
}

/** Same origin, and the allowed base is a path prefix at a segment boundary. */
export function isAllowedBaseUrl(baseUrl: string, allowed: readonly string[]): boolean {
  const candidate = parseUrl(baseUrl);
  if (!candidate || candidate.username || candidate.password) return false;
  return allowed.some((entry) => {
    const base = parseUrl(entry);
    if (!base || base.origin !== candidate.origin) return false;
    const prefix = base.pathname.replace(/\/+$/, '');
    const path = candidate.pathname.replace(/\/+$/, '');
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
