import { badRequest, conflict, lastSegment, notFound, sameName, segmentValue } from './arm';
import type { ContainerSpec, FabricSpec, MachineSpec } from './inventory';
import { startJob } from './jobs';
import { runningJobOf, type ViewContext } from './protected-item-view';
import { bytesPerSecondFor, GIB } from './simulation';
import { itemKey, type JobScenario, type JobState, type ProtectedItemState, type TargetSettings } from './state';

/**
 * Enable replication and the protected item actions. Each either starts an ASR job (answered 202 by the router)
 * or is refused the way ASR refuses it: 400 for bad input, 404 for a missing resource, 409 for the wrong state.
 */

export interface ActionContext extends ViewContext {
  bandwidthMbps: number;
}

type Body = { properties?: Record<string, unknown> } | undefined;

function props(body: Body): Record<string, unknown> {
  if (!body || typeof body !== 'object' || typeof body.properties !== 'object' || body.properties === null) {
    throw badRequest('InvalidRequestContent', "The request body must be a JSON object with a 'properties' object.");
  }
  return body.properties;
}

function providerInput(properties: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = properties[field];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function findItem(ctx: ViewContext, fabric: string, container: string, name: string): ProtectedItemState {
  const { fabric: f, container: c } = ctx.topology.container(fabric, container);
  const item = ctx.state.items[itemKey(f.name, c.name, name)];
  if (!item) throw notFound(`The replication protected item '${name}' was not found in protection container '${c.name}' of fabric '${f.name}'.`);
  return item;
}

export function enableReplication(ctx: ActionContext, fabricName: string, containerName: string, name: string, body: Body): JobState {
  const { fabric, container } = ctx.topology.container(fabricName, containerName);
  const existing = ctx.state.items[itemKey(fabric.name, container.name, name)];
  if (existing) {
    throw conflict(
      'ReplicationProtectedItemAlreadyExists',
      `Replication is already enabled as protected item '${existing.name}' in protection container '${container.name}' (state: ${existing.phase}).`,
    );
  }
  const properties = props(body);
  const provider = ctx.topology.providerOf(fabric);
  const policyName = lastSegment(str(properties.policyId) ?? '');
  if (!policyName) throw badRequest('InvalidParameter', "properties.policyId is required: the ARM id of the replication policy.");
  const policy = ctx.topology.inventory.policies.find((p) => sameName(p.name, policyName));
  if (!policy) throw badRequest('PolicyNotFound', `The replication policy '${policyName}' does not exist in vault '${ctx.scope.vault}'.`);
  if (policy.provider !== provider) {
    throw badRequest('InvalidPolicyProvider', `Policy '${policy.name}' is for ${policy.provider}; fabric '${fabric.name}' (${fabric.type}) replicates with ${provider}.`);
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
  const machine = resolveMachine(ctx, fabric, container, provider, properties, input, mapping);
  const alreadyProtected = Object.values(ctx.state.items).find((i) => itemKey(i.fabric, i.container, i.machine) === itemKey(fabric.name, container.name, machine.name));
  if (alreadyProtected) {
    throw conflict('ProtectableItemAlreadyProtected', `Machine '${machine.name}' is already protected as replication protected item '${alreadyProtected.name}'.`);
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
  };
  ctx.state.items[itemKey(fabric.name, container.name, name)] = item;
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'EnableDr', {
    error: machine.enableJobError
      ? { ...machine.enableJobError, possibleCauses: 'The machine is misconfigured in the emulator inventory.', recommendedAction: 'Fix the machine and enable replication again.' }
      : undefined,
  });
}

function resolveMachine(
  ctx: ActionContext,
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
    const machine = container.machines.find((m) => sameName(m.name, lastSegment(id)));
    const sameContainer = sameName(segmentValue(id, 'replicationFabrics'), fabric.name) && sameName(segmentValue(id, 'replicationProtectionContainers'), container.name);
    if (!machine || !sameContainer) {
      throw badRequest('ProtectableItemNotFound', `The protectable item '${id}' does not exist in protection container '${container.name}' of fabric '${fabric.name}'.`);
    }
    return machine;
  }
  if (provider === 'InMageRcm') {
    const discoveryId = str(input.fabricDiscoveryMachineId);
    if (!discoveryId) throw badRequest('InvalidParameter', 'providerSpecificDetails.fabricDiscoveryMachineId is required for InMageRcm.');
    const machine = container.machines.find((m) => sameName(m.discoveryMachineId, discoveryId));
    if (!machine) throw badRequest('DiscoveredMachineNotFound', `No machine '${discoveryId}' was discovered by the appliance of fabric '${fabric.name}'.`);
    const processServerId = str(input.processServerId);
    if (!processServerId || !fabric.processServers.some((p) => sameName(p.id, processServerId))) {
      throw badRequest('ProcessServerNotFound', `Process server '${processServerId ?? ''}' is not registered with the appliance of fabric '${fabric.name}'.`);
    }
    const runAs = str(input.runAsAccountId);
    if (runAs && !fabric.runAsAccounts.some((a) => sameName(a.id, runAs))) {
      throw badRequest('RunAsAccountNotFound', `Run-as account '${runAs}' is not known to the appliance of fabric '${fabric.name}'.`);
    }
    if (!str(input.targetResourceGroupId)) throw badRequest('InvalidParameter', 'providerSpecificDetails.targetResourceGroupId is required for InMageRcm.');
    return machine;
  }
  const vmId = str(input.fabricObjectId);
  if (!vmId) throw badRequest('InvalidParameter', 'providerSpecificDetails.fabricObjectId (the source VM id) is required for A2A.');
  const machine = container.machines.find((m) => sameName(m.vmId, vmId));
  if (!machine) throw badRequest('SourceVirtualMachineNotFound', `Virtual machine '${vmId}' is not in the source region of fabric '${fabric.name}'.`);
  const recoveryContainerId = str(input.recoveryContainerId);
  if (
    recoveryContainerId &&
    !(sameName(segmentValue(recoveryContainerId, 'replicationFabrics'), mapping.targetFabric) &&
      sameName(segmentValue(recoveryContainerId, 'replicationProtectionContainers'), mapping.targetContainer))
  ) {
    throw badRequest(
      'InvalidRecoveryContainer',
      `Recovery container '${recoveryContainerId}' is not the target of container mapping '${mapping.name}' (${mapping.targetFabric}/${mapping.targetContainer}).`,
    );
  }
  return machine;
}

