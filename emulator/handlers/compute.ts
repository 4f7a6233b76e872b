import { notFound } from '../http/errors';
import { sameName } from '../http/resource-ids';
import { list, ok, route, type Route } from '../http/route';
import { azureVms, managedDisks, type AzureVm } from '../model/compute';
import type { EmulatorContext } from '../context';
import { renderManagedDisk } from '../views/managed-disk';
import { renderInstanceView, renderVirtualMachine } from '../views/virtual-machine';

/**
 * Microsoft.Compute for the seeded Azure VMs (the machines of the Azure fabrics) and their managed disks: what a
 * planner reads before it protects them. Read-only. Paths are under `/subscriptions/{subscription}/`.
 */

const RG = 'resourceGroups/{resourceGroup}/providers/Microsoft.Compute';
const VM = `${RG}/virtualMachines/{vm}`;

function vmsIn(ctx: EmulatorContext, resourceGroup?: string): AzureVm[] {
  return azureVms(ctx.topology.inventory).filter((vm) => resourceGroup === undefined || sameName(vm.resourceGroup, resourceGroup));
}

function vm(ctx: EmulatorContext, resourceGroup: string, name: string): AzureVm {
  const found = vmsIn(ctx, resourceGroup).find((v) => sameName(v.name, name));
  if (!found)
    throw notFound(`The Resource 'Microsoft.Compute/virtualMachines/${name}' under resource group '${resourceGroup}' was not found.`);
  return found;
}

const instanceViewAsked = (query: URLSearchParams) => sameName(query.get('$expand') ?? undefined, 'instanceView');

export const COMPUTE_ROUTES: Route[] = [
  route('GET', 'providers/Microsoft.Compute/virtualMachines', 'VirtualMachines_ListAll', (ctx, req) =>
    list(vmsIn(ctx).map((v) => renderVirtualMachine(v, { instanceView: req.query.get('statusOnly') === 'true' }))),
  ),
  route('GET', `${RG}/virtualMachines`, 'VirtualMachines_List', (ctx, req) =>
    list(vmsIn(ctx, req.params.resourceGroup).map((v) => renderVirtualMachine(v, { instanceView: false }))),
  ),
  route('GET', VM, 'VirtualMachines_Get', (ctx, req) =>
    ok(renderVirtualMachine(vm(ctx, req.params.resourceGroup, req.params.vm), { instanceView: instanceViewAsked(req.query) })),
  ),
  route('GET', `${VM}/instanceView`, 'VirtualMachines_InstanceView', (ctx, req) =>
    ok(renderInstanceView(vm(ctx, req.params.resourceGroup, req.params.vm))),
  ),
  route('GET', 'providers/Microsoft.Compute/disks', 'Disks_List', (ctx) => list(vmsIn(ctx).flatMap(managedDisks).map(renderManagedDisk))),
  route('GET', `${RG}/disks`, 'Disks_ListByResourceGroup', (ctx, req) =>
    list(vmsIn(ctx, req.params.resourceGroup).flatMap(managedDisks).map(renderManagedDisk)),
  ),
  route('GET', `${RG}/disks/{disk}`, 'Disks_Get', (ctx, req) => {
    const disk = vmsIn(ctx, req.params.resourceGroup)
      .flatMap(managedDisks)
      .find((d) => sameName(d.name, req.params.disk));
    if (!disk)
      throw notFound(
        `The Resource 'Microsoft.Compute/disks/${req.params.disk}' under resource group '${req.params.resourceGroup}' was not found.`,
      );
    return ok(renderManagedDisk(disk));
  }),
];
