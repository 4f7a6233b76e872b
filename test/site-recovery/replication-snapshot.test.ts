import { toReplicationSnapshot } from '../../site-recovery/azure/replication-snapshot';
import { failoverVmId } from '../../site-recovery/azure/target-vm';
import { parsedRequestFor } from '../support/requests';

describe('replication snapshot', () => {
  it("reads each provider's own initial replication progress field", () => {
    const hyperV = toReplicationSnapshot({
      properties: {
        protectionState: 'InitialReplicationInProgress',
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          initialReplicationDetails: { initialReplicationProgressPercentage: '42.5' },
        },
      },
    });
    const inMage = toReplicationSnapshot({
      properties: {
        protectionState: 'InitialReplicationInProgress',
        providerSpecificDetails: { instanceType: 'InMageRcm', initialReplicationProgressPercentage: 17 } as never,
      },
    });
    const a2a = toReplicationSnapshot({
      properties: {
        protectionState: 'InitialReplicationInProgress',
        providerSpecificDetails: { instanceType: 'A2A', monitoringPercentageCompletion: 63 },
      },
    });
    expect([hyperV.initialSyncPercent, inMage.initialSyncPercent, a2a.initialSyncPercent]).toEqual([42.5, 17, 63]);
    expect(hyperV.initialSyncComplete).toBe(false);
  });

  it('a protected item has completed its initial sync', () => {
    const snapshot = toReplicationSnapshot({
      properties: {
        protectionState: 'Protected',
        replicationHealth: 'Warning',
        testFailoverState: 'None',
        allowedOperations: ['TestFailover'],
        healthErrors: [{ errorCode: '78144', summaryMessage: 'No app-consistent recovery point in the last 4 hours' }],
        providerSpecificDetails: { instanceType: 'A2A' },
      },
    });
    expect(snapshot).toEqual({
      protectionState: 'Protected',
      replicationHealth: 'Warning',
      initialSyncPercent: 100,
      initialSyncComplete: true,
      testFailoverState: 'None',
      allowedOperations: ['TestFailover'],
      healthErrors: [{ code: '78144', message: 'No app-consistent recovery point in the last 4 hours' }],
    });
  });

  it('names the failed-over VM from what the provider reports', () => {
    const request = parsedRequestFor('vmware-to-azure');
    const item = {
      properties: {
        providerSpecificDetails: {
          instanceType: 'InMageRcm',
          targetResourceGroupId: '/subscriptions/s/resourceGroups/rg-t',
          targetVmName: 'web01',
        } as never,
      },
    };
    expect(failoverVmId(item, request, 'failover')).toBe(
      '/subscriptions/s/resourceGroups/rg-t/providers/Microsoft.Compute/virtualMachines/web01',
    );
    expect(failoverVmId(item, request, 'test')).toBe(
      '/subscriptions/s/resourceGroups/rg-t/providers/Microsoft.Compute/virtualMachines/web01-test',
    );
    const a2a = {
      properties: {
        providerSpecificDetails: {
          instanceType: 'A2A' as const,
          recoveryFabricObjectId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/app1-asr',
        },
      },
    };
    expect(failoverVmId(a2a, parsedRequestFor('azure-to-azure'), 'failover')).toMatch(/app1-asr$/);
  });
});
