import { ApplicationFailure, WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { MigrationClient } from '../../client';
import type { MigrationRequestInput } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import { FINAL_STAGES, type Stage } from '../../common/stages';
import { workflowIdFor } from '../../common/ids';
import { waitUntil } from './polling';
import { MIGRATE_MACHINE_WORKFLOW, statusQuery } from '../../workflows/definitions';

export type MigrationHandle = WorkflowHandle<(input: unknown) => Promise<MigrationStatus>>;

/** Starts migrateMachine the way services do: through MigrationClient (validated request, workflow id migrate-<machineId>). */
export async function startMigration(client: Client, taskQueue: string, input: MigrationRequestInput): Promise<MigrationHandle> {
  const started = await new MigrationClient(client, taskQueue).startMigration(input);
  return started.handle as MigrationHandle;
}

/**
 * Starts migrateMachine with no client rules, as anyone with access to the namespace can (`temporal workflow
 * start`): for tests of what the workflow itself checks. The workflow id is migrate-<machineId> unless given.
 */
export async function startRawMigration(client: Client, taskQueue: string, input: unknown, workflowId?: string): Promise<MigrationHandle> {
  const id = workflowId ?? workflowIdFor(String((input as { machineId?: unknown }).machineId));
  return client.workflow.start(MIGRATE_MACHINE_WORKFLOW, { taskQueue, workflowId: id, args: [input] }) as Promise<MigrationHandle>;
}

/** The ApplicationFailure a migration failed with; throws if it did not fail that way. */
export async function failureOf(handle: WorkflowHandle): Promise<ApplicationFailure> {
  const error = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowFailedError)) throw new Error(`expected the workflow to fail, got ${String(error)}`);
  if (!(error.cause instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(error.cause)}`);
  return error.cause;
}

export async function status(handle: MigrationHandle): Promise<MigrationStatus> {
  return handle.query(statusQuery);
}

/** Where a test reads a migration's status: its workflow handle (status query) or a probe, e.g. `() => migrations.status(id)`. */
export type StatusSource = MigrationHandle | (() => Promise<MigrationStatus>);

function probeOf(source: StatusSource): () => Promise<MigrationStatus> {
  return typeof source === 'function' ? source : () => status(source);
}

/**
 * stallAfterMinutes for a test that provokes a stall (12 s): a loaded machine relays each progress move the test
 * makes (set it, the 1 s check reads it) well within it, so nothing stalls before the test means it to; short
 * enough to wait out once.
 */
export const TEST_STALL_AFTER_MINUTES = 0.2;

/** Polls the status until the migration reaches `stage`; fails fast if it ends elsewhere. */
export async function waitForStage(source: StatusSource, stage: Stage, timeoutMs = 30_000): Promise<MigrationStatus> {
  return waitUntil(`stage ${stage}`, probeOf(source), (last) => last.stage === stage, {
    timeoutMs,
    stopIf: (last) =>
      FINAL_STAGES.includes(last.stage) ? `the migration ended in ${last.stage}: ${JSON.stringify(last.lastError)}` : undefined,
  });
}

/** Polls the status until `predicate` holds. */
export async function waitForStatus(
  source: StatusSource,
  predicate: (status: MigrationStatus) => boolean,
  timeoutMs = 30_000,
): Promise<MigrationStatus> {
  return waitUntil('a status condition', probeOf(source), predicate, timeoutMs);
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
  return waitForStatus(() => migrations.status(machineId), predicate, timeoutMs);
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
