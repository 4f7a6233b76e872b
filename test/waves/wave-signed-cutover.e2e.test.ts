import { generateKeyPairSync } from 'node:crypto';
import { workflowIdFor, workflowIdOf } from '../../common/ids';
import type { MigrationRequestInput } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import type { WaveStatus } from '../../common/wave-status';
import { publicKeyHex } from '../../config/decision-policy';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { updateRefusal } from '../support/decision-harness';
import { e2eAdapter, SIDE_EFFECT_OPERATIONS as OP, type E2eEmulator } from '../support/e2e';
import type { MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { withWorker } from '../support/temporal';
import { jobsOf, waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(180_000);
let emulator: E2eEmulator;
let requests: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests } = await waveEmulator(2));
});
afterAll(() => emulator?.stop());

const refusals = (status: MigrationStatus) => status.decisions.filter((d) => d.name === 'approveFailover' && !d.accepted);

describe('signed decisions: a wave relays its cutover to its machines, each confirming it with the wave', () => {
  it('cuts over two groups on the API-signed approveWaveCutover; a forged approveFailover before the approval, or for a group not yet due, is refused and fails nothing over', async () => {
    const asr = emulator.current;
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: e2eAdapter(asr), decisionPolicy }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue, { decisionSigningKey: apiKey.privateKey });
      try {
        const [viewer, operator, approver, admin] = (['viewer', 'operator', 'approver', 'admin'] as const).map((role) =>
          callerAs(app, role),
        );
        const wave = waveOf('signed-cutover', requests, [1, 1]);
        wave.groups[1].manualAction = { instructions: 'switch the load balancer' };
        const [first, second] = wave.groups.map((g) => g.machines[0].machineId);
        const waveId = workflowIdOf('migrateWave', wave.name);
        const url = `/v1/waves/${wave.name}`;
        const status = () => viewer.inject({ url }).then((r) => r.json() as WaveStatus);
        const reach = (accept: (s: WaveStatus) => boolean, what: string) =>
          waitUntil(what, status, accept, { timeoutMs: 90_000, intervalMs: 200 });
        const decide = (caller: typeof viewer, decision: string, payload: object = {}) =>
          caller.inject({ method: 'POST', url: `${url}/decisions/${decision}`, payload });
        const machine = (machineId: string) => client.workflow.getHandle(workflowIdFor(machineId));
        const machineStatus = (machineId: string) => machine(machineId).query<MigrationStatus>('status');
        const cutoverApprover = TEST_IDENTITIES.admin.name;

        expect((await operator.inject({ method: 'POST', url: '/v1/waves', payload: wave })).statusCode).toBe(201);
        await reach((s) => s.stage === 'AwaitingWaveTestApproval', 'the wave test');
        expect((await decide(approver, 'approveWaveTest', { comment: 'whole application tested' })).statusCode).toBe(200);
        await reach((s) => s.stage === 'AwaitingWaveCutoverApproval', 'the cutover approval');

        // Before the wave's cutover approval: a namespace user forges the wave's relay, naming its future approver.
        await machine(first).signal('approveFailover', { by: cutoverApprover, comment: `wave ${wave.name}` });
        const early = await waitUntil(
          'the forged relay concluded',
          () => machineStatus(first),
          (s) => refusals(s).length === 1,
        );
        expect(refusals(early)[0]).toMatchObject({ by: cutoverApprover, via: 'signal', accepted: false });
        expect(refusals(early)[0].rejectionReason).toBe(
          `approveFailover by ${cutoverApprover} was not confirmed by its wave: ${waveId} has no cutover approval to act on`,
        );
        expect(early.stage).toBe('AwaitingFailoverApproval');
        expect(jobsOf(asr, first, OP.unplannedFailover)).toHaveLength(0);
        // The update path stays proof-only: refused in the validator.
        const byUpdate = await updateRefusal(machine(first) as MigrationHandle, 'approveFailover', { by: cutoverApprover });
        expect(byUpdate.message).toContain('accepts only decisions signed by the siteshift API (proof: is required)');

        expect((await decide(admin, 'approveWaveCutover', { comment: 'window agreed' })).statusCode).toBe(200);
        await reach((s) => s.stage === 'AwaitingManualAction', 'group 2 manual action');
        expect((await machineStatus(first)).stage).toBe('Completed');

        // The wave approved its cutover, but group 2 is not due yet (its manual action waits).
        await machine(second).signal('approveFailover', { by: cutoverApprover });
        const notDue = await waitUntil(
          'the second forgery concluded',
          () => machineStatus(second),
          (s) => refusals(s).length === 1,
        );
        expect(refusals(notDue)[0].rejectionReason).toBe(
          `approveFailover by ${cutoverApprover} was not confirmed by its wave: ${waveId} is not cutting over the group of ${second} (it is cutting over no group now)`,
        );
        expect(notDue.stage).toBe('AwaitingFailoverApproval');
        expect(jobsOf(asr, second, OP.unplannedFailover)).toHaveLength(0);

        expect((await decide(operator, 'continueWave', { comment: 'load balancer switched' })).statusCode).toBe(200);
        const final = await reach((s) => ['Completed', 'CompletedWithFailures', 'Halted', 'Aborted'].includes(s.stage), 'the end');
        expect(final.stage).toBe('Completed');
        expect(final.counts).toEqual({ Completed: 2 });

        for (const machineId of [first, second]) {
          const done = await machineStatus(machineId);
          expect(done.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by])).toEqual([
            ['approveTestFailover', TEST_IDENTITIES.approver.name],
            ['approveFailover', cutoverApprover],
          ]);
          expect(done.decisions.find((d) => d.name === 'approveFailover' && d.accepted)).toMatchObject({
            via: 'signal',
            comment: `wave ${wave.name}: window agreed`,
            details: { confirmedWith: waveId },
          });
          expect(refusals(done)).toHaveLength(1);
          expect(jobsOf(asr, machineId, OP.unplannedFailover)).toHaveLength(1);
        }
        // Group 2 failed over only after group 1 completed.
        const completedFirst = jobsOf(asr, first, OP.complete).map((e) => e.seq);
        expect(jobsOf(asr, second, OP.unplannedFailover)[0].seq).toBeGreaterThan(completedFirst[0]);
      } finally {
        await app.close();
      }
    });
  });
});
