import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import {
  A2A_CONTAINER,
  A2A_FABRIC,
  a2aBody,
  AWS_PS,
  discoveryId,
  inMageRcmBody,
  PHYSICAL_PS,
  TEST_VNET,
  VMWARE_PS,
} from '../support/enable-bodies';

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 1 });
  client = armClient(emulator);
});
afterAll(() => emulator.stop());

async function enableAndSync(path: string, body: unknown) {
  const enabled = await client.complete(await client.call('PUT', path, body));
  expect(enabled.operation.status).toBe('Succeeded');
  emulator.advanceClock(100_000);
  return (await client.get(path)).body.properties;
}

describe('InMageRcm (VMware, physical, AWS as physical)', () => {
  it('reports initial replication in initialReplicationProgressPercentage and fails over unplanned', async () => {
    const path = client.item('aws-appliance', 'aws-appliance-container', 'aws-web-01');
    const machine = discoveryId('ServerSites', 'aws-eu-west-1-site', 'aws-i-0a1b2c3d4e5f60718');
    await client.complete(await client.call('PUT', path, inMageRcmBody(client, machine, AWS_PS)));
    emulator.advanceClock(1200); // 30 GiB at 100 Mbit/s takes 2577 s
    const syncing = (await client.get(path)).body.properties;
    expect(syncing.protectionState).toBe('InitialReplicationInProgress');
    expect(syncing.protectedItemType).toBe('PhysicalMachine');
    expect(syncing.providerSpecificDetails).toMatchObject({
      instanceType: 'InMageRcm',
      fabricDiscoveryMachineId: machine,
      processServerName: 'aws-appliance-ps',
      initialReplicationProgressHealth: 'InProgress',
    });
    expect(syncing.providerSpecificDetails.initialReplicationProgressPercentage).toBeGreaterThanOrEqual(46);
    expect(syncing.providerSpecificDetails.initialReplicationProgressPercentage).toBeLessThanOrEqual(47);

    emulator.advanceClock(2000);
    const synced = (await client.get(path)).body.properties;
    expect(synced.protectionState).toBe('Protected');
    expect(synced.allowedOperations).toEqual(['UnplannedFailover', 'DisableProtection', 'TestFailover']);

    const planned = await client.call('POST', `${path}/plannedFailover`, { properties: { failoverDirection: 'PrimaryToRecovery' } });
    expect(planned.status).toBe(400);
    expect(planned.body.error.code).toBe('PlannedFailoverNotSupported');

    const failover = await client.complete(
      await client.call('POST', `${path}/unplannedFailover`, {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          sourceSiteOperations: 'NotRequired',
          providerSpecificDetails: { instanceType: 'InMageRcm', performShutdown: 'true' },
        },
      }),
    );
    expect(failover.result.body.properties).toMatchObject({
      protectionState: 'UnplannedFailoverCommitPendingStatesBegin',
      activeLocation: 'Recovery',
    });
    const committed = await client.complete(await client.call('POST', `${path}/failoverCommit`));
    expect(committed.result.body.properties.protectionState).toBe('UnplannedFailoverStatesBegin');
    // Reprotect (failback to on-premises) needs an appliance's reprotect agent; the AWS appliance has none.
    const reprotect = await client.call('POST', `${path}/reProtect`, {
      properties: { failoverDirection: 'RecoveryToPrimary', providerSpecificDetails: { instanceType: 'InMageRcm' } },
    });
    expect(reprotect.status).toBe(400);
    expect(reprotect.body.error.code).toBe('InvalidParameter');
    expect(reprotect.body.error.message).toContain('reprotectAgentId');
  });

  it('refuses unknown discovered machines and process servers, and cancels an uncommitted failover', async () => {
    const path = client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-app-01');
    const unknownMachine = await client.call(
      'PUT',
      path,
      inMageRcmBody(client, discoveryId('VMwareSites', 'contoso-vmware-site', 'nope'), VMWARE_PS),
    );
    expect(unknownMachine.body.error.code).toBe('DiscoveredMachineNotFound');
    const machine = discoveryId('VMwareSites', 'contoso-vmware-site', 'vmw-app-01');
    expect((await client.call('PUT', path, inMageRcmBody(client, machine, PHYSICAL_PS))).body.error.code).toBe('ProcessServerNotFound');
    expect((await client.call('PUT', path, inMageRcmBody(client, machine, VMWARE_PS, { runAsAccountId: 'guest' }))).body.error.code).toBe(
      'RunAsAccountNotFound',
    );

    const synced = await enableAndSync(path, inMageRcmBody(client, machine, VMWARE_PS, { runAsAccountId: 'vcenter-admin-account' }));
    expect(synced.providerSpecificDetails.initialReplicationProgressPercentage).toBe(100);
    expect(synced.protectedItemType).toBe('VMwareVirtualMachine');
    await client.complete(
      await client.call('POST', `${path}/unplannedFailover`, { properties: { failoverDirection: 'PrimaryToRecovery' } }),
    );
    const cancelled = await client.complete(await client.call('POST', `${path}/failoverCancel`));
    expect(cancelled.result.body.properties).toMatchObject({ protectionState: 'Protected', activeLocation: 'Primary' });
  });

  it('runs an enable job that fails with the ASR error of a misconfigured machine', async () => {
    const path = client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-legacy-nt');
    const accepted = await client.call(
      'PUT',
      path,
      inMageRcmBody(client, discoveryId('VMwareSites', 'contoso-vmware-site', 'vmw-legacy-nt'), VMWARE_PS),
    );
    expect(accepted.status).toBe(202);
    const { operation } = await client.complete(accepted);
    expect(operation).toMatchObject({ status: 'Failed', error: { code: '95108', message: expect.stringContaining('mobility service') } });
    const job = await client.get(`${client.vault}/replicationJobs/${operation.name}`);
    expect(job.body.properties).toMatchObject({ state: 'Failed', errors: [{ serviceErrorDetails: { code: '95108' } }] });
    const item = (await client.get(path)).body.properties;
    expect(item).toMatchObject({
      protectionStateDescription: 'Enable protection failed',
      replicationHealth: 'Critical',
      allowedOperations: ['DisableProtection'],
    });
    expect(item.healthErrors[0].errorCode).toBe('95108');
    const removed = await client.complete(
      await client.call('POST', `${path}/remove`, { properties: { disableProtectionReason: 'NotSpecified' } }),
    );
    expect(removed.result.status).toBe(204);
  });
});

