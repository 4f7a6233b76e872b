import type { MachineSpec } from '../model/inventory';
import type { EmulatorContext } from '../context';
import type { ItemStatus } from './item-status';
import type { ReplicationProgress } from '../model/simulation';
import type { ReplicationHealth } from '../model/replication-health';
import type { ItemPhase, ProtectedItemState } from '../model/state';
import { iso } from './time';

/**
 * providerSpecificDetails of a protected item, with the fields of the SDK models (HyperVReplicaAzureReplicationDetails,
 * InMageRcmReplicationDetails, A2AReplicationDetails), initial replication progress where each model reports it.
 */

export function providerDetails(
  ctx: EmulatorContext,
  item: ProtectedItemState,
  machine: MachineSpec | undefined,
  status: ItemStatus,
  progress: ReplicationProgress,
  rpo: ReplicationHealth | undefined,
) {
  const disks = machine?.disks ?? [];
  const t = item.target;
  const irDone = item.replication.completedAt !== undefined;
  switch (item.provider) {
    case 'HyperVReplicaAzure':
      return {
        instanceType: 'HyperVReplicaAzure',
        azureVmDiskDetails: disks.map((d) => ({
          vhdType: 'OperatingSystem',
          vhdId: d.name,
          vhdName: d.name,
          maxSizeMB: String(Math.round(d.sizeGB * 1024)),
        })),
        recoveryAzureVmName: t.vmName,
        recoveryAzureVMSize: t.vmSize,
        recoveryAzureResourceGroupId: t.resourceGroupId,
        selectedRecoveryAzureNetworkId: t.networkId,
        vmId: item.machine,
        vmProtectionState: status.protectionState,
        vmProtectionStateDescription: status.protectionStateDescription,
        initialReplicationDetails: {
          initialReplicationType: 'InitialReplication',
          initialReplicationProgressPercentage: String(progress.percent),
        },
        lastReplicatedTime: iso(rpo?.lastReceivedAt ?? item.replication.completedAt),
        rpoInSeconds: rpo?.rpoSeconds,
        lastRpoCalculatedTime: iso(rpo?.calculatedAt),
        lastRecoveryPointReceived: iso(rpo?.lastReceivedAt),
        useManagedDisks: 'true',
        oSDetails: { osType: machine?.osType },
      };
    case 'InMageRcm': {
      if (REPLICATING_BACK.includes(item.phase)) return inMageRcmFailbackDetails(ctx, item, machine, progress);
      const fabric = ctx.topology.fabric(item.fabric);
      const ps = fabric.processServers.find((p) => p.id === item.enableInput.processServerId);
      return {
        instanceType: 'InMageRcm',
        internalIdentifier: item.name,
        fabricDiscoveryMachineId: machine?.discoveryMachineId,
        discoveryType: machine?.discoveryType,
        processServerId: item.enableInput.processServerId,
        processServerName: ps?.name,
        runAsAccountId: item.enableInput.runAsAccountId,
        osType: machine?.osType,
        targetVmName: t.vmName,
        targetVmSize: t.vmSize,
        targetResourceGroupId: t.resourceGroupId,
        targetNetworkId: t.networkId,
        testNetworkId: t.testNetworkId,
        multiVmGroupName: item.multiVmGroup?.name,
        initialReplicationProgressPercentage: progress.percent,
        initialReplicationProcessedBytes: progress.transferredBytes,
        initialReplicationTransferredBytes: progress.transferredBytes,
        initialReplicationProgressHealth: irDone ? 'None' : progressHealth(ctx, item, progress),
        lastRpoInSeconds: rpo?.rpoSeconds,
        lastRpoCalculatedTime: iso(rpo?.calculatedAt),
        lastRecoveryPointReceived: iso(rpo?.lastReceivedAt),
        protectedDisks: disks.map((d, index) => ({
          diskId: d.name,
          diskName: d.name,
          isOSDisk: String(index === 0),
          capacityInBytes: Math.round(d.sizeGB * 1024 ** 3),
          diskType: t.diskType,
          isInitialReplicationComplete: String(progress.complete),
        })),
      };
    }
    case 'A2A': {
      const source = ctx.topology.fabric(item.fabric);
      return {
        instanceType: 'A2A',
        fabricObjectId: machine?.vmId,
        primaryFabricLocation: source.location,
        recoveryFabricLocation: t.location,
        osType: machine?.osType,
        recoveryAzureVMSize: t.vmSize,
        recoveryAzureVMName: t.vmName,
        recoveryAzureResourceGroupId: t.resourceGroupId,
        selectedRecoveryAzureNetworkId: t.networkId,
        selectedTfoAzureNetworkId: t.testNetworkId,
        monitoringPercentageCompletion: irDone ? undefined : progress.percent,
        monitoringJobType: irDone ? undefined : 'InitialReplication',
        vmProtectionState: status.protectionState,
        vmProtectionStateDescription: status.protectionStateDescription,
        rpoInSeconds: rpo?.rpoSeconds,
        lastRpoCalculatedTime: iso(rpo?.calculatedAt),
        recoveryFabricObjectId: item.targetVmId,
        testFailoverRecoveryFabricObjectId: item.testVmId,
        tfoAzureVMName: item.testVmId ? `${t.vmName}-test` : undefined,
        multiVmGroupId: item.multiVmGroup?.id,
        multiVmGroupName: item.multiVmGroup?.name,
        multiVmGroupCreateOption: item.multiVmGroup?.createOption,
        protectedManagedDisks: disks.map((d) => ({
          diskId: `${machine?.vmId?.split('/providers/')[0]}/providers/Microsoft.Compute/disks/${d.name}`,
          diskName: d.name,
          diskCapacityInBytes: Math.round(d.sizeGB * 1024 ** 3),
          recoveryTargetDiskAccountType: t.diskType,
          monitoringPercentageCompletion: irDone ? undefined : progress.percent,
          monitoringJobType: irDone ? undefined : 'InitialReplication',
        })),
      };
    }
  }
}

