import { ROLES, isRole, type Role } from '../../../server/src/modules/auth/roles.js';

export { ROLES, isRole, type Role };

/** One line per role, for pickers and the signed-in badge's title. */
export const ROLE_SUMMARIES: Record<Role, string> = {
  admin: 'Everything, including users and settings',
  designer: 'Builds policies, prompts and process templates',
  operator: 'Starts and follows runs',
  reviewer: 'Decides review tasks',
  compliance: 'Reads everything, approves prompt and policy versions',
  integrator: 'Starts and reads runs through the API',
  viewer: 'Reads policies, prompts, templates and runs',
};

/** The role names the platform knows, in its canonical order, without duplicates. */
export function knownRoles(roles: readonly string[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/**
 * Roles a person may put on an API key: their own, or any for an admin.
 * The server enforces the same rule; this only keeps the form honest.
 */
export function listGrantableRoles(ownRoles: readonly string[]): Role[] {
  return ownRoles.includes('admin') ? [...ROLES] : knownRoles(ownRoles);
}
