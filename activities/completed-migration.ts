import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIdFor } from '../common/ids';
import { MIGRATION_STAGE } from '../common/search-attributes';
import { MIGRATE_MACHINE_WORKFLOW } from '../workflows/definitions';

export const ALREADY_MIGRATED = 'AlreadyMigrated';

export interface CompletedMigration {
  workflowId: string;
  runId: string;
  /** When that run closed (ISO), if visibility says. */
  completedAt?: string;
}

/**
 * An earlier run of this machine's migration that ended Completed (cut over, Complete Migration done), from
 * Temporal's visibility. Aborted runs also close as Completed executions, hence the MigrationStage condition.
 * machineId is a validated machine id (letters, digits, ".", "_", "-"), so it needs no quoting.
 */
export async function findCompletedMigration(client: Client, machineId: string): Promise<CompletedMigration | undefined> {
  const workflowId = workflowIdFor(machineId);
  const query = [
    `WorkflowType = '${MIGRATE_MACHINE_WORKFLOW}'`,
    `WorkflowId = '${workflowId}'`,
    `ExecutionStatus = 'Completed'`,
    `${MIGRATION_STAGE.name} = 'Completed'`,
  ].join(' AND ');
  for await (const run of client.workflow.list({ query, pageSize: 1 })) {
    return { workflowId, runId: run.runId, completedAt: run.closeTime?.toISOString() };
  }
  return undefined;
}

/** A completed migration is final: migrating the machine again would replicate the old source over its cutover. */
export async function refuseIfAlreadyMigrated(client: Client, machineId: string): Promise<void> {
  const earlier = await findCompletedMigration(client, machineId);
  if (!earlier) return;
  throw ApplicationFailure.create({
    type: ALREADY_MIGRATED,
    nonRetryable: true,
    message:
      `${machineId} was already migrated: run ${earlier.runId} of ${earlier.workflowId} completed` +
      `${earlier.completedAt ? ` at ${earlier.completedAt}` : ''}. A completed migration is not started again; nothing was created.`,
    details: [earlier],
  });
}
