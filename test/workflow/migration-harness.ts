import type { Client, WorkflowHandle } from '@temporalio/client';
import type { MigrationClient } from '../../client';
import { parseMigrationRequest, type MigrationRequestInput } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import { FINAL_STAGES, type Stage } from '../../common/stages';
import { workflowIdFor } from '../../common/task-queue';
import { MIGRATE_MACHINE_WORKFLOW, statusQuery } from '../../workflows/definitions';

export type MigrationHandle = WorkflowHandle<(input: unknown) => Promise<MigrationStatus>>;

/** Starts migrateMachine the way services do: validated request, workflow id migrate-<machineId>. */
export async function startMigration(client: Client, taskQueue: string, input: MigrationRequestInput): Promise<MigrationHandle> {
  const request = parseMigrationRequest(input);
  return client.workflow.start(MIGRATE_MACHINE_WORKFLOW, {
    taskQueue,
    workflowId: workflowIdFor(request.machineId),
    args: [request],
  }) as Promise<MigrationHandle>;
}

export async function status(handle: MigrationHandle): Promise<MigrationStatus> {
  return handle.query(statusQuery);
}

/** Polls the status query until the migration reaches `stage`; fails fast if it ends elsewhere. */
export async function waitForStage(handle: MigrationHandle, stage: Stage, timeoutMs = 30_000): Promise<MigrationStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: MigrationStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await status(handle);
    } catch {
      // The first workflow task may not have run yet.
    }
    if (last?.stage === stage) return last;
    if (last && FINAL_STAGES.includes(last.stage)) {
      throw new Error(`expected stage ${stage}, but the migration ended in ${last.stage}: ${JSON.stringify(last.lastError)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`migration did not reach ${stage} within ${timeoutMs} ms; last stage ${last?.stage}`);
}

/** Polls the status query until `predicate` holds. */
export function waitForStatus(handle: MigrationHandle, predicate: (status: MigrationStatus) => boolean, timeoutMs = 30_000): Promise<MigrationStatus> {
  return pollStatus(() => status(handle), predicate, timeoutMs);
}

/**
 * Polls MigrationClient.status (the workflow's status with the initial sync's live progress, which the
 * workflow itself records only at completion and stall changes) until `predicate` holds.
 */
export function waitForLiveStatus(
  migrations: MigrationClient,
  machineId: string,
  predicate: (status: MigrationStatus) => boolean,
  timeoutMs = 30_000,
): Promise<MigrationStatus> {
  return pollStatus(() => migrations.status(machineId), predicate, timeoutMs);
}

async function pollStatus(read: () => Promise<MigrationStatus>, predicate: (status: MigrationStatus) => boolean, timeoutMs: number): Promise<MigrationStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: MigrationStatus | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`status condition not met within ${timeoutMs} ms; last status ${JSON.stringify(last)}`);
}

export function stagesOf(status: MigrationStatus): Stage[] {
  return status.stages.map((entry) => entry.stage);
}

export const HAPPY_PATH: Stage[] = [
  'Preflight',
  'EnablingReplication',
  'InitialReplication',
  'TestFailover',
  'AwaitingTestApproval',
  'CleaningUpTestFailover',
  'AwaitingFailoverApproval',
  'FailingOver',
  'CompletingMigration',
  'Completed',
];
