import type { WaveDecisionName } from '../../common/wave-decisions';
import type { Role } from '../../common/roles';

/**
 * The role each wave decision needs, as for a machine's decisions (common/decisions.ts): approvers approve the
 * test and the cutover; operators ask for a retest, go on after a manual action or a failure, and abort.
 */
export const WAVE_DECISION_ROLES: Record<WaveDecisionName, Role> = {
  approveWaveTest: 'approver',
  requestWaveRetest: 'operator',
  approveWaveCutover: 'approver',
  continueWave: 'operator',
  abortWave: 'operator',
};
