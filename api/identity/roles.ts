import type { DecisionName } from '../../common/decisions';
import type { Role } from '../../common/roles';

export { ROLES, mayActAs, type Role } from '../../common/roles';

/** The role each decision needs (a Record, so a new decision in common/decisions.ts must be given one here). */
export const DECISION_ROLES: Record<DecisionName, Role> = {
  approveTestFailover: 'approver',
  requestRetest: 'operator',
  approveFailover: 'approver',
  rescheduleFailover: 'approver',
  cancelScheduledFailover: 'approver',
  abortMigration: 'operator',
};
