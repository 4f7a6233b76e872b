import { WaveClient } from '../../client/wave-client';
import { e2eAdapter, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { reachWave, waveEmulator, waveOf } from '../support/waves';
import type { MigrationRequestInput } from '../../common/migration-request';
import { MAX_EVENTS_PER_RUN } from '../../workflows/migrate-wave';

jest.setTimeout(600_000);

const MACHINES = 200;
let emulator: E2eEmulator;
let requests: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests } = await waveEmulator(MACHINES, 1));
});
afterAll(() => emulator?.stop());

describe('a large wave', () => {
  it(`migrates ${MACHINES} machines in two groups to completion`, async () => {
    await withWorker(
      { siteRecovery: e2eAdapter(emulator.current), maxConcurrentActivityTaskExecutions: 200 },
      async ({ client, taskQueue }) => {
        const waves = new WaveClient(client, taskQueue);
        const request = waveOf('large', requests, [MACHINES / 2, MACHINES / 2], { replicationConcurrency: 50 });
        await waves.startWave(request);
        await reachWave(waves, request.name, 'AwaitingWaveTestApproval', 300_000);
        await waves.approveWaveTest(request.name, { by: 'alice' });
        await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval', 300_000);
        await waves.approveWaveCutover(request.name, { by: 'bob' });
        const final = await waves.waitForResult(request.name);
        expect(final.stage).toBe('Completed');
        expect(final.counts).toEqual({ Completed: MACHINES });
        expect(final.groups.map((g) => g.state)).toEqual(['Completed', 'Completed']);
        // The wave's own history stays small per run: it continued as new (carrying its state and decisions) rather than grow.
        const runs: number[] = [];
        for await (const run of client.workflow.list({ query: `WorkflowId = 'wave-${request.name}'` })) runs.push(run.historyLength ?? 0);
        console.log(`${MACHINES}-machine wave: ${final.run} runs, largest history ${Math.max(...runs)} events`);
        expect(final.run).toBeGreaterThan(1);
        expect(runs).toHaveLength(final.run);
        // A run hands over once past MAX_EVENTS_PER_RUN and every handler finished; until then each machine may
        // still add a few events (its report signal, the confirmation of its stage). Far below Temporal's
        // 10,240-event warning either way.
        expect(Math.max(...runs)).toBeLessThan(MAX_EVENTS_PER_RUN + 3 * MACHINES);
        expect(final.decisions.map((d) => [d.name, d.by, d.accepted])).toEqual([
          ['approveWaveTest', 'alice', true],
          ['approveWaveCutover', 'bob', true],
        ]);
      },
    );
  });
});
