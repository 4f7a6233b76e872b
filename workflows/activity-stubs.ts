import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { MigrationActivities } from '../activities';
import type { MigrationRequest } from '../common/migration-request';

const operationOptions = {
  startToCloseTimeout: '4 hours',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
} as const;

/**
 * Heartbeat timeout of long operations: the bound within which the server notices a lost worker and
 * retries the operation elsewhere (from its heartbeated token). Operations heartbeat when their token
 * changes and as a keep-alive every half timeout (activities/resumable-operation.ts): 2 heartbeats a
 * minute of ASR job instead of 5, and an abort reaches a running operation within 30 s.
 */
export const OPERATION_HEARTBEAT_TIMEOUT_MS = 60_000;

/** Site Recovery operations: long ASR jobs that heartbeat, survive worker loss and resume, never resubmit. */
export const operations = proxyActivities<MigrationActivities>({ ...operationOptions, heartbeatTimeout: OPERATION_HEARTBEAT_TIMEOUT_MS });

/** The operations of migrations started before 'lean-migration-cost': heartbeat timeout 15 s. */
export const operationsBeforeLeanCost = proxyActivities<MigrationActivities>({ ...operationOptions, heartbeatTimeout: '15 seconds' });

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

/** The longest wait between two adaptive sync checks, however far the estimated end (also bounded by the stall time). */
export const MAX_SYNC_CHECK_INTERVAL_MS = 60 * 60_000;

/**
 * The initial-sync check of migrations started since checks are adaptive: each attempt that finds the sync
 * running sets the delay of the next (nextRetryDelay on its benign failure) from the estimated time to
 * finish. The policy below applies only to failed reads (ASR errors, timeouts), backing off to 5 minutes.
 */
export function adaptiveInitialReplicationPoller(request: MigrationRequest) {
  return proxyActivities<MigrationActivities>({
    // One read (and one describe): an attempt lost with a worker that went away is retried after this.
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: request.replicationWait.pollIntervalSeconds * 1000, backoffCoefficient: 2, maximumInterval: '5 minutes' },
  });
}

/**
 * The worker's configuration (its decision policy), read by a local activity: one marker in the history and no
 * task round trip, on the worker that runs the migration's first task.
 */
export const workerConfiguration = proxyLocalActivities<MigrationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: READ_RETRY,
});

/**
 * The health watch of a protected machine: retried by the server at the protection's health-check interval
 * (nextRetryDelay on each benign failure) for as long as nothing changes; failed reads back off to 5 minutes.
 */
export function protectionHealthPoller(intervalMs: number) {
  return proxyActivities<MigrationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: Math.min(intervalMs, 60_000), backoffCoefficient: 2, maximumInterval: '5 minutes' },
  });
}

/** Notifications and the drill's validation hook: a few tries, each bounded by the activity's own timeout. */
export const hooks = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});
