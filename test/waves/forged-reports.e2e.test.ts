import { WaveClient } from '../../client/wave-client';
import { WAVE_MACHINE_STAGE_SIGNAL } from '../../common/wave-machine-report';
import { workflowIdOf } from '../../common/ids';
import type { MigrationRequestInput } from '../../common/migration-request';
import { e2eAdapter, SIDE_EFFECT_OPERATIONS as OP, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { jobsOf, reachWave, waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(120_000);
let emulator: E2eEmulator;
let pool: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests: pool } = await waveEmulator(8));
});
afterAll(() => emulator?.stop());

function machines(count: number): MigrationRequestInput[] {
  const taken = pool.slice(0, count);
  pool = pool.slice(count);
  return taken;
}

/** Anyone with namespace access can send a wave this signal, claiming to be one of its machines. */
function forge(client: Parameters<Parameters<typeof withWorker>[1]>[0]['client'], wave: string, report: object) {
  return client.workflow.getHandle(workflowIdOf('migrateWave', wave)).signal(WAVE_MACHINE_STAGE_SIGNAL, report);
}

describe('migrateWave: forged machine stage reports', () => {
  it('a forged "Completed" for a group-1 machine does not let group 2 fail over before group 1 really completed', async () => {
    const asr = emulator.current;
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('forged-done', machines(2), [1, 1]);
      const [first, second] = request.groups.map((g) => g.machines[0].machineId);
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      // The next number in the machine's own sequence (InitialReplication, TestFailover, AwaitingTestApproval,
      // AwaitingFailoverApproval were 1-4): the forgery looks exactly like the machine's next report.
      await forge(client, request.name, { machineId: first, stage: 'Completed', seq: 5 });
      await reachWave(waves, request.name, (s) => s.groups[0].machines[0].stage === 'Completed');
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);

      expect(final.stage).toBe('Completed');
      expect(final.counts).toEqual({ Completed: 2 });
      const completedFirst = jobsOf(asr, first, OP.complete).map((e) => e.seq);
      const failoverSecond = jobsOf(asr, second, OP.unplannedFailover).map((e) => e.seq);
      expect(completedFirst).toHaveLength(1);
      expect(failoverSecond).toHaveLength(1);
      expect(failoverSecond[0]).toBeGreaterThan(completedFirst[0]);
      expect(final.notes.join(' ')).toContain(`${first} (reported Completed, is AwaitingFailoverApproval)`);
      const machine = await client.workflow.getHandle(`migrate-${first}`).query<{ stage: string }>('status');
      expect(machine.stage).toBe('Completed');
    });
  });

  it('a forged "Completed" for a group-2 machine does not let the wave end before that machine really failed over', async () => {
    const asr = emulator.current;
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('forged-later', machines(2), [1, 1]);
      const second = request.groups[1].machines[0].machineId;
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await forge(client, request.name, { machineId: second, stage: 'Completed', seq: 5 });
      await reachWave(waves, request.name, (s) => s.groups[1].machines[0].stage === 'Completed');
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      expect(jobsOf(asr, second, OP.complete)).toHaveLength(1);
      const machine = await client.workflow.getHandle(`migrate-${second}`).query<{ stage: string }>('status');
      expect(machine.stage).toBe('Completed');
    });
  });

  it('a forged high sequence number does not block the machine’s real reports', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('forged-seq', machines(2), [1, 1]);
      const first = request.groups[0].machines[0].machineId;
      await waves.startWave(request);
      await reachWave(waves, request.name, (s) => s.groups[0].machines[0].stage !== 'Pending');
      await forge(client, request.name, { machineId: first, stage: 'InitialReplication', seq: 1_000_000 });
      const atTest = await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      expect(atTest.groups.map((g) => g.machines[0].stage)).toEqual(['AwaitingTestApproval', 'AwaitingTestApproval']);
      await waves.abortWave(request.name, { by: 'ops', reason: 'test done' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Aborted');
      expect(final.counts).toEqual({ Aborted: 2 });
    });
  });

  it('a forged "Failed" for a machine of a halt wave is confirmed with Temporal first: the wave does not halt and goes on', async () => {
    const asr = emulator.current;
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('forged-failed', machines(2), [1, 1], { failurePolicy: 'halt' });
      const first = request.groups[0].machines[0].machineId;
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      // The machine's next sequence number: before, this report was believed and the halt wave stopped.
      await forge(client, request.name, {
        machineId: first,
        stage: 'Failed',
        seq: 5,
        error: { code: 'Forged', message: 'not sent by the machine' },
      });
      const corrected = await reachWave(
        waves,
        request.name,
        (s) => s.stage === 'Halted' || s.notes.some((n) => n.includes(`${first} (reported Failed, is AwaitingFailoverApproval)`)),
      );
      expect(corrected.stage).toBe('AwaitingWaveCutoverApproval');
      expect(corrected.groups[0].machines[0].stage).toBe('AwaitingFailoverApproval');
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      expect(final.counts).toEqual({ Completed: 2 });
      expect(final.lastError).toBeUndefined();
      expect(final.decisions.filter((d) => d.name === 'continueWave')).toEqual([]);
      expect(jobsOf(asr, first, OP.complete)).toHaveLength(1);
    });
  });
});
