import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  registerMappingOperation,
  type CatalogPort,
  type EnginePorts,
  type HttpRequest,
  type HttpResponse,
  type PolicyPort,
  type PromptPort,
  type PromptRunResult,
  type ReferenceDataPort,
  type ResolvedDataset,
  type ResolvedPolicy,
  type ResolvedPrompt,
} from '../../server/src/domain/engine/index.js';
import { ValidationError } from '../../server/src/domain/errors/index.js';
import { CUSTOM_OPERATORS, collectVarPaths, evaluatePolicy, parsePolicyFile, type PolicyFile } from '../../server/src/domain/policy/index.js';
import {
  LlmError,
  listTemplateVariables,
  pickTemplateVariables,
  promptVersionHash,
  renderPromptMessages,
  type LlmClient,
  type PromptDefinition,
} from '../../server/src/domain/prompt/index.js';
import { validateAgainst } from '../../server/src/domain/shared/json-schema.js';
import type { CatalogRef, JsonSchema, TemplateSpec } from '../../server/src/domain/template/index.js';
import { loadPromptLibrary } from '../../server/src/infra/files/prompt-files.js';
import { createLlmClient } from '../../server/src/infra/llm/index.js';

/**
 * The catalog and engine ports built from the files in the repository
 * (policies/, prompts/, seeds/reference, seeds/recordings), so seeded
 * templates are checked and run against what the demo seed really loads
 * instead of against assumptions. No database, no network.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Base URLs the seeded templates' http steps call (email-triage opens helpdesk tickets). */
export const SEEDED_ALLOWED_BASE_URLS: readonly string[] = ['https://helpdesk.example.com/api'];

// Templates may use the policy operators (round, pct_diff…) in mappings, as the run engine allows.
for (const operator of CUSTOM_OPERATORS) registerMappingOperation(operator.name);

export interface FilePolicy {
  file: PolicyFile;
  resolved: ResolvedPolicy;
}

export interface FilePrompt {
  definition: PromptDefinition;
  resolved: ResolvedPrompt;
}

export interface FileDataset {
  records: readonly unknown[];
  resolved: ResolvedDataset;
}

export interface FileCatalog extends CatalogPort {
  root: string;
  policies: ReadonlyMap<string, FilePolicy>;
  prompts: ReadonlyMap<string, FilePrompt>;
  datasets: ReadonlyMap<string, FileDataset>;
}

export interface SeededTemplate {
  key: string;
  name: string;
  spec: TemplateSpec;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

async function listJsonFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
}

