import type { MigrationRequestInput } from '../../common/migration-request';
import type { ProtectableScenario } from '../../common/protection-request';
import type { ProtectionStage } from '../../common/protection-stages';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { protectionRequestFor, startProtection, waitForProtectionStage } from '../support/protection-harness';
import { withWorker } from '../support/temporal';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const ON_PREMISES = {
  reprotectAgentId: 'appliance-reprotect-agent-1',
  datastoreName: 'datastore-01',
  logStorageAccountId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/asr-rg/providers/Microsoft.Storage/storageAccounts/asrlogs`,
};

const CASES: { name: string; scenario: ProtectableScenario; overrides?: Partial<MigrationRequestInput> }[] = [
  { name: 'Hyper-V site', scenario: 'hyperv-to-azure' },
  {
    name: 'Hyper-V under VMM',
    scenario: 'hyperv-to-azure',
    overrides: {
      source: {
        fabricName: 'vmm-server',
        protectionContainerName: 'vmm-cloud',
        protectableItemName: 'vm-guid-2',
        vmmNetworkMapping: { fabricName: 'vmm-server', networkName: 'vm-network', mappingName: 'vmm-to-azure' },
      },
    } as Partial<MigrationRequestInput>,
  },
  { name: 'VMware', scenario: 'vmware-to-azure' },
  { name: 'physical', scenario: 'physical-to-azure' },
];

describe('protectMachine: the full disaster-recovery cycle', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: protect, drill, fail over, commit, reprotect, fail back and end Protected again',
    async (_name, { scenario, overrides }) => {
      const dr = new InMemoryDisasterRecovery();
      await withWorker({ siteRecovery: dr }, async (worker) => {
        const started = await startProtection(worker, protectionRequestFor(scenario, overrides));
        const { protections, id, status: protectedStatus } = started;
        const at = (stage: ProtectionStage) => waitForProtectionStage(protections, id, stage);
        expect(started.handle.workflowId).toBe(`protect-${id}`);
        expect(protectedStatus.replication.percent).toBe(100);

        // A drill, signed off.
        expect((await protections.runDrill(id, { by: 'ana', comment: 'quarterly drill' }))?.stage).toBe('Drilling');
        await at('AwaitingDrillSignOff');
        expect((await protections.approveDrill(id, { by: 'ben' }))?.stage).toBe('CleaningUpDrill');
        const drilled = await at('Protected');
        expect(drilled.drills).toEqual([
          expect.objectContaining({
            by: 'ana',
            comment: 'quarterly drill',
            result: 'passed',
            endedBy: 'ben',
            testVmId: expect.stringMatching(/-test$/),
          }),
        ]);
        expect(drilled.resources.testVmId).toBeUndefined();

        // Fail over to Azure, commit.
        await protections.failover(id, { by: 'ana', type: 'unplanned', recoveryPoint: 'LatestProcessed', shutdownSource: true });
        const failedOver = await at('FailedOver');
        expect(failedOver.activeLocation).toBe('Recovery');
        expect(failedOver.failover).toMatchObject({ type: 'unplanned', recoveryPoint: 'LatestProcessed', shutdownSource: true });
        await protections.commit(id, { by: 'ana' });
        await at('FailoverCommitted');

        // Fail back per ASR's rules for the source.
        if (scenario === 'hyperv-to-azure') {
          await protections.failback(id, { by: 'ben', dataSync: 'beforeFailover' });
        } else {
          await protections.reprotect(id, { by: 'ben', onPremises: ON_PREMISES });
          await at('ReplicatingToPrimary');
          expect(dr.stageOf(id)).toBe('ReverseProtected');
          await protections.failback(id, { by: 'ben', target: scenario === 'physical-to-azure' ? 'vmware-vm' : 'original' });
        }
        const failedBack = await at('FailedBack');
        expect(failedBack.activeLocation).toBe('Primary');
        await protections.commit(id, { by: 'ben' });
        await at('FailbackCommitted');
        await protections.reprotect(id, { by: 'ben' });
        const final = await at('Protected');

        expect(dr.stageOf(id)).toBe('Protected');
        const reversal = scenario === 'hyperv-to-azure' ? [] : ['Reprotecting', 'ReplicatingToPrimary'];
        expect(final.stages.map((s) => s.stage)).toEqual([
          'Preflight',
          'EnablingReplication',
          'InitialReplication',
          'Protected',
          'Drilling',
          'AwaitingDrillSignOff',
          'CleaningUpDrill',
          'Protected',
          'FailingOver',
          'FailedOver',
          'Committing',
          'FailoverCommitted',
          ...reversal,
          'FailingBack',
          'FailedBack',
          'Committing',
          'FailbackCommitted',
          'Reprotecting',
          'Protected',
        ]);
        const drCalls = dr.calls.map((c) => c.operation).filter((op) => op !== 'getReplication' && op !== 'getProtection');
        expect(drCalls).toEqual([
          'preflight',
          'enableReplication',
          'testFailover',
          'cleanupTestFailover',
          'drFailover',
          'commit',
          ...(scenario === 'hyperv-to-azure' ? [] : ['drReprotect']),
          'failback',
          'commit',
          'drReprotect',
        ]);
        expect(final.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by])).toEqual([
          ['runDrill', 'ana'],
          ['approveDrill', 'ben'],
          ['failover', 'ana'],
          ['commit', 'ana'],
          ...(scenario === 'hyperv-to-azure' ? [] : [['reprotect', 'ben']]),
          ['failback', 'ben'],
          ['commit', 'ben'],
          ['reprotect', 'ben'],
        ]);
        expect(final.lastError).toBeUndefined();

        const stopped = await protections.stopProtection(id, { by: 'ana', reason: 'decommissioned' });
        expect(stopped?.stage).toBe('StoppingProtection');
        expect(((await protections.handleFor(id).result()) as { stage: string }).stage).toBe('ProtectionStopped');
        expect(dr.items.has(id)).toBe(false);
        const description = await protections.handleFor(id).describe();
        expect(description.status.name).toBe('COMPLETED');
        expect(description.searchAttributes.MigrationStage).toEqual(['ProtectionStopped']);
      });
    },
  );
});
