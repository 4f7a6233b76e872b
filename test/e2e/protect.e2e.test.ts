import { ProtectionClient } from '../../client/protection-client';
import type { ProtectionStage } from '../../common/protection-stages';
import type { ProtectionStatus } from '../../common/protection-status';
import { LOG_STORAGE_ACCOUNT_ID, REPROTECT_AGENTS } from '../support/dr-inventory';
import { e2eAdapter, e2eRequest, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { PROTECTED_WITH_HEALTH, startProtection, waitForProtection, type ProtectionReadiness } from '../support/protection-harness';
import { withWorker } from '../support/temporal';

/**
 * protectMachine end to end: the workflow, the real adapter and the emulator's disaster-recovery state machines
 * (HyperVReplicaAzure and InMageRcm as ASR exposes them), every decision sent through the ProtectionClient.
 */

let emulator: E2eEmulator;
beforeAll(async () => {
  emulator = await startE2eEmulator();
});
afterAll(() => emulator?.stop());

/** A sample request of the emulator as a protection request, health read every second. */
function protectionOf(sample: string) {
  return { ...e2eRequest(sample), mode: 'disaster-recovery', protection: { healthCheckSeconds: 1 } } as const;
}

/** Starts `request` on a worker against the emulator, then runs `test` once `until` holds. */
async function whenStarted<T>(
  request: { machineId: string },
  until: ProtectionReadiness,
  test: (protections: ProtectionClient) => Promise<T>,
): Promise<T> {
  return withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async (worker) =>
    test((await startProtection(worker, request, until, 60_000)).protections),
  );
}

const reach = (protections: ProtectionClient, id: string, stage: ProtectionStage) =>
  waitForProtection(protections, id, (s) => s.stage === stage, `${id} in ${stage}`, 60_000);

const AGENTS = { 'vmware-to-azure': REPROTECT_AGENTS.vmware, 'physical-to-azure': REPROTECT_AGENTS.drSiteVmware } as const;

