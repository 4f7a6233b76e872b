import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { MigrationActivities } from '../activities';
import type { MigrationRequest } from '../common/migration-request';

/** Site Recovery operations: long ASR jobs that heartbeat, survive worker loss and resume, never resubmit. */
export const operations = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '15 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

const READ_RETRY = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 } as const;

/** Short reads. */
export const reads = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: READ_RETRY,
});

/** Preflight: a string of reads that heartbeats, so an attempt lost with its worker is retried in seconds. */
export const preflightChecks = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: READ_RETRY,
});

/**
 * The initial-sync check, retried by the server at the request's poll interval for as long as the sync
 * takes (no attempt limit): the waiting costs neither history nor a worker slot.
 */
export function initialReplicationPoller(request: MigrationRequest) {
  const interval = request.replicationWait.pollIntervalSeconds * 1000;
  return proxyActivities<MigrationActivities>({
    // One read: an attempt lost with a worker that went away is retried after this, not after minutes.
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: interval, backoffCoefficient: 1, maximumInterval: interval },
  });
}
