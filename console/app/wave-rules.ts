import type { WaveDecisionRight } from '../../common/me';
import type { WaveStage } from '../../common/wave-stages';

/** The stages in which a wave waits for a person's decision. */
export const WAVE_WAITING_STAGES: readonly WaveStage[] = [
  'AwaitingWaveTestApproval',
  'AwaitingWaveCutoverApproval',
  'AwaitingManualAction',
  'AwaitingContinue',
  'Halted',
];

/** The decisions a wave in `stage` waits for that these rights allow (abort is possible, never awaited). */
export function awaitedWaveDecisions(rights: readonly WaveDecisionRight[], stage: WaveStage): WaveDecisionRight[] {
  return rights.filter(
    (right) => right.allowed && right.allowedStages.includes(stage) && right.allowedStages.every((s) => WAVE_WAITING_STAGES.includes(s)),
  );
}

export const WAVE_DECISION_LABELS: Record<string, string> = {
  approveWaveTest: 'Approve wave test',
  requestWaveRetest: 'Request wave retest',
  approveWaveCutover: 'Approve wave cutover',
  continueWave: 'Continue wave',
  abortWave: 'Abort wave',
};
