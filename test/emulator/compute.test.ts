import { ComputeManagementClient } from '@azure/arm-compute';
import type { RestError } from '@azure/core-rest-pipeline';
import type { RunningEmulator } from '../../emulator';
import { staticTokenCredential } from '../../site-recovery/azure/client';
import { armClient, type ArmClient } from '../support/arm-client';
import { startTestEmulator } from '../support/emulator-fixture';

/** Microsoft.Compute for the seeded Azure VMs, through the official SDK (`@azure/arm-compute`) and on the wire. */

let emulator: RunningEmulator;
let compute: ComputeManagementClient;
let raw: ArmClient;
const RG = 'rg-prod-weu';

beforeAll(async () => {
  emulator = await startTestEmulator({ pageSize: 2 });
  compute = new ComputeManagementClient(staticTokenCredential('test-token'), emulator.subscriptionId, {
    endpoint: emulator.url,
    $host: emulator.url,
    tlsOptions: { ca: emulator.certificatePem },
    retryOptions: { maxRetries: 0 },
  });
  raw = armClient(emulator);
});
afterAll(() => emulator?.stop());

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}

const vmId = (name: string) =>
  `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${name}`;
const diskId = (name: string) => `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/disks/${name}`;

describe('the emulator as Microsoft.Compute', () => {
  it('lists the subscription VMs a page at a time; the SDK follows nextLink', async () => {
    emulator.clearRequestLog();
    const vms = await all(compute.virtualMachines.listAll());
    expect(vms.map((vm) => vm.name)).toEqual(['azvm-web-01', 'azvm-app-02', 'azvm-batch-03']);
    expect(emulator.requestLog().map((e) => [e.operation, e.skipToken ?? 'first', e.apiVersion])).toEqual([
      ['VirtualMachines_ListAll', 'first', '2025-04-01'],
      ['VirtualMachines_ListAll', '2', '2025-04-01'],
    ]);
    expect((await all(compute.virtualMachines.list(RG))).map((vm) => vm.name)).toHaveLength(3);
    expect(await all(compute.virtualMachines.list('rg-elsewhere'))).toEqual([]);
  });

  it('answers a VM with its size, OS disk and data disks as managed disks, and its power state on request', async () => {
    const vm = await compute.virtualMachines.get(RG, 'azvm-app-02', { expand: 'instanceView' });
    expect(vm).toMatchObject({
      id: vmId('azvm-app-02'),
      location: 'westeurope',
      hardwareProfile: { vmSize: 'Standard_D4s_v3' },
      provisioningState: 'Succeeded',
      storageProfile: {
        osDisk: { osType: 'Windows', name: 'azvm-app-02_OsDisk', managedDisk: { id: diskId('azvm-app-02_OsDisk') }, diskSizeGB: 127 },
        dataDisks: [{ lun: 0, name: 'azvm-app-02_DataDisk_0', managedDisk: { id: diskId('azvm-app-02_DataDisk_0') }, diskSizeGB: 256 }],
      },
    });
    expect(vm.instanceView?.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    expect((await compute.virtualMachines.get(RG, 'azvm-app-02')).instanceView).toBeUndefined();
    const stopped = await compute.virtualMachines.instanceView(RG, 'azvm-batch-03');
    expect(stopped.statuses?.map((s) => s.code)).toContain('PowerState/deallocated');
    const statusOnly = await all(compute.virtualMachines.listAll({ statusOnly: 'true' }));
    expect(statusOnly.map((v) => v.instanceView?.statuses?.[1]?.code)).toEqual([
      'PowerState/running',
      'PowerState/running',
      'PowerState/deallocated',
    ]);
  });

  it('serves the managed disks, each managed by its VM', async () => {
    const disks = await all(compute.disks.list());
    expect(disks.map((d) => d.name)).toEqual([
      'azvm-web-01_OsDisk',
      'azvm-app-02_OsDisk',
      'azvm-app-02_DataDisk_0',
      'azvm-batch-03_OsDisk',
    ]);
    expect((await all(compute.disks.listByResourceGroup(RG))).length).toBe(4);
    const disk = await compute.disks.get(RG, 'azvm-app-02_DataDisk_0');
    expect(disk).toMatchObject({
      id: diskId('azvm-app-02_DataDisk_0'),
      managedBy: vmId('azvm-app-02'),
      diskSizeGB: 256,
      diskState: 'Attached',
    });
    expect(disk.osType).toBeUndefined();
    expect((await compute.disks.get(RG, 'azvm-app-02_OsDisk')).osType).toBe('Windows');
  });

  it('answers a missing VM or disk, another subscription and an unknown api-version as ARM does', async () => {
    await expect(compute.virtualMachines.get(RG, 'no-such-vm')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    } as Partial<RestError>);
    await expect(compute.disks.get(RG, 'no-such-disk')).rejects.toMatchObject({ statusCode: 404 });
    const other = await raw.call(
      'GET',
      '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Compute/virtualMachines',
      undefined,
      {
        apiVersion: '2025-04-01',
      },
    );
    expect([other.status, other.body.error.code]).toEqual([404, 'SubscriptionNotFound']);
    // A Site Recovery api-version is not a Compute one.
    const wrong = await raw.call(
      'GET',
      `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Compute/virtualMachines`,
      undefined,
      {
        apiVersion: '2023-06-01',
      },
    );
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'InvalidApiVersionParameter']);
    expect(wrong.body.error.message).toContain('2025-04-01');
    const put = await raw.call(
      'PUT',
      `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/x`,
      {},
      {
        apiVersion: '2025-04-01',
      },
    );
    expect(put.status).toBe(405);
  });
});
