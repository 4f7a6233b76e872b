import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { AWS_PS, discoveryId, inMageRcmBody, PHYSICAL_PS, TEST_VNET, VMWARE_PS } from '../support/enable-bodies';

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 1 });
  client = armClient(emulator);
});
afterAll(() => emulator.stop());
afterEach(() => emulator.setFaults({}));

const admin = (method: string, path: string, body?: unknown) => client.call(method, path, body, { token: null, apiVersion: null });
const physical = (name: string) => ({
  path: client.item('physical-appliance', 'physical-appliance-container', name),
  body: inMageRcmBody(client, discoveryId('ServerSites', 'contoso-physical-site', name), PHYSICAL_PS),
});

describe('fault injection', () => {
  it('answers a storm of 429s with Retry-After, without performing the throttled side effect', async () => {
    const set = await admin('POST', '/_emulator/faults', { throttling: { nextRequests: 2, status: 429, retryAfterSeconds: 3 } });
    expect(set.status).toBe(200);
    const { path, body } = physical('phy-file-01');
    const first = await client.call('PUT', path, body);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('3');
    expect(first.body.error.code).toBe('TooManyRequests');
    expect((await client.get(path)).status).toBe(429);
    expect((await client.get(path)).status).toBe(404); // the storm is over, and the PUT never happened
    expect(emulator.requestLog().filter((e) => e.fault === 'throttled')).toHaveLength(2);
  });

  it('throttles a seeded share of requests, the same ones for the same seed, with 503 when asked', async () => {
    const statuses = async (target: RunningEmulator) => {
      const c = armClient(target);
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await c.get(`${c.vault}/replicationPolicies`)).status);
      return seen;
    };
    const faults = { seed: 42, throttling: { probability: 0.3, status: 503 as const } };
    emulator.setFaults(faults);
    const other = await startEmulator({ faults });
    try {
      const [a, b] = [await statuses(emulator), await statuses(other)];
      expect(a).toEqual(b);
      const throttled = a.filter((s) => s === 503).length;
      expect(throttled).toBeGreaterThan(4);
      expect(throttled).toBeLessThan(24);
      expect(new Set(a)).toEqual(new Set([200, 503]));
    } finally {
      await other.stop();
    }
  });

  it('stalls initial replication of one item and reports it unhealthy', async () => {
    emulator.setFaults({ stalledReplication: [{ item: 'stalled-01', atPercent: 30 }] });
    const { body } = physical('phy-app-02');
    const path = client.item('physical-appliance', 'physical-appliance-container', 'stalled-01');
    await client.complete(await client.call('PUT', path, body));
    emulator.advanceClock(100_000);
    const stalled = (await client.get(path)).body.properties;
    expect(stalled.protectionState).toBe('InitialReplicationInProgress');
    expect(stalled.providerSpecificDetails).toMatchObject({
      initialReplicationProgressPercentage: 30,
      initialReplicationProgressHealth: 'NoProgress',
    });
    expect(stalled.replicationHealth).toBe('Critical');
    expect(stalled.healthErrors[0].errorCode).toBe('InitialReplicationNotProgressing');

    emulator.setFaults({});
    expect((await client.get(path)).body.properties.protectionState).toBe('Protected');
  });

  it('fails a test failover job for one item, once, with a job error', async () => {
    const path = client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-db-01');
    await client.complete(
      await client.call('PUT', path, inMageRcmBody(client, discoveryId('VMwareSites', 'contoso-vmware-site', 'vmw-db-01'), VMWARE_PS)),
    );
    emulator.advanceClock(100_000);
    emulator.setFaults({
      failingJobs: [{ item: 'vmw-db-01', scenario: 'TestFailover', code: '28135', message: 'The test VM could not be started.', times: 1 }],
    });
    const testFailover = () =>
      client.call('POST', `${path}/testFailover`, {
        properties: { networkId: TEST_VNET, providerSpecificDetails: { instanceType: 'InMageRcm' } },
      });

    const failed = await client.complete(await testFailover());
    expect(failed.operation).toMatchObject({ status: 'Failed', error: { code: '28135', message: 'The test VM could not be started.' } });
    const job = (await client.get(`${client.vault}/replicationJobs/${failed.operation.name}`)).body.properties;
    expect(job).toMatchObject({ scenarioName: 'TestFailover', state: 'Failed', errors: [{ serviceErrorDetails: { code: '28135' } }] });
    expect((await client.get(path)).body.properties.testFailoverState).toBe('None');

    const retried = await client.complete(await testFailover());
    expect(retried.operation.status).toBe('Succeeded');
  });

  it('makes long-running operations slow', async () => {
    emulator.setFaults({ slowOperations: [{ scenario: 'EnableDr', factor: 10 }] });
    const path = client.item('aws-appliance', 'aws-appliance-container', 'aws-app-02');
    const body = inMageRcmBody(client, discoveryId('ServerSites', 'aws-eu-west-1-site', 'aws-i-0f9e8d7c6b5a40312'), AWS_PS);
    const accepted = await client.call('PUT', path, body);
    emulator.advanceClock(600); // a normal enable job takes 120 s
    expect((await client.get(String(accepted.headers['azure-asyncoperation']))).body.status).toBe('InProgress');
    emulator.advanceClock(601);
    expect((await client.get(String(accepted.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
  });

  it('loses the response of a request it carried out, so a retry meets the side effect already done', async () => {
    emulator.setFaults({
      droppedResponses: [
        { operation: 'ReplicationProtectedItems_Create', item: 'phy-file-01' },
        { operation: 'ReplicationProtectedItems_TestFailover', as: 'reset' },
      ],
    });
    const { path, body } = physical('phy-file-01');
    const lost = await client.call('PUT', path, body);
    expect(lost.status).toBe(503);
    const retried = await client.call('PUT', path, body);
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toBe('ReplicationProtectedItemAlreadyExists');
    const creates = emulator
      .requestLog()
      .filter((e) => e.operation === 'ReplicationProtectedItems_Create' && e.resourceId === path.toLowerCase());
    expect(creates.map((e) => [e.status, e.fault, !!e.jobName])).toEqual([
      [503, 'responseDropped', true],
      [409, undefined, false],
    ]);

    emulator.advanceClock(100_000);
    await expect(client.call('POST', `${path}/testFailover`, { properties: { networkId: TEST_VNET } })).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    const again = await client.call('POST', `${path}/testFailover`, { properties: { networkId: TEST_VNET } });
    expect(again.body.error.code).toBe('OperationInProgress');
    expect((await client.get(path)).body.properties.currentScenario.scenarioName).toBe('TestFailover');
  });

  it('rejects an invalid fault configuration with a message naming the field', async () => {
    const bad = await admin('POST', '/_emulator/faults', { throttling: { probability: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('throttling.probability');
  });
});
