import { WAVE_DECISION_NAMES, WAVE_DECISIONS, type WaveDecisionName } from '../../common/wave-decisions';
import type { Role } from '../../common/roles';

/**
 * The role each wave decision needs, read from its entry in WAVE_DECISIONS (the one table the workflow's
 * signed-decision check uses too): approvers approve the test and the cutover; operators ask for a retest, go
 * on after a manual action or a failure, and abort.
 */
export const WAVE_DECISION_ROLES = Object.fromEntries(
  WAVE_DECISION_NAMES.map((decision) => [decision, WAVE_DECISIONS[decision].role]),
) as Record<WaveDecisionName, Role>;
