import { azureRecoveryFabricName, containerId, fabricId, policyId, protectableItemId, protectedItemId, TYPES, vaultId, type VaultScope } from '../http/resource-ids';
import type { ContainerSpec, FabricSpec, Inventory, MachineSpec, NetworkSpec, PolicySpec } from '../model/inventory';
import { PROVIDER_OF_FABRIC } from '../model/inventory';
import type { EmulatorState } from '../model/state';
import { itemKey } from '../model/state';

/** ARM representations of the static inventory resources, shaped like the API examples and the SDK models. */

const AZURE_TARGET = 'Microsoft Azure';

export function renderVault(scope: VaultScope, inventory: Inventory) {
  return {
    id: vaultId(scope),
    name: scope.vault,
    type: TYPES.vault,
    location: inventory.location,
    sku: { name: 'Standard' },
    properties: { provisioningState: 'Succeeded' },
  };
}

export function renderVaultHealth(scope: VaultScope) {
  return {
    id: `${vaultId(scope)}/replicationVaultHealth/default`,
    name: 'default',
    type: 'Microsoft.RecoveryServices/vaults/replicationVaultHealth',
    properties: { vaultErrors: [], protectedItemsHealth: { issues: [] }, fabricsHealth: { issues: [] }, containersHealth: { issues: [] } },
  };
}

function fabricCustomDetails(scope: VaultScope, fabric: FabricSpec) {
  switch (fabric.type) {
    case 'Azure':
      return {
        instanceType: 'Azure',
        location: fabric.location,
        containerIds: fabric.containers.map((c) => containerId(scope, fabric.name, c.name)),
      };
    case 'InMageRcm':
      return {
        instanceType: 'InMageRcm',
        processServers: fabric.processServers.map((ps) => ({ id: ps.id, name: ps.name, health: 'Normal', healthErrors: [] })),
        runAsAccounts: fabric.runAsAccounts.map((a) => ({ accountId: a.id, accountName: a.name })),
      };
    case 'VMM':
      return { instanceType: 'VMM' };
    case 'HyperVSite':
      return { instanceType: 'HyperVSite', hyperVHosts: [] };
  }
}

export function renderFabric(scope: VaultScope, fabric: FabricSpec) {
  return {
    id: fabricId(scope, fabric.name),
    name: fabric.name,
    type: TYPES.fabric,
    properties: {
      friendlyName: fabric.friendlyName ?? fabric.name,
      encryptionDetails: { kekState: 'None' },
      rolloverEncryptionDetails: { kekState: 'None' },
      internalIdentifier: fabric.name,
      bcdrState: 'Valid',
      customDetails: fabricCustomDetails(scope, fabric),
      healthErrorDetails: [],
      health: 'Normal',
    },
  };
}

export function renderContainer(scope: VaultScope, state: EmulatorState, fabric: FabricSpec, container: ContainerSpec) {
  const protectedCount = Object.values(state.items).filter(
    (i) => i.fabric.toLowerCase() === fabric.name.toLowerCase() && i.container.toLowerCase() === container.name.toLowerCase(),
  ).length;
  return {
    id: containerId(scope, fabric.name, container.name),
    name: container.name,
    type: TYPES.container,
    properties: {
      fabricFriendlyName: fabric.friendlyName ?? fabric.name,
      friendlyName: container.friendlyName ?? container.name,
      fabricType: fabric.type,
      protectedItemCount: protectedCount,
      pairingStatus: container.mappings.length > 0 ? 'Paired' : 'NotPaired',
      role: container.mappings.length > 0 ? 'Primary' : '',
    },
  };
}

export function renderContainerMapping(
  scope: VaultScope,
  inventory: Inventory,
  fabric: FabricSpec,
  container: ContainerSpec,
  mapping: ContainerSpec['mappings'][number],
) {
  const targetFabric = mapping.targetFabric ? inventory.fabrics.find((f) => f.name.toLowerCase() === mapping.targetFabric!.toLowerCase()) : undefined;
  const provider = PROVIDER_OF_FABRIC[fabric.type];
  return {
    id: `${containerId(scope, fabric.name, container.name)}/replicationProtectionContainerMappings/${mapping.name}`,
    name: mapping.name,
    type: TYPES.containerMapping,
    properties: {
      targetProtectionContainerId: mapping.targetFabric ? containerId(scope, mapping.targetFabric, mapping.targetContainer!) : AZURE_TARGET,
      targetProtectionContainerFriendlyName: mapping.targetContainer ?? AZURE_TARGET,
      providerSpecificDetails: { instanceType: provider },
      health: 'Normal',
      healthErrorDetails: [],
      policyId: policyId(scope, mapping.policy),
      state: 'Paired',
      sourceProtectionContainerFriendlyName: container.friendlyName ?? container.name,
      sourceFabricFriendlyName: fabric.friendlyName ?? fabric.name,
      targetFabricFriendlyName: targetFabric ? (targetFabric.friendlyName ?? targetFabric.name) : AZURE_TARGET,
      policyFriendlyName: mapping.policy,
    },
  };
}