async function readOptionalJson<T>(file: string): Promise<T | undefined> {
  try {
    return await readJson<T>(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function loadPolicies(root: string): Promise<Map<string, FilePolicy>> {
  const policies = new Map<string, FilePolicy>();
  const dir = path.join(root, 'policies');
  for (const name of await listJsonFiles(dir)) {
    const file = parsePolicyFile(await readJson<unknown>(path.join(dir, name)));
    policies.set(file.key, {
      file,
      resolved: {
        id: `policy-${file.key}-1`,
        key: file.key,
        version: 1,
        status: 'published',
        logic: file.logic,
        ...(file.inputSchema ? { inputSchema: file.inputSchema as JsonSchema } : {}),
      },
    });
  }
  return policies;
}

async function loadPrompts(root: string): Promise<Map<string, FilePrompt>> {
  const prompts = new Map<string, FilePrompt>();
  for (const definition of await loadPromptLibrary(path.join(root, 'prompts'))) {
    const { spec } = definition;
    prompts.set(definition.key, {
      definition,
      resolved: {
        id: `prompt-${definition.key}-1`,
        key: definition.key,
        version: 1,
        status: 'published',
        outputSchema: spec.outputSchema,
        variables: listTemplateVariables(spec),
        versionHash: promptVersionHash(spec),
        ...(spec.inputSchema ? { inputSchema: spec.inputSchema } : {}),
      },
    });
  }
  return prompts;
}

/**
 * `seeds/reference/<name>.json` holds the records; their schema is
 * `schemas/documents/<singular>.schema.json` when one exists
 * (purchase-orders → purchase-order), as the run engine's reference data does.
 * Budgets have no document schema, so lookups on them are not field-checked.
 */
async function loadDatasets(root: string): Promise<Map<string, FileDataset>> {
  const datasets = new Map<string, FileDataset>();
  const dir = path.join(root, 'seeds/reference');
  for (const file of await listJsonFiles(dir)) {
    const name = path.basename(file, '.json');
    const records = await readJson<unknown[]>(path.join(dir, file));
    const recordSchema = await readOptionalJson<JsonSchema>(path.join(root, 'schemas/documents', `${name.replace(/s$/, '')}.schema.json`));
    datasets.set(name, { records, resolved: { name, ...(recordSchema ? { recordSchema } : {}) } });
  }
  return datasets;
}

/** Only published version 1 exists; a ref to any other version finds nothing. */
function matchesVersionOne(ref: CatalogRef, labels: ReadonlySet<string>): boolean {
  if (ref.version !== undefined) return ref.version === 1;
  if (ref.label !== undefined) return labels.has(ref.label);
  return true;
}

const POLICY_LABELS: ReadonlySet<string> = new Set(['production']);
const PROMPT_LABELS: ReadonlySet<string> = new Set(['production']);

/**
 * Every policy file is published version 1 and every prompt folder is
 * published version 1 labelled `production` (what the demo seed does when a
 * prompt's test cases pass on the recorded answers).
 *
 * Policies have no labels of their own: a policy is approved by publishing
 * it, so `production` on a policy ref means its newest published version
 * (here version 1), the way the database catalog resolves it. Any other
 * label on a policy finds nothing.
 */
export async function loadFileCatalog(root: string = REPO_ROOT): Promise<FileCatalog> {
  const [policies, prompts, datasets] = await Promise.all([loadPolicies(root), loadPrompts(root), loadDatasets(root)]);
  return {
    root,
    policies,
    prompts,
    datasets,
    resolvePolicy: (ref) => {
      const found = policies.get(ref.key);
      return found && matchesVersionOne(ref, POLICY_LABELS) ? found.resolved : undefined;
    },
    resolvePrompt: (ref) => {
      const found = prompts.get(ref.key);
      return found && matchesVersionOne(ref, PROMPT_LABELS) ? found.resolved : undefined;
    },
    resolveDataset: (name) => datasets.get(name)?.resolved,
  };
}

/** `seeds/templates/*.json`, sorted by file name. */
export async function loadSeededTemplates(root: string = REPO_ROOT): Promise<SeededTemplate[]> {
  const dir = path.join(root, 'seeds/templates');
  const templates: SeededTemplate[] = [];
  for (const file of await listJsonFiles(dir)) templates.push(await readJson<SeededTemplate>(path.join(dir, file)));
  return templates;
}

export async function loadSeededTemplate(key: string, root: string = REPO_ROOT): Promise<SeededTemplate> {
  return readJson<SeededTemplate>(path.join(root, 'seeds/templates', `${key}.json`));
}

/** A JSON file by its path from the repository root (samples, fixtures). */
export async function readRepoFile<T>(relativePath: string, root: string = REPO_ROOT): Promise<T> {
  return readJson<T>(path.join(root, relativePath));
}

export type HttpHandler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface FileEnginePortOptions {
  /** Defaults to the offline client over `<root>/seeds/recordings`. */
  llm?: LlmClient;
  /** Without one, every HTTP call is refused: tests have no network. */
  http?: HttpHandler;
  /**
   * Check mapped policy data against the policy's input schema before
   * evaluating (on by default). The run engine leaves that to the rule;
   * here a template whose mapping does not fit the real policy fails loudly.
   */
  checkPolicyInput?: boolean;
}

export interface FileEnginePorts extends EnginePorts {
  policyCalls: Array<{ key: string; data: Record<string, unknown> }>;
  promptCalls: Array<{ key: string; variables: Record<string, unknown> }>;
  httpCalls: HttpRequest[];
}

/**
 * Engine ports over the file catalog: policies run on the policy domain's
 * evaluator with a trace, prompts are rendered from their files and answered
 * by the real offline LLM client from the recorded answers, reference data is
 * read from seeds/reference, and HTTP goes only to the given handler.
 */
export function createFileEnginePorts(catalog: FileCatalog, options: FileEnginePortOptions = {}): FileEnginePorts {
  const policyCalls: FileEnginePorts['policyCalls'] = [];
  const promptCalls: FileEnginePorts['promptCalls'] = [];
  const httpCalls: HttpRequest[] = [];
  const llm = options.llm ?? createLlmClient({ provider: 'offline', recordingsDir: path.join(catalog.root, 'seeds/recordings') });
  return {
    policyCalls,
    promptCalls,
    httpCalls,
    policy: createPolicyPort(catalog, options.checkPolicyInput ?? true, policyCalls),
    prompt: createPromptPort(catalog, llm, promptCalls),
    http: {
      call: async (request) => {
        httpCalls.push(request);
        if (!options.http) {
          throw Object.assign(new Error(`no network in tests: ${request.method} ${request.url} was refused`), { retryable: false });
        }
        return options.http(request);
      },
    },
    referenceData: createReferenceDataPort(catalog),
  };
}

function createPolicyPort(catalog: FileCatalog, checkInput: boolean, calls: FileEnginePorts['policyCalls']): PolicyPort {
  const byId = new Map([...catalog.policies.values()].map((policy) => [policy.resolved.id, policy]));
  return {
    evaluate(policy, data) {
      const known = byId.get(policy.id);
      calls.push({ key: known?.file.key ?? policy.id, data });
      const schema = known?.resolved.inputSchema;
      if (checkInput && schema) {
        const problems = validateAgainst(schema, data);
        if (problems.length > 0) {
          const summary = problems.slice(0, 3).map((problem) => `${problem.path || '/'} ${problem.message}`).join('; ');
          throw new ValidationError(`data for policy ${known.file.key} does not fit its input schema: ${summary}`, problems);
        }
      }
      const evaluation = evaluatePolicy(policy.logic, data, { trace: true });
      return { result: evaluation.result, trace: evaluation.trace, explanation: evaluation.explanation };
    },
    collectVarPaths: (logic) => collectVarPaths(logic).map(({ path: varPath, pointer }) => ({ path: varPath, pointer })),
  };
}

function createPromptPort(catalog: FileCatalog, llm: LlmClient, calls: FileEnginePorts['promptCalls']): PromptPort {
  return {
    async run(prompt, variables, signal): Promise<PromptRunResult> {
      const found = catalog.prompts.get(prompt.key);
      if (!found || found.resolved.id !== prompt.id) throw new ValidationError(`no prompt file for ${prompt.key} (${prompt.id})`);
      calls.push({ key: prompt.key, variables });
      const { spec } = found.definition;
      const versionHash = found.resolved.versionHash ?? promptVersionHash(spec);
      // Data minimization, as in the run engine: the model sees only what the templates reference.
      const messages = renderPromptMessages(spec, pickTemplateVariables(spec, variables));
      try {
        const result = await llm.complete({
          messages,
          ...(spec.model ? { model: spec.model } : {}),
          parameters: spec.parameters,
          outputSchema: spec.outputSchema,
          versionHash,
          promptKey: prompt.key,
          signal,
        });
        return {
          kind: 'ok',
          output: result.output,
          usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens },
          costUsd: result.costUsd,
          model: result.model,
          versionHash,
        };
      } catch (error) {
        if (!LlmError.is(error, 'invalid_output')) throw error;
        return {
          kind: 'invalid_output',
          errors: error.validationErrors.map(({ path: where, message }) => ({ path: where, message })),
          raw: error.raw ?? null,
          costUsd: error.costUsd,
          versionHash,
        };
      }
    },
  };
}

function createReferenceDataPort(catalog: FileCatalog): ReferenceDataPort {
  return {
    list(dataset) {
      const found = catalog.datasets.get(dataset);
      if (!found) throw Object.assign(new Error(`no reference dataset named ${dataset}`), { retryable: false });
      return found.records;
    },
  };
}
