import type { EmulatorContext } from '../context';
import { progressOf } from './progress';
import { replicationEndsAt } from './simulation';
import { failedBack, reprotected } from './dr-transitions';
import type { JobState, ProtectedItemState } from './state';

/**
 * Applies what time has done since the last request: finished jobs change their item, finished initial
 * replications make items Protected. Called before every request, so the outcome never depends on polling.
 * Returns true when the state changed (and must be persisted).
 */
export function settle(ctx: EmulatorContext, now: number): boolean {
  let changed = false;
  const due = Object.values(ctx.state.jobs)
    .filter((job) => !job.settled && job.endsAt <= now)
    .sort((a, b) => a.endsAt - b.endsAt);
  for (const job of due) {
    const item = ctx.state.items[job.itemKey];
    if (item) applyOutcome(ctx, item, job);
    job.settled = true;
    changed = true;
  }
  for (const item of Object.values(ctx.state.items)) {
    if (item.phase !== 'InitialReplication') continue;
    if (progressOf(ctx, item, now).complete) {
      item.phase = 'Protected';
      item.replication.completedAt = Math.min(now, replicationEndsAt(item, ctx.clock) ?? now);
      changed = true;
    }
  }
  return changed;
}

function applyOutcome(ctx: EmulatorContext, item: ProtectedItemState, job: JobState): void {
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
      delete ctx.state.items[job.itemKey];
      break;
  }
}

/** The suspended test failover job completes when its test environment is cleaned up (or the item removed). */
function endTestFailover(ctx: EmulatorContext, item: ProtectedItemState, at: number): void {
  const suspended = item.testFailoverJob ? ctx.state.jobs[item.testFailoverJob] : undefined;
  if (suspended) suspended.cleanedUpAt = at;
  item.testFailoverJob = undefined;
}
