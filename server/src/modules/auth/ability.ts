import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { ForbiddenError } from '../../domain/errors/index.js';
import { ROLE_GRANTS, type Action, type Subject } from './permissions.js';
import type { Role } from './roles.js';

export type AppAbility = MongoAbility<[Action, Subject]>;

const cache = new Map<string, AppAbility>();

/** Abilities depend only on the role set, so each distinct set is built once. */
export function abilityFor(roles: readonly Role[]): AppAbility {
  const key = [...roles].sort().join(',');
  let ability = cache.get(key);
  if (!ability) {
    const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
    for (const role of roles) {
      for (const [action, subject] of ROLE_GRANTS[role]) builder.can(action, subject);
    }
    ability = builder.build();
    cache.set(key, ability);
  }
  return ability;
}

export function assertCan(ability: AppAbility, action: Action, subject: Subject): void {
  if (!ability.can(action, subject)) throw new ForbiddenError(action, subject);
}
