import { WaveClient } from '../../client/wave-client';
import type { E2eEmulator } from '../support/e2e';
import { e2eAdapter, SIDE_EFFECT_OPERATIONS as OP } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { jobsOf, reachWave, waveEmulator, waveOf } from '../support/waves';
import type { MigrationRequestInput } from '../../common/migration-request';

jest.setTimeout(90_000);
let emulator: E2eEmulator;
let requests: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests } = await waveEmulator(6));
});
afterAll(() => emulator?.stop());

describe('migrateWave: ordered cutover', () => {
  it('cuts over three groups in order: group 2 fails over only after group 1 completed, group 3 after group 2', async () => {
    const asr = emulator.current;
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('ordered', requests, [2, 2, 2]);
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice', comment: 'app tested end to end' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      expect(final.groups.map((g) => g.state)).toEqual(['Completed', 'Completed', 'Completed']);
      expect(final.counts).toEqual({ Completed: 6 });

      const ids = request.groups.map((g) => g.machines.map((m) => m.machineId));
      const seqs = (op: string, g: number) => ids[g].map((id) => jobsOf(asr, id, op).map((e) => e.seq)).flat();
      for (const g of [1, 2]) {
        const previousDone = Math.max(...seqs(OP.complete, g - 1));
        const firstFailover = Math.min(...seqs(OP.unplannedFailover, g));
        expect(seqs(OP.complete, g - 1)).toHaveLength(2);
        expect(firstFailover).toBeGreaterThan(previousDone);
      }
      // Each machine's decisions came from the wave, by the wave's deciders, naming the wave.
      const machine = await client.workflow
        .getHandle(`migrate-${ids[0][0]}`)
        .query<{ decisions: { name: string; by: string; comment?: string }[] }>('status');
      expect(machine.decisions.map((d) => [d.name, d.by, d.comment])).toEqual([
        ['approveTestFailover', 'alice', `wave ${request.name}: app tested end to end`],
        ['approveFailover', 'bob', `wave ${request.name}`],
      ]);
    });
  });
});
