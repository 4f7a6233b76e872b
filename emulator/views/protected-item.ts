import { azureRecoveryContainerId, containerId, jobId, policyId, protectableItemId, protectedItemId, TYPES, vaultId, type VaultScope } from '../http/resource-ids';
import type { FaultInjector } from '../model/faults';
import type { MachineSpec } from '../model/inventory';
import { replicationProgress, type Clock, type ReplicationProgress } from '../model/simulation';
import type { EmulatorState, JobScenario, JobState, ProtectedItemState } from '../model/state';
import type { Topology } from '../model/topology';
import { providerDetails } from './provider-details';

/**
 * How a protected item looks on the wire: ASR's state names (protectionState, testFailoverState,
 * allowedOperations, currentScenario, replicationHealth) and the provider-specific details of the SDK models.
 */

export interface ViewContext {
  scope: VaultScope;
  topology: Topology;
  state: EmulatorState;
  clock: Clock;
  faults: FaultInjector;
}

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

export function runningJobOf(state: EmulatorState, item: ProtectedItemState): JobState | undefined {
  const job = item.runningJob ? state.jobs[item.runningJob] : undefined;
  return job && !job.settled ? job : undefined;
}

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

function statusOf(item: ProtectedItemState, running: JobState | undefined): ItemStatus {
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

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function progressOf(ctx: ViewContext, item: ProtectedItemState, now: number): ReplicationProgress & { stalled: boolean } {
  const stallAt = ctx.faults.stallAtPercent(item);
  const progress = replicationProgress(item, ctx.clock, now, stallAt);
  const stalled = stallAt !== undefined && !progress.complete && item.replication.startedAt !== undefined && progress.percent >= stallAt;
  return { ...progress, stalled };
}

function healthErrorsOf(item: ProtectedItemState, stalled: boolean, now: number) {
  const errors = item.healthErrors.map((e) => ({ code: e.code, message: e.message, at: e.at }));
  if (stalled) {
    errors.push({
      code: 'InitialReplicationNotProgressing',
      message: `No data has been replicated for '${item.friendlyName}' recently; initial replication is not progressing.`,
      at: now,
    });
  }
  return errors.map((e) => ({
    errorSource: 'ProtectedItem',
    errorType: 'Replication',
    errorLevel: 'Error',
    errorCategory: 'Replication',
    errorCode: e.code,
    summaryMessage: e.message,
    errorMessage: e.message,
    possibleCauses: 'See errorMessage.',
    recommendedAction: 'Check the source machine and the replication appliance or provider.',
    creationTimeUtc: iso(e.at),
    entityId: item.name,
    errorId: `${item.name}-${e.code}`,
    customerResolvability: 'Allowed',
  }));
}

export function renderProtectedItem(ctx: ViewContext, item: ProtectedItemState, now: number) {
  const { scope, topology, state } = ctx;
  const running = runningJobOf(state, item);
  const status = statusOf(item, running);
  const progress = progressOf(ctx, item, now);
  const fabric = topology.fabric(item.fabric);
  const container = fabric.containers.find((c) => c.name.toLowerCase() === item.container.toLowerCase());
  const machine = container?.machines.find((m) => m.name.toLowerCase() === item.machine.toLowerCase());
  const healthErrors = healthErrorsOf(item, progress.stalled, now);
  const mapping = container?.mappings.find((m) => m.policy.toLowerCase() === item.policy.toLowerCase());
  return {
    id: protectedItemId(scope, fabric.name, item.container, item.name),
    name: item.name,
    type: TYPES.protectedItem,
    properties: {
      friendlyName: item.friendlyName,
      protectedItemType: protectedItemType(item, machine),
      protectableItemId: protectableItemId(scope, fabric.name, item.container, item.machine),
      recoveryServicesProviderId: `${vaultId(scope)}/replicationFabrics/${fabric.name}/replicationRecoveryServicesProviders/${fabric.name}-provider`,
      primaryFabricFriendlyName: fabric.friendlyName ?? fabric.name,
      primaryFabricProvider: fabric.type,
      recoveryFabricFriendlyName: mapping?.targetFabric ?? 'Microsoft Azure',
      recoveryFabricId: mapping?.targetFabric ? `${vaultId(scope)}/replicationFabrics/${mapping.targetFabric}` : 'Microsoft Azure',
      primaryProtectionContainerFriendlyName: container?.friendlyName ?? item.container,
      recoveryProtectionContainerFriendlyName: mapping?.targetContainer ?? 'Microsoft Azure',
      ...status,
      replicationHealth: healthErrors.length > 0 ? 'Critical' : 'Normal',
      failoverHealth: 'Normal',
      healthErrors,
      policyId: policyId(scope, item.policy),
      policyFriendlyName: item.policy,
      currentScenario: currentScenarioOf(ctx, item, running),
      lastSuccessfulTestFailoverTime: iso(item.lastTestFailoverAt),
      lastSuccessfulFailoverTime: iso(item.lastFailoverAt),
      failoverRecoveryPointId: item.failoverRecoveryPointId,
      providerSpecificDetails: providerDetails(ctx, item, machine, status, progress),
      recoveryContainerId: mapping?.targetFabric
        ? containerId(scope, mapping.targetFabric, mapping.targetContainer!)
        : azureRecoveryContainerId(scope, topology.inventory.location),
      eventCorrelationId: item.name,
    },
  };
}

/** The running job; else, while a test failover waits for its cleanup, its Suspended job (as ASR shows it). */
function currentScenarioOf(ctx: ViewContext, item: ProtectedItemState, running: JobState | undefined) {
  const job = running ?? (item.testFailover === 'WaitingForCompletion' && item.testFailoverJob ? ctx.state.jobs[item.testFailoverJob] : undefined);
  return job
    ? { scenarioName: job.scenario, jobId: jobId(ctx.scope, job.name), startTime: iso(job.startedAt) }
    : { scenarioName: 'None', jobId: jobId(ctx.scope, 'None'), startTime: '1753-01-01T01:01:01Z' };
}

function protectedItemType(item: ProtectedItemState, machine: MachineSpec | undefined): string {
  if (item.provider === 'A2A') return 'AzureVirtualMachine';
  if (item.provider === 'InMageRcm') return machine?.discoveryType === 'Physical' ? 'PhysicalMachine' : 'VMwareVirtualMachine';
  return 'HyperVVirtualMachine';
}
