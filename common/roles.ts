/**
 * What an identity may do. `viewer` reads; `operator` starts migrations, asks for a retest and aborts;
 * `approver` approves (and reschedules or cancels) the test failover and the cutover; `admin` may do all.
 * Shared by the API (tokens, JWT roles) and the workflow (the roles a signed decision carries).
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether someone with `roles` may act as `needed`: holding it, or admin. Every role may view. */
export function mayActAs(roles: readonly string[], needed: Role): boolean {
  return needed === 'viewer' ? roles.some(isRole) : roles.includes(needed) || roles.includes('admin');
}
