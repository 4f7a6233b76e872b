import { WaveClient } from '../../client/wave-client';
import { DECISION_RULES } from '../../common/decision-policy';
import type { MigrationStatus } from '../../common/migration-status';
import { updateRefusal } from '../support/decision-harness';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import type { MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(90_000);

/** A wave started by sam of two groups (the second machine names its own starter, olga), its test approved by alice. */
async function waitingForCutover(waves: WaveClient) {
  const request = {
    name: waveName('four-eyes'),
    startedBy: 'sam',
    groups: [
      { name: 'database', machines: [requestFor('vmware-to-azure')] },
      { name: 'application', machines: [requestFor('hyperv-to-azure', { startedBy: 'olga' })] },
    ],
    replicationConcurrency: 2,
  };
  const { handle } = await waves.startWave(request);
  await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
  await waves.approveWaveTest(request.name, { by: 'alice' });
  await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
  return { request, handle: handle as MigrationHandle };
}

describe('four-eyes on wave decisions: the wave cutover approver started neither the wave nor a machine, nor approved the wave test', () => {
  it('refuses the starters and the test approver, by update (naming the rule) and by signal, records each, then a third person cuts over', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const { request, handle } = await waitingForCutover(waves);
      expect((await waves.waveStatus(request.name)).decisionPolicy).toEqual({ fourEyes: true, signedDecisions: false });

      const byStarter = await updateRefusal(handle, 'approveWaveCutover', { by: ' SAM' });
      expect(byStarter.type).toBe('DecisionRejected');
      expect(byStarter.message).toBe(
        'four-eyes: the cutover must be approved by someone else than whoever started the wave (SAM started it)',
      );
      expect(byStarter.details).toEqual([{ rule: DECISION_RULES.fourEyesStarter }]);
      const machineStarter = await updateRefusal(handle, 'approveWaveCutover', { by: 'olga' });
      expect(machineStarter.message).toContain(`whoever started ${request.groups[1].machines[0].machineId}`);
      expect(machineStarter.details).toEqual([{ rule: DECISION_RULES.fourEyesStarter }]);
      const byTester = await updateRefusal(handle, 'approveWaveCutover', { by: 'Alice' });
      expect(byTester.message).toBe(
        'four-eyes: the cutover must be approved by someone else than whoever approved the wave test (Alice approved it)',
      );
      expect(byTester.details).toEqual([{ rule: DECISION_RULES.fourEyesTestApprover }]);
      await handle.signal('approveWaveCutover', { by: 'alice' });
      const refused = await waitUntil(
        'the signal refused',
        () => waves.waveStatus(request.name),
        (s) => s.refusedDecisions === 4,
      );
      expect(refused.stage).toBe('AwaitingWaveCutoverApproval');
      expect(refused.decisions.filter((d) => !d.accepted).map((d) => [d.by, d.via])).toEqual([
        [' SAM', 'update'],
        ['olga', 'update'],
        ['Alice', 'update'],
        ['alice', 'signal'],
      ]);

      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      // Each machine took the wave's decisions without a refusal: its starter and test approver came from the wave.
      for (const machine of request.groups.flatMap((g) => g.machines)) {
        const status = await client.workflow.getHandle(`migrate-${machine.machineId}`).query<MigrationStatus>('status');
        expect(status.decisions.map((d) => [d.name, d.by, d.accepted])).toEqual([
          ['approveTestFailover', 'alice', true],
          ['approveFailover', 'bob', true],
        ]);
      }
    });
  });

  it('lets the test approver approve the cutover when the worker turns four-eyes off', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy: { fourEyes: false } }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const { request } = await waitingForCutover(waves);
      expect((await waves.waveStatus(request.name)).decisionPolicy).toEqual({ fourEyes: false, signedDecisions: false });
      await waves.approveWaveCutover(request.name, { by: 'alice' });
      expect((await waves.waitForResult(request.name)).stage).toBe('Completed');
    });
  });
});
