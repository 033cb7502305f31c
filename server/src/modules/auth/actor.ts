import { UnauthenticatedError } from '../../domain/errors/index.js';
import { abilityFor, assertCan, type AppAbility } from './ability.js';
import type { Action, Subject } from './permissions.js';
import type { Role } from './roles.js';

/** Who is calling: resolved once per request from the bearer token. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system' | 'anonymous';
  id: string | null;
  /** The user behind the call (the key's owner for API keys). */
  userId: string | null;
  label: string;
  roles: Role[];
  ability: AppAbility;
}

export const ANONYMOUS: Actor = { kind: 'anonymous', id: null, userId: null, label: 'anonymous', roles: [], ability: abilityFor([]) };

export const SYSTEM: Actor = { kind: 'system', id: null, userId: null, label: 'system', roles: ['admin'], ability: abilityFor(['admin']) };

export function createActor(kind: 'user' | 'api_key', id: string, userId: string, label: string, roles: Role[]): Actor {
  return { kind, id, userId, label, roles, ability: abilityFor(roles) };
}

/** Services call this first: unauthenticated callers get UNAUTHENTICATED, others FORBIDDEN. */
export function authorize(actor: Actor, action: Action, subject: Subject): void {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  assertCan(actor.ability, action, subject);
}

export function requireAuthenticated(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
}