export function renderPolicy(scope: VaultScope, policy: PolicySpec) {
  const details =
    policy.provider === 'HyperVReplicaAzure'
      ? {
          instanceType: 'HyperVReplicaAzure',
          recoveryPointHistoryDurationInHours: Math.round(policy.recoveryPointHistoryMinutes / 60),
          applicationConsistentSnapshotFrequencyInHours: Math.round(policy.appConsistentFrequencyMinutes / 60),
          replicationInterval: 300,
          encryption: 'Disable',
        }
      : policy.provider === 'InMageRcm'
        ? {
            instanceType: 'InMageRcm',
            recoveryPointHistoryInMinutes: policy.recoveryPointHistoryMinutes,
            appConsistentFrequencyInMinutes: policy.appConsistentFrequencyMinutes,
            crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyMinutes,
            enableMultiVmSync: 'False',
          }
        : {
            instanceType: 'A2A',
            recoveryPointHistory: policy.recoveryPointHistoryMinutes,
            appConsistentFrequencyInMinutes: policy.appConsistentFrequencyMinutes,
            crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyMinutes,
            multiVmSyncStatus: 'Disabled',
          };
  return {
    id: policyId(scope, policy.name),
    name: policy.name,
    type: TYPES.policy,
    properties: { friendlyName: policy.name, providerSpecificDetails: details },
  };
}

export function networkId(scope: VaultScope, fabric: string, network: string): string {
  return `${fabricId(scope, fabric)}/replicationNetworks/${network}`;
}

export function renderNetwork(scope: VaultScope, fabric: FabricSpec, network: NetworkSpec) {
  return {
    id: networkId(scope, fabric.name, network.name),
    name: network.name,
    type: TYPES.network,
    properties: {
      fabricType: fabric.type,
      friendlyName: network.friendlyName ?? network.name,
      networkType: fabric.type === 'Azure' ? 'AzureVirtualNetwork' : 'VmNetwork',
      subnets: [],
    },
  };
}

export function renderNetworkMapping(scope: VaultScope, inventory: Inventory, fabric: FabricSpec, network: NetworkSpec, mapping: NetworkSpec['mappings'][number]) {
  const recoveryFabric = mapping.recoveryFabric ? inventory.fabrics.find((f) => f.name.toLowerCase() === mapping.recoveryFabric!.toLowerCase()) : undefined;
  return {
    id: `${networkId(scope, fabric.name, network.name)}/replicationNetworkMappings/${mapping.name}`,
    name: mapping.name,
    type: TYPES.networkMapping,
    properties: {
      state: 'Paired',
      primaryNetworkFriendlyName: network.friendlyName ?? network.name,
      primaryNetworkId: networkId(scope, fabric.name, network.name),
      primaryFabricFriendlyName: fabric.friendlyName ?? fabric.name,
      recoveryNetworkFriendlyName: mapping.recoveryNetworkId.split('/').pop(),
      recoveryNetworkId: mapping.recoveryNetworkId,
      recoveryFabricArmId: fabricId(scope, recoveryFabric ? recoveryFabric.name : azureRecoveryFabricName(scope, inventory.location)),
      recoveryFabricFriendlyName: recoveryFabric ? (recoveryFabric.friendlyName ?? recoveryFabric.name) : AZURE_TARGET,
      fabricSpecificSettings:
        fabric.type === 'Azure'
          ? { instanceType: 'AzureToAzure', primaryFabricLocation: fabric.location, recoveryFabricLocation: recoveryFabric?.location }
          : { instanceType: 'VmmToAzure' },
    },
  };
}

export function renderProtectableItem(scope: VaultScope, state: EmulatorState, fabric: FabricSpec, container: ContainerSpec, machine: MachineSpec) {
  const protectedItem = Object.values(state.items).find(
    (i) => itemKey(i.fabric, i.container, i.machine) === itemKey(fabric.name, container.name, machine.name),
  );
  const provider = PROVIDER_OF_FABRIC[fabric.type];
  return {
    id: protectableItemId(scope, fabric.name, container.name, machine.name),
    name: machine.name,
    type: TYPES.protectableItem,
    properties: {
      friendlyName: machine.friendlyName ?? machine.name,
      protectionStatus: protectedItem ? 'Protected' : 'Unprotected',
      replicationProtectedItemId: protectedItem ? protectedItemId(scope, fabric.name, container.name, protectedItem.name) : undefined,
      recoveryServicesProviderId: `${fabricId(scope, fabric.name)}/replicationRecoveryServicesProviders/${fabric.name}-provider`,
      protectionReadinessErrors: [],
      supportedReplicationProviders: [provider],
      customDetails:
        fabric.type === 'HyperVSite' || fabric.type === 'VMM'
          ? {
              instanceType: fabric.type === 'VMM' ? 'VmmVirtualMachine' : 'HyperVVirtualMachine',
              sourceItemId: machine.name,
              generation: '2',
              osDetails: { osType: machine.osType },
              diskDetails: machine.disks.map((d) => ({ maxSizeMB: Math.round(d.sizeGB * 1024), vhdType: 'Dynamic', vhdId: d.name, vhdName: d.name })),
            }
          : { instanceType: 'ReplicationGroupDetails' },
    },
  };
}
