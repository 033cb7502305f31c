export const ROLES = ['admin', 'designer', 'operator', 'reviewer', 'compliance', 'integrator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
