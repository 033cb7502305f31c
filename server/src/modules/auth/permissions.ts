import type { Role } from './roles.js';

export type Action =
  | 'manage' | 'read' | 'create' | 'update' | 'delete' | 'publish' | 'retire' | 'submit' | 'approve'
  | 'label' | 'evaluate' | 'test' | 'start' | 'cancel' | 'retry' | 'decide' | 'reveal' | 'export' | 'verify';

export type Subject =
  | 'all' | 'User' | 'ApiKey' | 'Policy' | 'Prompt' | 'Template' | 'Run' | 'ReviewTask'
  | 'AuditEvent' | 'Metrics' | 'Pii' | 'Secret';

export type Grant = readonly [Action | Action[], Subject | Subject[]];

/**
 * The role × permission table. Services ask `ability.can(action, subject)`;
 * README documents this table, and the operation matrix test checks every
 * GraphQL operation against it for every role.
 */
export const ROLE_GRANTS: Record<Role, readonly Grant[]> = {
  admin: [['manage', 'all']],
  designer: [
    [['read', 'create', 'test', 'evaluate'], ['Policy', 'Prompt', 'Template']],
    [['submit', 'publish', 'retire', 'label'], ['Prompt']],
    [['publish', 'retire'], ['Template']],
    [['read', 'start', 'cancel', 'retry'], 'Run'],
    ['read', ['ReviewTask', 'Metrics']],
    ['create', 'ApiKey'],
  ],
  operator: [
    ['read', ['Policy', 'Prompt', 'Template', 'Run', 'ReviewTask', 'Metrics']],
    ['evaluate', 'Policy'],
    [['start', 'cancel', 'retry'], 'Run'],
    ['create', 'ApiKey'],
    ['reveal', 'Pii'],
  ],
  reviewer: [
    ['read', ['Policy', 'Prompt', 'Template', 'Run', 'ReviewTask']],
    ['evaluate', 'Policy'],
    ['decide', 'ReviewTask'],
    // Reviewers decide on the data itself, so they see it unmasked.
    ['read', 'Pii'],
  ],
  compliance: [
    // Everything but personal data: PII is revealed field by field, and each reveal is audited.
    ['read', ['User', 'ApiKey', 'Policy', 'Prompt', 'Template', 'Run', 'ReviewTask', 'AuditEvent', 'Metrics']],
    ['evaluate', 'Policy'],
    ['approve', 'Prompt'],
    [['publish', 'retire'], 'Policy'],
    [['verify', 'export'], 'AuditEvent'],
    ['reveal', 'Pii'],
  ],
  integrator: [
    ['read', ['Template', 'Run']],
    [['start', 'cancel', 'retry'], 'Run'],
    ['evaluate', 'Policy'],
  ],
  viewer: [
    ['read', ['Policy', 'Prompt', 'Template', 'Run', 'Metrics']],
    ['evaluate', 'Policy'],
  ],
};
