import { readFileSync } from 'node:fs';
import { gql, loginAs } from './graphql-client.js';

type Json = Record<string, unknown>;

export function readFixture(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

async function must<T>(promise: Promise<{ data?: T | null; errors?: unknown }>, what: string): Promise<T> {
  const response = await promise;
  if (!response.data || response.errors) throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Creates and publishes a policy as a designer and a compliance user would. */
export async function publishPolicy(url: string, key: string, input: Json): Promise<string> {
  const designer = await loginAs(url, 'designer');
  const compliance = await loginAs(url, 'compliance');
  const created = await must(gql<{ createPolicyVersion: { id: string } }>(url,
    'mutation ($key: String!, $input: PolicyVersionInput!) { createPolicyVersion(key: $key, input: $input) { id } }', { key, input }, designer), 'createPolicyVersion');
  await must(gql(url, 'mutation ($id: ID!) { publishPolicyVersion(id: $id) { id } }', { id: created.createPolicyVersion.id }, compliance), 'publishPolicyVersion');
  return created.createPolicyVersion.id;
}

/** Drafts, reviews, publishes, tests and labels a prompt `production`; the model must answer its test cases. */
export async function publishPrompt(url: string, key: string, input: Json): Promise<string> {
  const designer = await loginAs(url, 'designer');
  const compliance = await loginAs(url, 'compliance');
  const created = await must(gql<{ createPromptVersion: { id: string } }>(url,
    'mutation ($key: String!, $input: PromptVersionInput!) { createPromptVersion(key: $key, input: $input) { id } }', { key, input }, designer), 'createPromptVersion');
  const id = created.createPromptVersion.id;
  for (const [op, token] of [['submitPromptVersion', designer], ['approvePromptVersion', compliance], ['publishPromptVersion', designer], ['runPromptTests', designer]] as const) {
    const field = op === 'runPromptTests' ? 'runPromptTests(versionId: $id)' : `${op}(id: $id)`;
    await must(gql(url, `mutation ($id: ID!) { ${field} { id } }`, { id }, token), op);
  }
  await must(gql(url, `mutation ($id: ID!, $key: String!) { setPromptLabel(key: $key, label: "production", versionId: $id) { key } }`, { id, key }, designer), 'setPromptLabel');
  return id;
}

/** Creates and publishes a template as a designer; fails loudly with its problems. */
export async function publishTemplate(url: string, key: string, input: Json): Promise<string> {
  const designer = await loginAs(url, 'designer');
  const created = await must(gql<{ createTemplateVersion: { id: string; problems: unknown[] } }>(url,
    'mutation ($key: String!, $input: TemplateVersionInput!) { createTemplateVersion(key: $key, input: $input) { id problems { stepId path message } } }',
    { key, input }, designer), 'createTemplateVersion');
  if (created.createTemplateVersion.problems.length > 0) throw new Error(`template ${key} has problems: ${JSON.stringify(created.createTemplateVersion.problems)}`);
  await must(gql(url, 'mutation ($id: ID!) { publishTemplateVersion(id: $id) { id } }', { id: created.createTemplateVersion.id }, designer), 'publishTemplateVersion');
  return created.createTemplateVersion.id;
}

export interface RunView {
  id: string;
  status: string;
  outcome: string | null;
  decisionSummary: string | null;
  output: unknown;
  error: unknown;
  references: { policies: Record<string, { version: number }>; prompts: Record<string, { version: number; versionHash: string }> };
  corrections: Array<{ path: string; before: unknown; after: unknown; reviewer: string }>;
  steps: Array<{ stepId: string; kind: string; status: string; attempt: number; output: unknown; explanation: unknown; error: unknown; durationMs: number | null }>;
}

export const RUN_FIELDS = 'id status outcome decisionSummary output error references corrections steps { stepId kind status attempt output explanation error durationMs }';

/** Polls a run over GraphQL until it reaches one of the statuses (integrators may poll the same way). */
export async function waitForRun(url: string, token: string, id: string, statuses: string[], timeoutMs = 20_000): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  let last: RunView | undefined;
  while (Date.now() < until) {
    const response = await gql<{ run: RunView }>(url, `query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id }, token);
    last = response.data?.run;
    if (last && statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not reach ${statuses.join('/')} in ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}
