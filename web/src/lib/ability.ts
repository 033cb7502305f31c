import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { ROLE_GRANTS, type Action, type Subject } from '../../../server/src/modules/auth/permissions.js';
import { knownRoles } from './roles.js';

export type { Action, Subject };

/** Same shape as the server's ability, built from the same ROLE_GRANTS table. */
export type AppAbility = MongoAbility<[Action, Subject]>;

/**
 * The CASL rules for a set of role names. Unknown names grant nothing: the
 * UI only hides what a role cannot do, the server decides what it may.
 */
export function buildRules(roles: readonly string[]): RawRuleOf<AppAbility>[] {
  return knownRoles(roles).flatMap((role) =>
    ROLE_GRANTS[role].map(([action, subject]): RawRuleOf<AppAbility> => ({ action, subject })),
  );
}

export function createAbility(roles: readonly string[] = []): AppAbility {
  return createMongoAbility<AppAbility>(buildRules(roles));
}
