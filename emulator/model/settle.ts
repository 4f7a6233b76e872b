import type { EmulatorContext } from '../context';
import { progressOf } from './progress';
import { replicationEndsAt } from './simulation';
import { failedBack, reprotected } from './dr-transitions';
import { removeItem } from './items';
import type { SyncingItem } from './state-index';
import type { JobState, ProtectedItemState } from './state';

/**
 * Applies what time has done since the last request: finished jobs change their item, finished initial
 * replications make items Protected. Called before every request, so the outcome never depends on polling.
 * Returns true when the state changed (and must be persisted). Costs what is due, not what exists: the jobs and
 * initial syncs come from the context's index by when they are due (model/state-index.ts).
 */
export function settle(ctx: EmulatorContext, now: number): boolean {
  let changed = false;
  for (const job of ctx.index.jobsDue.popDue(now)) {
    if (job.settled || ctx.state.jobs[job.name] !== job) continue;
    const item = ctx.state.items[job.itemKey];
    if (item) applyOutcome(ctx, item, job);
    job.settled = true;
    changed = true;
  }
  const seen = new Set<ProtectedItemState>();
  const notYet: SyncingItem[] = [];
  for (const entry of ctx.index.syncsDue.popDue(now)) {
    const { key, item } = entry;
    if (ctx.state.items[key] !== item || item.phase !== 'InitialReplication' || seen.has(item)) continue;
    seen.add(item);
    if (progressOf(ctx, item, now).complete) {
      item.phase = 'Protected';
      item.replication.completedAt = Math.min(now, replicationEndsAt(item, ctx.clock) ?? now);
      changed = true;
    } else if (!stalledForGood(ctx, item)) {
      notYet.push(entry);
    }
  }
  for (const entry of notYet) ctx.index.initialSyncPending(entry, ctx.clock, now);
  return changed;
}

/** A stalled sync of something never passes its stall percent (below 100): only new faults can let it complete. */
function stalledForGood(ctx: EmulatorContext, item: ProtectedItemState): boolean {
  return ctx.faults.stallAtPercent(item) !== undefined && item.replication.totalBytes > 0;
}

/** What a finished job does to its item (exported for the full-scan oracle of test/support/full-scan-settle.ts). */
export function applyOutcome(ctx: EmulatorContext, item: ProtectedItemState, job: JobState): void {
  if (item.runningJob === job.name) item.runningJob = undefined;
  if (job.outcome === 'Failed') {
    if (job.scenario === 'EnableDr') {
      item.phase = 'EnableFailed';
      item.healthErrors.push({
        code: job.error?.code ?? 'EnableProtectionFailed',
        message: job.error?.message ?? 'Enable protection failed.',
        at: job.endsAt,
      });
    }
    return;
  }
  switch (job.scenario) {
    case 'EnableDr':
      item.phase = 'InitialReplication';
      item.replication.startedAt = job.endsAt;
      ctx.index.initialSyncPending({ key: job.itemKey, item }, ctx.clock);
      break;
    case 'TestFailover':
      item.testFailover = 'WaitingForCompletion';
      item.testFailoverJob = job.name;
      item.lastTestFailoverAt = job.endsAt;
      item.failoverRecoveryPointId = job.details.RecoveryPointId ?? item.failoverRecoveryPointId;
      item.testVmId = job.details.TestVmId;
      item.target.testNetworkId = job.details.TestNetworkId ?? item.target.testNetworkId;
      break;
    case 'TestFailoverCleanup':
      endTestFailover(ctx, item, job.endsAt);
      item.testFailover = 'MarkedForDeletion';
      item.testVmId = undefined;
      break;
    case 'PlannedFailover':
    case 'UnplannedFailover':
      if (job.details.FailoverDirection === 'RecoveryToPrimary') {
        failedBack(item, job);
        break;
      }
      item.phase = 'FailedOver';
      item.failoverKind = job.scenario === 'PlannedFailover' ? 'Planned' : 'Unplanned';
      item.lastFailoverAt = job.endsAt;
      item.failoverRecoveryPointId = job.details.RecoveryPointId ?? item.failoverRecoveryPointId;
      item.targetVmId = job.details.RecoveryVmId;
      break;
    case 'FailoverCommit':
      item.phase = item.phase === 'FailedBack' ? 'FailbackCommitted' : 'FailoverCommitted';
      break;
    case 'ChangePit':
      item.failoverRecoveryPointId = job.details.RecoveryPointId ?? item.failoverRecoveryPointId;
      break;
    case 'CancelFailover':
      item.phase = 'Protected';
      item.failoverKind = undefined;
      item.targetVmId = undefined;
      break;
    case 'ReverseReplicate':
      reprotected(item, job);
      break;
    case 'DisableDr':
      endTestFailover(ctx, item, job.endsAt);
      removeItem(ctx, job.itemKey);
      break;
  }
}

/** The suspended test failover job completes when its test environment is cleaned up (or the item removed). */
function endTestFailover(ctx: EmulatorContext, item: ProtectedItemState, at: number): void {
  const suspended = item.testFailoverJob ? ctx.state.jobs[item.testFailoverJob] : undefined;
  if (suspended) suspended.cleanedUpAt = at;
  item.testFailoverJob = undefined;
}
