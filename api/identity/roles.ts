import { DECISION_NAMES, DECISIONS, type DecisionName } from '../../common/decisions';
import type { Role } from '../../common/roles';

export { ROLES, mayActAs, type Role } from '../../common/roles';

/** The role each decision needs (its `role` in the DECISIONS table). */
export const DECISION_ROLES = Object.fromEntries(DECISION_NAMES.map((name) => [name, DECISIONS[name].role])) as Record<DecisionName, Role>;
