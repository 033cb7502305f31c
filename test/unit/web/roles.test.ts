import { describe, expect, it } from 'vitest';
import { knownRoles, listGrantableRoles, ROLES, ROLE_SUMMARIES } from '../../../web/src/lib/roles.js';

describe('listGrantableRoles', () => {
  it.each([
    { own: ['admin'], grantable: [...ROLES] },
    { own: ['viewer'], grantable: ['viewer'] },
    { own: ['viewer', 'designer'], grantable: ['designer', 'viewer'] },
    { own: ['operator', 'operator', 'ghost'], grantable: ['operator'] },
    { own: [], grantable: [] },
  ])('$own → $grantable', ({ own, grantable }) => {
    expect(listGrantableRoles(own)).toEqual(grantable);
  });
});

describe('knownRoles', () => {
  it('keeps the canonical order and drops unknown names', () => {
    expect(knownRoles(['viewer', 'nobody', 'admin'])).toEqual(['admin', 'viewer']);
  });

  it('has a summary for every role', () => {
    for (const role of ROLES) expect(ROLE_SUMMARIES[role].length).toBeGreaterThan(0);
  });
});
