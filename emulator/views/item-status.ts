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
  }
}

export function statusOf(item: ProtectedItemState, running: JobState | undefined): ItemStatus {
  // After a reprotect the item is protected again and ASR reports it from its new primary (API example).
  const recovery = item.phase === 'FailedOver' || item.phase === 'FailoverCommitted';
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
  const planned = item.failoverKind === 'Planned';
  switch (item.phase) {
    case 'Enabling':
      [base.protectionState, base.protectionStateDescription] = ['UnprotectedStatesBegin', 'Enabling protection'];
      break;
    case 'EnableFailed':
      [base.protectionState, base.protectionStateDescription] = ['UnprotectedStatesBegin', 'Enable protection failed'];
      break;
    case 'InitialReplication':
      [base.protectionState, base.protectionStateDescription] = ['InitialReplicationInProgress', 'Initial replication in progress'];
      break;
    case 'FailedOver':
      [base.protectionState, base.protectionStateDescription] = planned
        ? ['PlannedFailoverCommitRequired', 'Planned failover finished']
        : ['UnplannedFailoverCommitPendingStatesBegin', 'Failover completed'];
      break;
    case 'FailoverCommitted':
      [base.protectionState, base.protectionStateDescription] = planned
        ? ['PlannedFailoverStatesBegin', 'Planned failover committed']
        : ['UnplannedFailoverStatesBegin', 'Failover committed'];
      break;
    case 'Protected':
    case 'Reprotected':
      break;
  }
  return base;
}
