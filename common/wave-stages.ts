import type { Stage } from './stages';

/** A wave's stages, shown by `waveStatus` and as the WaveStage search attribute. */
export const WAVE_STAGES = [
  /** Checking that no machine of the wave is already migrating. */
  'Checking',
  /** Machines starting and running their initial sync, at most replicationConcurrency at once. */
  'Replicating',
  /** Every sync done; test failovers (or their cleanups) running. */
  'Testing',
  'AwaitingWaveTestApproval',
  'AwaitingWaveCutoverApproval',
  /** Cutover approved; waiting for notBefore or the window to open. */
  'AwaitingCutoverWindow',
  /** A group's manual action: waits for continueWave. */
  'AwaitingManualAction',
  'CuttingOver',
  /** A failure under failurePolicy halt: nothing moves on until continueWave or abortWave. */
  'Halted',
  /** Under failurePolicy continue: a group failed, the next waits for continueWave. */
  'AwaitingContinue',
  'Aborting',
  'Completed',
  /** Every group ran, but some machines failed or were aborted. */
  'CompletedWithFailures',
  'Aborted',
  /** Refused at start (invalid request, wrong id, a machine already migrating). */
  'Failed',
] as const;
export type WaveStage = (typeof WAVE_STAGES)[number];

export const FINAL_WAVE_STAGES: readonly WaveStage[] = ['Completed', 'CompletedWithFailures', 'Aborted', 'Failed'];

/** A machine in a wave: its migration's stage, or where the wave keeps it before or instead of one. */
export type WaveMachineStage =
  | Stage
  /** Not started yet (waiting for a replication slot). */
  | 'Pending'
  /** Never started: the wave was aborted first. */
  | 'Skipped'
  /** Its migration could not be started (e.g. one was started outside the wave meanwhile). */
  | 'StartRefused';
