import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { MigrationStatus } from '../../common/migration-status';
import { status, waitForStage, type MigrationHandle } from './migration-harness';
import { waitUntil } from './polling';

/** The size of `status` as its JSON travels to a client. */
export function statusBytes(status: MigrationStatus): number {
  return Buffer.byteLength(JSON.stringify(status), 'utf8');
}

/**
 * The workflow tasks our code failed, by cause and message (a hostile message must never cause one). Left out:
 * the server's own FORCE_CLOSE_COMMAND, by which it fails a task in flight to flush the signals buffered
 * meanwhile once they pass its limits on buffered events (count and size); the next attempt processes them.
 */
export async function failedWorkflowTasks(handle: MigrationHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowTaskFailedEventAttributes)
    .filter(
      (failed) => failed && failed.cause !== temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
    )
    .map((failed) => `${failed!.cause}: ${failed!.failure?.message}`);
}

/** Sends an update by name (names the typed definitions may not have) and returns how the workflow refused it. */
export async function updateRefusal(handle: MigrationHandle, name: string, payload: unknown): Promise<ApplicationFailure> {
  const error = await handle.executeUpdate(name, { args: [payload] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError)) throw new Error(`expected ${name} to be refused, got ${String(error)}`);
  if (!(error.cause instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(error.cause)}`);
  return error.cause;
}

export const refusalsOf = (status: MigrationStatus) => status.decisions.filter((d) => !d.accepted);
export const acceptedOf = (status: MigrationStatus) => status.decisions.filter((d) => d.accepted);

/** The waiting points a migration can be walked to with decisions alone. */
export type WaitingStage = 'AwaitingTestApproval' | 'AwaitingFailoverApproval' | 'ScheduledFailover';

/**
 * Walks a freshly started migration to a waiting point: the test approved by `testBy`, the failover (a day away)
 * by `cutoverBy`, two people as the four-eyes rule requires.
 */
export async function walkTo(handle: MigrationHandle, stage: WaitingStage, testBy = 'ana', cutoverBy = 'ben'): Promise<MigrationStatus> {
  let reached = await waitForStage(handle, 'AwaitingTestApproval');
  if (stage === 'AwaitingTestApproval') return reached;
  await handle.executeUpdate('approveTestFailover', { args: [{ by: testBy }] });
  reached = await waitForStage(handle, 'AwaitingFailoverApproval');
  if (stage === 'AwaitingFailoverApproval') return reached;
  return handle.executeUpdate('approveFailover', {
    args: [{ by: cutoverBy, notBefore: new Date(Date.now() + 86_400_000).toISOString() }],
  }) as Promise<MigrationStatus>;
}

/**
 * Polls `status` until `predicate` holds, through a flood's aftermath: while the server has force-closed a
 * workflow task to flush buffered signals (see failedWorkflowTasks), it refuses queries ("Workflow Task in
 * failed state") until the next attempt completes.
 */
export async function statusAfterFlood(
  handle: MigrationHandle,
  predicate: (s: MigrationStatus) => boolean,
  timeoutMs = 30_000,
): Promise<MigrationStatus> {
  return waitUntil('a status condition after the flood', () => status(handle), predicate, {
    timeoutMs,
    retryIf: (error) => String((error as Error).cause ?? error).includes('Workflow Task in failed state'),
  });
}
