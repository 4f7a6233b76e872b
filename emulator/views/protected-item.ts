import type { EmulatorContext } from '../context';
import {
  azureRecoveryContainerId,
  containerId,
  jobId,
  policyId,
  protectableItemId,
  protectedItemId,
  TYPES,
  vaultId,
} from '../http/resource-ids';
import type { MachineSpec } from '../model/inventory';
import { runningJobOf } from '../model/jobs';
import { progressOf } from '../model/progress';
import { replicationHealthOf, type ReplicationHealth } from '../model/replication-health';
import type { JobState, ProtectedItemState } from '../model/state';
import { AZURE_TARGET } from './azure-target';
import { statusOf } from './item-status';
import { providerDetails } from './provider-details';
import { iso } from './time';

/**
 * How a protected item looks on the wire: ASR's state names (protectionState, testFailoverState,
 * allowedOperations, currentScenario, replicationHealth) and the provider-specific details of the SDK models.
 */

function healthErrorsOf(item: ProtectedItemState, stalled: boolean, rpo: ReplicationHealth | undefined, now: number) {
  const errors: { code: string; message: string; at: number; level?: string }[] = item.healthErrors.map((e) => ({
    code: e.code,
    message: e.message,
    at: e.at,
  }));
  if (stalled) {
    errors.push({
      code: 'InitialReplicationNotProgressing',
      message: `No data has been replicated for '${item.friendlyName}' recently; initial replication is not progressing.`,
      at: now,
    });
  }
  if (rpo && rpo.health !== 'Normal') {
    errors.push({
      code: 'RpoThresholdExceeded',
      message: `The RPO of '${item.friendlyName}' is ${Math.round(rpo.rpoSeconds / 60)} minutes, above the policy's threshold of ${rpo.thresholdSeconds / 60} minutes.`,
      at: now,
      level: rpo.health === 'Critical' ? 'Error' : 'Warning',
    });
  }
  return errors.map((e) => ({
    errorSource: 'ProtectedItem',
    errorType: 'Replication',
    errorLevel: e.level ?? 'Error',
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

export function renderProtectedItem(ctx: EmulatorContext, item: ProtectedItemState, now: number) {
  const { scope, topology, state } = ctx;
  const running = runningJobOf(state, item);
  const status = statusOf(item, running);
  const progress = progressOf(ctx, item, now);
  const fabric = topology.fabric(item.fabric);
  const container = fabric.containers.find((c) => c.name.toLowerCase() === item.container.toLowerCase());
  const machine = container && topology.machineIn(fabric, container, 'name', item.machine);
  const rpo = replicationHealthOf(ctx, item, now);
  const healthErrors = healthErrorsOf(item, progress.stalled, rpo, now);
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
      recoveryFabricFriendlyName: mapping?.targetFabric ?? AZURE_TARGET,
      recoveryFabricId: mapping?.targetFabric ? `${vaultId(scope)}/replicationFabrics/${mapping.targetFabric}` : AZURE_TARGET,
      primaryProtectionContainerFriendlyName: container?.friendlyName ?? item.container,
      recoveryProtectionContainerFriendlyName: mapping?.targetContainer ?? AZURE_TARGET,
      ...status,
      replicationHealth: healthErrors.some((e) => e.errorLevel === 'Error') ? 'Critical' : (rpo?.health ?? 'Normal'),
      failoverHealth: 'Normal',
      healthErrors,
      policyId: policyId(scope, item.policy),
      policyFriendlyName: item.policy,
      currentScenario: currentScenarioOf(ctx, item, running),
      lastSuccessfulTestFailoverTime: iso(item.lastTestFailoverAt),
      lastSuccessfulFailoverTime: iso(item.lastFailoverAt),
      failoverRecoveryPointId: item.failoverRecoveryPointId,
      providerSpecificDetails: providerDetails(ctx, item, machine, status, progress, rpo),
      recoveryContainerId: mapping?.targetFabric
        ? containerId(scope, mapping.targetFabric, mapping.targetContainer!)
        : azureRecoveryContainerId(scope, topology.inventory.location),
      eventCorrelationId: item.name,
    },
  };
}

/** The running job; else, while a test failover waits for its cleanup, its Suspended job (as ASR shows it). */
function currentScenarioOf(ctx: EmulatorContext, item: ProtectedItemState, running: JobState | undefined) {
  const job =
    running ?? (item.testFailover === 'WaitingForCompletion' && item.testFailoverJob ? ctx.state.jobs[item.testFailoverJob] : undefined);
  return job
    ? { scenarioName: job.scenario, jobId: jobId(ctx.scope, job.name), startTime: iso(job.startedAt) }
    : { scenarioName: 'None', jobId: jobId(ctx.scope, 'None'), startTime: '1753-01-01T01:01:01Z' };
}

function protectedItemType(item: ProtectedItemState, machine: MachineSpec | undefined): string {
  if (item.provider === 'A2A') return 'AzureVirtualMachine';
  // A physical server fails back to a VMware VM, which is what it protects from then on.
  if (item.provider === 'InMageRcm') {
    return machine?.discoveryType === 'Physical' && item.dr?.lastFailbackAt === undefined ? 'PhysicalMachine' : 'VMwareVirtualMachine';
  }
  return 'HyperVVirtualMachine';
}
