import { defineSignal, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { WORKFLOW_ID_PREFIXES } from '../common/ids';
import { REPORTED_STAGES, WAVE_MACHINE_STAGE_SIGNAL, type MachineStageReport } from '../common/wave-machine-report';
import type { MigrationPatches } from './migration-patches';
import type { MigrationState } from './migration-state';

export const machineStageSignal = defineSignal<[MachineStageReport]>(WAVE_MACHINE_STAGE_SIGNAL);

/**
 * Makes a migration started as a child (of `migrateWave`) signal its parent at each REPORTED_STAGES change.
 * Migrations without a parent emit nothing (and record no patch marker). `flush` before the workflow ends, when
 * `reporting`.
 */
export function reportStagesToParent(
  machineId: string,
  state: MigrationState,
  patches: MigrationPatches,
): { reporting: boolean; flush(): Promise<void> } {
  const parent = workflowInfo().parent;
  // Only a wave listens (its id is `wave-<name>`); no other parent gets signals it does not expect.
  if (!parent?.workflowId.startsWith(WORKFLOW_ID_PREFIXES.migrateWave) || !patches.has('reportStagesToParent'))
    return { reporting: false, flush: async () => undefined };
  const wave = getExternalWorkflowHandle(parent.workflowId);
  let seq = 0;
  let last: Promise<void> = Promise.resolve();
  state.onEnter = (stage) => {
    if (!REPORTED_STAGES.includes(stage)) return;
    const lastError = state.status.lastError;
    const error =
      lastError && (stage === 'Failed' || stage === 'Aborted')
        ? { code: lastError.code.slice(0, 100), message: lastError.message.slice(0, 500) }
        : undefined;
    // A wave that ended no longer listens: nothing to do about it here.
    last = wave.signal(machineStageSignal, { machineId, stage, seq: ++seq, ...(error ? { error } : {}) }).catch(() => undefined);
  };
  // A signal sent in the task that completes the workflow may never be delivered: the end waits for the last one.
  return { reporting: true, flush: () => last };
}
