import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = armClient(emulator);
});
afterAll(() => emulator.stop());

describe('ARM protocol', () => {
  it('requires a bearer token, any token', async () => {
    const anonymous = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('AuthenticationFailed');
    expect((await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { token: 'whatever' })).status).toBe(200);
  });

  it('requires a well-formed api-version', async () => {
    const missing = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { apiVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
    const bad = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { apiVersion: 'latest' });
    expect(bad.body.error.code).toBe('InvalidApiVersionParameter');
  });

  it('answers 404 with an ARM error naming what is missing', async () => {
    const fabric = await client.get(`${client.vault}/replicationFabrics/no-such-fabric`);
    expect(fabric.status).toBe(404);
    expect(fabric.body.error).toEqual({ code: 'ResourceNotFound', message: expect.stringContaining("'no-such-fabric'") });
    const vault = await client.get(client.vault.replace('vault-siteshift', 'other-vault') + '/replicationFabrics');
    expect(vault.status).toBe(404);
    expect(vault.body.error.message).toContain('Microsoft.RecoveryServices/vaults/other-vault');
    const mapping = await client.get(
      `${client.vault}/replicationFabrics/vmm-contoso/replicationNetworks/legacy-net/replicationNetworkMappings/legacy-net-to-azure`,
    );
    expect(mapping.status).toBe(404);
    const item = await client.get(client.item('hyperv-site-hq', 'cloud_hq-site', 'never-enabled'));
    expect(item.body.error.code).toBe('ResourceNotFound');
  });

  it('serves the seeded topology with ASR shapes, names matched case-insensitively', async () => {
    const fabric = await client.get(`${client.vault}/replicationFabrics/VMWARE-APPLIANCE`);
    expect(fabric.status).toBe(200);
    expect(fabric.body.properties.customDetails).toMatchObject({
      instanceType: 'InMageRcm',
      processServers: [{ name: 'vmware-appliance-ps' }],
    });

    const mappings = await client.get(
      `${client.container('asr-a2a-default-westeurope', 'asr-a2a-default-westeurope-container')}/replicationProtectionContainerMappings`,
    );
    expect(mappings.body.value).toHaveLength(1);
    expect(mappings.body.value[0].properties).toMatchObject({
      state: 'Paired',
      policyId: expect.stringMatching(/\/replicationPolicies\/a2a-24h-policy$/),
      targetProtectionContainerId: expect.stringMatching(/asr-a2a-default-northeurope-container$/),
    });

    const policy = await client.get(`${client.vault}/replicationPolicies/hyperv-to-azure-24h`);
    expect(policy.body.properties.providerSpecificDetails.instanceType).toBe('HyperVReplicaAzure');

    const networkMapping = await client.get(
      `${client.vault}/replicationFabrics/vmm-contoso/replicationNetworks/corp-net/replicationNetworkMappings/corp-net-to-azure`,
    );
    expect(networkMapping.body.properties).toMatchObject({ state: 'Paired', fabricSpecificSettings: { instanceType: 'VmmToAzure' } });

    const protectable = await client.get(`${client.container('hyperv-site-hq', 'cloud_hq-site')}/replicationProtectableItems/hv-web-01`);
    expect(protectable.body.properties).toMatchObject({
      protectionStatus: 'Unprotected',
      supportedReplicationProviders: ['HyperVReplicaAzure'],
    });

    const unmapped = await client.get(client.container('hyperv-site-hq', 'cloud_branch-site'));
    expect(unmapped.body.properties.pairingStatus).toBe('NotPaired');
  });

  it('logs every ARM request with its operation and outcome', async () => {
    emulator.clearRequestLog();
    await client.get(`${client.vault}/replicationPolicies/nope`);
    const logged = await client.call('GET', '/_emulator/requests', undefined, { token: null, apiVersion: null });
    expect(logged.body.requests).toEqual([
      expect.objectContaining({ method: 'GET', operation: 'ReplicationPolicies_Get', status: 404, errorCode: 'ResourceNotFound' }),
    ]);
    expect(emulator.requestLog()).toEqual(logged.body.requests);
  });
});

describe('Retry-After on long-running operations', () => {
  it('is sent on the 202 and on polls only when configured', async () => {
    const slow = await startEmulator({ pollRetryAfterSeconds: 7 });
    try {
      const c = armClient(slow);
      const path = c.item('hyperv-site-hq', 'cloud_hq-site', 'hv-web-01');
      const accepted = await c.call('PUT', path, {
        properties: {
          policyId: `${c.vault}/replicationPolicies/hyperv-to-azure-24h`,
          protectableItemId: `${c.container('hyperv-site-hq', 'cloud_hq-site')}/replicationProtectableItems/hv-web-01`,
          providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
        },
      });
      expect(accepted.headers['retry-after']).toBe('7');
      expect((await c.get(String(accepted.headers['azure-asyncoperation']))).headers['retry-after']).toBe('7');
    } finally {
      await slow.stop();
    }
    const accepted = await client.call('PUT', client.item('hyperv-site-hq', 'cloud_hq-site', 'hv-sql-01'), {
      properties: {
        policyId: `${client.vault}/replicationPolicies/hyperv-to-azure-24h`,
        protectableItemId: `${client.container('hyperv-site-hq', 'cloud_hq-site')}/replicationProtectableItems/hv-sql-01`,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
      },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers['retry-after']).toBeUndefined();
  });
});
