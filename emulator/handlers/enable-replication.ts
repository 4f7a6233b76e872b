import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { requireProperties, providerInput, str, type ArmBody } from '../http/arm-body';
import { badRequest, conflict } from '../http/errors';
import { lastSegment, sameName, segmentValue } from '../http/resource-ids';
import type { ContainerSpec, FabricSpec, MachineSpec } from '../model/inventory';
import { a2aItemInGroup, addItem, itemProtecting } from '../model/items';
import { startJob } from '../model/jobs';
import { bytesPerSecondFor, GIB } from '../model/simulation';
import { itemKey, type JobState, type ProtectedItemState, type TargetSettings } from '../model/state';

/**
 * Enable replication (PUT replicationProtectedItems/{name}): the inputs ASR checks per provider, the machine it
 * protects, and the target settings it keeps. Refused like ASR: 400 bad input, 409 already protected.
 */

export function enableReplication(ctx: EmulatorContext, fabricName: string, containerName: string, name: string, body: ArmBody): JobState {
  const { fabric, container } = ctx.topology.container(fabricName, containerName);
  const existing = ctx.state.items[itemKey(fabric.name, container.name, name)];
  if (existing) {
    throw conflict(
      'ReplicationProtectedItemAlreadyExists',
      `Replication is already enabled as protected item '${existing.name}' in protection container '${container.name}' (state: ${existing.phase}).`,
    );
  }
  const properties = requireProperties(body);
  const provider = ctx.topology.providerOf(fabric);
  const policyName = lastSegment(str(properties.policyId) ?? '');
  if (!policyName) throw badRequest('InvalidParameter', 'properties.policyId is required: the ARM id of the replication policy.');
  const policy = ctx.topology.inventory.policies.find((p) => sameName(p.name, policyName));
  if (!policy) throw badRequest('PolicyNotFound', `The replication policy '${policyName}' does not exist in vault '${ctx.scope.vault}'.`);
  if (policy.provider !== provider) {
    throw badRequest(
      'InvalidPolicyProvider',
      `Policy '${policy.name}' is for ${policy.provider}; fabric '${fabric.name}' (${fabric.type}) replicates with ${provider}.`,
    );
  }
  const mapping = container.mappings.find((m) => sameName(m.policy, policy.name));
  if (!mapping) {
    throw badRequest(
      'ProtectionContainerNotMappedToPolicy',
      `Protection container '${container.name}' is not associated with replication policy '${policy.name}'. Create a protection container mapping first.`,
    );
  }
  const input = providerInput(properties, 'providerSpecificDetails');
  if (input.instanceType !== provider) {
    throw badRequest(
      'InvalidProviderSpecificInput',
      `properties.providerSpecificDetails.instanceType must be '${provider}' for fabric '${fabric.name}' (${fabric.type}), got '${String(input.instanceType ?? '')}'.`,
    );
  }
  const multiVmGroup = multiVmGroupOf(ctx, fabric, provider, input);
  const machine = resolveMachine(ctx, fabric, container, provider, properties, input, mapping);
  const alreadyProtected = itemProtecting(ctx, fabric.name, container.name, machine.name);
  if (alreadyProtected) {
    throw conflict(
      'ProtectableItemAlreadyProtected',
      `Machine '${machine.name}' is already protected as replication protected item '${alreadyProtected.name}'.`,
    );
  }
  const now = ctx.clock.now();
  const item: ProtectedItemState = {
    name,
    fabric: fabric.name,
    container: container.name,
    machine: machine.name,
    friendlyName: machine.friendlyName ?? machine.name,
    provider,
    policy: policy.name,
    phase: 'Enabling',
    testFailover: 'None',
    replication: {
      totalBytes: machine.disks.reduce((sum, d) => sum + d.sizeGB * GIB, 0),
      bytesPerSecond: bytesPerSecondFor(machine.bandwidthMbps ?? ctx.bandwidthMbps),
    },
    target: targetSettings(ctx, provider, machine, input, mapping),
    healthErrors: [],
    createdAt: now,
    enableInput: input,
    ...(multiVmGroup ? { multiVmGroup } : {}),
  };
  addItem(ctx, item);
  return startJob(ctx, item, 'EnableDr', {
    error: machine.enableJobError
      ? {
          ...machine.enableJobError,
          possibleCauses: 'The machine is misconfigured in the emulator inventory.',
          recommendedAction: 'Fix the machine and enable replication again.',
        }
      : undefined,
  });
}

