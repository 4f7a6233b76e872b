import { parseMigrationRequest, type MigrationRequest, type Scenario } from '../../common/migration-request';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const TARGET_RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-target`;

const target = {
  resourceGroupId: TARGET_RG,
  virtualNetworkId: `${TARGET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-prod`,
  subnetName: 'default',
  testVirtualNetworkId: `${TARGET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-test`,
  vmSize: 'Standard_D2s_v3',
  diskType: 'StandardSSD_LRS',
};

const sources: Record<Scenario, Record<string, unknown>> = {
  'hyperv-to-azure': { fabricName: 'hyperv-site', protectionContainerName: 'hyperv-container', protectableItemName: 'vm-guid-1' },
  'vmware-to-azure': {
    fabricName: 'vcenter-fabric', protectionContainerName: 'vcenter-container', fabricDiscoveryMachineId: 'disc-1',
    processServerId: 'ps-1', runAsAccountId: 'runas-1', osType: 'Linux',
  },
  'physical-to-azure': { fabricName: 'appliance', protectionContainerName: 'phys-container', fabricDiscoveryMachineId: 'disc-2', processServerId: 'ps-1' },
  'aws-to-azure': {
    fabricName: 'appliance', protectionContainerName: 'phys-container', fabricDiscoveryMachineId: 'disc-3', processServerId: 'ps-1',
    awsInstanceId: 'i-0123456789abcdef0', awsRegion: 'eu-west-1',
  },
  'azure-to-azure': {
    fabricName: 'westeurope', protectionContainerName: 'we-container',
    sourceVmId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-source/providers/Microsoft.Compute/virtualMachines/app1`,
    recoveryFabricName: 'northeurope', recoveryProtectionContainerName: 'ne-container', recoveryRegion: 'northeurope',
    networkMapping: { fabricName: 'westeurope', networkName: 'vnet-src', mappingName: 'we-to-ne' },
    managedDiskIds: [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-source/providers/Microsoft.Compute/disks/app1-os`,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-source/providers/Microsoft.Compute/disks/app1-data`,
    ],
    stagingStorageAccountId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-source/providers/Microsoft.Storage/storageAccounts/asrcacheweu`,
  },
};

/** A valid request for the scenario (for input builders; the emulator's own samples drive integration tests). */
export function sampleRequest(scenario: Scenario, overrides: Record<string, unknown> = {}): MigrationRequest {
  return parseMigrationRequest({
    scenario,
    machineId: `m-${scenario}`,
    displayName: `Machine ${scenario}`,
    vault: { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-asr', name: 'vault1' },
    source: sources[scenario],
    target,
    replicationPolicyName: 'policy-24h',
    ...overrides,
  });
}
