import { failoverTypeFor } from '../../common/migration-request';
import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, SiteRecoveryError, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

describe.each(['hyperv-site', 'hyperv-vmm', 'vmware', 'physical', 'aws', 'azure'])(
  'the %s sample, end to end through the adapter',
  (name) => {
    const request = sampleRequest(name);
    const ref = replicatedItemRefFor(request);

    it('passes preflight', async () => {
      const report = await adapter.preflight(request);
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.checks.map((check) => check.resource)).toEqual(
        expect.arrayContaining(['vault', 'fabric', 'protectionContainer', 'containerMapping', 'replicationPolicy']),
      );
    });

    it('enables replication once, and adopts the item on a second call', async () => {
      const first = recordingOp();
      const created = await adapter.enableReplication(request, first);
      expect(created).toMatchObject({ replicatedItemName: request.machineId, adopted: false });
      expect(created.id.toLowerCase()).toContain(`/replicationprotecteditems/${request.machineId.toLowerCase()}`);
      expect(first.tokens).toHaveLength(1);

      const again = await adapter.enableReplication(request, recordingOp());
      expect(again).toMatchObject({ id: created.id, adopted: true });
      expect(handled(emulator, 'ReplicationProtectedItems_Create', request.machineId)).toHaveLength(1);
    });

    it('reports initial replication until the item is protected', async () => {
      const snapshot = await untilProtected(emulator, adapter, request);
      expect(snapshot).toMatchObject({ protectionState: 'Protected', initialSyncPercent: 100, testFailoverState: 'None' });
      expect(snapshot.allowedOperations).toContain('TestFailover');
    });

    it('runs a test failover into the test network, once, then cleans it up', async () => {
      const { testVmId } = await adapter.testFailover(request, recordingOp());
      expect(testVmId).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i);
      expect((await adapter.getReplication(ref)).testFailoverState).not.toBe('None');

      const retried = await adapter.testFailover(request, recordingOp());
      expect(retried.testVmId).toBe(testVmId);
      expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(1);

      await adapter.cleanupTestFailover(ref, 'test passed', recordingOp());
      await adapter.cleanupTestFailover(ref, 'test passed', recordingOp());
      expect(handled(emulator, 'ReplicationProtectedItems_TestFailoverCleanup', request.machineId)).toHaveLength(1);
      expect((await adapter.getReplication(ref)).testFailoverState).toBe('MarkedForDeletion');
    });

    it(`fails over (${failoverTypeFor(request.scenario)}) once`, async () => {
      const type = failoverTypeFor(request.scenario);
      const planned = type === 'planned';
      const run = () => adapter.failOver(request, recordingOp());
      const { targetVmId } = await run();
      expect(targetVmId).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i);
      expect(await run()).toEqual({ type, targetVmId });
      const operation = planned ? 'ReplicationProtectedItems_PlannedFailover' : 'ReplicationProtectedItems_UnplannedFailover';
      expect(handled(emulator, operation, request.machineId)).toHaveLength(1);
    });

    it('completes the migration by disabling protection with reason MigrationComplete, once', async () => {
      await adapter.completeMigration(ref, recordingOp());
      await adapter.completeMigration(ref, recordingOp());
      expect(handled(emulator, 'ReplicationProtectedItems_Delete', request.machineId)).toHaveLength(1);
      const disableJobs = Object.values(emulator.state().jobs).filter(
        (job) => job.itemName === request.machineId && job.scenario === 'DisableDr',
      );
      expect(disableJobs.map((job) => job.details.DisableProtectionReason)).toEqual(['MigrationComplete']);
      await expect(adapter.getReplication(ref)).rejects.toMatchObject({ options: { statusCode: 404, retryable: false } });
      await expect(adapter.getReplication(ref)).rejects.toBeInstanceOf(SiteRecoveryError);
      expect(await adapter.removeReplication(ref, recordingOp())).toEqual({ removed: false });
    });
  },
);
