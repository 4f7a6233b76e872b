import type { EmulatorContext } from '../context';
import { containerId, TYPES } from '../http/resource-ids';
import type { ContainerSpec, FabricSpec } from '../model/inventory';

/** A protection container, with how many items it protects now. */

export function renderContainer(ctx: EmulatorContext, fabric: FabricSpec, container: ContainerSpec) {
  const { scope } = ctx;
  const protectedCount = ctx.index.itemsIn(fabric.name, container.name);
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
