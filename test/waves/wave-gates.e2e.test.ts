import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MigrationClient } from '../../client';
import { WaveClient } from '../../client/wave-client';
import type { MigrationRequestInput } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import { e2eAdapter, SIDE_EFFECT_OPERATIONS as OP, type E2eEmulator } from '../support/e2e';
import { SCHEDULE_MARGIN_MS } from '../support/polling';
import { withWorker } from '../support/temporal';
import { jobsOf, reachWave, waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(120_000);

let emulator: E2eEmulator;
let pool: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests: pool } = await waveEmulator(40));
});
afterAll(() => emulator?.stop());

/** Fresh machines of the emulator's inventory, never used by another test of this file. */
function machines(count: number): MigrationRequestInput[] {
  const taken = pool.slice(0, count);
  pool = pool.slice(count);
  if (taken.length < count) throw new Error('the test emulator has too few machines');
  return taken;
}

function idsOf(requests: { machineId: string }[]): string[] {
  return requests.map((r) => r.machineId);
}

function failovers(machineIds: string[]) {
  return machineIds.flatMap((id) => jobsOf(emulator.current, id, OP.unplannedFailover));
}

async function throughTest(waves: WaveClient, wave: string): Promise<void> {
  await reachWave(waves, wave, 'AwaitingWaveTestApproval');
  await waves.approveWaveTest(wave, { by: 'alice' });
  await reachWave(waves, wave, 'AwaitingWaveCutoverApproval');
}

describe('migrateWave gates', () => {
  it('waits at a group’s manual action until continueWave, failing nothing over in that group before it', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('manual', machines(2), [1, 1]);
      request.groups[1].manualAction = { instructions: 'Stop the order service on app-01' };
      await waves.startWave(request);
      await throughTest(waves, request.name);
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const gate = await reachWave(waves, request.name, 'AwaitingManualAction');
      expect(gate.waitingFor?.what).toContain('Stop the order service on app-01');
      expect(gate.groups.map((g) => g.state)).toEqual(['Completed', 'InProgress']);
      expect(failovers(idsOf(request.groups[1].machines))).toEqual([]);

      const refused = waves.approveWaveCutover(request.name, { by: 'bob' });
      await expect(refused).rejects.toThrow(/not allowed in stage AwaitingManualAction/);
      await waves.continueWave(request.name, { by: 'carol', comment: 'service stopped' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      expect(failovers(idsOf(request.groups[1].machines))).toHaveLength(1);
      expect(final.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by])).toEqual([
        ['approveWaveTest', 'alice'],
        ['approveWaveCutover', 'bob'],
        ['continueWave', 'carol'],
      ]);
    });
  });

  it('waits for a cutover window that is not open yet, then cuts over once it opens', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('window', machines(2), [2]);
      await waves.startWave(request);
      await throughTest(waves, request.name);
      // Opens once the approval was answered, the wave entered its wait and the test checked nothing failed over.
      const opens = new Date(Date.now() + SCHEDULE_MARGIN_MS);
      // A wall-clock time in Tokyo (no offset): the window is read in its zone.
      const tokyo = (at: Date) => new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 19);
      const cutoverWindow = { notBefore: tokyo(opens), notAfter: tokyo(new Date(opens.getTime() + 3600_000)), timeZone: 'Asia/Tokyo' };
      await waves.approveWaveCutover(request.name, { by: 'bob', cutoverWindow });
      const waiting = await reachWave(waves, request.name, 'AwaitingCutoverWindow');
      expect(waiting.waitingFor?.what).toContain(opens.toISOString().slice(0, 19));
      expect(failovers(idsOf(request.groups[0].machines))).toEqual([]);

      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      const migrations = new MigrationClient(client, taskQueue);
      for (const id of idsOf(request.groups[0].machines)) {
        const status: MigrationStatus = await migrations.status(id);
        const approval = status.decisions.find((d) => d.name === 'approveFailover')!;
        expect(Date.parse(approval.at)).toBeGreaterThanOrEqual(Math.floor(opens.getTime() / 1000) * 1000);
      }
    });
  });

  it('never runs more initial syncs at once than replicationConcurrency (emulator log and state)', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('concurrency', machines(6), [6], { replicationConcurrency: 2 });
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      const asr = emulator.current;
      const items = Object.values(asr.state().items);
      // From the log's enable request (real time) to the sync's end (emulator clock, which no test moved).
      const intervals = idsOf(request.groups[0].machines).map((id) => {
        const created = jobsOf(asr, id, OP.enable)[0];
        const item = items.find((i) => i.name.toLowerCase() === id.toLowerCase())!;
        return { start: Date.parse(created.at), end: item.replication.completedAt! };
      });
      const overlapAt = (t: number) => intervals.filter((i) => i.start <= t && t < i.end).length;
      const peak = Math.max(...intervals.map((i) => overlapAt(i.start)));
      expect(peak).toBeLessThanOrEqual(2);
      expect(peak).toBe(2);
      await waves.abortWave(request.name, { by: 'alice', reason: 'test done' });
      expect((await waves.waitForResult(request.name)).stage).toBe('Aborted');
    });
  });
  it('relays requestWaveRetest: every machine runs another test failover, then the wave asks again', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('retest', machines(2), [2]);
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.requestWaveRetest(request.name, { by: 'alice', comment: 'login page broken' });
      const again = await reachWave(waves, request.name, (s) => s.stage === 'AwaitingWaveTestApproval' && s.decisions.length === 1);
      expect(again.decisions.map((d) => d.name)).toEqual(['requestWaveRetest']);
      const migrations = new MigrationClient(client, taskQueue);
      for (const id of idsOf(request.groups[0].machines)) {
        await reachWave(waves, request.name, (s) => s.groups[0].machines.every((m) => m.stage === 'AwaitingTestApproval'));
        expect((await migrations.status(id)).testFailoverCount).toBe(2);
        expect(jobsOf(emulator.current, id, OP.testFailover)).toHaveLength(2);
      }
      await waves.abortWave(request.name, { by: 'alice', reason: 'test over' });
      expect((await waves.waitForResult(request.name)).stage).toBe('Aborted');
    });
  });

  it('when the window closes before a group starts, that group waits for the next approval (which may bring a new window)', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('closing', machines(2), [1, 1]);
      request.groups[1].manualAction = { instructions: 'Switch DNS' };
      await waves.startWave(request);
      await throughTest(waves, request.name);
      // Closes after group 1's whole cutover (failovers, completions, reports, their confirmation) and group 2's
      // manual action were reached: more round trips than a single margin covers on a loaded machine.
      const closes = new Date(Date.now() + 2 * SCHEDULE_MARGIN_MS);
      const window = (from: Date, to: Date) => ({ notBefore: from.toISOString(), notAfter: to.toISOString(), timeZone: 'UTC' });
      await waves.approveWaveCutover(request.name, { by: 'bob', cutoverWindow: window(new Date(Date.now() - 60_000), closes) });
      await reachWave(waves, request.name, 'AwaitingManualAction');
      // Group 2's manual action is finished only after the window closed: nothing of group 2 fails over.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, closes.getTime() - Date.now()) + 500));
      await waves.continueWave(request.name, { by: 'carol' });
      const closed = await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      expect(closed.waitingFor?.what).toContain('the window closed before group group-2');
      expect(closed.groups.map((g) => g.state)).toEqual(['Completed', 'InProgress']);
      expect(failovers(idsOf(request.groups[1].machines))).toEqual([]);

      await waves.approveWaveCutover(request.name, { by: 'bob', cutoverWindow: window(new Date(), new Date(Date.now() + 3600_000)) });
      // The manual action is asked for again: the cutover of group 2 starts over in the new window.
      await reachWave(waves, request.name, 'AwaitingManualAction');
      await waves.continueWave(request.name, { by: 'carol' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Completed');
      expect(failovers(idsOf(request.groups[1].machines))).toHaveLength(1);
    });
  });
});

