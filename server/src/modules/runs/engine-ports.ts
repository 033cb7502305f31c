import type { EntityManager } from '@mikro-orm/postgresql';
import {
  registerMappingOperation, type EnginePorts, type HttpPort, type HttpRequest,
  type PolicyPort, type PromptPort, type ResolvedPrompt,
} from '../../domain/engine/index.js';
import { CUSTOM_OPERATORS, collectVarPaths, evaluatePolicy } from '../../domain/policy/index.js';
import {
  LlmError, prepareModelCall, reidentify, type LlmClient, type PromptSpec,
} from '../../domain/prompt/index.js';
import { assertValid } from '../../domain/shared/json-schema.js';
import { PromptVersion } from '../prompts/prompt-version.entity.js';
import type { ReferenceData } from './reference-data.js';
import { loadOnce } from '../../domain/shared/load-once.js';

// Template mappings may use the same operators as policies (abs, round, pct_diff…).
for (const operator of CUSTOM_OPERATORS) registerMappingOperation(operator.name);

export interface EnginePortDeps {
  llm: LlmClient;
  referenceData: ReferenceData;
  /** A fresh entity manager, for loading prompt versions. */
  em: () => EntityManager;
  /** The encrypted secret store, read for `secretRef` source 'store'. */
  secrets?: SecretReader;
  /** Reads a secret by reference; the engine never sees its value in a template. Replaces env + store reading. */
  readSecret?: ReadSecret;
}

export interface SecretReader {
  read(name: string): Promise<string | undefined>;
}

type ReadSecret = (source: 'env' | 'store', name: string) => string | undefined | Promise<string | undefined>;

export function createEnginePorts(deps: EnginePortDeps): EnginePorts {
  return {
    policy: policyPort,
    prompt: createPromptPort(deps),
    http: createHttpPort(deps.readSecret ?? ((source, name) => (source === 'env' ? readEnvSecret(name) : deps.secrets?.read(name)))),
    referenceData: deps.referenceData,
  };
}

// The policy domain prepares a rule once per object identity; a run's stored references are
// fresh objects on every load, so the first objects seen for a version stand in for it.
const prepared = new Map<string, { logic: unknown; inputSchema: object | undefined }>();

const policyPort: PolicyPort = {
  evaluate(policy, data) {
    let entry = prepared.get(policy.id);
    if (!entry) {
      entry = { logic: policy.logic, inputSchema: policy.inputSchema };
      prepared.set(policy.id, entry);
    }
    // A mis-mapped field would otherwise read as null and could quietly pass a threshold.
    if (entry.inputSchema) assertValid(entry.inputSchema, data, `data for policy ${policy.key} v${policy.version}`);
    const evaluation = evaluatePolicy(entry.logic, data, { trace: true });
    return { result: evaluation.result, trace: evaluation.trace, explanation: evaluation.explanation };
  },
  collectVarPaths(logic) {
    return collectVarPaths(logic).map((use) => ({ path: use.path, pointer: use.pointer }));
  },
};

/** Prompt versions are immutable, so their specs are cached by id for the life of the process. */
function createPromptPort(deps: EnginePortDeps): PromptPort {
  const specs = new Map<string, Promise<PromptSpec>>();
  const loadSpec = (prompt: ResolvedPrompt): Promise<PromptSpec> =>
    loadOnce(specs, prompt.id, () => deps.em().findOneOrFail(PromptVersion, { id: prompt.id }).then((version) => version.spec));
  return {
    async run(prompt, variables, signal) {
      const spec = await loadSpec(prompt);
      // Data minimization: only what the templates reference, x-pii as tokens when the version says so.
      const { messages, pseudonyms } = prepareModelCall(spec, variables);
      try {
        const result = await deps.llm.complete({
          messages, ...(spec.model ? { model: spec.model } : {}), parameters: spec.parameters, outputSchema: spec.outputSchema,
          versionHash: prompt.versionHash ?? '', promptKey: prompt.key, signal,
        });
        return {
          kind: 'ok', output: reidentify(result.output, pseudonyms), costUsd: result.costUsd, model: result.model, versionHash: prompt.versionHash ?? '',
          usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens },
        };
      } catch (error) {
        if (LlmError.is(error, 'invalid_output')) {
          return {
            kind: 'invalid_output', errors: error.validationErrors.map((e) => ({ path: e.path, message: e.message })), raw: error.raw ?? null,
            ...(error.usage ? { usage: { promptTokens: error.usage.promptTokens, completionTokens: error.usage.completionTokens } } : {}),
            costUsd: error.costUsd, versionHash: prompt.versionHash ?? '',
          };
        }
        throw error;
      }
    },
  };
}

function createHttpPort(readSecret: ReadSecret): HttpPort {
  return {
    async call(request: HttpRequest) {
      const headers = new Headers({ 'content-type': 'application/json', ...request.headers });
      headers.set('idempotency-key', request.idempotencyKey);
      if (request.secretRef) {
        const secret = await readSecret(request.secretRef.source, request.secretRef.name);
        if (secret === undefined) throw new Error(`secret ${request.secretRef.source}:${request.secretRef.name} is not set`);
        headers.set(request.secretRef.header ?? 'authorization', `${request.secretRef.prefix ?? ''}${secret}`);
      }
      const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])];
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        ...(request.body === undefined || request.method === 'GET' ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.any(signals),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        // Not JSON: keep the text, the step's config decides what a bad answer means.
      }
      return { status: response.status, body };
    },
  };
}

/** Secrets from the environment, namespaced so a template cannot read arbitrary variables. */
function readEnvSecret(name: string): string | undefined {
  return process.env[`DOCKET_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
}
