import { describe, expect, it } from 'vitest';
import { abilityFor } from '../../../server/src/modules/auth/ability.js';
import type { Action, Subject } from '../../../server/src/modules/auth/permissions.js';
import { buildRules, createAbility } from '../../../web/src/lib/ability.js';
import { CAPABILITIES, listCapabilities } from '../../../web/src/lib/capabilities.js';
import { ROLES } from '../../../web/src/lib/roles.js';

const ACTIONS: Action[] = ['manage', 'read', 'create', 'update', 'delete', 'publish', 'retire', 'submit', 'approve', 'label', 'evaluate', 'test', 'start', 'cancel', 'retry', 'decide', 'reveal', 'export', 'verify'];
const SUBJECTS: Subject[] = ['all', 'User', 'ApiKey', 'Policy', 'Prompt', 'Template', 'Run', 'ReviewTask', 'AuditEvent', 'Metrics', 'Pii'];

describe('web ability', () => {
  // The UI hides what the server refuses; both must read the same table.
  it.each(ROLES.map((role) => [role]))('agrees with the server for %s', (role) => {
    const web = createAbility([role]);
    const server = abilityFor([role]);
    for (const action of ACTIONS) {
      for (const subject of SUBJECTS) {
        expect(web.can(action, subject), `${role} ${action} ${subject}`).toBe(server.can(action, subject));
      }
    }
  });

  it('combines roles', () => {
    const ability = createAbility(['viewer', 'reviewer']);
    expect(ability.can('decide', 'ReviewTask')).toBe(true);
    expect(ability.can('read', 'Metrics')).toBe(true);
    expect(ability.can('create', 'ApiKey')).toBe(false);
  });

  it('grants nothing for unknown or missing roles', () => {
    expect(buildRules(['superuser'])).toEqual([]);
    expect(createAbility().can('read', 'Policy')).toBe(false);
  });
});

describe('listCapabilities', () => {
  const expected: Record<(typeof ROLES)[number], string[]> = {
    admin: CAPABILITIES.map((capability) => capability.id),
    designer: ['design', 'publish-prompts', 'publish-templates', 'run', 'review-queue', 'follow-runs', 'browse', 'try-policies', 'metrics', 'api-keys'],
    operator: ['run', 'review-queue', 'follow-runs', 'browse', 'try-policies', 'reveal-pii', 'metrics', 'api-keys'],
    reviewer: ['decide', 'review-queue', 'follow-runs', 'browse', 'try-policies', 'read-pii'],
    compliance: ['approve-prompts', 'publish-policies', 'review-queue', 'follow-runs', 'browse', 'try-policies', 'audit', 'read-audit', 'reveal-pii', 'metrics', 'users'],
    integrator: ['run', 'follow-runs', 'try-policies'],
    viewer: ['follow-runs', 'browse', 'try-policies', 'metrics'],
  };

  it.each(ROLES.map((role) => [role, expected[role]] as const))('%s can: %o', (role, ids) => {
    expect(listCapabilities(createAbility([role])).map((capability) => capability.id)).toEqual(ids);
  });

  it('uses the words people use', () => {
    const labels = listCapabilities(createAbility(['designer', 'reviewer'])).map((capability) => capability.label);
    expect(labels).toContain('Design policies, prompts and templates');
    expect(labels).toContain('Decide review tasks');
  });
});
