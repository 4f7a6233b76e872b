import type { EmulatorContext } from '../context';
import { fabricId, protectableItemId, protectedItemId, TYPES } from '../http/resource-ids';
import { PROVIDER_OF_FABRIC, type ContainerSpec, type FabricSpec, type MachineSpec } from '../model/inventory';
import { itemProtecting } from '../model/items';

/** A discovered machine, and whether (and as which item) it is protected. */

export function renderProtectableItem(ctx: EmulatorContext, fabric: FabricSpec, container: ContainerSpec, machine: MachineSpec) {
  const { scope } = ctx;
  const protectedItem = itemProtecting(ctx, fabric.name, container.name, machine.name);
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
      customDetails: customDetails(fabric, machine),
    },
  };
}

/** What ASR knows of the machine: the Hyper-V VM (HyperVVirtualMachineDetails) or the appliance's discovery (VMwareVirtualMachineDetails). */
function customDetails(fabric: FabricSpec, machine: MachineSpec) {
  switch (fabric.type) {
    case 'HyperVSite':
    case 'VMM':
      return {
        instanceType: fabric.type === 'VMM' ? 'VmmVirtualMachine' : 'HyperVVirtualMachine',
        sourceItemId: machine.name,
        generation: '2',
        osDetails: { osType: machine.osType },
        diskDetails: machine.disks.map((d) => ({
          maxSizeMB: Math.round(d.sizeGB * 1024),
          vhdType: 'Dynamic',
          vhdId: d.name,
          vhdName: d.name,
        })),
      };
    case 'InMageRcm':
      return {
        instanceType: 'VMwareVirtualMachine',
        agentGeneratedId: machine.name,
        agentInstalled: 'false',
        osType: machine.osType,
        poweredOn: String(machine.poweredOn),
        discoveryType: machine.discoveryType,
        diskDetails: machine.disks.map((d) => ({ maxSizeMB: Math.round(d.sizeGB * 1024), diskId: d.name, diskType: 'Fixed' })),
        validationErrors: [],
      };
    case 'Azure':
      return { instanceType: 'ReplicationGroupDetails' };
  }
}
