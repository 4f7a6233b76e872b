import { generateKeyPairSync } from 'node:crypto';
import { workflowIdFor } from '../../common/ids';
import type { WaveStatus } from '../../common/wave-status';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';
import { waveName } from '../support/waves';

jest.setTimeout(120_000);

const PROBLEM = /^application\/problem\+json/;

describe('HTTP API: waves, against the shared dev server', () => {
  let test: TestConnection;
  const machines: string[] = [];
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(async () => {
    await Promise.all(
      machines.map((id) =>
        test.client.workflow
          .getHandle(workflowIdFor(id))
          .terminate('test over')
          .catch(() => undefined),
      ),
    );
    await test.close();
  });

  function waveRequest(name = waveName('api')) {
    const database = requestFor('hyperv-to-azure');
    const application = requestFor('aws-to-azure');
    machines.push(database.machineId, application.machineId);
    return {
      name,
      groups: [
        { name: 'database', machines: [database] },
        { name: 'application', machines: [application] },
      ],
      replicationConcurrency: 1,
      failurePolicy: 'halt',
    };
  }

  it('starts a wave, shows it, takes its decisions as the token identity (signed, as a machine decision is), and answers 400/401/403/404/409 as the machine routes do', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      // The API signs every decision it sends; the wave's decisions still go through.
      const app = await apiFor(test, taskQueue, { decisionSigningKey: generateKeyPairSync('ed25519').privateKey });
      try {
        const [viewer, operator, approver, admin] = (['viewer', 'operator', 'approver', 'admin'] as const).map((role) =>
          callerAs(app, role),
        );
        const wave = waveRequest();
        const url = `/v1/waves/${wave.name}`;
        const status = () => viewer.inject({ url }).then((r) => r.json() as WaveStatus);
        const reach = (stage: WaveStatus['stage']) =>
          waitUntil(`wave to reach ${stage}`, status, (s) => s.stage === stage, { timeoutMs: 60_000, intervalMs: 200 });

        expect((await app.inject({ method: 'POST', url: '/v1/waves', payload: wave })).statusCode).toBe(401);
        const byViewer = await viewer.inject({ method: 'POST', url: '/v1/waves', payload: wave });
        expect(byViewer.statusCode).toBe(403);
        expect(byViewer.json()).toMatchObject({ neededRole: 'operator' });

        const invalid = await operator.inject({
          method: 'POST',
          url: '/v1/waves',
          payload: { ...wave, replicationConcurrency: 0, extra: 1 },
        });
        expect(invalid.statusCode).toBe(400);
        expect(invalid.headers['content-type']).toMatch(PROBLEM);
        expect(invalid.json().errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ path: 'replicationConcurrency', in: 'body' }),
            expect.objectContaining({ message: 'unrecognized key "extra"', in: 'body' }),
          ]),
        );
        const named = structuredClone(wave);
        Object.assign(named.groups[1].machines[0], { startedBy: 'mallory' });
        const naming = await operator.inject({ method: 'POST', url: '/v1/waves', payload: named });
        expect(naming.statusCode).toBe(400);
        expect(naming.json().errors).toEqual([{ path: 'groups.1.machines.0.startedBy', message: 'is set from your token', in: 'body' }]);
        expect((await viewer.inject({ url })).statusCode).toBe(404);

        const started = await operator.inject({ method: 'POST', url: '/v1/waves', payload: wave });
        expect(started.statusCode).toBe(201);
        expect(started.json()).toMatchObject({ wave: wave.name, workflowId: `wave-${wave.name}`, status: { name: wave.name } });
        const again = await operator.inject({ method: 'POST', url: '/v1/waves', payload: wave });
        expect(again.statusCode).toBe(409);
        expect(again.json()).toMatchObject({ reason: 'WaveAlreadyRunningError', wave: wave.name });

        await reach('AwaitingWaveTestApproval');
        const shown = await status();
        expect(shown.groups.map((g) => [g.name, g.machines.map((m) => m.machineId)])).toEqual([
          ['database', [wave.groups[0].machines[0].machineId]],
          ['application', [wave.groups[1].machines[0].machineId]],
        ]);
        expect(shown.waitingFor?.what).toContain('approveWaveTest');

        const decide = (caller: typeof viewer, decision: string, payload: object = {}) =>
          caller.inject({ method: 'POST', url: `${url}/decisions/${decision}`, payload });
        expect((await decide(operator, 'approveWaveTest')).statusCode).toBe(403);
        const withBy = await decide(approver, 'approveWaveTest', { by: 'mallory' });
        expect(withBy.statusCode).toBe(400);
        expect(withBy.json().errors).toEqual([expect.objectContaining({ path: '', message: 'unrecognized key "by"' })]);
        const early = await decide(approver, 'approveWaveCutover');
        expect(early.statusCode).toBe(409);
        expect(early.json()).toMatchObject({ decision: 'approveWaveCutover', detail: expect.stringContaining('AwaitingWaveTestApproval') });
        expect((await viewer.inject({ url: '/v1/waves/no-such-wave' })).statusCode).toBe(404);
        expect(
          (await approver.inject({ method: 'POST', url: '/v1/waves/no-such-wave/decisions/approveWaveTest', payload: {} })).statusCode,
        ).toBe(404);
        expect((await viewer.inject({ url: '/v1/waves/not a name' })).statusCode).toBe(400);
        const approved = await decide(approver, 'approveWaveTest', { comment: 'whole application tested' });
        expect(approved.statusCode).toBe(200);

        const afterTest = await status();
        expect(afterTest.decisions.find((d) => d.name === 'approveWaveTest' && d.accepted)).toMatchObject({
          by: TEST_IDENTITIES.approver.name,
          via: 'update',
        });
        await reach('AwaitingWaveCutoverApproval');
        await waitUntil(
          'the wave listed in its stage',
          () =>
            viewer
              .inject({ url: '/v1/waves?stage=AwaitingWaveTestApproval,AwaitingWaveCutoverApproval&pageSize=1000' })
              .then((r) => r.json()),
          (page: { waves: { name: string; stage: string }[] }) =>
            page.waves.some((w) => w.name === wave.name && w.stage === 'AwaitingWaveCutoverApproval'),
          { intervalMs: 200 },
        );
        expect((await viewer.inject({ url: '/v1/waves?pageToken=x.y' })).statusCode).toBe(400);

        const cutover = await decide(admin, 'approveWaveCutover', { comment: 'window agreed' });
        expect(cutover.statusCode).toBe(200);
        await reach('Completed');
        expect((await status()).counts).toEqual({ Completed: 2 });
        // A decision for a wave that has ended is refused as one too late (409), not as a wave that never was (404).
        const late = await decide(operator, 'abortWave', { reason: 'too late' });
        expect(late.statusCode).toBe(409);
        expect(late.json()).toMatchObject({ decision: 'abortWave', detail: expect.stringContaining('ended (stage Completed)') });
      } finally {
        await app.close();
      }
    }));

  it('refuses with 409, naming the machine, a wave one of whose machines is already migrating; lists the wave routes in /openapi.json and the wave decisions in /v1/me', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      const app = await apiFor(test, taskQueue);
      try {
        const operator = callerAs(app, 'operator');
        const wave = waveRequest();
        const busy = wave.groups[1].machines[0];
        expect((await operator.inject({ method: 'POST', url: '/v1/migrations', payload: busy })).statusCode).toBe(201);
        const refused = await operator.inject({ method: 'POST', url: '/v1/waves', payload: wave });
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({ reason: 'MachineAlreadyMigrating', detail: expect.stringContaining(busy.machineId) });
        const other = wave.groups[0].machines[0].machineId;
        expect((await operator.inject({ url: `/v1/migrations/${other}` })).statusCode).toBe(404);

        const paths = Object.keys((await operator.inject({ url: '/openapi.json' })).json().paths);
        expect(paths).toEqual(
          expect.arrayContaining([
            '/v1/waves',
            '/v1/waves/{name}',
            '/v1/waves/{name}/decisions/approveWaveTest',
            '/v1/waves/{name}/decisions/abortWave',
          ]),
        );
        const me = (await callerAs(app, 'approver').inject({ url: '/v1/me' })).json();
        expect(me.waveDecisions.map((d: { name: string; allowed: boolean }) => [d.name, d.allowed])).toEqual([
          ['approveWaveTest', true],
          ['requestWaveRetest', false],
          ['approveWaveCutover', true],
          ['continueWave', false],
          ['abortWave', false],
        ]);
        expect(me.waveDecisions.find((d: { name: string }) => d.name === 'abortWave').fields).toEqual([
          expect.objectContaining({ name: 'comment', required: false }),
          expect.objectContaining({ name: 'reason', required: true }),
        ]);
      } finally {
        await app.close();
      }
    }));
});
