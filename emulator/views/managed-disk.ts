import type { ManagedDisk } from '../model/compute';

/** A managed disk as Microsoft.Compute answers Disks_Get / _List (shape of the official examples). */
export function renderManagedDisk(disk: ManagedDisk) {
  const isOsDisk = disk.lun === undefined;
  return {
    name: disk.name,
    id: disk.id,
    type: 'Microsoft.Compute/disks',
    location: disk.location,
    managedBy: disk.vm.id,
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: {
      ...(isOsDisk ? { osType: disk.vm.machine.osType } : {}),
      creationData: { createOption: isOsDisk ? 'FromImage' : 'Empty' },
      diskSizeGB: disk.sizeGB,
      diskSizeBytes: disk.sizeGB * 1024 ** 3,
      diskState: 'Attached',
      provisioningState: 'Succeeded',
    },
  };
}
