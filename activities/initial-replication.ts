import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ReplicatedItemRef, SiteRecovery } from '../site-recovery/site-recovery';
import { translatingErrors } from './to-application-failure';

export interface InitialReplicationCheck {
  item: ReplicatedItemRef;
  /** The progress the workflow last recorded; the check reports back only when that should change. */
  reportedPercent: number;
  reportedStalled: boolean;
  /** When progress last moved as far as the workflow knows (epoch ms); unset before the first report. */
  reportedChangeAtMs?: number;
  /** Report progress in steps of this many percent (keeps workflow history small). */
  stepPercent: number;
  stallAfterMs: number;
}

export interface InitialReplicationObservation {
  percent: number;
  complete: boolean;
  stalled: boolean;
  protectionState: string;
  replicationHealth: string;
  /** Epoch ms at which progress last moved, as seen by the checks. */
  lastChangeAtMs: number;
}

/** Kept in the heartbeat from one attempt to the next: the last progress seen and when it last moved. */
interface LastSeen {
  percent: number;
  changedAtMs: number;
}

export const INITIAL_REPLICATION_IN_PROGRESS = 'InitialReplicationInProgress';

/**
 * Temporal's infrequent-polling pattern: each attempt reads the replication state once. When there is
 * nothing new for the workflow to record, it fails with a benign retryable error and the server retries
 * it at the poll interval, so a sync that takes days costs no history and holds no worker slot between
 * checks. It returns when the sync completes, when progress crosses a reporting step, or when the
 * replication starts or stops being stalled.
 */
export function checkInitialReplicationActivity(siteRecovery: SiteRecovery) {
  return async function checkInitialReplication(check: InitialReplicationCheck): Promise<InitialReplicationObservation> {
    const context = Context.current();
    const snapshot = await translatingErrors(() => siteRecovery.getReplication(check.item));
    const now = Date.now();
    const lastSeen: LastSeen = (context.info.heartbeatDetails as LastSeen | undefined) ?? {
      percent: check.reportedPercent,
      changedAtMs: check.reportedChangeAtMs ?? context.info.scheduledTimestampMs,
    };
    const percent = snapshot.initialSyncComplete ? 100 : Math.max(0, Math.min(100, Math.floor(snapshot.initialSyncPercent)));
    const moved = percent !== lastSeen.percent;
    const changedAtMs = moved ? now : lastSeen.changedAtMs;
    context.heartbeat({ percent, changedAtMs } satisfies LastSeen);

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
    throw ApplicationFailure.create({
      type: INITIAL_REPLICATION_IN_PROGRESS,
      // Expected while the sync runs: logged at debug level and not counted as an activity failure.
      category: ApplicationFailureCategory.BENIGN,
      message: `Initial replication at ${percent}% (${snapshot.protectionState})`,
      details: [observation],
    });
  };
}