/**
 * The multi-VM consistency group the input names: InMageRcm and A2A have them (their enable inputs take
 * `multiVmGroupName`, A2A also `multiVmGroupId`), HyperVReplicaAzure has none. An A2A group keeps one id for
 * all its machines of the source fabric: the id given, else the id of the group's first machine, else a new one.
 */
function multiVmGroupOf(
  ctx: EmulatorContext,
  fabric: FabricSpec,
  provider: ProtectedItemState['provider'],
  input: Record<string, unknown>,
): ProtectedItemState['multiVmGroup'] {
  const named = input.multiVmGroupName !== undefined || input.multiVmGroupId !== undefined;
  if (!named) return undefined;
  if (provider === 'HyperVReplicaAzure') {
    throw badRequest(
      'InvalidParameter',
      'providerSpecificDetails.multiVmGroupName is not supported for HyperVReplicaAzure: multi-VM consistency groups exist for InMageRcm and A2A only.',
    );
  }
  const name = str(input.multiVmGroupName);
  if (!name) throw badRequest('InvalidParameter', `providerSpecificDetails.multiVmGroupName must name the multi-VM group for ${provider}.`);
  if (provider === 'InMageRcm') return { name };
  const member = a2aItemInGroup(ctx, fabric.name, name);
  return { name, id: str(input.multiVmGroupId) ?? member?.multiVmGroup?.id ?? randomUUID(), createOption: 'UserSpecified' };
}

function resolveMachine(
  ctx: EmulatorContext,
  fabric: FabricSpec,
  container: ContainerSpec,
  provider: ProtectedItemState['provider'],
  properties: Record<string, unknown>,
  input: Record<string, unknown>,
  mapping: ContainerSpec['mappings'][number],
): MachineSpec {
  if (provider === 'HyperVReplicaAzure') {
    const id = str(properties.protectableItemId);
    if (!id) throw badRequest('InvalidParameter', 'properties.protectableItemId is required for HyperVReplicaAzure.');
    const machine = ctx.topology.machineIn(fabric, container, 'name', lastSegment(id));
    const sameContainer =
      sameName(segmentValue(id, 'replicationFabrics'), fabric.name) &&
      sameName(segmentValue(id, 'replicationProtectionContainers'), container.name);
    if (!machine || !sameContainer) {
      throw badRequest(
        'ProtectableItemNotFound',
        `The protectable item '${id}' does not exist in protection container '${container.name}' of fabric '${fabric.name}'.`,
      );
    }
    return machine;
  }
  if (provider === 'InMageRcm') {
    const discoveryId = str(input.fabricDiscoveryMachineId);
    if (!discoveryId) throw badRequest('InvalidParameter', 'providerSpecificDetails.fabricDiscoveryMachineId is required for InMageRcm.');
    const machine = ctx.topology.machineIn(fabric, container, 'discoveryMachineId', discoveryId);
    if (!machine)
      throw badRequest(
        'DiscoveredMachineNotFound',
        `No machine '${discoveryId}' was discovered by the appliance of fabric '${fabric.name}'.`,
      );
    const processServerId = str(input.processServerId);
    if (!processServerId || !fabric.processServers.some((p) => sameName(p.id, processServerId))) {
      throw badRequest(
        'ProcessServerNotFound',
        `Process server '${processServerId ?? ''}' is not registered with the appliance of fabric '${fabric.name}'.`,
      );
    }
    const runAs = str(input.runAsAccountId);
    if (runAs && !fabric.runAsAccounts.some((a) => sameName(a.id, runAs))) {
      throw badRequest('RunAsAccountNotFound', `Run-as account '${runAs}' is not known to the appliance of fabric '${fabric.name}'.`);
    }
    if (!str(input.targetResourceGroupId))
      throw badRequest('InvalidParameter', 'providerSpecificDetails.targetResourceGroupId is required for InMageRcm.');
    return machine;
  }
  const vmId = str(input.fabricObjectId);
  if (!vmId) throw badRequest('InvalidParameter', 'providerSpecificDetails.fabricObjectId (the source VM id) is required for A2A.');
  const machine = ctx.topology.machineIn(fabric, container, 'vmId', vmId);
  if (!machine)
    throw badRequest('SourceVirtualMachineNotFound', `Virtual machine '${vmId}' is not in the source region of fabric '${fabric.name}'.`);
  checkManagedDisks(input.vmManagedDisks, machine);
  const recoveryContainerId = str(input.recoveryContainerId);
  if (
    recoveryContainerId &&
    !(
      sameName(segmentValue(recoveryContainerId, 'replicationFabrics'), mapping.targetFabric) &&
      sameName(segmentValue(recoveryContainerId, 'replicationProtectionContainers'), mapping.targetContainer)
    )
  ) {
    throw badRequest(
      'InvalidRecoveryContainer',
      `Recovery container '${recoveryContainerId}' is not the target of container mapping '${mapping.name}' (${mapping.targetFabric}/${mapping.targetContainer}).`,
    );
  }
  return machine;
}

