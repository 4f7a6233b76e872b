import type { WaveDecisionRight } from '../common/me';
import { WAVE_DECISION_NAMES, WAVE_DECISIONS } from '../common/wave-decisions';
import { mayActAs, type Role } from './identity/roles';
import { WAVE_DECISION_ROLES } from './identity/wave-roles';
import { fieldsOf } from './me-routes';

/** Each wave decision with the role it needs, the wave stages it applies in, whether `roles` allow it, and its fields. */
export function waveDecisionRightsFor(roles: readonly Role[]): WaveDecisionRight[] {
  return WAVE_DECISION_NAMES.map((decision) => ({
    name: decision,
    summary: WAVE_DECISIONS[decision].summary,
    neededRole: WAVE_DECISION_ROLES[decision],
    allowedStages: WAVE_DECISIONS[decision].allowedStages,
    allowed: mayActAs(roles, WAVE_DECISION_ROLES[decision]),
    fields: fieldsOf(WAVE_DECISIONS[decision].schema, (WAVE_DECISIONS[decision] as { optionHelp?: Record<string, string> }).optionHelp),
  }));
}