describe('protectMachine end to end against the emulator', () => {
  it.each(['hyperv-site', 'hyperv-vmm', 'vmware', 'physical'])(
    '%s: protect, drill, fail over, commit, reprotect, fail back, commit, reprotect: Protected again',
    async (sample) => {
      const request = protectionOf(sample);
      const id = request.machineId;
      await whenStarted(request, 'Protected', async (protections) => {
        await protections.runDrill(id, { by: 'ana', comment: 'DR drill' });
        await reach(protections, id, 'AwaitingDrillSignOff');
        await protections.approveDrill(id, { by: 'ben' });
        await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);

        const hyperV = request.scenario === 'hyperv-to-azure';
        await protections.failover(
          id,
          hyperV ? { by: 'ana', type: 'planned' } : { by: 'ana', type: 'unplanned', recoveryPoint: 'LatestApplicationConsistent' },
        );
        await reach(protections, id, 'FailedOver');
        await protections.commit(id, { by: 'ana' });
        await reach(protections, id, 'FailoverCommitted');
        if (hyperV) {
          await protections.failback(id, { by: 'ben', dataSync: 'beforeFailover' });
        } else {
          const agent = AGENTS[request.scenario as keyof typeof AGENTS];
          await protections.reprotect(id, {
            by: 'ben',
            onPremises: { reprotectAgentId: agent.id, datastoreName: agent.datastore, logStorageAccountId: LOG_STORAGE_ACCOUNT_ID },
          });
          await reach(protections, id, 'ReplicatingToPrimary');
          await protections.failback(id, { by: 'ben', target: request.scenario === 'physical-to-azure' ? 'vmware-vm' : 'original' });
        }
        await reach(protections, id, 'FailedBack');
        await protections.commit(id, { by: 'ben' });
        await reach(protections, id, 'FailbackCommitted');
        await protections.reprotect(id, { by: 'ben' });
        const back = await reach(protections, id, 'Protected');
        expect(back.lastError).toBeUndefined();
        expect(back.activeLocation).toBe('Primary');
        const healthy = await waitForProtection(
          protections,
          id,
          (s) => s.health?.activeLocation === 'Primary' && s.health.replicationHealth === 'Normal',
        );
        expect(healthy.activeAlerts).toEqual([]);

        const counts = sideEffectCounts(emulator.current, id);
        expect(counts).toMatchObject({
          ReplicationProtectedItems_Create: 1,
          ReplicationProtectedItems_TestFailover: 1,
          ReplicationProtectedItems_TestFailoverCleanup: 1,
          ReplicationProtectedItems_FailoverCommit: 2,
          ReplicationProtectedItems_Reprotect: hyperV ? 1 : 2,
          ReplicationProtectedItems_PlannedFailover: hyperV ? 2 : 1,
        });
        await protections.stopProtection(id, { by: 'ana', reason: 'end of the test' });
        expect(((await protections.handleFor(id).result()) as ProtectionStatus).stage).toBe('ProtectionStopped');
      });
    },
  );

  it('raises an RPO alert when replication stalls and clears it once replication resumes', async () => {
    const request = protectionOf('hyperv-site-sql');
    const id = request.machineId;
    await whenStarted(request, PROTECTED_WITH_HEALTH, async (protections) => {
      emulator.current.setFaults({ replicationThroughput: [{ item: id, factor: 0 }] });
      const late = await waitForProtection(protections, id, (s) => s.activeAlerts.some((a) => a.kind === 'rpo'), 'an RPO alert', 60_000);
      expect(late.health?.rpoSeconds).toBeGreaterThan(late.health!.rpoThresholdSeconds);
      emulator.current.setFaults({});
      const recovered = await waitForProtection(
        protections,
        id,
        (s) => s.activeAlerts.length === 0 && s.alerts.some((a) => a.kind === 'rpo'),
        'the RPO alert cleared',
        60_000,
      );
      expect(recovered.health?.rpoExceeded).toBe(false);
      expect(recovered.alerts.find((a) => a.kind === 'rpo')?.clearedAt).toEqual(expect.any(String));
      await protections.stopProtection(id, { by: 'ana', reason: 'end of the test' });
    });
  });

  it('refuses a physical failback through an appliance without vCenter (ASR fails back to a VMware VM only), then succeeds through one', async () => {
    const request = protectionOf('physical-app');
    const id = request.machineId;
    await whenStarted(request, 'Protected', async (protections) => {
      await protections.failover(id, { by: 'ana', type: 'unplanned' });
      await reach(protections, id, 'FailedOver');
      await protections.commit(id, { by: 'ana' });
      await reach(protections, id, 'FailoverCommitted');
      const noVcenter = {
        reprotectAgentId: REPROTECT_AGENTS.physicalSite.id,
        datastoreName: 'any',
        logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
      };
      await protections.reprotect(id, { by: 'ben', onPremises: noVcenter });
      const refused = await waitForProtection(
        protections,
        id,
        (s) => s.stage === 'FailoverCommitted' && s.lastError !== undefined,
        'the refusal',
      );
      expect(refused.lastError).toMatchObject({ stage: 'Reprotecting' });
      const agent = REPROTECT_AGENTS.drSiteVmware;
      await protections.reprotect(id, {
        by: 'ben',
        onPremises: { reprotectAgentId: agent.id, datastoreName: agent.datastore, logStorageAccountId: LOG_STORAGE_ACCOUNT_ID },
      });
      await reach(protections, id, 'ReplicatingToPrimary');
      await protections.stopProtection(id, { by: 'ana', reason: 'end of the test' });
    });
  });

  it('converts a protected machine to a migration: failover, then Complete Migration', async () => {
    const request = protectionOf('vmware-db');
    const id = request.machineId;
    await whenStarted(request, 'Protected', async (protections) => {
      await protections.convertToMigration(id, { by: 'ana', comment: 'the datacenter closes' });
      const final = (await protections.handleFor(id).result()) as ProtectionStatus;
      expect(final.stage).toBe('MigrationCompleted');
      expect(final.lastError).toBeUndefined();
      expect(sideEffectCounts(emulator.current, id)).toMatchObject({
        ReplicationProtectedItems_UnplannedFailover: 1,
        ReplicationProtectedItems_Delete: 1,
      });
    });
  });
});
