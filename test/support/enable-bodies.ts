import type { ArmClient } from './arm-client';

/** Enable-replication bodies (EnableProtectionInput) the way the SDK serializes them, per provider. */

const SUB = '6f1c2b9a-5d3e-4c7f-9a8b-2e1d0c3b4a59';
export const TARGET_RG = `/subscriptions/${SUB}/resourceGroups/rg-migrated`;
export const TARGET_VNET = `${TARGET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-migrated`;
export const TEST_VNET = `${TARGET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-migration-test`;

export function hyperVBody(client: ArmClient, fabric: string, container: string, machine: string, policy = 'hyperv-to-azure-24h') {
  return {
    properties: {
      policyId: `${client.vault}/replicationPolicies/${policy}`,
      protectableItemId: `${client.container(fabric, container)}/replicationProtectableItems/${machine}`,
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        targetAzureVmName: machine,
        targetAzureV2ResourceGroupId: TARGET_RG,
        targetAzureNetworkId: TARGET_VNET,
        targetAzureSubnetId: `${TARGET_VNET}/subnets/default`,
        targetVmSize: 'Standard_D2s_v3',
        useManagedDisks: 'true',
        diskType: 'StandardSSD_LRS',
      },
    },
  };
}

export function inMageRcmBody(client: ArmClient, discoveryMachineId: string, processServerId: string, extra: Record<string, unknown> = {}) {
  return {
    properties: {
      policyId: `${client.vault}/replicationPolicies/rcm-migration-policy`,
      providerSpecificDetails: {
        instanceType: 'InMageRcm',
        fabricDiscoveryMachineId: discoveryMachineId,
        processServerId,
        targetResourceGroupId: TARGET_RG,
        targetNetworkId: TARGET_VNET,
        targetSubnetName: 'default',
        testNetworkId: TEST_VNET,
        testSubnetName: 'default',
        targetVmName: discoveryMachineId.split('/').pop(),
        targetVmSize: 'Standard_D2s_v3',
        disksDefault: { diskType: 'Premium_LRS', logStorageAccountId: `${TARGET_RG}/providers/Microsoft.Storage/storageAccounts/asrcache` },
        ...extra,
      },
    },
  };
}

export const VMWARE_PS = '3c1f8f2e-8c52-4a3b-9f0e-6b2d7c9a1e01';
export const PHYSICAL_PS = '7a4e2d10-1b6c-4f83-a5d9-0c8e3f2b6d02';
export const AWS_PS = 'b9d3c5e7-2f41-4d6a-8e0b-5a7c9e1f3d03';
export const discoveryId = (site: 'VMwareSites' | 'ServerSites', siteName: string, machine: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-azure-migrate/providers/Microsoft.OffAzure/${site}/${siteName}/machines/${machine}`;

export const A2A_FABRIC = 'asr-a2a-default-westeurope';
export const A2A_CONTAINER = 'asr-a2a-default-westeurope-container';

/** An A2A enable body; `disks` are the VM's managed disk names (the seeded VMs' OS disk is `<vm>_OsDisk`). */
export function a2aBody(client: ArmClient, vm: string, disks: string[] = [`${vm}_OsDisk`]) {
  return {
    properties: {
      policyId: `${client.vault}/replicationPolicies/a2a-24h-policy`,
      providerSpecificDetails: {
        instanceType: 'A2A',
        fabricObjectId: `/subscriptions/${SUB}/resourceGroups/rg-prod-weu/providers/Microsoft.Compute/virtualMachines/${vm}`,
        recoveryContainerId: client.container('asr-a2a-default-northeurope', 'asr-a2a-default-northeurope-container'),
        recoveryResourceGroupId: `/subscriptions/${SUB}/resourceGroups/rg-prod-neu`,
        recoveryAzureNetworkId: `/subscriptions/${SUB}/resourceGroups/rg-prod-neu/providers/Microsoft.Network/virtualNetworks/vnet-prod-neu`,
        recoverySubnetName: 'default',
        vmManagedDisks: disks.map((disk) => ({
          diskId: `/subscriptions/${SUB}/resourceGroups/rg-prod-weu/providers/Microsoft.Compute/disks/${disk}`,
          primaryStagingAzureStorageAccountId: `/subscriptions/${SUB}/resourceGroups/rg-prod-weu/providers/Microsoft.Storage/storageAccounts/asrcacheweu`,
          recoveryResourceGroupId: `/subscriptions/${SUB}/resourceGroups/rg-prod-neu`,
        })),
      },
    },
  };
}
