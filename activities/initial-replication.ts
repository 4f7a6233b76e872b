import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  INITIAL_REPLICATION_IN_PROGRESS,
  syncCheckProgressOf,
  type InitialReplicationObservation,
  type SyncCheckProgress,
} from '../common/sync-check-progress';

export type { InitialReplicationObservation } from '../common/sync-check-progress';
import type { ReplicatedItemRef, ReplicationSnapshot, SiteRecovery } from '../site-recovery/site-recovery';
import { nextSyncCheckDelayMs } from './sync-check-schedule';
import { translatingErrors } from './to-application-failure';

export interface InitialReplicationCheck {
  item: ReplicatedItemRef;
  /** The progress the workflow last recorded; the check reports back only when that should change. */
  reportedPercent: number;
  reportedStalled: boolean;
  /** When progress last moved as far as the workflow knows (epoch ms); unset before the first report. */
  reportedChangeAtMs?: number;
  /** Report progress in steps of this many percent (100: report only completion and stall changes). */
  stepPercent: number;
  stallAfterMs: number;
  /**
   * Adaptive checks (migrations started since they exist): each attempt picks the next one's delay from
   * the estimated time to finish, and carries its observation in the failure details instead of a heartbeat.
   */
  adaptive?: { minIntervalMs: number; maxIntervalMs: number };
}

/** Kept from one attempt to the next: the last progress seen and when it last moved (plus the rate's base). */
interface LastSeen {
  percent: number;
  changedAtMs: number;
  baseline?: { percent: number; atMs: number };
}

/**
 * Temporal's infrequent-polling pattern: each attempt reads the replication state once. When there is
 * nothing new for the workflow to record, it fails with a benign retryable error and the server retries
 * it, so a sync that takes days costs no history and holds no worker slot between checks. It returns when
 * the sync completes, when progress crosses a reporting step, or when the replication starts or stops
 * being stalled.
 */
export function checkInitialReplicationActivity(siteRecovery: SiteRecovery) {
  return async function checkInitialReplication(check: InitialReplicationCheck): Promise<InitialReplicationObservation> {
    const context = Context.current();
    const snapshot = await translatingErrors(() => siteRecovery.getReplication(check.item));
    const now = Date.now();
    const carried = check.adaptive ? await lastProgressOfThisCheck(context) : undefined;
    const lastSeen: LastSeen = carried ??
      (context.info.heartbeatDetails as LastSeen | undefined) ?? {
        percent: check.reportedPercent,
        changedAtMs: check.reportedChangeAtMs ?? context.info.scheduledTimestampMs,
      };
    const percent = snapshotPercent(snapshot);
    const moved = percent !== lastSeen.percent;
    const changedAtMs = moved ? now : lastSeen.changedAtMs;
    // Before adaptive checks, the heartbeat carried the last seen progress on every attempt (a billable call
    // each). Adaptive checks carry it in their failure details; if those cannot be read back, the attempt
    // falls back on what the workflow recorded, which can delay a stall flag by one check, never raise a false one.
    if (!check.adaptive) context.heartbeat({ percent, changedAtMs } satisfies LastSeen);

    const stalled = !snapshot.initialSyncComplete && now - changedAtMs >= check.stallAfterMs;
    const observation: InitialReplicationObservation = {
      percent,
      complete: snapshot.initialSyncComplete,
      stalled,
      protectionState: snapshot.protectionState,
      replicationHealth: snapshot.replicationHealth,
      lastChangeAtMs: changedAtMs,
    };
    const step = (value: number) => Math.floor(value / check.stepPercent);
    if (observation.complete || step(percent) !== step(check.reportedPercent) || stalled !== check.reportedStalled) {
      return observation;
    }
    if (!check.adaptive) throw stillSyncing(observation, snapshot);

    const baseline = lastSeen.baseline ?? { percent, atMs: now };
    const nextCheckInMs = nextSyncCheckDelayMs({
      nowMs: now,
      percent,
      baseline,
      changedAtMs,
      stalled,
      stallAfterMs: check.stallAfterMs,
      ...check.adaptive,
    });
    throw stillSyncing({ ...observation, observedAtMs: now, baseline, nextCheckInMs } satisfies SyncCheckProgress, snapshot, nextCheckInMs);
  };
}

function snapshotPercent(snapshot: ReplicationSnapshot): number {
  return snapshot.initialSyncComplete ? 100 : Math.max(0, Math.min(100, Math.floor(snapshot.initialSyncPercent)));
}

/** The benign failure that makes the server retry the check; its details are what `status` shows meanwhile. */
function stillSyncing(
  progress: InitialReplicationObservation | SyncCheckProgress,
  snapshot: ReplicationSnapshot,
  nextRetryDelay?: number,
): ApplicationFailure {
  const next = nextRetryDelay === undefined ? '' : `; next check in ${Math.round(nextRetryDelay / 1000)} s`;
  return ApplicationFailure.create({
    type: INITIAL_REPLICATION_IN_PROGRESS,
    // Expected while the sync runs: logged at debug level and not counted as an activity failure.
    category: ApplicationFailureCategory.BENIGN,
    message: `Initial replication at ${progress.percent}% (${snapshot.protectionState})${progress.stalled ? ', stalled' : ''}${next}`,
    details: [progress],
    nextRetryDelay,
  });
}

/**
 * What the previous attempt of this same check observed, from its failure details as the server holds
 * them (describe is not a billable action; a heartbeat would be). Undefined on the first attempt, after an
 * attempt that failed otherwise, or when the server cannot be asked.
 */
async function lastProgressOfThisCheck(context: Context): Promise<LastSeen | undefined> {
  const execution = context.info.workflowExecution;
  if (context.info.attempt <= 1 || !execution) return undefined;
  try {
    const { raw } = await context.client.workflow.getHandle(execution.workflowId, execution.runId).describe();
    const progress = syncCheckProgressOf(raw.pendingActivities?.find((a) => a.activityId === context.info.activityId));
    return progress ? { percent: progress.percent, changedAtMs: progress.lastChangeAtMs, baseline: progress.baseline } : undefined;
  } catch {
    return undefined;
  }
}
