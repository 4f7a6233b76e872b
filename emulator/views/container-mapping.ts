import { containerId, policyId, TYPES, type VaultScope } from '../http/resource-ids';
import { PROVIDER_OF_FABRIC, type ContainerSpec, type FabricSpec, type Inventory } from '../model/inventory';
import { AZURE_TARGET } from './azure-target';

/** A protection container mapping: container, policy and target (Azure, or the recovery container for A2A). */

export function renderContainerMapping(
  scope: VaultScope,
  inventory: Inventory,
  fabric: FabricSpec,
  container: ContainerSpec,
  mapping: ContainerSpec['mappings'][number],
) {
  const targetFabric = mapping.targetFabric
    ? inventory.fabrics.find((f) => f.name.toLowerCase() === mapping.targetFabric!.toLowerCase())
    : undefined;
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
