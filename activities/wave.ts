import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../common/ids';
import { MIGRATION_STAGE } from '../common/search-attributes';
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
  let next = 0;
  const worker = async () => {
    while (next < machineIds.length) {
      const machineId = machineIds[next++];
      try {
        const description = await client.workflow.getHandle(workflowIdFor(machineId)).describe();
        if (description.status.name !== 'RUNNING') continue;
        const stage = description.typedSearchAttributes.get(MIGRATION_STAGE);
        running.push({ machineId, ...(stage ? { stage } : {}) });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      Context.current().heartbeat();
    }
  };
  await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, machineIds.length) }, worker));
  return running.sort((a, b) => machineIds.indexOf(a.machineId) - machineIds.indexOf(b.machineId));
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

export const waveActivities = { findRunningMigrations, runHook };
export type WaveActivities = typeof waveActivities;
