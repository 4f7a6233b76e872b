import { networkId, TYPES, type VaultScope } from '../http/resource-ids';
import type { FabricSpec, NetworkSpec } from '../model/inventory';

/** A network of a fabric. */

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
