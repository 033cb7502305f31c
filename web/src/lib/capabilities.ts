import type { Action, AppAbility, Subject } from './ability.js';

export interface Capability {
  id: string;
  /** What the person can do, in the words of the people who do it. */
  label: string;
  /** Every one of these must be allowed. */
  requires: ReadonlyArray<readonly [Action, Subject]>;
}

/** The dashboard's "what you can do" list, most powerful first. */
export const CAPABILITIES: readonly Capability[] = [
  { id: 'administer', label: 'Manage users, roles and every part of the platform', requires: [['manage', 'all']] },
  { id: 'design', label: 'Design policies, prompts and templates', requires: [['create', 'Policy'], ['create', 'Prompt'], ['create', 'Template']] },
  { id: 'publish-prompts', label: 'Publish prompt versions and move their labels', requires: [['publish', 'Prompt'], ['label', 'Prompt']] },
  { id: 'publish-templates', label: 'Publish and retire process templates', requires: [['publish', 'Template'], ['retire', 'Template']] },
  { id: 'approve-prompts', label: 'Approve prompt versions for release', requires: [['approve', 'Prompt']] },
  { id: 'publish-policies', label: 'Publish and retire policy versions', requires: [['publish', 'Policy'], ['retire', 'Policy']] },
  { id: 'run', label: 'Start, cancel and retry runs', requires: [['start', 'Run'], ['cancel', 'Run'], ['retry', 'Run']] },
  { id: 'decide', label: 'Decide review tasks', requires: [['decide', 'ReviewTask']] },
  { id: 'review-queue', label: 'See the review queue', requires: [['read', 'ReviewTask']] },
  { id: 'follow-runs', label: 'Follow runs and see why each step decided what it did', requires: [['read', 'Run']] },
  { id: 'browse', label: 'Browse policies, prompts and templates', requires: [['read', 'Policy'], ['read', 'Prompt'], ['read', 'Template']] },
  { id: 'try-policies', label: 'Try policies on sample data', requires: [['evaluate', 'Policy']] },
  { id: 'audit', label: 'Verify and export the audit trail', requires: [['verify', 'AuditEvent'], ['export', 'AuditEvent']] },
  { id: 'read-audit', label: 'Read the audit trail', requires: [['read', 'AuditEvent']] },
  { id: 'read-pii', label: 'See personal data unmasked', requires: [['read', 'Pii']] },
  { id: 'reveal-pii', label: 'Reveal personal data field by field (each reveal is audited)', requires: [['reveal', 'Pii']] },
  { id: 'metrics', label: 'See metrics on runs, decisions and cost', requires: [['read', 'Metrics']] },
  { id: 'users', label: 'See users and their roles', requires: [['read', 'User']] },
  { id: 'api-keys', label: 'Create API keys for integrations', requires: [['create', 'ApiKey']] },
];

export function listCapabilities(ability: AppAbility, capabilities: readonly Capability[] = CAPABILITIES): Capability[] {
  return capabilities.filter((capability) => capability.requires.every(([action, subject]) => ability.can(action, subject)));
}
