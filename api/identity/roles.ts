import type { DecisionName } from '../../common/decisions';

/**
 * What a token may do. `viewer` reads; `operator` starts migrations, asks for a retest and aborts;
 * `approver` approves (and reschedules or cancels) the test failover and the cutover; `admin` may do all.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The role each decision needs (a Record, so a new decision in common/decisions.ts must be given one here). */
export const DECISION_ROLES: Record<DecisionName, Role> = {
  approveTestFailover: 'approver',
  requestRetest: 'operator',
  approveFailover: 'approver',
  rescheduleFailover: 'approver',
  cancelScheduledFailover: 'approver',
  abortMigration: 'operator',
};

/** Whether someone with `roles` may act as `needed`: holding it, or admin. Every role may view. */
export function mayActAs(roles: readonly Role[], needed: Role): boolean {
  return needed === 'viewer' ? roles.length > 0 : roles.includes(needed) || roles.includes('admin');
}
