import { azureRecoveryFabricName, fabricId, networkId, TYPES, type VaultScope } from '../http/resource-ids';
import type { FabricSpec, Inventory, NetworkSpec } from '../model/inventory';
import { AZURE_TARGET } from './azure-target';

/** A network mapping; to Azure its recovery fabric is ASR's hidden per-region fabric. */

export function renderNetworkMapping(
  scope: VaultScope,
  inventory: Inventory,
  fabric: FabricSpec,
  network: NetworkSpec,
  mapping: NetworkSpec['mappings'][number],
) {
  const recoveryFabric = mapping.recoveryFabric
    ? inventory.fabrics.find((f) => f.name.toLowerCase() === mapping.recoveryFabric!.toLowerCase())
    : undefined;
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