describe('A2A (Azure to Azure)', () => {
  it('refuses an enable that names no managed disk, or a disk the VM does not have, and creates nothing', async () => {
    const path = client.item(A2A_FABRIC, A2A_CONTAINER, 'azvm-app-02');
    const noDisks = await client.call('PUT', path, a2aBody(client, 'azvm-app-02', []));
    expect(noDisks.status).toBe(400);
    expect(noDisks.body.error).toMatchObject({ code: 'InvalidParameter', message: expect.stringMatching(/vmManagedDisks must list/) });
    const foreignDisk = await client.call('PUT', path, a2aBody(client, 'azvm-app-02', ['azvm-app-02_OsDisk', 'azvm-web-01_OsDisk']));
    expect(foreignDisk.status).toBe(400);
    expect(foreignDisk.body.error).toMatchObject({
      code: 'DiskNotFound',
      message: expect.stringMatching(/azvm-web-01_OsDisk' is not a disk of virtual machine 'azvm-app-02'/),
    });
    expect((await client.get(path)).status).toBe(404);
  });

  it('reports monitoringPercentageCompletion and the failed-over VM ids', async () => {
    const path = client.item(A2A_FABRIC, A2A_CONTAINER, 'azvm-web-01');
    const wrongRecovery = a2aBody(client, 'azvm-web-01');
    wrongRecovery.properties.providerSpecificDetails.recoveryContainerId = client.container(A2A_FABRIC, A2A_CONTAINER);
    expect((await client.call('PUT', path, wrongRecovery)).body.error.code).toBe('InvalidRecoveryContainer');

    await client.complete(await client.call('PUT', path, a2aBody(client, 'azvm-web-01')));
    emulator.advanceClock(1288); // 30 GiB: 2577 s
    const syncing = (await client.get(path)).body.properties;
    expect(syncing.protectedItemType).toBe('AzureVirtualMachine');
    expect(syncing.providerSpecificDetails).toMatchObject({
      instanceType: 'A2A',
      monitoringJobType: 'InitialReplication',
      primaryFabricLocation: 'westeurope',
      recoveryFabricLocation: 'northeurope',
    });
    expect(syncing.providerSpecificDetails.monitoringPercentageCompletion).toBeGreaterThanOrEqual(49);
    expect(syncing.providerSpecificDetails.monitoringPercentageCompletion).toBeLessThanOrEqual(50);
    emulator.advanceClock(1300);

    const tested = await client.complete(
      await client.call('POST', `${path}/testFailover`, {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          networkType: 'VmNetworkAsInput',
          networkId: TEST_VNET,
          providerSpecificDetails: { instanceType: 'A2A' },
        },
      }),
    );
    expect(tested.result.body.properties.providerSpecificDetails.testFailoverRecoveryFabricObjectId).toMatch(
      /\/resourceGroups\/rg-prod-neu\/providers\/Microsoft.Compute\/virtualMachines\/azvm-web-01-test$/,
    );
    await client.complete(await client.call('POST', `${path}/testFailoverCleanup`, { properties: { comments: 'ok' } }));
    const failedOver = await client.complete(
      await client.call('POST', `${path}/unplannedFailover`, {
        properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'A2A' } },
      }),
    );
    expect(failedOver.result.body.properties.providerSpecificDetails.recoveryFabricObjectId).toMatch(/virtualMachines\/azvm-web-01$/);
    const complete = await client.complete(
      await client.call('POST', `${path}/remove`, { properties: { disableProtectionReason: 'MigrationComplete' } }),
    );
    expect(complete.result.status).toBe(204);
  });
});
