import { SCENARIOS } from '../../common/migration-request';
import { DECISION_SIGNALS, DECISION_UPDATES } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { HAPPY_PATH, stagesOf, startMigration, waitForStage } from '../support/migration-harness';

describe('migrateMachine happy path', () => {
  it.each(SCENARIOS.map((scenario, i) => [scenario, i % 2 === 0 ? 'signal' : 'update'] as const))(
    '%s migrates through every stage with approvals sent as %s',
    async (scenario, via) => {
      const asr = new InMemorySiteRecovery();
      await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
        const request = requestFor(scenario, { wave: 'wave-1' });
        const handle = await startMigration(client, taskQueue, request);

        await waitForStage(handle, 'AwaitingTestApproval');
        const test = { by: 'alice', comment: 'app smoke test passed' };
        if (via === 'signal') await handle.signal(DECISION_SIGNALS.approveTestFailover, test);
        else await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [test] });

        await waitForStage(handle, 'AwaitingFailoverApproval');
        if (via === 'signal') await handle.signal(DECISION_SIGNALS.approveFailover, { by: 'bob' });
        else await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });

        const result = await handle.result();
        expect(stagesOf(result)).toEqual(HAPPY_PATH);
        expect(result.replication.percent).toBe(100);
        expect(result.decisions.map((d) => [d.name, d.via, d.by, d.accepted])).toEqual([
          ['approveTestFailover', via, 'alice', true],
          ['approveFailover', via, 'bob', true],
        ]);
        expect(result.decisions[0].comment).toBe('app smoke test passed');
        expect(result.resources.replicatedItemId).toContain(`/replicationProtectedItems/${request.machineId}`);
        expect(result.resources.testVmId).toMatch(/-test$/);
        expect(result.resources.targetVmId).toContain('/virtualMachines/');
        expect(result.failover?.type).toBe(scenario === 'hyperv-to-azure' ? 'planned' : 'unplanned');
        expect(result.leftBehind).toEqual([]);

        const failoverCall = scenario === 'hyperv-to-azure' ? 'plannedFailover' : 'unplannedFailover';
        const machine = request.machineId;
        expect(asr.calls.filter((c) => c.operation !== 'getReplication').map((c) => c.operation)).toEqual([
          'preflight',
          'enableReplication',
          'testFailover',
          'cleanupTestFailover',
          failoverCall,
          'completeMigration',
        ]);
        expect(asr.items.has(machine)).toBe(false);

        const description = await handle.describe();
        expect(description.searchAttributes.MigrationStage).toEqual(['Completed']);
        expect(description.searchAttributes.SourcePlatform).toEqual([scenario]);
        expect(description.searchAttributes.MigrationWave).toEqual(['wave-1']);
      });
    },
  );
});
