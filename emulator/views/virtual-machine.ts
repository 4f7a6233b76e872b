import { stableGuid } from '../http/resource-ids';
import { managedDisks, type AzureVm } from '../model/compute';

/** A VM as Microsoft.Compute answers VirtualMachines_Get / _List (shape of the official examples). */

const DEFAULT_VM_SIZE = 'Standard_D2s_v3';

export function renderVirtualMachine(vm: AzureVm, options: { instanceView: boolean }) {
  const [osDisk, ...dataDisks] = managedDisks(vm);
  const { machine } = vm;
  return {
    name: vm.name,
    id: vm.id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    properties: {
      vmId: stableGuid(vm.id),
      hardwareProfile: { vmSize: machine.vmSize ?? DEFAULT_VM_SIZE },
      storageProfile: {
        osDisk: {
          osType: machine.osType,
          name: osDisk.name,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS', id: osDisk.id },
          diskSizeGB: osDisk.sizeGB,
        },
        dataDisks: dataDisks.map((disk) => ({
          lun: disk.lun,
          name: disk.name,
          createOption: 'Empty',
          caching: 'ReadOnly',
          managedDisk: { storageAccountType: 'Premium_LRS', id: disk.id },
          diskSizeGB: disk.sizeGB,
        })),
      },
      osProfile: { computerName: vm.name, adminUsername: 'azureuser' },
      networkProfile: {
        networkInterfaces: [{ id: `${vm.id.split('/providers/')[0]}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic` }],
      },
      provisioningState: 'Succeeded',
      ...(options.instanceView ? { instanceView: renderInstanceView(vm) } : {}),
    },
  };
}

/** VirtualMachines_InstanceView, also the `instanceView` of a get with `$expand=instanceView`. */
export function renderInstanceView(vm: AzureVm) {
  const running = vm.machine.poweredOn;
  return {
    computerName: vm.name,
    osName: vm.machine.osType,
    hyperVGeneration: 'V2',
    disks: managedDisks(vm).map((disk) => ({
      name: disk.name,
      statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' }],
    })),
    statuses: [
      { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
      running
        ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }
        : { code: 'PowerState/deallocated', level: 'Info', displayStatus: 'VM deallocated' },
    ],
  };
}
