import { SiteRecoveryManagementClient, type HyperVReplicaAzureReplicationDetails } from '@azure/arm-recoveryservices-siterecovery';
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { TEST_VNET, TARGET_RG, TARGET_VNET } from '../support/enable-bodies';

/** The official SDK against the emulator: proves the wire format (paths, LRO headers, bodies, errors) suits it. */

const staticToken: TokenCredential = { getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

let emulator: RunningEmulator;
let sdk: SiteRecoveryManagementClient;
let vault: string;
let rg: string;
const poll = { updateIntervalInMs: 5 };

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 100_000 });
  sdk = new SiteRecoveryManagementClient(staticToken, emulator.subscriptionId, {
    endpoint: emulator.url,
    tlsOptions: { ca: emulator.certificatePem },
    retryOptions: { maxRetries: 3 },
  });
  vault = emulator.vault;
  rg = emulator.resourceGroup;
});
afterAll(() => emulator.stop());

describe('SiteRecoveryManagementClient against the emulator', () => {
  it('reads the topology and surfaces ARM errors as RestError with code and status', async () => {
    const fabric = await sdk.replicationFabrics.get(vault, rg, 'vmm-contoso');
    expect(fabric.properties?.customDetails?.instanceType).toBe('VMM');
    const mappings = [];
    for await (const m of sdk.replicationProtectionContainerMappings.listByReplicationProtectionContainers(
      vault,
      rg,
      'vmm-contoso',
      'cloud-production',
    ))
      mappings.push(m);
    expect(mappings.map((m) => m.name)).toEqual(['production-cloud-to-azure']);
    await expect(sdk.replicationFabrics.get(vault, rg, 'nope')).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('enables replication, fails over and completes the migration with begin...AndWait', async () => {
    const container = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/hyperv-site-hq/replicationProtectionContainers/cloud_hq-site`;
    const created = await sdk.replicationProtectedItems.beginCreateAndWait(
      vault,
      rg,
      'hyperv-site-hq',
      'cloud_hq-site',
      'hv-web-01',
      {
        properties: {
          policyId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationPolicies/hyperv-to-azure-24h`,
          protectableItemId: `${container}/replicationProtectableItems/hv-web-01`,
          providerSpecificDetails: {
            instanceType: 'HyperVReplicaAzure',
            targetAzureVmName: 'hv-web-01',
            targetAzureV2ResourceGroupId: TARGET_RG,
            targetAzureNetworkId: TARGET_VNET,
            useManagedDisks: 'true',
          },
        },
      },
      poll,
    );
    expect(created.name).toBe('hv-web-01');
    expect(created.properties?.currentScenario?.startTime).toBeInstanceOf(Date);

    let item = created;
    for (let i = 0; i < 200 && item.properties?.protectionState !== 'Protected'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      item = await sdk.replicationProtectedItems.get(vault, rg, 'hyperv-site-hq', 'cloud_hq-site', 'hv-web-01');
    }
    const details = item.properties?.providerSpecificDetails as HyperVReplicaAzureReplicationDetails;
    expect(details.initialReplicationDetails?.initialReplicationProgressPercentage).toBe('100');

    const tested = await sdk.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      'hyperv-site-hq',
      'cloud_hq-site',
      'hv-web-01',
      {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          networkType: 'VmNetworkAsInput',
          networkId: TEST_VNET,
          providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
        },
      },
      poll,
    );
    expect(tested.properties?.testFailoverState).toBe('WaitingForCompletion');

    await expect(
      sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
        vault,
        rg,
        'hyperv-site-hq',
        'cloud_hq-site',
        'hv-web-01',
        { properties: { failoverDirection: 'PrimaryToRecovery' } },
        poll,
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'TestFailoverInProgress' });

    await sdk.replicationProtectedItems.beginTestFailoverCleanupAndWait(
      vault,
      rg,
      'hyperv-site-hq',
      'cloud_hq-site',
      'hv-web-01',
      { properties: { comments: 'ok' } },
      poll,
    );
    const failedOver = await sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      rg,
      'hyperv-site-hq',
      'cloud_hq-site',
      'hv-web-01',
      { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } },
      poll,
    );
    expect(failedOver.properties?.activeLocation).toBe('Recovery');

    await sdk.replicationProtectedItems.beginDeleteAndWait(
      vault,
      rg,
      'hyperv-site-hq',
      'cloud_hq-site',
      'hv-web-01',
      { properties: { disableProtectionReason: 'MigrationComplete' } },
      poll,
    );
    await expect(sdk.replicationProtectedItems.get(vault, rg, 'hyperv-site-hq', 'cloud_hq-site', 'hv-web-01')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('reports a failed job through the poller, and the job is readable with its error', async () => {
    emulator.setFaults({ failingJobs: [{ item: 'hv-sql-01', scenario: 'EnableDr', code: '70094', message: 'Hyper-V host unreachable.' }] });
    let jobName: string | undefined;
    await expect(
      sdk.replicationProtectedItems.beginCreateAndWait(
        vault,
        rg,
        'hyperv-site-hq',
        'cloud_hq-site',
        'hv-sql-01',
        {
          properties: {
            policyId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationPolicies/hyperv-to-azure-24h`,
            protectableItemId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/hyperv-site-hq/replicationProtectionContainers/cloud_hq-site/replicationProtectableItems/hv-sql-01`,
            providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
          },
        },
        { ...poll, onResponse: (raw) => (jobName ??= raw.headers.get('location')?.match(/replicationOperationResults\/([^?]+)/)?.[1]) },
      ),
    ).rejects.toThrow(/70094.*Hyper-V host unreachable/);
    const job = await sdk.replicationJobs.get(vault, rg, jobName!);
    expect(job.properties?.state).toBe('Failed');
    expect(job.properties?.errors?.[0].serviceErrorDetails).toMatchObject({ code: '70094', message: 'Hyper-V host unreachable.' });
    emulator.setFaults({});
  });

  it('rides out a 429 with Retry-After through the SDK retry policy', async () => {
    emulator.setFaults({ throttling: { nextRequests: 1, status: 429, retryAfterSeconds: 1 } });
    const policy = await sdk.replicationPolicies.get(vault, rg, 'a2a-24h-policy');
    expect(policy.properties?.providerSpecificDetails?.instanceType).toBe('A2A');
    const calls = emulator
      .requestLog()
      .filter((e) => e.operation === 'ReplicationPolicies_Get' || e.fault === 'throttled')
      .slice(-2);
    expect(calls.map((e) => e.status)).toEqual([429, 200]);
  });
});
