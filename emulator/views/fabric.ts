import { containerId, fabricId, TYPES, type VaultScope } from '../http/resource-ids';
import { siteOf, type FabricSpec } from '../model/inventory';

/** A replication fabric as ASR shows it, with the custom details of its type. */

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
        // The Azure Migrate sites the appliance discovers through: a machine's fabricDiscoveryMachineId is <site>/machines/<name>.
        vmwareSiteId: discoverySite(fabric, 'VMware'),
        physicalSiteId: discoverySite(fabric, 'Physical'),
        processServers: fabric.processServers.map((ps) => ({ id: ps.id, name: ps.name, health: 'Normal', healthErrors: [] })),
        runAsAccounts: fabric.runAsAccounts.map((a) => ({ accountId: a.id, accountName: a.name })),
      };
    case 'VMM':
      return { instanceType: 'VMM' };
    case 'HyperVSite':
      return { instanceType: 'HyperVSite', hyperVHosts: [] };
  }
}

function discoverySite(fabric: FabricSpec, discoveryType: 'VMware' | 'Physical'): string | undefined {
  const machine = fabric.containers.flatMap((c) => c.machines).find((m) => m.discoveryType === discoveryType && m.discoveryMachineId);
  return machine?.discoveryMachineId ? siteOf(machine.discoveryMachineId) : undefined;
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
