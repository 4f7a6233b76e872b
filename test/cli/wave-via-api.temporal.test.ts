import type { AddressInfo } from 'node:net';
import type { Role } from '../../api/identity/roles';
import { WaveClient } from '../../client/wave-client';
import { apiFor, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { runCliInProcess } from '../support/run-cli-in-process';
import { withWorker } from '../support/temporal';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(90_000);

describe('siteshift wave through the HTTP API (SITESHIFT_API_URL)', () => {
  it('starts a wave, shows it and sends its decisions as the token identity, refusing --by and --signal', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue);
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        // No TEMPORAL_* here: a CLI run that reached Temporal directly would fail to connect.
        const as = (role: Role, args: string[], stdin?: string) =>
          runCliInProcess(args, {
            stdin,
            env: { SITESHIFT_API_URL: url, SITESHIFT_API_TOKEN: TEST_IDENTITIES[role].token, TEMPORAL_ADDRESS: '127.0.0.1:1' },
          });
        const name = waveName('cli-api');
        const busy = requestFor('hyperv-to-azure');
        const wave = {
          name,
          groups: [
            { name: 'database', machines: [busy] },
            { name: 'application', machines: [requestFor('aws-to-azure')] },
          ],
          replicationConcurrency: 1,
          failurePolicy: 'halt',
        };

        expect((await as('viewer', ['wave', 'start', '-'], JSON.stringify(wave))).code).toBe(8);
        const started = await as('operator', ['wave', 'start', '-'], JSON.stringify(wave));
        expect(started).toMatchObject({ code: 0, stderr: '' });
        expect(started.stdout).toContain(`wave ${name} started (wave-${name})`);
        const again = await as('operator', ['wave', 'start', '-'], JSON.stringify(wave));
        expect(again.code).toBe(5);
        expect(again.stderr).toContain('already running');

        const waves = new WaveClient(client, taskQueue);
        await reachWave(waves, name, 'AwaitingWaveTestApproval');
        const shown = await as('viewer', ['wave', 'status', name]);
        expect(shown.code).toBe(0);
        expect(shown.stdout).toContain('waiting for: approveWaveTest or requestWaveRetest');
        expect((await as('viewer', ['wave', 'status', waveName('nope')])).code).toBe(4);

        expect((await as('approver', ['wave', 'approve-test', name, '--by', 'mallory'])).code).toBe(2);
        expect((await as('approver', ['wave', 'approve-test', name, '--signal'])).code).toBe(2);
        expect((await as('operator', ['wave', 'approve-test', name])).code).toBe(8);
        const early = await as('approver', ['wave', 'approve-cutover', name]);
        expect(early.code).toBe(5);
        expect(early.stderr).toContain('approveWaveCutover is not allowed in stage AwaitingWaveTestApproval');
        const approved = await as('approver', ['wave', 'approve-test', name, '--comment', 'all green', '--json']);
        expect(approved.code).toBe(0);
        expect(JSON.parse(approved.stdout).decisions.find((d: { name: string }) => d.name === 'approveWaveTest')).toMatchObject({
          by: TEST_IDENTITIES.approver.name,
          via: 'update',
          accepted: true,
        });

        // A second wave naming a machine of the first is refused by the API before anything starts: exit 5, naming it.
        const second = { ...wave, name: waveName('cli-api-busy'), groups: [{ name: 'only', machines: [busy] }] };
        const refused = await as('operator', ['wave', 'start', '-'], JSON.stringify(second));
        expect(refused.code).toBe(5);
        expect(refused.stderr).toContain(busy.machineId);

        await reachWave(waves, name, 'AwaitingWaveCutoverApproval');
        expect((await as('admin', ['wave', 'approve-cutover', name])).code).toBe(0);
        await reachWave(waves, name, 'Completed');
      } finally {
        await app.close();
      }
    });
  });
});
