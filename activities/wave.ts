import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../common/ids';
import { MIGRATION_STAGE } from '../common/search-attributes';
import { FINAL_STAGES, STAGES, type Stage } from '../common/stages';
import type { MigrationStatus } from '../common/migration-status';
import { confirmCutoverRelay, WAVE_CUTOVER_QUERY, type WaveCutover, type WaveCutoverConfirmation } from '../common/wave-cutover';
import type { Hook } from '../common/wave-request';

/** Describes at most this many migrations at once. */
const DESCRIBE_CONCURRENCY = 16;

export interface RunningMigration {
  machineId: string;
  /** Its MigrationStage search attribute, if set. */
  stage?: string;
}

/**
 * The machines among `machineIds` whose migration (`migrate-<machineId>`) is running now, with their stage:
 * a wave refuses to start while any is (describe, not visibility, so a migration started a moment ago counts).
 */
export async function findRunningMigrations(machineIds: string[]): Promise<RunningMigration[]> {
  const { client } = Context.current();
  const running: RunningMigration[] = [];
  await eachBounded(machineIds, async (machineId) => {
    try {
      const description = await client.workflow.getHandle(workflowIdFor(machineId)).describe();
      if (description.status.name !== 'RUNNING') return;
      const stage = description.typedSearchAttributes.get(MIGRATION_STAGE);
      running.push({ machineId, ...(stage ? { stage } : {}) });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
  return running.sort((a, b) => machineIds.indexOf(a.machineId) - machineIds.indexOf(b.machineId));
}

/** A machine's stage as Temporal has it, and why it is out of the wave when it is not the wave's own migration. */
export interface ConfirmedStage {
  machineId: string;
  stage: Stage;
  error?: { code: string; message: string };
}

/** Runs `work` over `items`, DESCRIBE_CONCURRENCY at a time, heartbeating. */
async function eachBounded<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++]);
      Context.current().heartbeat();
    }
  };
  await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, items.length) }, worker));
}

/**
 * What each machine's migration really is, from Temporal (describe, then its `status` query), not from the
 * signals the wave received: anyone with namespace access can signal a wave, only its children change their
 * own state. A `migrate-<id>` that is not a `migrateMachine` started by this wave counts as Failed.
 */
export async function confirmMigrationStages({ waveWorkflowId, machineIds }: { waveWorkflowId: string; machineIds: string[] }) {
  const { client } = Context.current();
  const confirmed: ConfirmedStage[] = [];
  await eachBounded(machineIds, async (machineId) => {
    const handle = client.workflow.getHandle(workflowIdFor(machineId));
    const notOurs = (message: string): ConfirmedStage => ({
      machineId,
      stage: 'Failed',
      error: { code: 'NotThisWavesMigration', message },
    });
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      confirmed.push(notOurs(`${workflowIdFor(machineId)} was not found`));
      return;
    }
    if (description.type !== 'migrateMachine' || description.parentExecution?.workflowId !== waveWorkflowId) {
      confirmed.push(notOurs(`${workflowIdFor(machineId)} is not a migrateMachine started by ${waveWorkflowId}`));
      return;
    }
    const stage = (await handle.query<MigrationStatus>('status')).stage;
    if (description.status.name === 'RUNNING' || FINAL_STAGES.includes(stage)) {
      confirmed.push({ machineId, stage: STAGES.includes(stage) ? stage : 'Failed' });
      return;
    }
    const message = `${workflowIdFor(machineId)} ended ${description.status.name} in stage ${stage}`;
    confirmed.push({ machineId, stage: 'Failed', error: { code: description.status.name, message: message.slice(0, 500) } });
  });
  return confirmed.sort((a, b) => machineIds.indexOf(a.machineId) - machineIds.indexOf(b.machineId));
}

/**
 * The reverse of confirmMigrationStages, for a machine started by a wave (signed decisions): whether its wave
 * (`waveWorkflowId`, its parent as the server recorded it) is a running migrateWave that approved its cutover as
 * `by`, with a verified approval, and cuts this machine's group over now, inside its window.
 */
export async function confirmWaveCutover({
  waveWorkflowId,
  machineId,
  by,
}: {
  waveWorkflowId: string;
  machineId: string;
  by: string;
}): Promise<WaveCutoverConfirmation> {
  const handle = Context.current().client.workflow.getHandle(waveWorkflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return { confirmed: false, reason: `${waveWorkflowId} was not found` };
  }
  if (description.type !== 'migrateWave' || description.status.name !== 'RUNNING')
    return { confirmed: false, reason: `${waveWorkflowId} is not a running migrateWave (${description.type}, ${description.status.name})` };
  const answer = await handle.query<WaveCutover>(WAVE_CUTOVER_QUERY);
  return confirmCutoverRelay(answer, { waveWorkflowId, machineId, by, nowMs: Date.now() });
}

export interface HookCall {
  hook: Hook;
  wave: string;
  group: string;
  phase: 'beforeFailover' | 'afterFailover';
  machineIds: string[];
}

export const HOOK_FAILED = 'HookFailed';

/** One attempt of a group's HTTP hook; a non-2xx answer or no answer in time fails the attempt (retried by Temporal). */
export async function runHook({ hook, wave, group, phase, machineIds }: HookCall): Promise<{ status: number }> {
  const withBody = hook.method !== 'GET' && hook.method !== 'DELETE';
  let response: Response;
  try {
    response = await fetch(hook.url, {
      method: hook.method,
      headers: { ...(withBody ? { 'content-type': 'application/json' } : {}), ...hook.headers },
      body: withBody ? JSON.stringify({ wave, group, phase, machineIds }) : undefined,
      signal: AbortSignal.any([AbortSignal.timeout(hook.timeoutSeconds * 1000), Context.current().cancellationSignal]),
    });
  } catch (error) {
    throw ApplicationFailure.retryable(`${phase} hook ${hook.method} ${hook.url} got no answer: ${(error as Error).message}`, HOOK_FAILED);
  }
  await response.body?.cancel();
  if (!response.ok) throw ApplicationFailure.retryable(`${phase} hook ${hook.method} ${hook.url} answered ${response.status}`, HOOK_FAILED);
  return { status: response.status };
}

export const waveActivities = { findRunningMigrations, confirmMigrationStages, confirmWaveCutover, runHook };
export type WaveActivities = typeof waveActivities;