describe('migrateWave failures', () => {
  /** A machine whose enable fails (the appliance has no such process server). */
  function failing(request: MigrationRequestInput): MigrationRequestInput {
    return { ...request, source: { ...request.source, processServerId: '00000000-0000-0000-0000-00000000dead' } } as MigrationRequestInput;
  }

  it('halts on a failing machine under halt, and goes on without it on continueWave', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const [bad, ...good] = machines(3);
      const request = waveOf('halt', [failing(bad), ...good], [1, 2], { replicationConcurrency: 1 });
      await waves.startWave(request);
      const halted = await reachWave(waves, request.name, 'Halted');
      expect(halted.lastError?.message).toContain(`${bad.machineId} ended Failed`);
      // Halted: no further machine starts.
      expect(halted.counts.Pending).toBe(2);
      await waves.continueWave(request.name, { by: 'carol', comment: 'go on without it' });
      await throughTest(waves, request.name);
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('CompletedWithFailures');
      expect(final.counts).toEqual({ Failed: 1, Completed: 2 });
      expect(final.groups.map((g) => g.state)).toEqual(['Skipped', 'Completed']);
    });
  });

  it('goes on with the other machines under continue', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const [bad, ...good] = machines(3);
      const request = waveOf('continue', [...good, failing(bad)], [2, 1], { failurePolicy: 'continue' });
      await waves.startWave(request);
      await throughTest(waves, request.name);
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('CompletedWithFailures');
      expect(final.counts).toEqual({ Failed: 1, Completed: 2 });
      const failed = final.groups[1].machines[0];
      expect(failed).toMatchObject({ machineId: bad.machineId, stage: 'Failed', error: { code: 'ProcessServerNotFound' } });
      expect(final.decisions.map((d) => d.name)).toEqual(['approveWaveTest', 'approveWaveCutover']);
    });
  });

  it('fails the group whose hook fails (after its retries): no failover in it, the next group waits for continueWave', async () => {
    const calls: string[] = [];
    const receiver: Server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.statusCode = 500;
      res.end('down');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/drain`;
      await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
        const waves = new WaveClient(client, taskQueue);
        const request = waveOf('hook', machines(2), [1, 1], { failurePolicy: 'continue' });
        request.groups[0].hooks = { beforeFailover: { url, method: 'POST', timeoutSeconds: 5, retries: 1 } };
        await waves.startWave(request);
        await throughTest(waves, request.name);
        await waves.approveWaveCutover(request.name, { by: 'bob' });
        const waiting = await reachWave(waves, request.name, 'AwaitingContinue');
        expect(calls).toEqual(['POST /drain', 'POST /drain']);
        expect(waiting.groups.map((g) => g.state)).toEqual(['Failed', 'Pending']);
        expect(waiting.lastError?.code).toBe('HookFailed');
        expect(failovers(idsOf(request.groups[0].machines))).toEqual([]);
        expect(failovers(idsOf(request.groups[1].machines))).toEqual([]);
        await waves.continueWave(request.name, { by: 'carol' });
        const final = await waves.waitForResult(request.name);
        expect(final.stage).toBe('CompletedWithFailures');
        expect(failovers(idsOf(request.groups[1].machines))).toHaveLength(1);
        expect(final.notes.join(' ')).toContain('were not failed over and wait at AwaitingFailoverApproval');
        // Left waiting on purpose; the test cleans it up.
        await new MigrationClient(client, taskQueue).decide(request.groups[0].machines[0].machineId, 'abortMigration', {
          by: 'test',
          reason: 'clean up',
        });
      });
    } finally {
      receiver.close();
    }
  });

  it('sees a machine aborted by hand and goes on without it', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const migrations = new MigrationClient(client, taskQueue);
      const request = waveOf('by-hand', machines(3), [3], { failurePolicy: 'continue' });
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      const [aborted] = idsOf(request.groups[0].machines);
      await migrations.decide(aborted, 'abortMigration', { by: 'dave', reason: 'this one stays on premises' });
      // The wave asks again once it confirmed the others' stages from Temporal (it may show Testing meanwhile).
      const seen = await reachWave(waves, request.name, (s) => s.groups[0].machines[0].stage === 'Aborted' && s.stage !== 'Testing');
      expect(seen.stage).toBe('AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await waves.approveWaveCutover(request.name, { by: 'bob' });
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('CompletedWithFailures');
      expect(final.counts).toEqual({ Aborted: 1, Completed: 2 });
      expect(jobsOf(emulator.current, aborted, OP.unplannedFailover)).toEqual([]);
    });
  });

  it('abortWave mid-replication aborts the started machines with cleanup and never starts the others', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('abort', machines(4), [2, 2], { replicationConcurrency: 2 });
      // The first two syncs stall halfway, so the abort comes mid-replication.
      emulator.current.setFaults({ stalledReplication: idsOf(request.groups[0].machines).map((item) => ({ item, atPercent: 50 })) });
      await waves.startWave(request);
      const replicating = await reachWave(waves, request.name, (s) => s.counts.InitialReplication === 2);
      expect(replicating).toMatchObject({ stage: 'Replicating', counts: { InitialReplication: 2, Pending: 2 } });
      await waves.abortWave(request.name, { by: 'alice', reason: 'change freeze' });
      const final = await waves.waitForResult(request.name);
      emulator.current.setFaults({});
      expect(final.stage).toBe('Aborted');
      expect(final.groups.flatMap((g) => g.machines.map((m) => m.stage))).toEqual(['Aborted', 'Aborted', 'Skipped', 'Skipped']);
      const asr = emulator.current;
      const items = Object.values(asr.state().items).map((i) => i.name.toLowerCase());
      for (const id of idsOf(request.groups.flatMap((g) => g.machines))) expect(items).not.toContain(id.toLowerCase());
      for (const [g, m] of [
        [1, 0],
        [1, 1],
      ])
        expect(jobsOf(asr, request.groups[g].machines[m].machineId, OP.enable)).toEqual([]);
    });
  });

  it('refuses a wave with a machine already migrating, naming it and its stage, starting nothing', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const migrations = new MigrationClient(client, taskQueue);
      const [busy, other] = machines(2);
      await migrations.startMigration(busy);
      const request = waveOf('refused', [other, busy], [2]);
      await waves.startWave(request);
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Failed');
      expect(final.lastError?.code).toBe('MachineAlreadyMigrating');
      expect(final.lastError?.message).toMatch(
        new RegExp(`already migrating: ${busy.machineId} \\((Preflight|InitialReplication|AwaitingTestApproval)\\)`),
      );
      await expect(migrations.status(other.machineId)).rejects.toThrow(/No migration found/);
      await migrations.decide(busy.machineId, 'abortMigration', { by: 'test', reason: 'clean up' });
    });
  });
});
