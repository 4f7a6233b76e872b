import { defaultPayloadConverter } from '@temporalio/common';

/** The activity type of the initial-sync check, and the failure type of a check that found the sync running. */
export const INITIAL_REPLICATION_CHECK_ACTIVITY = 'checkInitialReplication';
export const INITIAL_REPLICATION_IN_PROGRESS = 'InitialReplicationInProgress';

/** What a sync check saw: returned to the workflow when the sync completes or its stall state changes. */
export interface InitialReplicationObservation {
  percent: number;
  complete: boolean;
  stalled: boolean;
  protectionState: string;
  replicationHealth: string;
  /** Epoch ms at which progress last moved, as seen by the checks. */
  lastChangeAtMs: number;
}

/**
 * What each sync check leaves in its benign failure's details: the last observation, read back through
 * describe by the next attempt (no heartbeat needed) and by `status` (live progress while history stays put).
 */
export interface SyncCheckProgress extends InitialReplicationObservation {
  /** Epoch ms of this observation (absent in checks of migrations started before adaptive checks). */
  observedAtMs?: number;
  /** First observation of this check activity, the base of its rate estimate. */
  baseline?: { percent: number; atMs: number };
  /** Delay before the next check (ms). */
  nextCheckInMs?: number;
}

type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];

/** The slice of a describe response's pending activity that carries a check's progress. */
export interface PendingActivityLike {
  activityId?: string | null;
  activityType?: { name?: string | null } | null;
  lastFailure?: {
    applicationFailureInfo?: { type?: string | null; details?: { payloads?: unknown[] | null } | null } | null;
  } | null;
}

/** The progress a pending sync check last reported, if its last attempt found the sync running. */
export function syncCheckProgressOf(activity: PendingActivityLike | undefined): SyncCheckProgress | undefined {
  const info = activity?.lastFailure?.applicationFailureInfo;
  const payload = info?.details?.payloads?.[0];
  if (info?.type !== INITIAL_REPLICATION_IN_PROGRESS || !payload) return undefined;
  try {
    const progress = defaultPayloadConverter.fromPayload(payload as Payload) as Partial<SyncCheckProgress>;
    return typeof progress?.percent === 'number' && typeof progress.stalled === 'boolean' ? (progress as SyncCheckProgress) : undefined;
  } catch {
    return undefined;
  }
}
