import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIdOf, type WorkflowKind } from '../common/ids';

export const MACHINE_BUSY = 'MachineBusy';

const WHAT: Record<WorkflowKind, string> = {
  migrateMachine: 'being migrated',
  protectMachine: 'protected for disaster recovery',
  migrateWave: 'moving in a wave',
};

/**
 * A machine is either migrated or protected, never both at once: refuses (non-retryable MachineBusy) when the
 * other kind of workflow runs for this machine. Checked by each kind's preflight activity, before anything is
 * created; two starts racing each other both see the other running and are both refused, never both let through.
 */
export async function refuseIfRunning(client: Client, other: WorkflowKind, machineId: string): Promise<void> {
  const workflowId = workflowIdOf(other, machineId);
  let running: { runId: string } | undefined;
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name === 'RUNNING') running = { runId: description.runId };
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  if (!running) return;
  throw ApplicationFailure.create({
    type: MACHINE_BUSY,
    nonRetryable: true,
    message: `${machineId} is ${WHAT[other]} (workflow ${workflowId}, run ${running.runId}): end that first; nothing was created.`,
    details: [{ workflowId, runId: running.runId }],
  });
}
