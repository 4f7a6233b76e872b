import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { hyperVBody, TEST_VNET } from '../support/enable-bodies';

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  // Real time (timeScale 1): nothing moves unless the test advances the clock, so every state is observable.
  emulator = await startEmulator({ timeScale: 1, bandwidthMbps: 100 });
  client = armClient(emulator);
});
afterAll(() => emulator.stop());

const FABRIC = 'hyperv-site-hq';
const CONTAINER = 'cloud_hq-site';

describe('Hyper-V to Azure, over raw HTTPS', () => {
  const item = () => client.item(FABRIC, CONTAINER, 'hv-web-01');
  const properties = async () => (await client.get(item())).body.properties;
  const post = (action: string, body?: unknown) => client.call('POST', `${item()}/${action}`, body);

  it('runs enable, initial sync, test failover, planned failover and complete migration with ASR states and refusals', async () => {
    const enable = await client.call('PUT', item(), hyperVBody(client, FABRIC, CONTAINER, 'hv-web-01'));
    expect(enable.status).toBe(202);
    const jobName = String(enable.headers['azure-asyncoperation']).match(/replicationOperationStatus\/([^?]+)/)![1];
    expect(enable.headers.location).toContain(`/replicationOperationResults/${jobName}?api-version=2023-06-01`);

    const pending = await client.get(String(enable.headers['azure-asyncoperation']));
    expect(pending.body).toMatchObject({ name: jobName, status: 'InProgress' });
    expect((await client.get(String(enable.headers.location))).status).toBe(202);
    expect(await properties()).toMatchObject({
      protectionState: 'UnprotectedStatesBegin',
      protectionStateDescription: 'Enabling protection',
      currentScenario: { scenarioName: 'EnableDr', jobId: expect.stringContaining(jobName) },
      allowedOperations: [],
    });

    const enabled = await client.complete(enable);
    expect(enabled.operation.status).toBe('Succeeded');
    expect(enabled.result.status).toBe(200);
    expect(enabled.result.body.name).toBe('hv-web-01');
    const job = await client.get(`${client.vault}/replicationJobs/${jobName}`);
    expect(job.body.properties).toMatchObject({ scenarioName: 'EnableDr', state: 'Succeeded', errors: [] });

    // 127 GiB at 100 Mbit/s: 10911 virtual seconds (about 3 hours). Half of it is 49-50 %.
    const started = await properties();
    expect(started.protectionState).toBe('InitialReplicationInProgress');
    expect(started.providerSpecificDetails.initialReplicationDetails.initialReplicationProgressPercentage).toBe('0');
    expect(
      (
        await post('testFailover', {
          properties: { networkId: TEST_VNET, providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
        })
      ).body.error.code,
    ).toBe('InitialReplicationNotComplete');
    emulator.advanceClock(5456);
    const half = Number((await properties()).providerSpecificDetails.initialReplicationDetails.initialReplicationProgressPercentage);
    expect(half).toBeGreaterThanOrEqual(49);
    expect(half).toBeLessThanOrEqual(50);
    emulator.advanceClock(5500);
    const synced = await properties();
    expect(synced).toMatchObject({ protectionState: 'Protected', replicationHealth: 'Normal', testFailoverState: 'None' });
    expect(synced.allowedOperations).toEqual(['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover']);
    expect(synced.providerSpecificDetails.initialReplicationDetails.initialReplicationProgressPercentage).toBe('100');

    const earlyComplete = await post('remove', { properties: { disableProtectionReason: 'MigrationComplete' } });
    expect(earlyComplete.status).toBe(409);
    expect(earlyComplete.body.error.code).toBe('MigrationNotFailedOver');
    expect((await post('testFailoverCleanup', { properties: { comments: 'nothing to clean' } })).body.error.code).toBe(
      'NoTestFailoverToCleanUp',
    );

    const test = await post('testFailover', {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        networkType: 'VmNetworkAsInput',
        networkId: TEST_VNET,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
      },
    });
    expect(test.status).toBe(202);
    expect((await properties()).testFailoverState).toBe('InProgress');
    expect((await post('plannedFailover', { properties: { failoverDirection: 'PrimaryToRecovery' } })).body.error.code).toBe(
      'OperationInProgress',
    );
    const tested = await client.complete(test);
    expect(tested.result.body.properties).toMatchObject({
      testFailoverState: 'WaitingForCompletion',
      allowedOperations: ['TestFailoverCleanup'],
    });

    const blocked = await post('plannedFailover', {
      properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('TestFailoverInProgress');
    expect((await post('testFailover', { properties: { networkId: TEST_VNET } })).body.error.code).toBe('TestFailoverAlreadyActive');

    const cleaned = await client.complete(await post('testFailoverCleanup', { properties: { comments: 'test passed' } }));
    expect(cleaned.result.body.properties.testFailoverState).toBe('MarkedForDeletion');

    const failover = await client.complete(
      await post('plannedFailover', {
        properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      }),
    );
    expect(failover.result.body.properties).toMatchObject({
      protectionState: 'PlannedFailoverCommitRequired',
      activeLocation: 'Recovery',
      allowedOperations: expect.arrayContaining(['CompleteMigration', 'Commit']),
    });

    const completed = await client.complete(
      await post('remove', {
        properties: {
          disableProtectionReason: 'MigrationComplete',
          replicationProviderInput: { instanceType: 'DisableProtectionProviderSpecificInput' },
        },
      }),
    );
    expect(completed.operation.status).toBe('Succeeded');
    expect(completed.result.status).toBe(204);
    expect((await client.get(item())).status).toBe(404);
    expect(
      (await client.get(`${client.container(FABRIC, CONTAINER)}/replicationProtectableItems/hv-web-01`)).body.properties.protectionStatus,
    ).toBe('Unprotected');

    const sideEffects = emulator.requestLog().filter((e) => e.method !== 'GET' && e.status === 202);
    expect(sideEffects.map((e) => e.operation)).toEqual([
      'ReplicationProtectedItems_Create',
      'ReplicationProtectedItems_TestFailover',
      'ReplicationProtectedItems_TestFailoverCleanup',
      'ReplicationProtectedItems_PlannedFailover',
      'ReplicationProtectedItems_Delete',
    ]);
    expect(new Set(sideEffects.map((e) => e.resourceId))).toEqual(new Set([item().toLowerCase()]));
  });

  it('refuses enable replication that ASR refuses', async () => {
    const hvSql = client.item(FABRIC, CONTAINER, 'hv-sql-01');
    const ghost = await client.call('PUT', hvSql, hyperVBody(client, FABRIC, CONTAINER, 'hv-decommissioned-07'));
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.code).toBe('ProtectableItemNotFound');

    const unmapped = await client.call(
      'PUT',
      client.item(FABRIC, 'cloud_branch-site', 'hv-branch-01'),
      hyperVBody(client, FABRIC, 'cloud_branch-site', 'hv-branch-01'),
    );
    expect(unmapped.body.error.code).toBe('ProtectionContainerNotMappedToPolicy');

    const wrongPolicy = await client.call('PUT', hvSql, hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01', 'a2a-24h-policy'));
    expect(wrongPolicy.body.error.code).toBe('InvalidPolicyProvider');

    expect((await client.call('PUT', hvSql, hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01'))).status).toBe(202);
    const again = await client.call('PUT', hvSql, hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ReplicationProtectedItemAlreadyExists');
    const otherName = await client.call(
      'PUT',
      client.item(FABRIC, CONTAINER, 'sql-again'),
      hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01'),
    );
    expect(otherName.body.error.code).toBe('ProtectableItemAlreadyProtected');

    const notBody = await client.call('PUT', client.item(FABRIC, CONTAINER, 'x'), { nope: true });
    expect(notBody.body.error.code).toBe('InvalidRequestContent');
  });
});
