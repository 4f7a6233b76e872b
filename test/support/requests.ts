import { parseMigrationRequest, type MigrationRequest, type MigrationRequestInput, type Scenario } from '../../common/migration-request';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/migrated-rg`;

const SOURCES: Record<Scenario, Record<string, unknown>> = {
  'hyperv-to-azure': { fabricName: 'hyperv-site', protectionContainerName: 'hyperv-site-container', protectableItemName: 'vm-guid-1' },
  'vmware-to-azure': {
    fabricName: 'vcenter-appliance',
    protectionContainerName: 'vcenter-container',
    fabricDiscoveryMachineId: 'disc-1',
    processServerId: 'ps-1',
    runAsAccountId: 'runas-1',
    osType: 'Linux',
  },
  'physical-to-azure': {
    fabricName: 'physical-appliance',
    protectionContainerName: 'physical-container',
    fabricDiscoveryMachineId: 'disc-2',
    processServerId: 'ps-1',
  },
  'aws-to-azure': {
    fabricName: 'physical-appliance',
    protectionContainerName: 'physical-container',
    fabricDiscoveryMachineId: 'disc-3',
    processServerId: 'ps-1',
    awsInstanceId: 'i-0abc1234def567890',
    awsRegion: 'eu-west-1',
  },
  'azure-to-azure': {
    fabricName: 'westeurope-fabric',
    protectionContainerName: 'westeurope-container',
    sourceVmId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/source-rg/providers/Microsoft.Compute/virtualMachines/app-1`,
    recoveryFabricName: 'northeurope-fabric',
    recoveryProtectionContainerName: 'northeurope-container',
    recoveryRegion: 'northeurope',
    networkMapping: { fabricName: 'westeurope-fabric', networkName: 'source-vnet', mappingName: 'we-to-ne' },
    managedDiskIds: [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/source-rg/providers/Microsoft.Compute/disks/app-1-os`,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/source-rg/providers/Microsoft.Compute/disks/app-1-data`,
    ],
    stagingStorageAccountId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/source-rg/providers/Microsoft.Storage/storageAccounts/asrcache`,
  },
};

let counter = 0;

/** A valid request for the scenario, with a machine id unique to this test run (workflow ids must not collide). */
export function requestFor(scenario: Scenario, overrides: Partial<MigrationRequestInput> = {}): MigrationRequestInput {
  counter += 1;
  const machineId = `${scenario.split('-')[0]}-${process.pid}-${Date.now().toString(36)}-${counter}`;
  return {
    machineId,
    displayName: `Test machine ${counter}`,
    scenario,
    vault: { subscriptionId: SUBSCRIPTION, resourceGroup: 'asr-rg', name: 'migration-vault' },
    source: SOURCES[scenario],
    target: {
      resourceGroupId: RG,
      virtualNetworkId: `${RG}/providers/Microsoft.Network/virtualNetworks/prod-vnet`,
      subnetName: 'default',
      testVirtualNetworkId: `${RG}/providers/Microsoft.Network/virtualNetworks/test-vnet`,
      vmSize: 'Standard_D2s_v3',
      diskType: 'StandardSSD_LRS',
    },
    replicationPolicyName: 'migration-policy',
    replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 60 },
    ...overrides,
  } as MigrationRequestInput;
}

/** The same request parsed, as the adapter and the workflow receive it. */
export function parsedRequestFor(scenario: Scenario, overrides: Partial<MigrationRequestInput> = {}): MigrationRequest {
  return parseMigrationRequest(requestFor(scenario, overrides));
}
