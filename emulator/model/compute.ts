import { segmentValue } from '../http/resource-ids';
import type { FabricSpec, Inventory, MachineSpec } from './inventory';

/**
 * The Azure VMs of the subscription as the Compute API shows them: every machine of an Azure (A2A) fabric is a VM
 * in its region, in the resource group of its vmId, with one managed disk per inventory disk (the first is the OS disk).
 */
export interface AzureVm {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  machine: MachineSpec;
}

export interface ManagedDisk {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  sizeGB: number;
  /** The VM it is attached to. */
  vm: AzureVm;
  lun?: number;
}

export function azureVms(inventory: Inventory): AzureVm[] {
  return inventory.fabrics
    .filter((f): f is FabricSpec & { location: string } => f.type === 'Azure' && f.location !== undefined)
    .flatMap((fabric) =>
      fabric.containers.flatMap((c) =>
        c.machines
          .filter((m): m is MachineSpec & { vmId: string } => m.vmId !== undefined)
          .map((machine) => ({
            id: machine.vmId,
            name: machine.name,
            resourceGroup: segmentValue(machine.vmId, 'resourceGroups') ?? inventory.resourceGroup,
            location: fabric.location,
            machine,
          })),
      ),
    );
}

export function managedDisks(vm: AzureVm): ManagedDisk[] {
  const group = vm.id.split('/providers/')[0];
  return vm.machine.disks.map((disk, index) => ({
    id: `${group}/providers/Microsoft.Compute/disks/${disk.name}`,
    name: disk.name,
    resourceGroup: vm.resourceGroup,
    location: vm.location,
    sizeGB: disk.sizeGB,
    vm,
    lun: index === 0 ? undefined : index - 1,
  }));
}
