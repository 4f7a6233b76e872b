import type { Client } from '@temporalio/client';
import type { RunningEmulator } from '../emulator';
import { mapWithConcurrency } from '../client/concurrency';
import { MIGRATION_STAGE, MIGRATION_WAVE } from '../common/search-attributes';
import { FINDABLE_FLOOR_WORKFLOW, FLOOR_APPROVAL_STAGE } from './floor-workflow';

export type Approval = keyof typeof FLOOR_APPROVAL_STAGE;
export interface Waiting {
  machineId: string;
  approval: Approval;
}
/**
 * The migrations (by machine id) that wait for each approval now, and how many requests to the server it took
 * to find them; the operator sends each its approval once. `sent` (keys `machineId/approval`): the approvals
 * sent and not refused, which a finder need not look for again.
 */
export type WaitingFinder = (approvals: Approval[], sent: ReadonlySet<string>) => Promise<{ waiting: Waiting[]; requests: number }>;

export const waitingKey = ({ machineId, approval }: Waiting) => `${machineId}/${approval}`;

/** Describes in flight at once while confirming which floors wait. */
const DESCRIBE_CONCURRENCY = 32;
/** The ASR action a floor runs just before each wait. */
const ACTION_BEFORE = {
  approveTestFailover: 'ReplicationProtectedItems_TestFailover',
  approveFailover: 'ReplicationProtectedItems_TestFailoverCleanup',
} as const;

/**
 * Finds the plain floors (bench/floor-workflow.ts, no search attributes) that wait for an approval, without
 * a query (a billable action, and a task on the floor's worker) and without describing the whole fleet at
 * every turn, so the floor's figures hold only what the floor costs. A floor waits for test approval once its
 * test failover ran and nothing is pending, for failover approval once its cleanup ran and nothing is pending.
 * The emulator's request log (read in the bench's process) names the floors whose last ASR action was the
 * one before a wait; only those are described (no action, no worker task), and one is waiting when it runs
 * with no pending activity and no pending workflow task.
 */
export function floorWaitingFinder(client: Client, emulator: RunningEmulator, machineIds: string[], idPrefix: string): WaitingFinder {
  const byItem = new Map(machineIds.map((id) => [id.toLowerCase(), id]));
  const lastAction = new Map<string, string>();
  let seenSeq = 0;
  return async (approvals, sent) => {
    for (const entry of emulator.requestLogSince(seenSeq)) {
      seenSeq = entry.seq;
      const machineId = entry.status < 300 ? byItem.get(entry.resourceId?.split('/').pop() ?? '') : undefined;
      if (machineId && entry.method === 'POST') lastAction.set(machineId, entry.operation);
    }
    const candidates = [...lastAction].flatMap(([machineId, operation]) =>
      approvals
        .filter((approval) => ACTION_BEFORE[approval] === operation)
        .map((approval) => ({ machineId, approval }))
        .filter((candidate) => !sent.has(waitingKey(candidate))),
    );
    const waiting = await mapWithConcurrency(candidates, DESCRIBE_CONCURRENCY, async (candidate) => {
      const { status, raw } = await client.workflow.getHandle(`${idPrefix}${candidate.machineId}`).describe();
      return status.name === 'RUNNING' && (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask;
    });
    return { waiting: candidates.filter((_, i) => waiting[i]), requests: candidates.length };
  };
}

/** Finds the findable floors (findableFloorMigration) of a wave that wait, by a visibility query per approval. */
export function findableFloorWaitingFinder(client: Client, wave: string, idPrefix: string): WaitingFinder {
  return async (approvals) => {
    const waiting: Waiting[] = [];
    for (const approval of approvals) {
      for await (const execution of client.workflow.list({ query: findableFloorQuery(wave, FLOOR_APPROVAL_STAGE[approval]) }))
        waiting.push({ machineId: execution.workflowId.slice(idPrefix.length), approval });
    }
    return { waiting, requests: approvals.length };
  };
}

/** The visibility query for the findable floors of a wave in a stage (waves of the bench: plain names). */
export function findableFloorQuery(wave: string, stage: string): string {
  return `WorkflowType = '${FINDABLE_FLOOR_WORKFLOW}' AND ${MIGRATION_STAGE.name} = '${stage}' AND ${MIGRATION_WAVE.name} = '${wave}'`;
}
