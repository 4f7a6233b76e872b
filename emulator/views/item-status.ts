import type { JobScenario, JobState, ProtectedItemState } from '../model/state';

/** ASR's state names of a protected item (protectionState, testFailoverState, allowedOperations) for its phase and running job. */

export interface ItemStatus {
  protectionState: string;
  protectionStateDescription: string;
  activeLocation: 'Primary' | 'Recovery';
  testFailoverState: string;
  testFailoverStateDescription: string;
  allowedOperations: string[];
}

const RUNNING_STATES: Partial<Record<JobScenario, [string, string]>> = {
  EnableDr: ['UnprotectedStatesBegin', 'Enabling protection'],
  PlannedFailover: ['PlannedFailoverTransitionStatesBegin', 'Planned failover in progress'],
  UnplannedFailover: ['UnplannedFailoverTransitionStatesBegin', 'Failover in progress'],
  FailoverCommit: ['FailoverCommitStatesBegin', 'Committing failover'],
  CancelFailover: ['CancelFailoverStatesBegin', 'Cancelling failover'],
  ReverseReplicate: ['ReprotectStatesBegin', 'Reprotect in progress'],
  DisableDr: ['UnprotectedStatesBegin', 'Disabling protection'],
  ChangePit: ['ChangeRecoveryPointStatesBegin', 'Changing recovery point'],
};

/** Operations ASR lists in allowedOperations for the item's settled state (as in the API examples). */
export function allowedOperations(item: ProtectedItemState): string[] {
  switch (item.phase) {
    case 'Enabling':
      return [];
    case 'EnableFailed':
    case 'InitialReplication':
      return ['DisableProtection'];
    case 'Protected':
    case 'Reprotected':
      if (item.testFailover === 'WaitingForCompletion') return ['TestFailoverCleanup'];
      return item.provider === 'HyperVReplicaAzure'
        ? ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover']
        : ['UnplannedFailover', 'DisableProtection', 'TestFailover'];
    case 'FailedOver':
      return ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit'];
    case 'FailoverCommitted':
      // Hyper-V fails back (planned failover from Azure); the other providers reverse replication first.
      return item.provider === 'HyperVReplicaAzure'
        ? ['CompleteMigration', 'DisableProtection', 'Failback']
        : ['CompleteMigration', 'DisableProtection', 'ReverseReplicate'];
    case 'ReverseProtected':
      // InMageRcmFailback replicating Azure -> on-premises: the failback is its planned failover.
      return ['PlannedFailover', 'DisableProtection'];
    case 'FailedBack':
      return ['Commit', 'DisableProtection'];
    case 'FailbackCommitted':
      return ['ReverseReplicate', 'DisableProtection'];
  }
}

export function statusOf(item: ProtectedItemState, running: JobState | undefined): ItemStatus {
  // After a reprotect the item is protected again and ASR reports it from its new primary (API example); a failed-back
  // machine runs on the primary site again.
  const recovery = item.phase === 'FailedOver' || item.phase === 'FailoverCommitted' || item.phase === 'ReverseProtected';
  const base: ItemStatus = {
    protectionState: 'Protected',
    protectionStateDescription: 'Protected',
    activeLocation: recovery ? 'Recovery' : 'Primary',
    testFailoverState: 'None',
    testFailoverStateDescription: 'None',
    allowedOperations: running ? [] : allowedOperations(item),
  };
  if (item.testFailover === 'WaitingForCompletion') {
    base.testFailoverState = 'WaitingForCompletion';
    base.testFailoverStateDescription = 'Waiting for user input';
    base.protectionStateDescription = 'Cleanup test failover pending';
  }
  if (item.testFailover === 'MarkedForDeletion') {
    base.testFailoverState = 'MarkedForDeletion';
    base.testFailoverStateDescription = 'Cleaning up test environment';
  }
  if (running?.scenario === 'TestFailover') {
    base.testFailoverState = 'InProgress';
    base.testFailoverStateDescription = 'Test failover in progress';
  }
  if (running?.scenario === 'TestFailoverCleanup') {
    base.testFailoverState = 'MarkedForDeletion';
    base.testFailoverStateDescription = 'Cleaning up test environment';
  }
  const transitional = running ? RUNNING_STATES[running.scenario] : undefined;
  if (transitional) {
    [base.protectionState, base.protectionStateDescription] = transitional;
    return base;
  }
  const settled = settledState(item);
  if (settled) [base.protectionState, base.protectionStateDescription] = settled;
  return base;
}

const PLANNED_FAILOVER_FINISHED: [string, string] = ['PlannedFailoverCommitRequired', 'Planned failover finished'];
const PLANNED_FAILOVER_COMMITTED: [string, string] = ['PlannedFailoverStatesBegin', 'Planned failover committed'];

/** protectionState and its description when no job runs; undefined for the protected phases ("Protected"). */
function settledState(item: ProtectedItemState): [string, string] | undefined {
  const planned = item.failoverKind === 'Planned';
  switch (item.phase) {
    case 'Enabling':
      return ['UnprotectedStatesBegin', 'Enabling protection'];
    case 'EnableFailed':
      return ['UnprotectedStatesBegin', 'Enable protection failed'];
    case 'InitialReplication':
      return ['InitialReplicationInProgress', 'Initial replication in progress'];
    case 'FailedOver':
      return planned ? PLANNED_FAILOVER_FINISHED : ['UnplannedFailoverCommitPendingStatesBegin', 'Failover completed'];
    case 'FailoverCommitted':
      return planned ? PLANNED_FAILOVER_COMMITTED : ['UnplannedFailoverStatesBegin', 'Failover committed'];
    // A failback is a planned failover (RecoveryToPrimary).
    case 'FailedBack':
      return PLANNED_FAILOVER_FINISHED;
    case 'FailbackCommitted':
      return PLANNED_FAILOVER_COMMITTED;
    case 'Protected':
    case 'Reprotected':
    case 'ReverseProtected':
      return undefined;
  }
}
