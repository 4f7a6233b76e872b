import type { RunningEmulator } from '../../emulator';
import type { MigrationRequest } from '../../common/migration-request';
import type { DisasterRecovery, ReprotectInput } from '../../site-recovery/disaster-recovery';
import { replicatedItemRefFor, type ReplicatedItemRef, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { LOG_STORAGE_ACCOUNT_ID, REPROTECT_AGENTS } from '../support/dr-inventory';
import { sampleRequest } from '../support/samples';

/**
 * Full disaster recovery cycles through the adapter against the emulator, per ASR's rules for each source:
 * Hyper-V fails back by a planned failover from Azure, then is reprotected; VMware and physical machines are first
 * reprotected to on-premises (a VMware VM: physical servers fail back to one only), then fail back and are reprotected.
 */

let emulator: RunningEmulator;
let adapter: SiteRecovery & DisasterRecovery;

beforeEach(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterEach(() => emulator?.stop());

/** Requests of the operation that started a job (refusals excluded). */
const submitted = (operation: string, item: string) => handled(emulator, operation, item).filter((entry) => entry.status === 202);

async function protect(request: MigrationRequest): Promise<ReplicatedItemRef> {
  await adapter.enableReplication(request, recordingOp());
  await untilProtected(emulator, adapter, request);
  const ref = replicatedItemRefFor(request);
  expect(await adapter.getProtection(ref)).toMatchObject({ stage: 'Protected', activeLocation: 'Primary', replicationHealth: 'Normal' });
  return ref;
}

/** A drill: test failover into the isolated network, then its cleanup. */
async function drill(request: MigrationRequest, ref: ReplicatedItemRef) {
  await adapter.testFailover(request, recordingOp());
  expect((await adapter.getProtection(ref)).testFailoverState).toBe('WaitingForCompletion');
  await adapter.cleanupTestFailover(ref, 'drill signed off', recordingOp());
  expect((await adapter.getProtection(ref)).allowedOperations).toContain('TestFailover');
}

async function stage(ref: ReplicatedItemRef) {
  const { stage: current, activeLocation, provider, allowedOperations } = await adapter.getProtection(ref);
  return { stage: current, activeLocation, provider, allowedOperations };
}

describe('Hyper-V', () => {
  it.each(['hyperv-site', 'hyperv-vmm'])(
    '%s: protect, drill, planned failover, change recovery point, commit, failback, commit, reprotect: protected again',
    async (sample) => {
      const request = sampleRequest(sample);
      const ref = await protect(request);
      await drill(request, ref);

      const failover = await adapter.failover(ref, { type: 'planned', recoveryPoint: 'LatestProcessed' }, recordingOp());
      expect(failover).toMatchObject({ type: 'planned', targetVmId: expect.stringMatching(/virtualMachines\//) });
      expect(await stage(ref)).toMatchObject({ stage: 'FailedOver', activeLocation: 'Recovery' });
      expect((await stage(ref)).allowedOperations).toEqual(expect.arrayContaining(['Commit', 'ChangePit']));

      const points = await adapter.listRecoveryPoints(ref);
      expect(points.length).toBeGreaterThan(1);
      const appConsistent = points.find((p) => p.type === 'ApplicationConsistent')!;
      const changed = await adapter.changeRecoveryPoint(ref, { recoveryPointId: appConsistent.id }, recordingOp());
      expect(changed.recoveryPointId).toBe(appConsistent.id);
      expect((await adapter.getProtection(ref)).failoverRecoveryPointId?.toLowerCase()).toBe(appConsistent.id.toLowerCase());

      await adapter.commit(ref, recordingOp());
      expect(await stage(ref)).toMatchObject({ stage: 'FailoverCommitted', activeLocation: 'Recovery' });
      expect((await stage(ref)).allowedOperations).toContain('Failback');
      // Hyper-V is not reprotected from Azure: it fails back first.
      await expect(adapter.reprotect(ref, {}, recordingOp())).rejects.toMatchObject({ code: 'ReprotectNotAllowed', retryable: false });

      const failback =
        sample === 'hyperv-site'
          ? ({ provider: 'HyperVReplicaAzure', dataSync: 'ForDownTime' } as const)
          : ({
              provider: 'HyperVReplicaAzure',
              dataSync: 'ForSynchronization',
              alternateLocation: { providerId: 'hv-host-02-provider' },
            } as const);
      await adapter.failback(ref, failback, recordingOp());
      expect(await stage(ref)).toMatchObject({ stage: 'FailedBack', activeLocation: 'Primary' });
      const plannedFailovers = submitted('ReplicationProtectedItems_PlannedFailover', request.machineId);
      expect(plannedFailovers).toHaveLength(2);

      await adapter.commit(ref, recordingOp());
      expect(await stage(ref)).toMatchObject({
        stage: 'FailbackCommitted',
        activeLocation: 'Primary',
        allowedOperations: ['ReverseReplicate', 'DisableProtection'],
      });
      await adapter.reprotect(ref, {}, recordingOp());
      const back = await adapter.getProtection(ref);
      expect(back).toMatchObject({
        stage: 'Protected',
        activeLocation: 'Primary',
        provider: 'HyperVReplicaAzure',
        replicationHealth: 'Normal',
      });
      expect(back.allowedOperations).toEqual(expect.arrayContaining(['PlannedFailover', 'TestFailover']));
      expect(back.rpoSeconds).toBe(300);

      // Each step ran once, however often it is asked again (a retried activity).
      await adapter.failback(ref, failback, recordingOp());
      await adapter.commit(ref, recordingOp());
      await adapter.reprotect(ref, {}, recordingOp());
      expect(submitted('ReplicationProtectedItems_FailoverCommit', request.machineId)).toHaveLength(2);
      expect(submitted('ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(1);
      expect(submitted('ReplicationProtectedItems_PlannedFailover', request.machineId)).toHaveLength(2);
      // And it can be drilled again.
      await drill(request, ref);
    },
  );
});

describe('VMware and physical (InMageRcm)', () => {
  const cases = [
    ['vmware', REPROTECT_AGENTS.vmware],
    // A physical server fails back to a VMware VM: through the appliance's agent on the DR site's vCenter.
    ['physical', REPROTECT_AGENTS.drSiteVmware],
  ] as const;
  it.each(cases)(
    '%s: protect, drill, unplanned failover, commit, reprotect to on-premises, failback, commit, reprotect to Azure',
    async (sample, agent) => {
      const request = sampleRequest(sample);
      if (request.scenario !== 'vmware-to-azure' && request.scenario !== 'physical-to-azure') throw new Error('InMageRcm sample expected');
      const ref = await protect(request);
      await drill(request, ref);

      await expect(adapter.failover(ref, { type: 'planned', recoveryPoint: 'Latest' }, recordingOp())).rejects.toMatchObject({
        code: 'PlannedFailoverNotSupported',
      });
      const failover = await adapter.failover(
        ref,
        { type: 'unplanned', recoveryPoint: 'LatestApplicationConsistent', shutdownSource: true },
        recordingOp(),
      );
      expect(failover.type).toBe('unplanned');
      expect(await stage(ref)).toMatchObject({ stage: 'FailedOver', activeLocation: 'Recovery', provider: 'InMageRcm' });
      const sent = submitted('ReplicationProtectedItems_UnplannedFailover', request.machineId);
      expect(sent).toHaveLength(1);

      // Failback before commit, and before the reprotect to on-premises, are refused as ASR refuses them.
      await expect(
        adapter.failback(ref, { provider: 'InMageRcm', recoveryPointType: 'CrashConsistent' }, recordingOp()),
      ).rejects.toMatchObject({ code: 'FailoverNotCommitted', retryable: false });
      await adapter.commit(ref, recordingOp());
      expect(await stage(ref)).toMatchObject({
        stage: 'FailoverCommitted',
        allowedOperations: expect.arrayContaining(['ReverseReplicate']),
      });
      await expect(
        adapter.failback(ref, { provider: 'InMageRcm', recoveryPointType: 'CrashConsistent' }, recordingOp()),
      ).rejects.toMatchObject({ code: 'ReprotectRequiredBeforeFailback' });

      const onPremises: ReprotectInput = {
        onPremises: { reprotectAgentId: agent.id, datastoreName: agent.datastore, logStorageAccountId: LOG_STORAGE_ACCOUNT_ID },
      };
      await adapter.reprotect(ref, onPremises, recordingOp());
      expect(await stage(ref)).toMatchObject({
        stage: 'ReverseProtected',
        activeLocation: 'Recovery',
        provider: 'InMageRcmFailback',
        allowedOperations: ['PlannedFailover', 'DisableProtection'],
      });

      await adapter.failback(ref, { provider: 'InMageRcm', recoveryPointType: 'ApplicationConsistent' }, recordingOp());
      expect(await stage(ref)).toMatchObject({ stage: 'FailedBack', activeLocation: 'Primary', provider: 'InMageRcmFailback' });
      await adapter.commit(ref, recordingOp());
      expect(await stage(ref)).toMatchObject({ stage: 'FailbackCommitted', allowedOperations: ['ReverseReplicate', 'DisableProtection'] });

      const toAzure: ReprotectInput = {
        toAzure: {
          processServerId: request.source.processServerId,
          runAsAccountId: request.scenario === 'vmware-to-azure' ? request.source.runAsAccountId : undefined,
          policyName: request.replicationPolicyName,
        },
      };
      await adapter.reprotect(ref, toAzure, recordingOp());
      const back = await adapter.getProtection(ref);
      expect(back).toMatchObject({
        stage: 'Protected',
        activeLocation: 'Primary',
        provider: 'InMageRcm',
        replicationHealth: 'Normal',
        rpoSeconds: 30,
      });
      expect(back.allowedOperations).toEqual(['UnplannedFailover', 'DisableProtection', 'TestFailover']);
      expect(submitted('ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(2);

      await drill(request, ref);
      expect(await adapter.disableProtection(ref, recordingOp())).toEqual({ removed: true });
      expect(await adapter.findReplication(ref)).toBeUndefined();
      expect(await adapter.disableProtection(ref, recordingOp())).toEqual({ removed: false });
    },
  );
});
