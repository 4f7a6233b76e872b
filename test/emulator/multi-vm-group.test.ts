import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { A2A_CONTAINER, A2A_FABRIC, a2aBody, discoveryId, hyperVBody, inMageRcmBody, VMWARE_PS } from '../support/enable-bodies';

/**
 * Multi-VM consistency groups as ASR has them: InMageRcm and A2A enable inputs take `multiVmGroupName` (A2A
 * also `multiVmGroupId`) and the protected item shows them; HyperVReplicaAzure has no such field.
 */

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 1 });
  client = armClient(emulator);
});
afterAll(() => emulator.stop());

async function enable(path: string, body: unknown) {
  const { operation } = await client.complete(await client.call('PUT', path, body));
  expect(operation.status).toBe('Succeeded');
  return (await client.get(path)).body.properties.providerSpecificDetails;
}

describe('multi-VM consistency groups', () => {
  it('InMageRcm: each machine enabled with a group shows the group name; one without shows none', async () => {
    const grouped = ['vmw-app-01', 'vmw-db-01'];
    for (const name of grouped) {
      const machine = discoveryId('VMwareSites', 'contoso-vmware-site', name);
      const details = await enable(
        client.item('vmware-appliance', 'vmware-appliance-container', name),
        inMageRcmBody(client, machine, VMWARE_PS, { multiVmGroupName: 'crm-db' }),
      );
      expect(details).toMatchObject({ instanceType: 'InMageRcm', multiVmGroupName: 'crm-db' });
    }
    const alone = await enable(
      client.item('vmware-appliance', 'vmware-appliance-container', 'crm-app'),
      inMageRcmBody(client, discoveryId('VMwareSites', 'contoso-vmware-site', 'crm-app'), VMWARE_PS),
    );
    expect(alone).not.toHaveProperty('multiVmGroupName');
  });

  it('A2A: machines of one group share its id, created UserSpecified; a machine without a group shows none', async () => {
    const withGroup = (vm: string) => {
      const body = a2aBody(client, vm);
      return {
        properties: {
          ...body.properties,
          providerSpecificDetails: { ...body.properties.providerSpecificDetails, multiVmGroupName: 'web' },
        },
      };
    };
    const first = await enable(client.item(A2A_FABRIC, A2A_CONTAINER, 'azvm-web-01'), withGroup('azvm-web-01'));
    const second = await enable(client.item(A2A_FABRIC, A2A_CONTAINER, 'azvm-app-02'), withGroup('azvm-app-02'));
    expect(first).toMatchObject({ instanceType: 'A2A', multiVmGroupName: 'web', multiVmGroupCreateOption: 'UserSpecified' });
    expect(first.multiVmGroupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatchObject({
      multiVmGroupName: 'web',
      multiVmGroupId: first.multiVmGroupId,
      multiVmGroupCreateOption: 'UserSpecified',
    });
    const alone = await enable(client.item(A2A_FABRIC, A2A_CONTAINER, 'azvm-batch-03'), a2aBody(client, 'azvm-batch-03'));
    expect(alone).not.toHaveProperty('multiVmGroupId');
  });

  it('HyperVReplicaAzure: an enable naming a group is refused (400, naming the field) and creates nothing', async () => {
    const path = client.item('hyperv-site-hq', 'cloud_hq-site', 'hv-web-01');
    const body = hyperVBody(client, 'hyperv-site-hq', 'cloud_hq-site', 'hv-web-01');
    const refused = await client.call('PUT', path, {
      properties: { ...body.properties, providerSpecificDetails: { ...body.properties.providerSpecificDetails, multiVmGroupName: 'web' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringMatching(/^providerSpecificDetails\.multiVmGroupName is not supported for HyperVReplicaAzure/),
    });
    expect((await client.get(path)).status).toBe(404);
  });
});