/** InMageRcm phases in which ASR reports the item as InMageRcmFailback (reprotected to on-premises, until reprotected to Azure). */
const REPLICATING_BACK: readonly ItemPhase[] = ['ReverseProtected', 'FailedBack', 'FailbackCommitted'];

/** InMageRcmFailbackReplicationDetails: the agent, VMware datastore and log storage the reprotect named. */
function inMageRcmFailbackDetails(
  ctx: EmulatorContext,
  item: ProtectedItemState,
  machine: MachineSpec | undefined,
  progress: ReplicationProgress,
) {
  const reverse = item.dr?.reverse;
  const agent = ctx.topology.fabric(item.fabric).reprotectAgents.find((a) => a.id === reverse?.reprotectAgentId);
  const disks = machine?.disks ?? [];
  return {
    instanceType: 'InMageRcmFailback',
    internalIdentifier: item.name,
    azureVirtualMachineId: item.targetVmId,
    reprotectAgentId: reverse?.reprotectAgentId,
    reprotectAgentName: agent?.name,
    osType: machine?.osType,
    logStorageAccountId: reverse?.logStorageAccountId,
    targetvCenterId: agent?.vCenterId,
    targetDataStoreName: reverse?.datastoreName,
    targetVmName: machine?.friendlyName ?? item.friendlyName,
    multiVmGroupName: item.multiVmGroup?.name,
    initialReplicationProgressPercentage: 100,
    initialReplicationProcessedBytes: progress.transferredBytes,
    initialReplicationTransferredBytes: progress.transferredBytes,
    initialReplicationProgressHealth: 'None',
    protectedDisks: disks.map((d, index) => ({
      diskId: d.name,
      diskName: d.name,
      isOSDisk: String(index === 0),
      capacityInBytes: Math.round(d.sizeGB * 1024 ** 3),
      isInitialReplicationComplete: 'True',
    })),
    lastPlannedFailoverStartTime: iso(item.dr?.lastFailbackAt),
    lastPlannedFailoverStatus: item.dr?.lastFailbackAt === undefined ? undefined : 'Succeeded',
  };
}

function progressHealth(ctx: EmulatorContext, item: ProtectedItemState, progress: ReplicationProgress): string {
  if (item.replication.startedAt === undefined) return 'None';
  const stallAt = ctx.faults.stallAtPercent(item);
  return stallAt !== undefined && progress.percent >= stallAt ? 'NoProgress' : 'InProgress';
}