function targetSettings(
  ctx: ActionContext,
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

const SCENARIO_NAMES: Record<JobScenario, string> = {
  EnableDr: 'enable replication',
  TestFailover: 'test failover',
  TestFailoverCleanup: 'test failover cleanup',
  PlannedFailover: 'planned failover',
  UnplannedFailover: 'failover',
  FailoverCommit: 'commit',
  CancelFailover: 'cancel failover',
  ReverseReplicate: 'reprotect',
  DisableDr: 'disable replication',
};

function refuseWhileRunning(ctx: ViewContext, item: ProtectedItemState): void {
  const running = runningJobOf(ctx.state, item);
  if (running) {
    throw conflict(
      'OperationInProgress',
      `Another operation (${SCENARIO_NAMES[running.scenario]}, job '${running.name}') is in progress on '${item.name}'. Wait for it to finish and retry.`,
    );
  }
}

function requireReplicating(item: ProtectedItemState, operation: string): void {
  if (item.phase === 'Enabling' || item.phase === 'EnableFailed') {
    throw conflict('ProtectionNotEnabled', `Cannot start ${operation} on '${item.name}': replication is not enabled (state: ${item.phase}).`);
  }
  if (item.phase === 'InitialReplication') {
    throw conflict('InitialReplicationNotComplete', `Cannot start ${operation} on '${item.name}': initial replication has not completed yet.`);
  }
  if (item.phase !== 'Protected') {
    throw conflict('InvalidProtectionState', `Cannot start ${operation} on '${item.name}': the machine has already failed over (state: ${item.phase}).`);
  }
}

function vmIdIn(resourceGroupId: string | undefined, vmName: string): string {
  return `${resourceGroupId ?? '/subscriptions/unknown/resourceGroups/unknown'}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

export function testFailover(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  const properties = props(body);
  refuseWhileRunning(ctx, item);
  requireReplicating(item, 'a test failover');
  if (item.testFailover !== 'None') {
    throw conflict('TestFailoverAlreadyActive', `A test failover of '${item.name}' is already active. Clean it up before starting another one.`);
  }
  const networkId = str(properties.networkId) ?? str(providerInput(properties, 'providerSpecificDetails').networkId) ?? item.target.testNetworkId;
  if (!networkId) throw badRequest('InvalidParameter', 'properties.networkId (the isolated test network) is required for a test failover.');
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'TestFailover', {
    details: { TestNetworkId: networkId, TestVmId: vmIdIn(item.target.resourceGroupId, `${item.target.vmName}-test`) },
  });
}

export function testFailoverCleanup(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  props(body);
  refuseWhileRunning(ctx, item);
  if (item.testFailover !== 'WaitingForCompletion') {
    throw conflict('NoTestFailoverToCleanUp', `There is no completed test failover of '${item.name}' to clean up.`);
  }
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'TestFailoverCleanup');
}

function failover(ctx: ActionContext, item: ProtectedItemState, body: Body, scenario: 'PlannedFailover' | 'UnplannedFailover'): JobState {
  props(body);
  refuseWhileRunning(ctx, item);
  if (item.testFailover !== 'None') {
    throw conflict('TestFailoverInProgress', `Cannot fail over '${item.name}' while a test failover is active. Clean up the test failover first.`);
  }
  requireReplicating(item, scenario === 'PlannedFailover' ? 'a planned failover' : 'a failover');
  return startJob(ctx.state, ctx.clock, ctx.faults, item, scenario, { details: { RecoveryVmId: vmIdIn(item.target.resourceGroupId, item.target.vmName) } });
}

export function plannedFailover(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  if (item.provider !== 'HyperVReplicaAzure') {
    throw badRequest('PlannedFailoverNotSupported', `Planned failover is not supported for ${item.provider} replication ('${item.name}'). Use unplanned failover.`);
  }
  return failover(ctx, item, body, 'PlannedFailover');
}

export function unplannedFailover(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  return failover(ctx, item, body, 'UnplannedFailover');
}

function requireFailedOver(item: ProtectedItemState, operation: string, phases: ProtectedItemState['phase'][], code: string): void {
  if (!phases.includes(item.phase)) {
    throw conflict(code, `Cannot ${operation} '${item.name}': it requires state ${phases.join(' or ')}, the item is ${item.phase}.`);
  }
}

export function failoverCommit(ctx: ActionContext, item: ProtectedItemState): JobState {
  refuseWhileRunning(ctx, item);
  requireFailedOver(item, 'commit the failover of', ['FailedOver'], 'FailoverCommitNotAllowed');
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'FailoverCommit');
}

export function failoverCancel(ctx: ActionContext, item: ProtectedItemState): JobState {
  refuseWhileRunning(ctx, item);
  requireFailedOver(item, 'cancel the failover of', ['FailedOver'], 'FailoverCancelNotAllowed');
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'CancelFailover');
}

export function reprotect(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  props(body);
  refuseWhileRunning(ctx, item);
  requireFailedOver(item, 'reprotect', ['FailoverCommitted'], 'ReprotectNotAllowed');
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'ReverseReplicate');
}

export function disableProtection(ctx: ActionContext, item: ProtectedItemState, body: Body): JobState {
  const properties = body === undefined ? {} : props(body);
  const reason = str(properties.disableProtectionReason) ?? 'NotSpecified';
  if (reason !== 'NotSpecified' && reason !== 'MigrationComplete') {
    throw badRequest('InvalidParameter', `properties.disableProtectionReason must be 'NotSpecified' or 'MigrationComplete', got '${reason}'.`);
  }
  refuseWhileRunning(ctx, item);
  if (reason === 'MigrationComplete') {
    requireFailedOver(item, 'complete the migration of', ['FailedOver', 'FailoverCommitted'], 'MigrationNotFailedOver');
  }
  return startJob(ctx.state, ctx.clock, ctx.faults, item, 'DisableDr', { details: { DisableProtectionReason: reason } });
}