function targetSettings(
  ctx: EmulatorContext,
  provider: ProtectedItemState['provider'],
  machine: MachineSpec,
  input: Record<string, unknown>,
  mapping: ContainerSpec['mappings'][number],
): TargetSettings {
  if (provider === 'HyperVReplicaAzure') {
    return {
      vmName: str(input.targetAzureVmName) ?? machine.name,
      resourceGroupId: str(input.targetAzureV2ResourceGroupId),
      networkId: str(input.targetAzureNetworkId),
      subnetName: lastSegment(str(input.targetAzureSubnetId) ?? '') || undefined,
      vmSize: str(input.targetVmSize),
      diskType: str(input.diskType),
      location: ctx.topology.inventory.location,
    };
  }
  if (provider === 'InMageRcm') {
    return {
      vmName: str(input.targetVmName) ?? machine.name,
      resourceGroupId: str(input.targetResourceGroupId),
      networkId: str(input.targetNetworkId),
      subnetName: str(input.targetSubnetName),
      testNetworkId: str(input.testNetworkId),
      vmSize: str(input.targetVmSize),
      diskType: str((input.disksDefault as Record<string, unknown> | undefined)?.diskType),
      location: ctx.topology.inventory.location,
    };
  }
  const recoveryFabric = mapping.targetFabric ? ctx.topology.fabric(mapping.targetFabric) : undefined;
  return {
    vmName: machine.name,
    resourceGroupId: str(input.recoveryResourceGroupId),
    networkId: str(input.recoveryAzureNetworkId),
    subnetName: str(input.recoverySubnetName),
    location: recoveryFabric?.location,
  };
}

/** ASR replicates the managed disks it is told about: at least one, each a disk of the source VM, each with a staging account. */
function checkManagedDisks(raw: unknown, machine: MachineSpec): void {
  const disks = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  if (disks.length === 0) {
    throw badRequest('InvalidParameter', 'providerSpecificDetails.vmManagedDisks must list the managed disks of the source VM for A2A.');
  }
  for (const disk of disks) {
    const diskId = str(disk?.diskId);
    if (!diskId || !machine.disks.some((d) => sameName(lastSegment(diskId), d.name))) {
      throw badRequest('DiskNotFound', `Managed disk '${diskId ?? ''}' is not a disk of virtual machine '${machine.name}'.`);
    }
    if (!str(disk.primaryStagingAzureStorageAccountId)) {
      throw badRequest('InvalidParameter', `vmManagedDisks: disk '${diskId}' needs primaryStagingAzureStorageAccountId.`);
    }
  }
}
