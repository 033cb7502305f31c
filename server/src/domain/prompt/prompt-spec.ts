/**
 * The content of one prompt version: everything that decides what the model
 * is asked and how its answer is judged. Identity (key, name) and lifecycle
 * (status, labels, approvals) live with the service layer, not here.
 */
export type PromptRole = 'system' | 'user' | 'assistant';

export interface PromptMessage {
  role: PromptRole;
  /** A LiquidJS template; untrusted text goes through `| untrusted`. */
  template: string;
}

export interface PromptParameters {
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  topP?: number;
}

/**
 * A worked example shown to the model before the real input: the last user
 * template is rendered with `variables`, followed by `output` as the
 * assistant's answer, so examples always match the real input's format.
 */
export interface PromptExample {
  name?: string;
  variables: Record<string, unknown>;
  output: unknown;
}

export type PromptAssertion =
  | { type: 'schema_valid' }
  | { type: 'equals'; path: string; value: unknown }
  | { type: 'within'; path: string; value: number; tolerance: number }
  | { type: 'contains'; path?: string; text: string }
  | { type: 'not_contains'; path?: string; text: string };

export type PromptAssertionType = PromptAssertion['type'];

export interface PromptTestCase {
  name: string;
  description?: string;
  variables: Record<string, unknown>;
  assertions: PromptAssertion[];
}

export type JsonSchema = Record<string, unknown>;

export interface PromptSpec {
  messages: PromptMessage[];
  examples?: PromptExample[];
  /** Overrides the gateway's default model (LLM_MODEL) when set. */
  model?: string;
  parameters: PromptParameters;
  inputSchema?: JsonSchema;
  outputSchema: JsonSchema;
  testCases: PromptTestCase[];
  changelog?: string;
  /** Send x-pii input fields to the model as stable tokens, and restore them in the answer. */
  pseudonymize?: boolean;
}

/** A message after rendering: what the model actually receives. */
export interface RenderedMessage {
  role: PromptRole;
  content: string;
}
