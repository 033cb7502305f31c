import type { CatalogRef, JsonSchema } from '../template/template.model.js';
import type { VarPath } from './logic/collect-var-paths.js';

/**
 * The engine's side effects, as interfaces the lead wires to the policy
 * domain, the LLM gateway, the HTTP client and the reference-data store.
 * Everything here may be synchronous or not; the engine always awaits.
 */
export type Awaitable<T> = T | Promise<T>;

export type PolicyStatus = 'draft' | 'published' | 'retired';
export type PromptStatus = 'draft' | 'in_review' | 'approved' | 'published' | 'retired';

export interface ResolvedPolicy {
  id: string;
  key: string;
  version: number;
  status: PolicyStatus;
  logic: unknown;
  inputSchema?: JsonSchema;
  /** Declared type of the policy's result, when the policy domain knows it. */
  resultSchema?: JsonSchema;
}

export interface ResolvedPrompt {
  id: string;
  key: string;
  version: number;
  status: PromptStatus;
  outputSchema: JsonSchema;
  /** Every variable the prompt's templates read. */
  variables: string[];
  inputSchema?: JsonSchema;
  versionHash?: string;
}

export interface ResolvedDataset {
  name: string;
  recordSchema?: JsonSchema;
}

/** Design-time and run-start resolution of references. A ref with neither version nor label means the latest published version. */
export interface CatalogPort {
  resolvePolicy(ref: CatalogRef): Awaitable<ResolvedPolicy | undefined>;
  resolvePrompt(ref: CatalogRef): Awaitable<ResolvedPrompt | undefined>;
  /** Optional: when present, lookup steps are checked against the dataset's record schema. */
  resolveDataset?(name: string): Awaitable<ResolvedDataset | undefined>;
}

export interface PolicyEvaluation {
  result: unknown;
  trace: unknown;
  /** Plain-language account of why the result is what it is. */
  explanation: string;
}

export interface PolicyPort {
  /** The pinned version: id, logic and (when declared) the input schema its data must fit. */
  evaluate(policy: ResolvedPolicy, data: Record<string, unknown>): Awaitable<PolicyEvaluation>;
  /** The data paths a policy's logic reads; lets design-time checks see which mapped fields a policy needs. */
  collectVarPaths(logic: unknown): VarPath[];
}

export interface PromptUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface PromptSuccess {
  kind?: 'ok';
  output: unknown;
  usage: PromptUsage;
  costUsd: number;
  model: string;
  versionHash: string;
}

/** The model answered, but even after the gateway's repair round the answer does not fit the output schema. */
export interface PromptInvalidOutput {
  kind: 'invalid_output';
  errors: Array<{ path: string; message: string }>;
  raw: unknown;
  usage?: PromptUsage;
  costUsd?: number;
  model?: string;
  versionHash?: string;
}

export type PromptRunResult = PromptSuccess | PromptInvalidOutput;

/** Transport failures (timeouts, rate limits, network) are thrown; the engine retries them. */
export interface PromptPort {
  run(prompt: ResolvedPrompt, variables: Record<string, unknown>, signal: AbortSignal): Promise<PromptRunResult>;
}

/** A secret by name; the HTTP adapter reads it and sets the header, so its value never enters the engine. */
export interface SecretRef {
  source: 'env' | 'store';
  name: string;
  /** Header to carry the secret; Authorization when absent. */
  header?: string;
  /** Text before the secret in that header, e.g. "Bearer ". */
  prefix?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: unknown;
  /** Same for every attempt of one step in one run, so the receiver can drop repeats. */
  idempotencyKey: string;
  timeoutMs: number;
  secretRef?: SecretRef;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

export interface HttpPort {
  call(request: HttpRequest): Promise<HttpResponse>;
}

export interface ReferenceDataPort {
  list(dataset: string): Awaitable<readonly unknown[]>;
}

export interface EnginePorts {
  policy: PolicyPort;
  prompt: PromptPort;
  http: HttpPort;
  referenceData: ReferenceDataPort;
}
