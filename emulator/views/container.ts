import { containerId, TYPES, type VaultScope } from '../http/resource-ids';
import type { ContainerSpec, FabricSpec } from '../model/inventory';
import type { EmulatorState } from '../model/state';

/** A protection container, with how many items it protects now. */

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
