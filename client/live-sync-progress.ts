import type { WorkflowHandle } from '@temporalio/client';
import type { MigrationStatus } from '../common/migration-status';
import { INITIAL_REPLICATION_CHECK_ACTIVITY, syncCheckProgressOf } from '../common/sync-check-progress';

/**
 * The status with the initial sync's live progress: while the sync runs, the workflow records only its
 * completion and stall changes (so its history does not grow with the sync); the pending check activity
 * carries the latest observation in its last failure details, which describe returns. Everything else
 * comes from the workflow's `status` query.
 */
export async function withLiveSyncProgress(status: MigrationStatus, handle: WorkflowHandle): Promise<MigrationStatus> {
  if (status.stage !== 'InitialReplication') return status;
  const description = await handle.describe().catch(() => undefined);
  const check = description?.raw.pendingActivities?.find((a) => a.activityType?.name === INITIAL_REPLICATION_CHECK_ACTIVITY);
  const progress = syncCheckProgressOf(check);
  if (!progress) return status;
  return {
    ...status,
    replication: {
      percent: progress.percent,
      protectionState: progress.protectionState,
      replicationHealth: progress.replicationHealth,
      stalled: progress.stalled,
      lastChangeAt: new Date(progress.lastChangeAtMs).toISOString(),
    },
  };
}
