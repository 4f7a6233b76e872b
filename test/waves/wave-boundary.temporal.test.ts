import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { WaveClient } from '../../client/wave-client';
import { WAVE_MACHINE_STAGE_SIGNAL } from '../../common/wave-machine-report';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(90_000);

function twoMachineWave(name = waveName('boundary')) {
  return {
    name,
    groups: [{ name: 'only', machines: [requestFor('hyperv-to-azure'), requestFor('aws-to-azure')] }],
    replicationConcurrency: 1,
    failurePolicy: 'halt' as const,
  };
}

describe('migrateWave is its own trust boundary', () => {
  it('refuses, before anything starts, an invalid wave or one started under another id, naming the fields', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const wave = twoMachineWave();
      const bad = await client.workflow.start('migrateWave', {
        taskQueue,
        workflowId: `wave-${wave.name}`,
        args: [{ ...wave, replicationConcurrency: 0, groups: [{ ...wave.groups[0], hooks: { beforeFailover: { url: 'x' } }, extra: 1 }] }],
      });
      await expect(bad.result()).rejects.toThrow(WorkflowFailedError);
      const refused = await waves.waveStatus(wave.name);
      expect(refused.stage).toBe('Failed');
      expect(refused.lastError?.code).toBe('InvalidWaveRequest');
      expect(refused.requestErrors?.map((e) => e.path)).toEqual(
        expect.arrayContaining(['replicationConcurrency', 'groups.0', 'groups.0.hooks.beforeFailover.url']),
      );

      const other = twoMachineWave();
      const wrongId = await client.workflow.start('migrateWave', { taskQueue, workflowId: `not-wave-${other.name}`, args: [other] });
      const failure = await wrongId.result().catch((error: WorkflowFailedError) => error);
      expect((failure as WorkflowFailedError).cause?.message).toMatch(new RegExp(`runs only as workflow id wave-${other.name}`));
      // Nothing started: neither machine has a migration.
      for (const m of other.groups[0].machines)
        await expect(client.workflow.getHandle(`migrate-${m.machineId}`).describe()).rejects.toThrow(WorkflowNotFoundError);
    });
  });

  it('ignores stage reports that are forged, malformed or about machines it did not start, and records bad decisions as refused', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const wave = twoMachineWave();
      const [first, second] = wave.groups[0].machines;
      const { handle } = await waves.startWave(wave);
      await reachWave(waves, wave.name, (s) => s.groups[0].machines[0].stage !== 'Pending');
      // The second machine is not started (concurrency 1): a report claiming it completed is forged.
      await handle.signal(WAVE_MACHINE_STAGE_SIGNAL, { machineId: second.machineId, stage: 'Completed', seq: 99 });
      await handle.signal(WAVE_MACHINE_STAGE_SIGNAL, { machineId: first.machineId, stage: 'Completed', seq: 'x', extra: 1 });
      await handle.signal(WAVE_MACHINE_STAGE_SIGNAL, { machineId: 'not-in-wave', stage: 'Completed', seq: 1 });
      await handle.signal('approveWaveCutover', { by: 'mallory' });
      await handle.signal('approveWaveTestt', { by: 'mallory' });
      const status = await reachWave(waves, wave.name, (s) => s.ignoredReports === 3 && s.refusedDecisions === 2);
      expect(status.groups[0].machines[1].stage).toBe('Pending');
      expect(status.decisions.map((d) => [d.name, d.accepted, d.rejectionReason])).toEqual([
        ['approveWaveCutover', false, expect.stringContaining('approveWaveCutover is not allowed in stage')],
        ['approveWaveTestt', false, expect.stringContaining('unknown wave decision')],
      ]);
      await expect(waves.abortWave(wave.name, { by: 'ana', reason: '' })).rejects.toThrow(/reason: must say why the wave is aborted/);
      await waves.abortWave(wave.name, { by: 'ana', reason: 'test over' });
      expect((await waves.waitForResult(wave.name)).stage).toBe('Aborted');
    });
  });
});
