import type { Action, Subject } from './permissions.js';

/**
 * What each GraphQL operation requires. Services enforce the same checks with
 * CASL; this table is the documented contract, and a test calls every
 * operation as every role and compares the outcome with it. A new operation
 * without an entry here fails that test.
 */
export type OperationRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'grant'; action: Action; subject: Subject };

const grant = (action: Action, subject: Subject): OperationRule => ({ kind: 'grant', action, subject });
const PUBLIC: OperationRule = { kind: 'public' };
const AUTHENTICATED: OperationRule = { kind: 'authenticated' };

export const OPERATION_MATRIX: Record<string, OperationRule> = {
  // users and keys
  login: PUBLIC,
  logout: AUTHENTICATED,
  me: AUTHENTICATED,
  users: grant('read', 'User'),
  createUser: grant('create', 'User'),
  setUserRoles: grant('update', 'User'),
  createApiKey: grant('create', 'ApiKey'),
  apiKeys: AUTHENTICATED,
  revokeApiKey: AUTHENTICATED,
  // policies
  policies: grant('read', 'Policy'),
  policy: grant('read', 'Policy'),
  policyVersion: grant('read', 'Policy'),
  createPolicyVersion: grant('create', 'Policy'),
  publishPolicyVersion: grant('publish', 'Policy'),
  retirePolicyVersion: grant('retire', 'Policy'),
  evaluatePolicy: grant('evaluate', 'Policy'),
  runPolicyTests: grant('evaluate', 'Policy'),
  exportPolicyFile: grant('read', 'Policy'),
  // prompts
  prompts: grant('read', 'Prompt'),
  prompt: grant('read', 'Prompt'),
  promptVersion: grant('read', 'Prompt'),
  createPromptVersion: grant('create', 'Prompt'),
  submitPromptVersion: grant('submit', 'Prompt'),
  approvePromptVersion: grant('approve', 'Prompt'),
  rejectPromptVersion: grant('approve', 'Prompt'),
  publishPromptVersion: grant('publish', 'Prompt'),
  retirePromptVersion: grant('retire', 'Prompt'),
  setPromptLabel: grant('label', 'Prompt'),
  diffPromptVersions: grant('read', 'Prompt'),
  renderPrompt: grant('read', 'Prompt'),
  testPromptVersion: grant('test', 'Prompt'),
  runPromptTests: grant('test', 'Prompt'),
  // templates
  templates: grant('read', 'Template'),
  template: grant('read', 'Template'),
  templateVersion: grant('read', 'Template'),
  validateTemplate: grant('read', 'Template'),
  createTemplateVersion: grant('create', 'Template'),
  publishTemplateVersion: grant('publish', 'Template'),
  retireTemplateVersion: grant('retire', 'Template'),
  // runs and reviews
  startRun: grant('start', 'Run'),
  startShadowRun: grant('test', 'Template'),
  run: grant('read', 'Run'),
  runs: grant('read', 'Run'),
  cancelRun: grant('cancel', 'Run'),
  retryRun: grant('retry', 'Run'),
  reviewTasks: grant('read', 'ReviewTask'),
  reviewTask: grant('read', 'ReviewTask'),
  decideReviewTask: grant('decide', 'ReviewTask'),
  revealRunField: grant('reveal', 'Pii'),
  // compliance views
  promptUsage: grant('read', 'Prompt'),
  explainRun: grant('read', 'Run'),
  metrics: grant('read', 'Metrics'),
  // audit
  auditEvents: grant('read', 'AuditEvent'),
  verifyAuditChain: grant('verify', 'AuditEvent'),
  // integration secrets: only admin (manage all) sets them; readers of everything see names, never values
  secrets: grant('read', 'Secret'),
  setSecret: grant('update', 'Secret'),
};
